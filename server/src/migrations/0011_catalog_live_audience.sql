-- The private audience in force on the storefront. A private plan's audience is edited as a draft
-- (catalog_plan_audience) and goes live only when the offer goes live or the publisher selects
-- "Sync private audience" (L2287, L16634): the storefront reads this table, never the draft.
create table catalog_plan_audience_live (
  plan_uid uuid not null references catalog_plan (plan_uid) on delete cascade,
  tenant_id uuid not null,
  description text not null default '',
  primary key (plan_uid, tenant_id)
);

-- The storefront asks "which private plans may this tenant see?".
create index catalog_plan_audience_live_tenant on catalog_plan_audience_live (tenant_id);

alter table catalog_plan add column audience_synced_at timestamptz;
