import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { OutboxHandler, OutboxRunner } from '../../platform/outbox/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { IdentityService } from '../identity/index.js';
import { emailHandler, smtpMailer, type QueuedEmail } from './email.service.js';
import { notify, sendEmail, type NotificationsEnv, type Notified, type NotifyInput, type SendEmailInput } from './notification.service.js';
import { notificationsRoutes } from './notifications.routes.js';

export { EMAIL_TOPIC, EMAIL_RETRY, NO_SMTP_REASON, EMAIL_SUBJECT_PREFIX, type Mailer, type QueuedEmail } from './email.service.js';
export { NOTIFICATION_KINDS, EMAIL_KINDS, type NotificationKind, type EmailKind } from './recipients.js';
export type { NotifyInput, Notified, SendEmailInput } from './notification.service.js';

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The origin of the portal links in emails. */
  publicUrl: string;
  /** `AGORA_SMTP_URL`; without it every email is logged as not sent. */
  smtpUrl: string | undefined;
  /** The From address. */
  mailFrom: string;
  accounts: Pick<AccountsService, 'members' | 'getAccount'>;
  identity: Pick<IdentityService, 'findUsers'>;
  runner?: OutboxRunner | undefined;
}

/**
 * Notifications: the publisher account's inbox in the portal, the email of each notification to the members whose
 * roles it concerns, and emails to an address (invitations), all sent over SMTP by the outbox, with a log operators
 * can read.
 */
export function createNotifications(deps: NotificationsDeps) {
  const env: NotificationsEnv = { db: deps.db, clock: deps.clock, publicUrl: deps.publicUrl, accounts: deps.accounts, identity: deps.identity, runner: deps.runner };
  const mailer = smtpMailer(deps.smtpUrl);
  // Said once by the process that sends (the one with a runner), not by every command that builds the services.
  if (!mailer && deps.runner) deps.log.warn('AGORA_SMTP_URL is not set: emails are logged as not sent (GET /api/admin/emails)');
  return {
    /**
     * Writes a notification to the account's inbox and queues its emails, in the caller's transaction `x`. With a
     * `dedupeKey`, a second call for the same account, kind and key adds nothing.
     */
    notify: (x: Executor, input: NotifyInput): Promise<Notified> => notify(x, env, input),
    /**
     * Queues one email to an address (a person who need not be a member, e.g. an invitation's addressee) in the
     * caller's transaction `x`: the same log and outbox as notify's emails. With a `dedupeKey`, a second call for the
     * same kind and key queues nothing.
     */
    sendEmail: (x: Executor, input: SendEmailInput): Promise<QueuedEmail> => sendEmail(x, env, input),
    handlers: [emailHandler({ clock: deps.clock, from: deps.mailFrom, mailer }) as OutboxHandler<never>],
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => notificationsRoutes(scope, { db: deps.db, clock: deps.clock }));
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotifications>;
