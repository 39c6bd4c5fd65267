import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { nq, type EmailRow, type EmailStatus, type NotificationRow } from './notifications.tables.js';

/** SQL for the inbox (notifications and read state) and the email log. */

export interface Reader {
  kind: 'user' | 'app';
  id: string;
}

/** Inserts a notification; with a dedupe key already used for the account and kind, inserts nothing and returns false. */
export async function insertNotification(x: Executor, row: NotificationRow): Promise<boolean> {
  const inserted = await nq(x)
    .insertInto('notifications_notification')
    .values({ ...row, data: JSON.stringify(row.data ?? {}) })
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('notification_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findByDedupeKey(x: Executor, accountId: string, kind: string, dedupeKey: string): Promise<NotificationRow | undefined> {
  return nq(x).selectFrom('notifications_notification').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

export type InboxRow = NotificationRow & { read_at: Date | null };

function inbox(x: Executor, accountId: string, reader: Reader) {
  return nq(x)
    .selectFrom('notifications_notification as n')
    .leftJoin('notifications_read as r', (join) => join.onRef('r.notification_id', '=', 'n.notification_id').on('r.reader_kind', '=', reader.kind).on('r.reader_id', '=', reader.id))
    .where('n.account_id', '=', accountId);
}

/** The account's notifications as `reader` sees them, newest first. */
export async function listInbox(x: Executor, accountId: string, reader: Reader, f: { unreadOnly: boolean; limit: number; offset: number }): Promise<InboxRow[]> {
  let q = inbox(x, accountId, reader).selectAll('n').select('r.read_at');
  if (f.unreadOnly) q = q.where('r.notification_id', 'is', null);
  return q.orderBy('n.created_at', 'desc').orderBy('n.notification_id', 'desc').limit(f.limit).offset(f.offset).execute();
}

/** How many notifications of the account there are in all, and how many `reader` has not read. */
export async function countInbox(x: Executor, accountId: string, reader: Reader): Promise<{ total: number; unread: number }> {
  const row = await inbox(x, accountId, reader)
    .select([sql<string>`count(*)`.as('total'), sql<string>`count(*) filter (where r.notification_id is null)`.as('unread')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread) };
}

export async function findInboxRow(x: Executor, accountId: string, notificationId: string, reader: Reader): Promise<InboxRow | undefined> {
  return inbox(x, accountId, reader).selectAll('n').select('r.read_at').where('n.notification_id', '=', notificationId).executeTakeFirst();
}

export async function markRead(x: Executor, notificationId: string, reader: Reader, at: Date): Promise<void> {
  await nq(x)
    .insertInto('notifications_read')
    .values({ notification_id: notificationId, reader_kind: reader.kind, reader_id: reader.id, read_at: at })
    .onConflict((oc) => oc.columns(['notification_id', 'reader_kind', 'reader_id']).doNothing())
    .execute();
}

/** Marks every notification of the account that exists now as read by `reader`; returns how many were unread. */
export async function markAllRead(x: Executor, accountId: string, reader: Reader, at: Date): Promise<number> {
  const result = await nq(x)
    .insertInto('notifications_read')
    .columns(['notification_id', 'reader_kind', 'reader_id', 'read_at'])
    .expression((eb) =>
      eb
        .selectFrom('notifications_notification')
        .select(['notification_id', sql<'user' | 'app'>`${reader.kind}::text`.as('reader_kind'), sql<string>`${reader.id}::text`.as('reader_id'), sql<Date>`${at}::timestamptz`.as('read_at')])
        .where('account_id', '=', accountId),
    )
    .onConflict((oc) => oc.columns(['notification_id', 'reader_kind', 'reader_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

// ---- the email log ----

export async function insertEmail(x: Executor, row: EmailRow): Promise<void> {
  await nq(x).insertInto('notifications_email').values(row).execute();
}

export async function findEmail(x: Executor, emailId: string): Promise<EmailRow | undefined> {
  return nq(x).selectFrom('notifications_email').selectAll().where('email_id', '=', emailId).executeTakeFirst();
}

export async function findEmailByOutbox(x: Executor, outboxId: string): Promise<EmailRow | undefined> {
  return nq(x).selectFrom('notifications_email').selectAll().where('outbox_id', '=', outboxId).executeTakeFirst();
}

export async function updateEmail(x: Executor, emailId: string, changes: Partial<Pick<EmailRow, 'status' | 'reason' | 'attempts' | 'smtp_response' | 'sent_at' | 'updated_at'>>): Promise<void> {
  await nq(x).updateTable('notifications_email').set(changes).where('email_id', '=', emailId).execute();
}

export interface EmailFilter {
  status?: EmailStatus | undefined;
  accountId?: string | undefined;
  notificationId?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export async function listEmails(x: Executor, f: EmailFilter): Promise<EmailRow[]> {
  let q = nq(x).selectFrom('notifications_email').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  if (f.notificationId) q = q.where('notification_id', '=', f.notificationId);
  if (f.to) q = q.where(sql<boolean>`lower(to_address) = lower(${f.to})`);
  return q.orderBy('created_at', 'desc').orderBy('email_id', 'desc').limit(f.limit).offset(f.offset).execute();
}
