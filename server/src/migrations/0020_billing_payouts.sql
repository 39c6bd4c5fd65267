-- Payouts (ADR 0018): the monthly payout run, one payout per publisher account and month with a statement line per
-- earning it pays (converted into the payout currency at the rate of the purchase day, withholding on US sales), the
-- accounts a run carried forward and why, and the store fee waived on test purchases (a support ticket within 7 days).

-- One run per payout month, written whole in one transaction: a month's run exists or it does not.
create table billing_payout_run (
  run_id uuid primary key,
  month text not null unique check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  -- Earnings whose invoice was paid before this instant (the first instant of the month) are paid.
  cut_off timestamptz not null,
  -- The payout day (the 15th): the threshold is converted at the rates in force on it.
  payout_date date not null,
  threshold_amount numeric(20, 6) not null,
  threshold_currency text not null,
  -- schedule: the monthly outbox job; operator: run now from the operator console or API.
  trigger text not null check (trigger in ('schedule', 'operator')),
  triggered_by text,
  started_at timestamptz not null,
  completed_at timestamptz not null,
  payouts integer not null,
  carried_forward integer not null
);

create table billing_payout (
  payout_id uuid primary key,
  run_id uuid not null references billing_payout_run (run_id),
  account_id uuid not null,
  month text not null,
  payout_date date not null,
  currency text not null,
  -- Σ the lines' amounts in the payout currency, Σ their withholding, and what is sent: amount − withholding.
  amount numeric(20, 6) not null,
  withholding numeric(20, 6) not null,
  total numeric(20, 6) not null,
  -- The tax profile's rate (percent) applied to sales into the US, and the bank account (masked) paid to.
  withholding_rate numeric(7, 4) not null,
  bank_reference text not null,
  earnings integer not null,
  created_at timestamptz not null,
  unique (account_id, month)
);
create index billing_payout_account on billing_payout (account_id, month desc);

-- The statement: each earning a payout pays, as it was converted.
create table billing_payout_line (
  payout_id uuid not null references billing_payout (payout_id),
  line_no integer not null check (line_no > 0),
  earning_id uuid not null unique references billing_earning (earning_id),
  invoice_number text not null,
  invoice_line_no integer not null,
  market text not null,
  -- The USD rates (units per 1 USD) in force on the transaction date for the customer's and the payout currency,
  -- the days they took effect, and the cross rate (payout currency units per 1 customer currency unit, 12 places).
  customer_usd_rate numeric(20, 10) not null,
  customer_rate_date date not null,
  payout_usd_rate numeric(20, 10) not null,
  payout_rate_date date not null,
  rate numeric(30, 12) not null,
  -- net + tax_to_publisher in the customer currency, then in the payout currency (rounded per line), and withheld.
  base numeric(20, 6) not null,
  amount numeric(20, 6) not null,
  withholding numeric(20, 6) not null,
  primary key (payout_id, line_no)
);

-- The accounts a run did not pay, and why: their earnings stay available and roll into a later run.
create table billing_payout_carry (
  run_id uuid not null references billing_payout_run (run_id),
  account_id uuid not null,
  reason text not null check (reason in (
    'NoTaxProfile', 'TaxProfileNotValidated', 'NoPayoutProfile', 'PayoutProfileNotVerified', 'PayoutHold',
    'NoExchangeRate', 'BelowThreshold', 'NegativeBalance')),
  -- What the payout would have been, in the payout currency, when it could be computed.
  currency text,
  total numeric(20, 6),
  threshold numeric(20, 6),
  earnings integer not null,
  primary key (run_id, account_id)
);
create index billing_payout_carry_account on billing_payout_carry (account_id);

-- A test purchase's store fee, waived on a support ticket opened within 7 days of the purchase (spec/06 §2.11).
create table billing_fee_waiver (
  subscription_id uuid primary key,
  account_id uuid not null,
  purchase_date date not null,
  ticket_opened_at timestamptz not null,
  note text,
  waived_at timestamptz not null,
  waived_by text not null
);

-- The earnings a waiver changed, with the fee they had.
create table billing_fee_waiver_earning (
  earning_id uuid primary key references billing_earning (earning_id),
  subscription_id uuid not null references billing_fee_waiver (subscription_id),
  fee_rate_before numeric(9, 6) not null,
  fee_before numeric(20, 6) not null
);
