import { Type } from 'typebox';

/** TypeBox schemas of the inbox routes (under the publisher account) and the operator's email log. */

export const AccountParams = Type.Object({ accountId: Type.String() });
export const NotificationParams = Type.Object({ accountId: Type.String(), notificationId: Type.String() });

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'Only the notifications the caller has not read' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const NotificationSchema = Type.Object({
  notificationId: Type.String(),
  kind: Type.String({ description: 'What happened, e.g. anomalyDetected' }),
  subject: Type.String(),
  body: Type.String({ description: 'Plain text' }),
  link: Nullable(Type.String({ description: 'A path in the portal that the notification is about' })),
  data: Type.Object({}, { additionalProperties: true, description: 'The facts the notification is about (ids, quantities, amounts)' }),
  createdAt: Type.String(),
  read: Type.Boolean({ description: 'Whether the caller has read it (read state is per person)' }),
  readAt: Nullable(Type.String()),
});

export const InboxSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  unreadCount: Type.Integer({ description: "The account's notifications the caller has not read" }),
  total: Type.Integer({ description: 'The notifications the filter selects, over all pages' }),
});

export const ReadAllSchema = Type.Object({ marked: Type.Integer({ description: 'How many were unread' }), unreadCount: Type.Integer() });

export const EmailStatusSchema = Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('notSent'), Type.Literal('failed')], {
  description: 'queued: waiting for (another) attempt; sent: the mail server accepted it; notSent: no mail server configured; failed: refused for good or out of attempts',
});

export const EmailListQuery = Type.Object({
  status: Type.Optional(EmailStatusSchema),
  accountId: Type.Optional(Type.String({ format: 'uuid' })),
  notificationId: Type.Optional(Type.String({ format: 'uuid' })),
  to: Type.Optional(Type.String({ maxLength: 320, description: 'The recipient address (case-insensitive)' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const EmailSchema = Type.Object({
  emailId: Type.String(),
  notificationId: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  to: Type.String(),
  recipientUserId: Nullable(Type.String()),
  subject: Type.String(),
  status: EmailStatusSchema,
  reason: Nullable(Type.String({ description: 'Why it is not (yet) sent: the last error, or the missing configuration' })),
  attempts: Type.Integer(),
  messageId: Type.String({ description: 'The Message-ID header, the same on every attempt' }),
  smtpResponse: Nullable(Type.String()),
  outboxId: Type.String({ description: 'The outbox message that sends it (/api/admin/outbox/{id}, replayable)' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  sentAt: Nullable(Type.String()),
});

export const EmailDetailSchema = Type.Object({
  ...EmailSchema.properties,
  body: Type.String(),
  delivery: Type.Object({
    status: Type.String({ description: "The outbox message's status: pending, running, done or dead" }),
    nextAttemptAt: Nullable(Type.String()),
    attempts: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        startedAt: Type.String(),
        finishedAt: Nullable(Type.String()),
        outcome: Type.String(),
        error: Nullable(Type.String()),
        detail: Type.Unknown(),
      }),
    ),
  }),
});
