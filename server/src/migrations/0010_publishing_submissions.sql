-- Publishing: submissions of an offer's frozen draft through the pipeline (automated validation, preview creation,
-- publisher sign-off, certification, final publish), the offer's preview and live versions as publishing knows them,
-- and the offer's history (the publishing audit log). Offers live in the catalog's tables; these tables keep the
-- catalog's offer_uid and snapshot ids without foreign keys, as a module owns only its own tables (DESIGN.md).

create table publishing_submission (
  submission_id uuid primary key,
  -- Orders submissions made within the same business instant (the sandbox clock can stand still).
  seq bigint generated always as identity,
  offer_uid uuid not null,
  account_id uuid not null,
  offer_id text not null,
  offer_type text not null,
  -- The catalog snapshot (frozen draft) this submission publishes.
  snapshot_id uuid not null,
  draft_version integer not null,
  kind text not null default 'preview' check (kind in ('preview')),
  status text not null check (status in (
    'InProgress', 'WaitingForSignOff', 'InCertification', 'Publishing', 'Completed', 'Failed', 'Canceling', 'Canceled', 'Superseded')),
  -- The offer's status when the submission started: where a cancellation returns it.
  previous_offer_status text not null,
  notes_for_certification text check (length(notes_for_certification) <= 4000),
  -- Findings of the automated validation: [{severity, target, message, step}].
  validation_report jsonb not null default '[]',
  certification_decision text check (certification_decision in ('Approved', 'Rejected')),
  certification_report text,
  certified_at timestamptz,
  certified_by uuid,
  created_by uuid not null,
  created_by_name text not null,
  created_at timestamptz not null,
  preview_created_at timestamptz,
  signed_off_at timestamptz,
  signed_off_by uuid,
  completed_at timestamptz,
  updated_at timestamptz not null
);
create index publishing_submission_offer on publishing_submission (offer_uid, seq desc);
create index publishing_submission_status on publishing_submission (status, seq);
-- At most one submission per offer is moving through the pipeline, and at most one preview waits for sign-off.
create unique index publishing_submission_one_active on publishing_submission (offer_uid)
  where status in ('InProgress', 'InCertification', 'Publishing', 'Canceling');
create unique index publishing_submission_one_waiting on publishing_submission (offer_uid)
  where status = 'WaitingForSignOff';

create table publishing_submission_step (
  submission_id uuid not null references publishing_submission (submission_id) on delete cascade,
  position integer not null,
  -- The step's key in the offer type's pipeline definition (purchase-flow, offer-validation, sign-off, ...).
  step_key text not null,
  kind text not null check (kind in ('automated', 'signoff', 'manual')),
  phase text not null,
  name text not null,
  estimate text not null,
  status text not null default 'NotStarted' check (status in ('NotStarted', 'InProgress', 'Completed', 'Failed', 'Canceled')),
  started_at timestamptz,
  completed_at timestamptz,
  detail jsonb,
  primary key (submission_id, position)
);

-- The versions publishing made: the snapshot in preview and the snapshot that is live.
create table publishing_offer (
  offer_uid uuid primary key,
  account_id uuid not null,
  preview_snapshot_id uuid,
  preview_submission_id uuid,
  live_snapshot_id uuid,
  live_submission_id uuid,
  updated_at timestamptz not null
);

-- The History page (L17064-17158). Saving a draft is not an event (L17103-17105).
create table publishing_history_event (
  event_id uuid primary key,
  seq bigint generated always as identity,
  offer_uid uuid not null,
  account_id uuid not null,
  -- The event type of the reference's list ('Submitted offer to preview', 'Initiated plan Stop distribution', ...) or,
  -- for system events, the step's name ('Offer validation', 'Preview creation', 'Final publish').
  event_type text not null,
  -- The plan name of plan events ("Initiated plan Stop distribution: <plan name>").
  subject text,
  initiated_kind text not null check (initiated_kind in ('user', 'system', 'microsoft', 'unidentified')),
  initiated_id text,
  initiated_name text,
  -- System events are colour-coded by how the step ended.
  outcome text check (outcome in ('Completed', 'Failed')),
  at timestamptz not null,
  -- "Submitted offer to preview" only: the pages the submission changed ([{id, title}]), for the Pages filter.
  pages_changed jsonb not null default '[]',
  submission_id uuid,
  details jsonb not null default '{}'
);
create index publishing_history_offer on publishing_history_event (offer_uid, at desc, seq desc);
