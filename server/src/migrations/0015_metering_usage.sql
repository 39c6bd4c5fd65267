-- Metering: the usage events publishers report through the Marketplace Metering API (spec 08 §1.7, §3.3-3.4, §4.1).
-- Only accepted events are stored; one per resource, plan, dimension and clock hour of its effective start time.
create table metering_usage_event (
  usage_event_id uuid primary key,
  -- The publisher account that reported it (the owner of the resource).
  account_id uuid not null,
  -- The SaaS subscription id (resourceId); managed applications (resourceUri) arrive with their offer type.
  resource_id uuid not null,
  resource_uri text,
  offer_id text not null,
  plan_id text not null,
  dimension text not null,
  quantity numeric(28, 10) not null check (quantity > 0),
  effective_start_time timestamptz not null,
  -- The clock hour of effective_start_time: the dedupe bucket.
  usage_hour timestamptz not null,
  message_time timestamptz not null
);
-- Exactly one accepted event per bucket, also under concurrent requests: the insert that loses is a Duplicate.
create unique index metering_usage_event_bucket on metering_usage_event (resource_id, plan_id, dimension, usage_hour);
-- GET /api/usageEvents reads a publisher's usage by day.
create index metering_usage_event_account on metering_usage_event (account_id, usage_hour);
