import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/index.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import { enqueue, type Json, type OutboxRunner } from '../../platform/outbox/index.js';
import type { AccountsService } from '../accounts/index.js';
import { EMAIL_TOPIC, parsed, renderEmail } from './email.service.js';
import { countInbox, findByDedupeKey, findInboxRow, insertEmail, insertNotification, listInbox, markAllRead, markRead, type InboxRow, type Reader } from './notification.store.js';
import { NOTIFICATION_KINDS, isNotificationKind, recipientsOf, type NotificationKind, type RecipientDeps } from './recipients.js';

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
    const emailId = newGuid();
    const mail = renderEmail(env.publicUrl, row, r, account.ok ? account.value : undefined, NOTIFICATION_KINDS[input.kind].label);
    const outboxId = await enqueue(x, now, { topic: EMAIL_TOPIC, payload: { emailId } });
    await insertEmail(x, {
      email_id: emailId,
      notification_id: notificationId,
      account_id: accountId,
      outbox_id: outboxId,
      recipient_user_id: r.userId,
      to_address: r.email,
      subject: mail.subject,
      body: mail.text,
      status: 'queued',
      reason: null,
      attempts: 0,
      message_id: `<${emailId}@${new URL(env.publicUrl).hostname}>`,
      smtp_response: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
    });
    emails.push({ emailId, outboxId, to: r.email });
  }
  // Wakes the runner of this process; the messages are visible to it once the caller commits.
  if (emails.length > 0) env.runner?.wake();
  return { notificationId, created: true, emails };
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
