import { createTransport } from 'nodemailer';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import { enqueue, getMessage, PermanentFailure, RetryableFailure, type HandlerContext, type HandlerResult, type OutboxHandler, type OutboxMessage, type RetryPolicy } from '../../platform/outbox/index.js';
import type { AccountView } from '../accounts/index.js';
import { findEmail, findEmailByOutbox, insertEmail, listEmails, updateEmail, type EmailFilter } from './notification.store.js';
import type { EmailRow, NotificationRow } from './notifications.tables.js';
import type { Recipient } from './recipients.js';

/**
 * Email (ADR 0016). Each email is a row of the log (`notifications_email`) and an outbox message whose handler sends it
 * over SMTP (nodemailer, `AGORA_SMTP_URL`). Without a mail server the handler records the email as not sent, with the
 * reason, and succeeds: there is nothing to retry. A refusal the server calls permanent (5xx) fails the email at once;
 * anything else is retried with back-off. The handler is idempotent on the email (one per outbox message): once sent,
 * a rerun (a replay, a worker that crashed after sending) does not send again. The one window left, a crash between
 * the server's acceptance and the log's update, can repeat an email; its Message-ID is fixed, so the copy is
 * recognisable as the same message.
 */

export const EMAIL_TOPIC = 'notifications.email';

/** 10 attempts: 30 s doubling to 1 h (±20%): about 5 hours in all. */
export const EMAIL_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 3_600_000, jitter: 0.2 };

export const NO_SMTP_REASON = 'Not sent: no mail server is configured (set AGORA_SMTP_URL). Replay the outbox message to send it once one is.';

/** What sends an email: nodemailer's SMTP transport, or nothing. */
export interface Mailer {
  /** Where mail goes, without credentials (for the log). */
  server: string;
  send(mail: { from: string; to: string; subject: string; text: string; messageId: string; headers: Record<string, string> }): Promise<{ response: string; accepted: string[]; rejected: string[] }>;
}

/** The SMTP server of a URL, without its credentials: `smtp://mail.example.com:587`. */
export function redactSmtpUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

/** A mailer for `AGORA_SMTP_URL` (parameters such as `?requireTLS=true` are nodemailer's), or none. */
export function smtpMailer(smtpUrl: string | undefined): Mailer | undefined {
  if (!smtpUrl) return undefined;
  // The timeouts first: the URL's own parameters override them.
  const transport = createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    server: redactSmtpUrl(smtpUrl),
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { response: info.response, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    },
  };
}

export interface EmailEnv {
  clock: Clock;
  from: string;
  mailer: Mailer | undefined;
}

// ---- rendering ----

/** Every email's subject starts with it. */
export const EMAIL_SUBJECT_PREFIX = '[Agora] ';

const list = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

const ROLE_NAMES: Record<string, string> = { BusinessContributor: 'Business contributor', FinancialContributor: 'Financial contributor' };

/** The email of a notification to one recipient: the notification's text, its link, and why they get it. */
export function renderEmail(
  publicUrl: string,
  n: Pick<NotificationRow, 'subject' | 'body' | 'link'>,
  r: Pick<Recipient, 'displayName' | 'roles'>,
  account: Pick<AccountView, 'displayName' | 'publisherId'> | undefined,
  kindLabel: string,
): { subject: string; text: string } {
  const roles = list(r.roles.map((role) => ROLE_NAMES[role] ?? role));
  const where = account ? `the publisher account ${account.displayName} (${account.publisherId})` : 'a publisher account';
  const lines = [`Hello ${r.displayName},`, '', n.body.trim()];
  if (n.link) lines.push('', `Open it in Partner Center: ${publicUrl}${n.link}`);
  lines.push('', '-- ', `You receive this email as ${roles} of ${where} on Agora: ${kindLabel} are emailed to the account's ${roles} role${r.roles.length === 1 ? '' : 's'}.`);
  lines.push(`Every notification is also in the Partner Center inbox: ${publicUrl}/partner/notifications`);
  return { subject: `${EMAIL_SUBJECT_PREFIX}${n.subject}`, text: `${lines.join('\n')}\n` };
}

