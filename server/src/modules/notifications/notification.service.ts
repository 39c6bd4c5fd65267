import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/index.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import type { Json, OutboxRunner } from '../../platform/outbox/index.js';
import type { AccountsService } from '../accounts/index.js';
import { emailProblem } from '../identity/index.js';
import { EMAIL_SUBJECT_PREFIX, parsed, queueEmail, renderEmail, type QueuedEmail } from './email.service.js';
import { countInbox, findByDedupeKey, findInboxRow, insertNotification, listInbox, markAllRead, markRead, type InboxRow, type Reader } from './notification.store.js';
import { NOTIFICATION_KINDS, isEmailKind, isNotificationKind, recipientsOf, type EmailKind, type NotificationKind, type RecipientDeps } from './recipients.js';

/**
 * A publisher account's notifications (ADR 0016): `notify` writes one to the account's inbox and, in the same
 * transaction, queues one email per relevant member (recipients.ts) through the outbox. Every member who may read the
 * account sees the inbox; read state is per reader.
 */

export interface NotificationsEnv extends RecipientDeps {
  db: Db;
  clock: Clock;
  /** The origin of links in emails. */
  publicUrl: string;
  accounts: Pick<AccountsService, 'members' | 'getAccount'>;
  runner?: OutboxRunner | undefined;
}

export const MAX_SUBJECT = 200;
export const MAX_BODY = 10_000;

export interface NotifyInput {
  accountId: string;
  kind: NotificationKind;
  /** One line, at most 200 characters. */
  subject: string;
  /** Plain text, at most 10,000 characters. */
  body: string;
  /** A path in the portal (`/partner/...`) the notification opens. */
  link?: string | null | undefined;
  /** The facts the notification is about (ids, amounts), for the portal and API clients. */
  data?: { [key: string]: Json } | undefined;
  /** With a key, a second notify of the same account, kind and key adds nothing (a retried job stays quiet). */
  dedupeKey?: string | undefined;
}

export interface Notified {
  notificationId: string;
  /** False when a notification with the same dedupe key existed: nothing was written or emailed. */
  created: boolean;
  emails: { emailId: string; outboxId: string; to: string }[];
}

const LINK = /^\/(?!\/)[^\s]*$/;

/** The notify input's problems; they are the caller's bugs, so notify throws on them. */
export function notifyProblem(input: NotifyInput): string | undefined {
  if (!isGuid(input.accountId)) return 'accountId is not a GUID';
  if (!isNotificationKind(input.kind)) return `unknown notification kind "${String(input.kind)}"`;
  const subject = input.subject.trim();
  if (!subject || subject.length > MAX_SUBJECT || /[\r\n]/.test(subject)) return `the subject is one line of 1 to ${MAX_SUBJECT} characters`;
  if (input.body.length > MAX_BODY) return `the body has at most ${MAX_BODY} characters`;
  if (input.link != null && (!LINK.test(input.link) || input.link.length > 2000)) return 'the link is a path in the portal, starting with a single /';
  return undefined;
}

/**
 * Writes the notification and queues its emails in the caller's transaction (`x`): if the caller rolls back, neither
 * the notification nor any email exists. Recipients are decided now, from the account's members and their roles.
 */
export async function notify(x: Executor, env: NotificationsEnv, input: NotifyInput): Promise<Notified> {
  const problem = notifyProblem(input);
  if (problem) throw new RangeError(`notify: ${problem}`);
  const now = env.clock.now();
  const accountId = input.accountId.toLowerCase();
  const notificationId = newGuid();
  const row = {
    notification_id: notificationId,
    account_id: accountId,
    kind: input.kind,
    subject: input.subject.trim(),
    body: input.body,
    link: input.link ?? null,
    data: input.data ?? {},
    dedupe_key: input.dedupeKey ?? null,
    created_at: now,
  };
  if (!(await insertNotification(x, row))) {
    const existing = await findByDedupeKey(x, accountId, input.kind, input.dedupeKey!);
    return { notificationId: existing!.notification_id, created: false, emails: [] };
  }
  const recipients = await recipientsOf(x, env, accountId, input.kind);
  const account = await env.accounts.getAccount(x, accountId);
  const emails: Notified['emails'] = [];
  for (const r of recipients) {
    const mail = renderEmail(env.publicUrl, row, r, account.ok ? account.value : undefined, NOTIFICATION_KINDS[input.kind].label);
    const queued = await queueEmail(x, now, env.publicUrl, { kind: input.kind, to: r.email, subject: mail.subject, text: mail.text, accountId, notificationId, recipientUserId: r.userId });
    emails.push({ emailId: queued.emailId, outboxId: queued.outboxId, to: queued.to });
  }
  // Wakes the runner of this process; the messages are visible to it once the caller commits.
  if (emails.length > 0) env.runner?.wake();
  return { notificationId, created: true, emails };
}

// ---- email to an address ----

