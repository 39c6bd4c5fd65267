-- Commerce: orders, SaaS subscriptions and their operations, the charges of their terms, the webhook deliveries to
-- publishers, and the key that seals purchase tokens. The spec: 08 §1.8-1.11, §2.1-2.3, §3.5-3.7, §4.2.

-- What a customer bought: one order per purchase (a SaaS purchase makes one subscription).
create table commerce_order (
  order_id uuid primary key,
  purchaser_tenant_id uuid not null,
  purchaser_user_id uuid,
  offer_uid uuid not null,
  plan_id text not null,
  term_unit text not null,
  quantity integer,
  market text not null,
  currency text not null,
  terms_accepted_at timestamptz not null,
  created_at timestamptz not null
);

create table commerce_subscription (
  subscription_id uuid primary key,
  order_id uuid not null references commerce_order (order_id),
  -- The publisher's account and its public publisher id.
  account_id uuid not null,
  publisher_id text not null,
  offer_uid uuid not null,
  offer_id text not null,
  plan_id text not null,
  name text not null check (length(name) between 1 and 100),
  -- Seats for per-user plans; null when the plan is not priced per user.
  quantity integer check (quantity is null or quantity > 0),
  status text not null check (status in ('PendingFulfillmentStart', 'Subscribed', 'Suspended', 'Unsubscribed')),
  term_unit text not null check (term_unit in ('P1M', 'P1Y')),
  payment_option text not null default 'upfront' check (payment_option in ('upfront', 'monthly')),
  -- The current term: its first day and its last valid day (renewal happens the next day), both at 00:00 UTC.
  term_start timestamptz,
  term_end timestamptz,
  auto_renew boolean not null default true,
  -- The one-month free trial: while it runs, is_free_trial; it converts to paid at trial_end.
  is_free_trial boolean not null default false,
  trial_end timestamptz,
  is_test boolean not null default false,
  sandbox_type text not null default 'None' check (sandbox_type in ('None', 'Csp')),
  session_mode text not null default 'None' check (session_mode in ('None', 'DryRun')),
  channel text not null default 'Direct' check (channel in ('Direct', 'Csp')),
  allowed_customer_operations jsonb not null,
  market text not null,
  currency text not null,
  -- The plan's price per term (per seat for per-user plans) in the market's currency, fixed when the plan was
  -- bought or changed to: renewals of a plan whose distribution stopped still have it.
  unit_price numeric(20, 6) not null,
  beneficiary jsonb not null,
  purchaser jsonb not null,
  beneficiary_tenant_id uuid not null,
  purchaser_tenant_id uuid not null,
  activated_at timestamptz,
  suspended_at timestamptz,
  -- Why it is suspended: the customer's payment failed.
  suspend_reason text,
  canceled_at timestamptz,
  created_at timestamptz not null,
  last_modified timestamptz not null
);
-- The fulfillment API lists a publisher's subscriptions in pages, oldest first.
create index commerce_subscription_account on commerce_subscription (account_id, created_at, subscription_id);
create index commerce_subscription_beneficiary on commerce_subscription (beneficiary_tenant_id);
create index commerce_subscription_purchaser on commerce_subscription (purchaser_tenant_id);

-- Operations on a subscription (08 §1.10): publisher-initiated (API) or marketplace-initiated (storefront, clock).
create table commerce_operation (
  operation_id uuid primary key,
  subscription_id uuid not null references commerce_subscription (subscription_id),
  activity_id uuid not null,
  action text not null check (action in ('Unsubscribe', 'ChangePlan', 'ChangeQuantity', 'Suspend', 'Reinstate', 'Renew')),
  status text not null check (status in ('NotStarted', 'InProgress', 'Succeeded', 'Failed', 'Conflict')),
  source text not null check (source in ('Publisher', 'Marketplace')),
  plan_id text not null,
  quantity integer,
  previous_plan_id text,
  previous_quantity integer,
  error_status_code text not null default '',
  error_message text not null default '',
  created_at timestamptz not null,
  completed_at timestamptz,
  -- When the publisher PATCHed the operation, and with what.
  patched_at timestamptz,
  patched_status text
);
create index commerce_operation_subscription on commerce_operation (subscription_id, created_at desc);
-- One change in flight per subscription: a second concurrent change request fails on this index.
create unique index commerce_operation_one_change on commerce_operation (subscription_id)
  where status in ('NotStarted', 'InProgress') and action in ('ChangePlan', 'ChangeQuantity', 'Unsubscribe');

-- What the customer is charged for each term, and refunds (negative amounts) of a canceled term.
create table commerce_charge (
  charge_id uuid primary key,
  subscription_id uuid not null references commerce_subscription (subscription_id),
  kind text not null check (kind in ('charge', 'refund')),
  term_start timestamptz not null,
  term_end timestamptz not null,
  plan_id text not null,
  quantity integer,
  amount numeric(20, 6) not null,
  currency text not null,
  created_at timestamptz not null
);
-- A term is charged once and refunded at most once (a duplicate activate cannot start billing twice).
create unique index commerce_charge_once on commerce_charge (subscription_id, term_start, kind);

-- Customers whose payment instrument fails (sandbox: set by the operator).
create table commerce_payment_status (
  tenant_id uuid primary key,
  failing boolean not null,
  updated_at timestamptz not null
);

-- Webhook notifications to the offer's connection webhook; the attempts are the outbox's delivery log.
create table commerce_webhook (
  webhook_id uuid primary key,
  outbox_id uuid not null,
  account_id uuid not null,
  offer_uid uuid not null,
  subscription_id uuid not null,
  operation_id uuid not null,
  action text not null,
  url text,
  payload jsonb not null,
  created_at timestamptz not null
);
create index commerce_webhook_account on commerce_webhook (account_id, created_at desc);

-- The key that seals purchase tokens (AES-256-GCM): tokens stay opaque to everyone but Agora.
create table commerce_token_key (
  kid text primary key,
  secret text not null,
  created_at timestamptz not null
);
