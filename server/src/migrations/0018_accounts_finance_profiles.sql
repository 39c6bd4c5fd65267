-- Accounts: tax and payout profiles of publisher accounts, the payout hold's history, and the log of their state
-- changes (spec/01 §1.10, §1.11, §2.4; ADR 0015).

-- One tax profile per publisher account (the US tax form every publisher files).
create table accounts_tax_profile (
  account_id uuid primary key references accounts_publisher_account (account_id),
  entity_type text not null check (entity_type in ('Individual', 'Business')),
  legal_name text not null check (char_length(legal_name) between 1 and 200),
  country_of_residence text not null check (country_of_residence ~ '^[A-Z]{2}$'),
  -- Individuals only.
  citizenship text check (citizenship ~ '^[A-Z]{2}$'),
  -- { line1, line2, city, region, postalCode }
  address jsonb not null,
  tax_form text not null check (tax_form in ('W-9', 'W-8BEN', 'W-8BEN-E')),
  -- W-9: the SSN/ITIN (ddd-dd-dddd) or EIN (dd-ddddddd); W-8: the optional foreign TIN.
  tax_id text check (char_length(tax_id) between 1 and 50),
  treaty_country text check (treaty_country ~ '^[A-Z]{2}$'),
  treaty_rate numeric(5, 2) check (treaty_rate between 0 and 30),
  -- Percent withheld from sales into the US: W-9 0, W-8 30 or the treaty rate.
  withholding_rate numeric(5, 2) not null check (withholding_rate between 0 and 30),
  status text not null check (status in ('Submitted', 'Validated', 'Invalid')),
  status_reason text check (char_length(status_reason) <= 1000),
  -- Each submission of new content is a new revision; the validation job judges the revision it was scheduled for.
  revision integer not null check (revision >= 1),
  submitted_at timestamptz not null,
  submitted_by text not null,
  validation_due_at timestamptz not null,
  decided_at timestamptz,
  decided_by text,
  created_at timestamptz not null,
  check ((entity_type = 'Individual') = (citizenship is not null)),
  check ((treaty_country is null) = (treaty_rate is null)),
  check (tax_form <> 'W-9' or (tax_id is not null and treaty_country is null and withholding_rate = 0)),
  check (tax_form = 'W-9' or withholding_rate = coalesce(treaty_rate, 30)),
  check ((status = 'Submitted') = (decided_at is null))
);
-- The validation job compares a US TIN's legal name across accounts.
create index accounts_tax_profile_tin on accounts_tax_profile (tax_id) where tax_form = 'W-9';

-- One payout profile per publisher account: the payout currency and the bank account, and the payout hold.
create table accounts_payout_profile (
  account_id uuid primary key references accounts_publisher_account (account_id),
  payout_currency text not null check (payout_currency ~ '^[A-Z]{3}$'),
  -- The bank account: always in the tax profile's country of residence (reference L1262).
  bank_country text not null check (bank_country ~ '^[A-Z]{2}$'),
  account_holder_name text not null check (char_length(account_holder_name) between 1 and 140),
  bank_scheme text not null check (bank_scheme in ('IBAN', 'ABA', 'SWIFT')),
  iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$'),
  routing_number text check (routing_number ~ '^[0-9]{9}$'),
  account_number text check (account_number ~ '^[A-Z0-9]{4,34}$'),
  account_type text check (account_type in ('checking', 'savings')),
  swift_bic text check (swift_bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  status text not null check (status in ('Submitted', 'Verified', 'Reverifying', 'Rejected')),
  status_reason text check (char_length(status_reason) <= 1000),
  -- Each new bank account is a new revision; the verification job judges the revision it was scheduled for.
  revision integer not null check (revision >= 1),
  bank_submitted_at timestamptz not null,
  bank_submitted_by text not null,
  verification_due_at timestamptz not null,
  -- When the current bank account was last verified.
  verified_at timestamptz,
  -- The current setting of "Hold my payment"; accounts_payout_hold_change has its history.
  hold_payment boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (
    (bank_scheme = 'IBAN' and iban is not null and routing_number is null and account_number is null and account_type is null and swift_bic is null)
    or (bank_scheme = 'ABA' and iban is null and routing_number is not null and account_number ~ '^[0-9]{4,17}$' and account_type is not null and swift_bic is null)
    or (bank_scheme = 'SWIFT' and iban is null and routing_number is null and account_number is not null and account_type is null and swift_bic is not null)
  ),
  check ((status = 'Verified') <= (verified_at is not null))
);

-- Every change of the payout hold, in order: the hold of a payout month is the state at the end of the month before.
create table accounts_payout_hold_change (
  seq bigint generated always as identity primary key,
  account_id uuid not null references accounts_payout_profile (account_id),
  hold_payment boolean not null,
  changed_at timestamptz not null,
  -- The user's object id or the application's app id.
  changed_by text not null
);
create index accounts_payout_hold_change_account on accounts_payout_hold_change (account_id, changed_at, seq);

-- The state changes of both profiles, for the portal's history and the operators' audit.
create table accounts_finance_event (
  seq bigint generated always as identity primary key,
  account_id uuid not null references accounts_publisher_account (account_id),
  profile text not null check (profile in ('tax', 'payout')),
  revision integer not null,
  action text not null,
  from_status text,
  to_status text not null,
  reason text check (char_length(reason) <= 1000),
  actor_kind text not null check (actor_kind in ('user', 'app', 'operator', 'system')),
  actor_id text,
  at timestamptz not null
);
create index accounts_finance_event_account on accounts_finance_event (account_id, profile, seq);
