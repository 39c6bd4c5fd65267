-- Notifications (ADR 0016): the publisher account's inbox, each reader's read state, and the email log. Replaces the
-- metering module's own alert table (migration 0016): its rows move into the inbox.

-- One notification to a publisher account. Everyone who may read the account sees it in the portal's inbox.
create table notifications_notification (
  notification_id uuid primary key,
  account_id uuid not null,
  -- What happened, e.g. 'anomalyDetected'; decides who is emailed (notifications/recipients.ts).
  kind text not null check (kind ~ '^[a-z][A-Za-z0-9]{0,63}$'),
  subject text not null check (char_length(subject) between 1 and 200),
  -- Plain text.
  body text not null check (char_length(body) <= 10000),
  -- A path in the portal (e.g. /partner/usage/anomalies?anomalyId=…), or null.
  link text check (link is null or (link ~ '^/' and link !~ '^//' and char_length(link) <= 2000)),
  -- The facts the notification is about, for the portal and for API clients.
  data jsonb not null default '{}',
  -- At most one notification per (account, kind, dedupe key): the sender's retry adds nothing twice.
  dedupe_key text,
  created_at timestamptz not null
);
create index notifications_notification_account on notifications_notification (account_id, created_at desc, notification_id);
create unique index notifications_notification_dedupe on notifications_notification (account_id, kind, dedupe_key) where dedupe_key is not null;

-- Who has read what: a row per (notification, reader). Readers are users, or apps calling with a bearer token.
create table notifications_read (
  notification_id uuid not null references notifications_notification (notification_id) on delete cascade,
  reader_kind text not null check (reader_kind in ('user', 'app')),
  reader_id text not null,
  read_at timestamptz not null,
  primary key (notification_id, reader_kind, reader_id)
);
create index notifications_read_reader on notifications_read (reader_kind, reader_id);

-- Every email Agora sends: one row per recipient, sent by the outbox message `outbox_id` (topic notifications.email).
create table notifications_email (
  email_id uuid primary key,
  notification_id uuid references notifications_notification (notification_id) on delete set null,
  account_id uuid,
  outbox_id uuid not null unique,
  -- The directory user it was addressed to (null for an address outside the directory).
  recipient_user_id uuid,
  to_address text not null,
  subject text not null,
  body text not null,
  -- queued: waiting for (another) attempt; sent: the SMTP server accepted it; not_sent: no mail server is
  -- configured (AGORA_SMTP_URL); failed: the server refused it for good, or every attempt failed.
  status text not null default 'queued' check (status in ('queued', 'sent', 'not_sent', 'failed')),
  -- Why it is not (yet) sent: the last error, or the missing configuration.
  reason text,
  attempts integer not null default 0,
  -- The Message-ID header (fixed per email, so a repeated delivery carries the same one) and the server's answer.
  message_id text not null,
  smtp_response text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  sent_at timestamptz,
  check ((status = 'sent') = (sent_at is not null))
);
create index notifications_email_created on notifications_email (created_at desc, email_id);
create index notifications_email_notification on notifications_email (notification_id);

-- The metering alerts become inbox notifications (they were never emailed, and are not now: they are old news).
insert into notifications_notification (notification_id, account_id, kind, subject, body, link, data, dedupe_key, created_at)
select n.notification_id,
       n.account_id,
       'anomalyDetected',
       left(format('Usage anomaly: %s of %s on %s', a.dimension, a.offer_id, a.usage_date), 200),
       n.message,
       '/partner/usage/anomalies?anomalyId=' || n.anomaly_id,
       jsonb_build_object(
         'anomalyId', n.anomaly_id,
         'offerId', a.offer_id,
         'planId', a.plan_id,
         'subscriptionId', a.resource_id,
         'dimension', a.dimension,
         'usageDate', a.usage_date::text,
         'reportedQuantity', trim_scale(a.observed_quantity)::text,
         'expectedQuantity', trim_scale(a.expected_quantity)::text,
         'upperBound', trim_scale(a.upper_bound)::text,
         'actionExpiresAt', a.action_expires_at
       ),
       'anomaly:' || n.anomaly_id,
       n.created_at
  from metering_notification n
  join metering_anomaly a on a.anomaly_id = n.anomaly_id;

drop table metering_notification;
