import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Db } from '../../platform/db/index.js';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import type { Clock } from '../../platform/clock.js';
import { emailDetail, emailLog } from './email.service.js';
import { inboxOf, readAll, readerOf, readOne } from './notification.service.js';
import { AccountParams, EmailDetailSchema, EmailListQuery, EmailSchema, InboxQuery, InboxSchema, NotificationParams, NotificationSchema, ReadAllSchema } from './notifications.schemas.js';

/**
 * The account's inbox (any member who may read the account: account.read) and the operator's email log. A
 * notification of another account is not found.
 */

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' } };
const readAccount = { permission: { account: true as const, action: 'account.read' } };

export async function notificationsRoutes(app: FastifyInstance, env: { db: Db; clock: Clock }): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const tags = ['notifications'];
  const base = '/api/accounts/:accountId/notifications';

  app.get(base, {
    config: readAccount,
    schema: {
      operationId: 'listNotifications',
      tags,
      summary: "The account's notifications, newest first, with whether you have read each and how many you have not",
      params: AccountParams,
      querystring: InboxQuery,
      response: { 200: InboxSchema, ...errors },
    },
    handler: async (request) => {
      const { accountId } = request.params as Static<typeof AccountParams>;
      return inboxOf(env.db, accountId, readerOf(request.principal!), request.query as Static<typeof InboxQuery>);
    },
  });

  app.post(`${base}/read-all`, {
    config: readAccount,
    schema: { operationId: 'readAllNotifications', tags, summary: "Mark all the account's notifications as read (for you)", params: AccountParams, response: { 200: ReadAllSchema, ...errors } },
    handler: async (request) => {
      const { accountId } = request.params as Static<typeof AccountParams>;
      return env.db.transaction().execute((tx) => readAll(tx, env.clock, accountId, readerOf(request.principal!)));
    },
  });

  app.post(`${base}/:notificationId/read`, {
    config: readAccount,
    schema: { operationId: 'readNotification', tags, summary: 'Mark one notification as read (for you); again is no change', params: NotificationParams, response: { 200: NotificationSchema, ...errors } },
    handler: async (request) => {
      const p = request.params as Static<typeof NotificationParams>;
      return unwrap(await readOne(env.db, env.clock, p.accountId, p.notificationId, readerOf(request.principal!)));
    },
  });

  app.get('/api/admin/emails', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'listEmails',
      tags: ['admin'],
      summary: 'Every email Agora sent or tried to send, newest first, with its status and why it is not sent',
      querystring: EmailListQuery,
      response: { 200: Type.Object({ items: Type.Array(EmailSchema) }), ...errors },
    },
    handler: async (request) => {
      const q = request.query as Static<typeof EmailListQuery>;
      const status = q.status === 'notSent' ? 'not_sent' : q.status;
      return { items: await emailLog(env.db, { status, accountId: q.accountId?.toLowerCase(), notificationId: q.notificationId?.toLowerCase(), to: q.to, limit: q.top ?? 50, offset: q.skip ?? 0 }) };
    },
  });

  app.get('/api/admin/emails/:emailId', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'getEmail',
      tags: ['admin'],
      summary: 'One email: its text and every delivery attempt',
      params: Type.Object({ emailId: Type.String() }),
      response: { 200: EmailDetailSchema, ...errors },
    },
    handler: async (request) => unwrap(await emailDetail(env.db, (request.params as { emailId: string }).emailId)),
  });
}
