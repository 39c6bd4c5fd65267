import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

/** The notifications module's tables (migration 0017). */
export interface NotificationsTables {
  notifications_notification: {
    notification_id: string;
    account_id: string;
    kind: string;
    subject: string;
    body: string;
    link: string | null;
    data: unknown;
    dedupe_key: string | null;
    created_at: Date;
  };
  notifications_read: {
    notification_id: string;
    reader_kind: 'user' | 'app';
    reader_id: string;
    read_at: Date;
  };
  notifications_email: {
    email_id: string;
    notification_id: string | null;
    account_id: string | null;
    outbox_id: string;
    recipient_user_id: string | null;
    to_address: string;
    subject: string;
    body: string;
    status: EmailStatus;
    reason: string | null;
    attempts: number;
    message_id: string;
    smtp_response: string | null;
    created_at: Date;
    updated_at: Date;
    sent_at: Date | null;
  };
}

export type EmailStatus = 'queued' | 'sent' | 'not_sent' | 'failed';
export type NotificationRow = NotificationsTables['notifications_notification'];
export type EmailRow = NotificationsTables['notifications_email'];

export const nq = (x: Executor): Kysely<NotificationsTables> => tables<NotificationsTables>(x);
