-- Billing: the operator's fee and tax settings, customers' monthly invoices with their numbered lines, payment
-- attempts through the payment provider, and the publisher's earnings per invoice line (ADR 0017).

-- Commerce records price changes inside a term (proration, ADR 0017) as charges of their operation, so a term may
-- have several; a term is still charged once and refunded at most once.
alter table commerce_charge drop constraint if exists commerce_charge_kind_check;
alter table commerce_charge add constraint commerce_charge_kind_check check (kind in ('charge', 'refund', 'proration'));
alter table commerce_charge add column operation_id uuid;
drop index commerce_charge_once;
create unique index commerce_charge_once on commerce_charge (subscription_id, term_start, kind) where kind in ('charge', 'refund');
create unique index commerce_charge_operation on commerce_charge (operation_id) where operation_id is not null;
create index commerce_charge_subscription on commerce_charge (subscription_id, created_at);

-- The store service fee, versioned by the day it takes effect (3% since 2021-07-14, reference L936).
create table billing_fee_rate (
  effective_from date primary key,
  rate numeric(9, 6) not null check (rate >= 0 and rate < 1),
  created_at timestamptz not null,
  created_by text not null
);
insert into billing_fee_rate (effective_from, rate, created_at, created_by) values ('2000-01-01', 0.03, now(), 'migration');

-- Sales tax / VAT per customer country, versioned by day; who collects and remits it (the platform in its
-- tax-remitted markets, otherwise the publisher).
create table billing_tax_rate (
  country text not null check (country ~ '^[A-Z]{2}$'),
  effective_from date not null,
  rate numeric(9, 6) not null check (rate >= 0 and rate < 1),
  collected_by text not null check (collected_by in ('platform', 'publisher')),
  created_at timestamptz not null,
  primary key (country, effective_from)
);

-- Operator settings of billing and payouts (payout threshold, ...), one JSON value per key.
create table billing_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null
);

-- Invoice numbers: one counter per year, taken under the row lock of the run that issues.
create table billing_invoice_counter (
  year integer primary key,
  last_number integer not null
);

-- One invoice per customer billing account (the purchaser's tenant), currency and calendar month.
create table billing_invoice (
  invoice_id uuid primary key,
  number text not null unique,
  tenant_id uuid not null,
  currency text not null,
  period_start date not null,
  period_end date not null,
  subtotal numeric(20, 6) not null,
  tax numeric(20, 6) not null,
  total numeric(20, 6) not null,
  -- due: to collect; pending: the provider has not settled yet; paid; failed: the last attempt failed;
  -- refunded: a credit total paid back; settled: nothing to collect.
  status text not null check (status in ('due', 'pending', 'paid', 'failed', 'refunded', 'settled')),
  issued_at timestamptz not null,
  paid_at timestamptz,
  run_id uuid not null,
  unique (tenant_id, currency, period_start)
);
create index billing_invoice_tenant on billing_invoice (tenant_id, period_start desc);

create table billing_invoice_line (
  invoice_id uuid not null references billing_invoice (invoice_id),
  line_no integer not null check (line_no > 0),
  -- What the line bills, stable across runs: the billing job compares what is due per key with what was invoiced.
  source_key text not null,
  kind text not null check (kind in ('recurring', 'installment', 'proration', 'refund', 'usage')),
  correction boolean not null default false,
  description text not null,
  subscription_id uuid not null,
  -- The publisher's account and what was sold.
  account_id uuid not null,
  offer_id text not null,
  plan_id text not null,
  dimension text,
  quantity numeric(28, 10),
  unit_price numeric(20, 6),
  amount numeric(20, 6) not null,
  tax_rate numeric(9, 6) not null,
  tax numeric(20, 6) not null,
  tax_collected_by text not null check (tax_collected_by in ('platform', 'publisher')),
  service_start date not null,
  service_end date not null,
  -- The day the charge arose (the purchase day of payout conversion).
  billed_on date not null,
  is_test boolean not null,
  primary key (invoice_id, line_no)
);
create index billing_invoice_line_key on billing_invoice_line (source_key);
create index billing_invoice_line_account on billing_invoice_line (account_id, billed_on);

-- Each billing run: which period, and its counts (the outbox job runs it; a run is one transaction).
create table billing_run (
  run_id uuid primary key,
  period_start date not null,
  period_end date not null,
  started_at timestamptz not null,
  completed_at timestamptz not null,
  invoices integer not null,
  unchanged integer not null,
  -- Differences found for already invoiced periods: they go on the next invoice.
  pending_adjustments integer not null
);
create index billing_run_period on billing_run (period_start, completed_at desc);

-- The sandbox payment provider's per-customer behaviour (the operator sets it; real providers ignore it).
create table billing_sandbox_instrument (
  tenant_id uuid primary key,
  behavior text not null check (behavior in ('succeed', 'fail', 'delay')),
  updated_at timestamptz not null
);
insert into billing_sandbox_instrument (tenant_id, behavior, updated_at)
  select tenant_id, case when failing then 'fail' else 'succeed' end, updated_at from commerce_payment_status;
drop table commerce_payment_status;

-- The sandbox provider's charges (what a real provider keeps on its side).
create table billing_sandbox_charge (
  reference text primary key,
  idempotency_key text not null unique,
  tenant_id uuid not null,
  amount numeric(20, 6) not null,
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  settles_at timestamptz,
  created_at timestamptz not null
);

-- Payment attempts for an invoice (collections and refunds of credit totals).
create table billing_payment (
  payment_id uuid primary key,
  invoice_id uuid not null references billing_invoice (invoice_id),
  attempt integer not null,
  provider text not null,
  kind text not null check (kind in ('charge', 'refund')),
  amount numeric(20, 6) not null,
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  provider_reference text,
  failure_reason text,
  attempted_at timestamptz not null,
  settled_at timestamptz,
  unique (invoice_id, attempt)
);

-- The publisher's side of each invoice line: gross, the store service fee (on the license amount only), net, and tax
-- the publisher collects in markets where the platform does not remit it. Available for payout once its invoice is paid.
create table billing_earning (
  earning_id uuid primary key,
  account_id uuid not null,
  invoice_id uuid not null references billing_invoice (invoice_id),
  line_no integer not null,
  transaction_date date not null,
  customer_tenant_id uuid not null,
  subscription_id uuid not null,
  offer_id text not null,
  plan_id text not null,
  kind text not null,
  currency text not null,
  gross numeric(20, 6) not null,
  fee_rate numeric(9, 6) not null,
  fee numeric(20, 6) not null,
  net numeric(20, 6) not null,
  tax_to_publisher numeric(20, 6) not null,
  is_test boolean not null,
  status text not null check (status in ('pending', 'available', 'paid')),
  available_at timestamptz,
  payout_id uuid,
  created_at timestamptz not null,
  unique (invoice_id, line_no)
);
create index billing_earning_account on billing_earning (account_id, transaction_date);
create index billing_earning_available on billing_earning (account_id, status) where status = 'available';