// ---- queueing ----

/** The outbox message of an email: the log row to send, and what kind of email it is (its X-Agora-Email-Kind). */
export interface EmailMessage {
  emailId: string;
  kind?: string;
}

/** One email to write to the log and queue, as `notify` and `sendEmail` make them. */
export interface EmailToQueue {
  /** A notification kind, or a kind of email sent to an address (recipients.ts). */
  kind: string;
  to: string;
  /** The full subject line, as sent. */
  subject: string;
  text: string;
  accountId: string | null;
  notificationId: string | null;
  /** The directory user addressed, if the address is one's. */
  recipientUserId: string | null;
  /** With a key, a second email of the same kind and key is not queued (the outbox message's dedupe key). */
  dedupeKey?: string | undefined;
}

export interface QueuedEmail {
  emailId: string;
  outboxId: string;
  to: string;
  /** False when an email of the same kind and dedupe key was queued before: nothing was written. */
  created: boolean;
}

/**
 * Writes an email to the log and its outbox message (topic `notifications.email`) in the caller's transaction `x`: if
 * the caller rolls back, there is no email. The outbox's handler sends it (below).
 */
export async function queueEmail(x: Executor, now: Date, publicUrl: string, e: EmailToQueue): Promise<QueuedEmail> {
  const emailId = newGuid();
  const outboxId = await enqueue(x, now, { topic: EMAIL_TOPIC, payload: { emailId, kind: e.kind } satisfies EmailMessage, ...(e.dedupeKey !== undefined ? { dedupeKey: `${e.kind}:${e.dedupeKey}` } : {}) });
  if (e.dedupeKey !== undefined) {
    const existing = await findEmailByOutbox(x, outboxId);
    if (existing) return { emailId: existing.email_id, outboxId, to: existing.to_address, created: false };
  }
  await insertEmail(x, {
    email_id: emailId,
    notification_id: e.notificationId,
    account_id: e.accountId,
    outbox_id: outboxId,
    recipient_user_id: e.recipientUserId,
    to_address: e.to,
    subject: e.subject,
    body: e.text,
    status: 'queued',
    reason: null,
    attempts: 0,
    message_id: `<${emailId}@${new URL(publicUrl).hostname}>`,
    smtp_response: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
  });
  return { emailId, outboxId, to: e.to, created: true };
}

// ---- sending ----

