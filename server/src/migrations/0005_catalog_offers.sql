-- The offer catalog: offers of every type as a definition-driven draft document, their plans, private audiences,
-- and the frozen snapshots that preview and live versions are made of.

create table catalog_offer (
  offer_uid uuid primary key,
  account_id uuid not null,
  -- The publisher's offer id: unique per account and immutable (L16131-16136).
  offer_id text not null check (offer_id ~ '^[a-z0-9_-]{1,50}$'),
  alias text not null check (length(alias) between 1 and 100),
  offer_type text not null,
  -- The draft: one JSON object per tab of the offer type's definition.
  draft jsonb not null,
  -- Optimistic concurrency: every change to the offer or its plans increments it; it is the ETag.
  version integer not null default 1,
  status text not null default 'Draft'
    check (status in ('Draft', 'PublishInProgress', 'AttentionNeeded', 'Preview', 'Live', 'PendingStopDistribution', 'NotAvailable')),
  -- Set when a version of the offer first reached Preview: the reference's "after publish" locks start here.
  first_published_at timestamptz,
  preview_snapshot_id uuid,
  live_snapshot_id uuid,
  created_at timestamptz not null,
  created_by uuid not null,
  updated_at timestamptz not null,
  unique (account_id, offer_id)
);
create index catalog_offer_account on catalog_offer (account_id, updated_at desc);

create table catalog_plan (
  plan_uid uuid primary key,
  offer_uid uuid not null references catalog_offer (offer_uid) on delete cascade,
  -- Unique within the offer and immutable (L16504).
  plan_id text not null check (plan_id ~ '^[a-z0-9_-]{1,50}$'),
  draft jsonb not null,
  -- Distribution of the plan: draft (never published), live, stop_pending (stop requested, takes effect on the next
  -- publish), stopped.
  state text not null default 'draft' check (state in ('draft', 'live', 'stop_pending', 'stopped')),
  first_published_at timestamptz,
  position integer not null,
  created_at timestamptz not null,
  unique (offer_uid, plan_id)
);

-- Private plan audiences (up to 20,000 tenant ids per plan, L16591).
create table catalog_plan_audience (
  plan_uid uuid not null references catalog_plan (plan_uid) on delete cascade,
  tenant_id uuid not null,
  description text not null default '' check (length(description) <= 256),
  primary key (plan_uid, tenant_id)
);

-- A frozen copy of the offer and its plans: what a submission, the preview and the live version are.
create table catalog_snapshot (
  snapshot_id uuid primary key,
  offer_uid uuid not null references catalog_offer (offer_uid) on delete cascade,
  draft_version integer not null,
  document jsonb not null,
  created_at timestamptz not null
);
create index catalog_snapshot_offer on catalog_snapshot (offer_uid, created_at desc);
