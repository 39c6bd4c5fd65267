-- Metering: usage anomalies, the publisher's decisions on them, the usage adjustments (credits) they produce, and the
-- publisher notifications (spec 07 §1.11, §2.6, §5.11; spec 08 §2.5, §4.1 #10, §4.8; ADR 0014).

-- The daily scan reads one usage day across all series.
create index metering_usage_event_hour on metering_usage_event (usage_hour);

-- One flag per (subscription, dimension, usage day): the day's reported usage was above the model's band.
create table metering_anomaly (
  anomaly_id uuid primary key,
  -- The publisher account that reported the usage (the owner of the resource): only it sees and decides the flag.
  account_id uuid not null,
  -- The SaaS subscription id (resourceId of the usage events).
  resource_id uuid not null,
  offer_id text not null,
  -- The plan of the day's latest event.
  plan_id text not null,
  dimension text not null,
  usage_date date not null,
  -- The day's reported usage (the sum of its accepted events), the model's expectation and the top of its band.
  observed_quantity numeric(28, 10) not null check (observed_quantity > 0),
  expected_quantity numeric(28, 10) not null check (expected_quantity >= 0),
  upper_bound numeric(28, 10) not null,
  -- Robust z-score; null when the history had no spread.
  deviation double precision,
  -- The model's parameters and details (history days, seasonality, trend, scale), to explain the flag.
  model jsonb not null,
  -- The dimension's price per unit in the subscription's currency when flagged (for the estimated impact), if known.
  unit_price numeric(28, 10),
  currency text,
  status text not null default 'open' check (status in ('open', 'anomaly', 'not_anomaly')),
  created_at timestamptz not null,
  -- The publisher may decide until then (30 days after the flag).
  action_expires_at timestamptz not null,
  decided_at timestamptz,
  -- Who decided: a user's object id or an application's app id.
  decided_by text,
  decided_by_kind text check (decided_by_kind in ('user', 'app')),
  reason text check (char_length(reason) <= 500),
  corrected_quantity numeric(28, 10),
  unique (resource_id, dimension, usage_date),
  check ((status = 'open') = (decided_at is null)),
  check (status <> 'anomaly' or (corrected_quantity is not null and corrected_quantity >= 0 and corrected_quantity < observed_quantity)),
  check (status <> 'not_anomaly' or (reason is not null and corrected_quantity is null))
);
create index metering_anomaly_account on metering_anomaly (account_id, usage_date desc, created_at desc);

-- A correction of reported usage: billing subtracts quantity_delta (negative) from the day's usage (a credit).
create table metering_usage_adjustment (
  adjustment_id uuid primary key,
  account_id uuid not null,
  resource_id uuid not null,
  offer_id text not null,
  plan_id text not null,
  dimension text not null,
  usage_date date not null,
  quantity_delta numeric(28, 10) not null check (quantity_delta < 0),
  anomaly_id uuid not null unique references metering_anomaly (anomaly_id),
  created_at timestamptz not null
);
create index metering_usage_adjustment_resource on metering_usage_adjustment (resource_id, usage_date);

-- Alerts for the publisher portal (there is no notifications module yet): one per flag.
create table metering_notification (
  notification_id uuid primary key,
  account_id uuid not null,
  kind text not null check (kind in ('anomalyDetected')),
  anomaly_id uuid not null unique references metering_anomaly (anomaly_id),
  offer_id text not null,
  message text not null,
  created_at timestamptz not null
);
create index metering_notification_account on metering_notification (account_id, created_at desc);