/** The attempts this message may make, as the runner counts them (runner.ts): replays extend the row's limit. */
async function attemptLimit(ctx: HandlerContext, messageId: string): Promise<number> {
  const m = (await getMessage(ctx.db, messageId))?.message;
  if (!m) return EMAIL_RETRY.maxAttempts;
  return m.replays === 0 ? Math.min(m.max_attempts ?? EMAIL_RETRY.maxAttempts, EMAIL_RETRY.maxAttempts) : (m.max_attempts ?? EMAIL_RETRY.maxAttempts);
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

async function send(env: EmailEnv, message: OutboxMessage<EmailMessage>, ctx: HandlerContext): Promise<HandlerResult> {
  const emailId = message.payload?.emailId;
  if (!isGuid(emailId)) throw new PermanentFailure(`Not an email id: ${JSON.stringify(emailId)}.`);
  const email = await findEmail(ctx.db, emailId);
  if (!email) throw new PermanentFailure('The email is not in the log.');
  if (email.status === 'sent') return { detail: { emailId, to: email.to_address, status: 'sent', note: 'already sent; not sent again' } };
  const now = () => ctx.clock.now();
  if (!env.mailer) {
    await updateEmail(ctx.db, emailId, { status: 'not_sent', reason: NO_SMTP_REASON, attempts: email.attempts + 1, updated_at: now() });
    return { detail: { emailId, to: email.to_address, status: 'not_sent', reason: NO_SMTP_REASON } };
  }
  const kind = message.payload?.kind;
  const headers = {
    'Auto-Submitted': 'auto-generated',
    'X-Agora-Email-Id': emailId,
    ...(typeof kind === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(kind) ? { 'X-Agora-Email-Kind': kind } : {}),
    ...(email.notification_id ? { 'X-Agora-Notification-Id': email.notification_id } : {}),
  };
  try {
    const info = await env.mailer.send({ from: env.from, to: email.to_address, subject: email.subject, text: email.body, messageId: email.message_id, headers });
    await updateEmail(ctx.db, emailId, { status: 'sent', reason: null, attempts: email.attempts + 1, smtp_response: info.response.slice(0, 1000), sent_at: now(), updated_at: now() });
    return { detail: { emailId, to: email.to_address, status: 'sent', server: env.mailer.server, response: info.response.slice(0, 500) } };
  } catch (e) {
    const err = e as SmtpError;
    const text = `${env.mailer.server}: ${err.message ?? String(e)}`.slice(0, 1000);
    const permanent = err.permanent === true;
    const last = permanent || message.attempt >= (await attemptLimit(ctx, message.id));
    await updateEmail(ctx.db, emailId, { status: last ? 'failed' : 'queued', reason: text, attempts: email.attempts + 1, smtp_response: err.response?.slice(0, 1000) ?? null, updated_at: now() });
    const detail = { emailId, to: email.to_address, server: env.mailer.server, error: text, ...(err.responseCode ? { responseCode: err.responseCode } : {}), ...(err.code ? { code: err.code } : {}) };
    if (permanent) throw new PermanentFailure(text, detail);
    throw new RetryableFailure(text, detail);
  }
}

export function emailHandler(env: EmailEnv): OutboxHandler<EmailMessage> {
  return { topic: EMAIL_TOPIC, retry: EMAIL_RETRY, handle: (message, ctx) => send(env, message, ctx) };
}

// ---- the operator's log ----

/** jsonb read back: the pg driver parses it; PGlite may hand back text in some paths. */
export const parsed = (value: unknown): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

export function emailJson(row: EmailRow) {
  return {
    emailId: row.email_id,
    notificationId: row.notification_id,
    accountId: row.account_id,
    to: row.to_address,
    recipientUserId: row.recipient_user_id,
    subject: row.subject,
    status: row.status === 'not_sent' ? ('notSent' as const) : row.status,
    reason: row.reason,
    attempts: row.attempts,
    messageId: row.message_id,
    smtpResponse: row.smtp_response,
    outboxId: row.outbox_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

export type EmailJson = ReturnType<typeof emailJson>;

export async function emailLog(x: Executor, f: EmailFilter): Promise<EmailJson[]> {
  return (await listEmails(x, f)).map(emailJson);
}

/** One email with its text and the outbox's delivery log of it. */
export async function emailDetail(x: Executor, emailId: string) {
  const row = isGuid(emailId) ? await findEmail(x, emailId.toLowerCase()) : undefined;
  if (!row) return fail('NotFound', `No email ${emailId} in the log.`, { target: 'emailId' });
  const m = await getMessage(x, row.outbox_id);
  return ok({
    ...emailJson(row),
    body: row.body,
    delivery: {
      status: m?.message.status ?? 'unknown',
      nextAttemptAt: m && m.message.status === 'pending' ? m.message.run_at.toISOString() : null,
      attempts: (m?.attempts ?? []).map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at.toISOString(),
        finishedAt: a.finished_at?.toISOString() ?? null,
        outcome: a.outcome,
        error: a.error,
        detail: parsed(a.detail),
      })),
    },
  });
}

export type EmailDetailResult = Awaited<ReturnType<typeof emailDetail>> extends Result<infer T> ? T : never;
