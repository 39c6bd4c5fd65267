-- One durable mechanism for all side effects and scheduled work (ADR 0004).
-- A message is written in the business transaction; the runner claims due messages with FOR UPDATE SKIP LOCKED.
create table outbox_message (
  id uuid primary key,
  topic text not null,
  payload jsonb not null,
  -- Optional idempotency key: at most one message per (topic, dedupe_key).
  dedupe_key text,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  -- Attempts allowed in all; null until set by an enqueuer that wants fewer, or by a replay: the topic's retry policy decides.
  max_attempts integer check (max_attempts > 0),
  -- When the message is due, in business (clock) time: the virtual clock moves it.
  run_at timestamptz not null,
  -- The lease of the worker running it, in real database time: a crashed worker's lease runs out.
  locked_by text,
  locked_until timestamptz,
  last_error text,
  replays integer not null default 0,
  created_at timestamptz not null,
  completed_at timestamptz,
  unique (topic, dedupe_key)
);
create index outbox_message_due on outbox_message (run_at) where status = 'pending';
create index outbox_message_leased on outbox_message (locked_until) where status = 'running';
create index outbox_message_topic_status on outbox_message (topic, status, created_at desc);

-- The delivery log: one row per attempt, readable by a person.
create table outbox_attempt (
  message_id uuid not null references outbox_message (id) on delete cascade,
  attempt integer not null,
  worker text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome text not null check (outcome in ('running', 'succeeded', 'failed', 'dead', 'abandoned')),
  error text,
  detail jsonb,
  primary key (message_id, attempt)
);