export interface SendEmailInput {
  /** What the email is (recipients.ts, EMAIL_KINDS). */
  kind: EmailKind;
  /** The address: a person who need not be a member of any account (yet). */
  to: string;
  /** One line, at most 200 characters; sent as "[Agora] <subject>", like the notifications' emails. */
  subject: string;
  /** Plain text, 1 to 10,000 characters, sent as it is. */
  text: string;
  /** The publisher account the email is about, for the log. */
  accountId?: string | null | undefined;
  /** The directory user the address belongs to, if any, for the log. */
  recipientUserId?: string | null | undefined;
  /** With a key, a second sendEmail of the same kind and key queues nothing (a retried job stays quiet). */
  dedupeKey?: string | undefined;
}

/** The sendEmail input's problems; they are the caller's bugs, so sendEmail throws on them. */
export function sendEmailProblem(input: SendEmailInput): string | undefined {
  if (!isEmailKind(input.kind)) return `unknown email kind "${String(input.kind)}"`;
  const toProblem = emailProblem(input.to);
  if (toProblem || input.to !== input.to.trim()) return toProblem ?? 'the address has spaces around it';
  const subject = input.subject.trim();
  if (!subject || subject.length > MAX_SUBJECT || /[\r\n]/.test(subject)) return `the subject is one line of 1 to ${MAX_SUBJECT} characters`;
  if (!input.text.trim() || input.text.length > MAX_BODY) return `the text has 1 to ${MAX_BODY} characters`;
  if (input.accountId != null && !isGuid(input.accountId)) return 'accountId is not a GUID';
  if (input.recipientUserId != null && !isGuid(input.recipientUserId)) return 'recipientUserId is not a GUID';
  if (input.dedupeKey !== undefined && (!input.dedupeKey || input.dedupeKey.length > 200)) return 'the dedupe key has 1 to 200 characters';
  return undefined;
}

/**
 * Queues one email to an address in the caller's transaction (`x`), with the same log row and outbox message as
 * notify's emails (so the same SMTP sending, retries, "not sent" record and replay): if the caller rolls back, there is
 * no email. For people who are not members of the account, such as an invitation's addressee.
 */
export async function sendEmail(x: Executor, env: NotificationsEnv, input: SendEmailInput): Promise<QueuedEmail> {
  const problem = sendEmailProblem(input);
  if (problem) throw new RangeError(`sendEmail: ${problem}`);
  const queued = await queueEmail(x, env.clock.now(), env.publicUrl, {
    kind: input.kind,
    to: input.to,
    subject: `${EMAIL_SUBJECT_PREFIX}${input.subject.trim()}`,
    text: input.text.endsWith('\n') ? input.text : `${input.text}\n`,
    accountId: input.accountId?.toLowerCase() ?? null,
    notificationId: null,
    recipientUserId: input.recipientUserId?.toLowerCase() ?? null,
    dedupeKey: input.dedupeKey,
  });
  if (queued.created) env.runner?.wake();
  return queued;
}

// ---- the inbox ----

export function readerOf(principal: Principal): Reader {
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'app', id: principal.appId };
}

export function notificationJson(row: InboxRow) {
  return {
    notificationId: row.notification_id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    link: row.link,
    data: (parsed(row.data) ?? {}) as Record<string, unknown>,
    createdAt: row.created_at.toISOString(),
    read: row.read_at !== null,
    readAt: row.read_at?.toISOString() ?? null,
  };
}

export type NotificationJson = ReturnType<typeof notificationJson>;

export interface InboxQuery {
  unread?: boolean | undefined;
  top?: number | undefined;
  skip?: number | undefined;
}

export interface InboxPage {
  items: NotificationJson[];
  /** The account's notifications the caller has not read (whatever the filter). */
  unreadCount: number;
  /** The notifications the filter selects, over all pages. */
  total: number;
}

export async function inboxOf(x: Executor, accountId: string, reader: Reader, q: InboxQuery): Promise<InboxPage> {
  const unreadOnly = q.unread === true;
  const rows = await listInbox(x, accountId, reader, { unreadOnly, limit: q.top ?? 25, offset: q.skip ?? 0 });
  const counts = await countInbox(x, accountId, reader);
  return { items: rows.map(notificationJson), unreadCount: counts.unread, total: unreadOnly ? counts.unread : counts.total };
}

const notFound = (id: string) => fail('NotFound', `No notification ${id} in this account.`, { target: 'notificationId' });

/** Marks one notification read for the caller (again: no change). */
export async function readOne(x: Executor, clock: Pick<Clock, 'now'>, accountId: string, notificationId: string, reader: Reader): Promise<Result<NotificationJson, { code: 'NotFound'; message: string; target?: string }>> {
  if (!isGuid(notificationId)) return notFound(notificationId);
  const id = notificationId.toLowerCase();
  const row = await findInboxRow(x, accountId, id, reader);
  if (!row) return notFound(notificationId);
  if (row.read_at === null) await markRead(x, id, reader, clock.now());
  return ok(notificationJson((await findInboxRow(x, accountId, id, reader))!));
}

/** Marks every notification of the account read for the caller. */
export async function readAll(x: Executor, clock: Pick<Clock, 'now'>, accountId: string, reader: Reader): Promise<{ marked: number; unreadCount: number }> {
  const marked = await markAllRead(x, accountId, reader, clock.now());
  return { marked, unreadCount: (await countInbox(x, accountId, reader)).unread };
}
