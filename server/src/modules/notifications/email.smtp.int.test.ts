import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_URL, STRONG_PASSWORD, createPublisher, signIn, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { buildApp, type Services } from '../../app.js';
import { ManualClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/index.js';
import { createLogger } from '../../platform/logger.js';
import { OutboxRunner } from '../../platform/outbox/index.js';
import { MemoryFileStorage } from '../../platform/storage/index.js';
import { EMAIL_RETRY, NO_SMTP_REASON, type NotifyInput } from './index.js';

/**
 * Email over real SMTP: Agora (nodemailer, AGORA_SMTP_URL with credentials) talks to a local SMTP server (smtp-server)
 * that requires AUTH and records each conversation. Covers what is sent to whom, temporary and permanent refusals, a
 * server that is down, running out of attempts, replays that must not send twice, and SMTP configured after emails
 * were recorded as not sent.
 */

interface Received {
  user: string | undefined;
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that accepts mail for one login and can be told to refuse recipients. */
class SmtpCapture {
  received: Received[] = [];
  /** The error to answer RCPT TO with, by address. */
  refuse: ((address: string) => { code: number; message: string } | undefined) | undefined;
  port = 0;
  server: SMTPServer | undefined;

  /** Listens on `port` (any free one with 0); a closed server cannot listen again, so each call makes a new one. */
  async listen(port = 0): Promise<number> {
    const server = this.#create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #create = () => new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, callback) => {
      if (auth.username === 'agora' && auth.password === 's3cret:pw') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo: (address, _session, callback) => {
      const refusal = this.refuse?.(address.address);
      callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : undefined);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.received.push({
          user: session.user as string | undefined,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback(null, 'Queued as test');
      });
    },
  });
}

/** A parsed message: unfolded headers by lower-case name, and the text body decoded. */
function parse(raw: string): { headers: Map<string, string>; text: string } {
  const at = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let body = raw.slice(at + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

interface MailApp {
  app: FastifyInstance;
  services: Services;
  runner: OutboxRunner;
}

/** The app as `agora serve` builds it, with the given mail settings, on a shared database and clock. */
async function mailApp(database: Database, clock: ManualClock, env: Record<string, string>): Promise<MailApp> {
  const config = { ...loadConfig({ AGORA_PUBLIC_URL: PUBLIC_URL, NODE_ENV: 'test', ...env }), logLevel: 'silent' };
  const log = createLogger('silent');
  const runner = new OutboxRunner({ database, clock, log });
  const { app, services } = await buildApp({ config, database, clock, securityClock: new ManualClock(new Date()), log, webDir: '/nonexistent', runner, storage: new MemoryFileStorage() });
  await app.ready();
  return { app, services, runner };
}

let database: Database;
const clock = new ManualClock(new Date());
const smtp = new SmtpCapture();
let t: MailApp;
let pub: Publisher;
let operator: Session;
let developerEmail: string;

const notice = (subject: string): NotifyInput => ({
  accountId: pub.accountId,
  kind: 'anomalyDetected',
  subject,
  body: `Reported: 1000\nExpected: 100 (range up to 125)\nThe "emails" usage of a subscription — far above its history.`,
  link: '/partner/usage/anomalies?anomalyId=1b0c5a43-8a5e-4c43-9f59-4d8f3f8f1f01',
  dedupeKey: subject,
});
const notify = (on: MailApp, input: NotifyInput) => database.db.transaction().execute((tx) => on.services.notifications.notify(tx, input));
const get = async <T = Record<string, unknown>>(on: MailApp, url: string): Promise<T> => {
  const res = await on.app.inject({ url, headers: operator.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
type Logged = { emailId: string; to: string; status: string; reason: string | null; attempts: number; smtpResponse: string | null; sentAt: string | null; messageId: string; outboxId: string };
const logOf = async (notificationId: string, on: MailApp = t) => (await get<{ items: Logged[] }>(on, `/api/admin/emails?notificationId=${notificationId}`)).items.sort((a, b) => a.to.localeCompare(b.to));
const detailOf = (emailId: string, on: MailApp = t) => get<Logged & { body: string; delivery: { status: string; nextAttemptAt: string | null; attempts: { outcome: string; error: string | null; detail: unknown }[] } }>(on, `/api/admin/emails/${emailId}`);

beforeAll(async () => {
  database = await testDatabase();
  await smtp.listen();
  t = await mailApp(database, clock, { AGORA_SMTP_URL: `smtp://agora:${encodeURIComponent('s3cret:pw')}@127.0.0.1:${smtp.port}`, AGORA_MAIL_FROM: 'Agora Marketplace <marketplace@agora.test>' });
  pub = await createPublisher({ app: t.app } as unknown as TestApp); // it needs only the app
  // A Developer (emailed about anomalies) and a Marketer (not).
  for (const [name, role] of [
    ['dev', 'Developer'],
    ['marketing', 'Marketer'],
  ]) {
    const u = unwrap(await t.services.identity.createUser(database.db, { tenantId: pub.tenantId, email: `${name}@${pub.publisherId}.example`, displayName: `The ${role}`, password: STRONG_PASSWORD }));
    const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [u.objectId], roles: [role] } });
    expect(add.statusCode, add.body).toBe(204);
  }
  developerEmail = `dev@${pub.publisherId}.example`;
  const ops = unwrap(await t.services.identity.signUpOrganization(database.db, { organizationName: 'Ops', email: 'ops@mail.example', displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(database.db, ops.user.objectId);
  operator = await signIn(t.app, 'ops@mail.example');
});
beforeEach(() => {
  smtp.received = [];
  smtp.refuse = undefined;
});
afterAll(async () => {
  await t?.app.close();
  await smtp.close();
  await database?.close();
});

describe('email over SMTP', () => {
  it('sends each recipient its email with AUTH, and logs the server’s answer', async () => {
    const n = await notify(t, notice('Usage anomaly: emails of flow on 2026-03-10'));
    expect(n.emails.map((e) => e.to).sort()).toEqual([developerEmail, pub.ownerEmail].sort());
    expect(await t.runner.drain()).toBe(2);

    expect(smtp.received).toHaveLength(2);
    expect(smtp.received.map((m) => m.to)).toEqual(expect.arrayContaining([[developerEmail], [pub.ownerEmail]]));
    const logged = await logOf(n.notificationId);
    for (const m of smtp.received) {
      expect(m.user).toBe('agora');
      expect(m.from).toBe('marketplace@agora.test');
      const { headers, text } = parse(m.raw);
      const entry = logged.find((e) => e.to === m.to[0])!;
      expect(headers.get('subject')).toBe('[Agora] Usage anomaly: emails of flow on 2026-03-10');
      expect(headers.get('from')).toBe('Agora Marketplace <marketplace@agora.test>');
      expect(headers.get('to')).toBe(m.to[0]);
      expect(headers.get('message-id')).toBe(entry.messageId);
      expect(headers.get('auto-submitted')).toBe('auto-generated');
      expect(headers.get('x-agora-notification-id')).toBe(n.notificationId);
      expect(text).toContain('Reported: 1000\nExpected: 100 (range up to 125)\nThe "emails" usage of a subscription — far above its history.');
      expect(text).toContain('Open it in Partner Center: http://agora.test/partner/usage/anomalies?anomalyId=1b0c5a43-8a5e-4c43-9f59-4d8f3f8f1f01');
      expect(text).toContain(m.to[0] === developerEmail ? 'Hello The Developer,' : 'Hello Owner,');
      expect(text).toContain(m.to[0] === developerEmail ? 'You receive this email as Developer of' : 'You receive this email as Owner of');
      expect(entry).toMatchObject({ status: 'sent', attempts: 1, reason: null, sentAt: clock.now().toISOString(), smtpResponse: expect.stringMatching(/^250 /) });
    }
    // The delivery log names the server, never its credentials.
    const detail = await detailOf(logged[0]!.emailId);
    expect(detail.delivery).toMatchObject({ status: 'done', attempts: [{ outcome: 'succeeded', detail: { status: 'sent', server: `smtp://127.0.0.1:${smtp.port}` } }] });
    expect(JSON.stringify(detail)).not.toContain('s3cret');
  });

  it('a replayed or rerun message does not send a sent email again', async () => {
    const n = await notify(t, notice('Replayed'));
    await t.runner.drain();
    expect(smtp.received).toHaveLength(2);
    const [first] = await logOf(n.notificationId);
    const replay = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${first!.outboxId}/replay`, headers: operator.headers });
    expect(replay.statusCode, replay.body).toBe(202);
    expect(await t.runner.drain()).toBe(1);
    expect(smtp.received).toHaveLength(2);
    const detail = await detailOf(first!.emailId);
    expect(detail).toMatchObject({ status: 'sent', attempts: 1 });
    expect(detail.delivery.attempts.map((a) => a.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(detail.delivery.attempts[1]!.detail).toMatchObject({ note: 'already sent; not sent again' });
  });

  it('a temporary refusal (4xx) is retried with back-off; a permanent one (5xx) fails the email at once', async () => {
    smtp.refuse = (address) => (address === developerEmail ? { code: 451, message: 'Mailbox busy, try later' } : { code: 550, message: 'No such mailbox' });
    const n = await notify(t, notice('Refused'));
    expect(await t.runner.drain()).toBe(2);
    expect(smtp.received).toHaveLength(0);
    const logged = await logOf(n.notificationId);
    const dev = logged.find((e) => e.to === developerEmail);
    const owner = logged.find((e) => e.to === pub.ownerEmail);
    expect(dev).toMatchObject({ to: developerEmail, status: 'queued', attempts: 1, sentAt: null, reason: expect.stringMatching(/451 Mailbox busy/) });
    expect(owner).toMatchObject({ to: pub.ownerEmail, status: 'failed', attempts: 1, reason: expect.stringMatching(/550 No such mailbox/) });
    const devDetail = await detailOf(dev!.emailId);
    expect(devDetail.delivery.status).toBe('pending');
    expect(Date.parse(devDetail.delivery.nextAttemptAt!)).toBeGreaterThan(clock.now().getTime());
    expect((await detailOf(owner!.emailId)).delivery).toMatchObject({ status: 'dead', nextAttemptAt: null, attempts: [{ outcome: 'dead' }] });

    // Not before the back-off; then the server takes it.
    expect(await t.runner.drain()).toBe(0);
    smtp.refuse = undefined;
    clock.advance(EMAIL_RETRY.baseDelayMs * (1 + EMAIL_RETRY.jitter));
    expect(await t.runner.drain()).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([[developerEmail]]);
    expect(await detailOf(dev!.emailId)).toMatchObject({ status: 'sent', attempts: 2, reason: null });
    // The permanent failure stays failed.
    clock.advance(24 * 3_600_000);
    expect(await t.runner.drain()).toBe(0);
    expect(await detailOf(owner!.emailId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('a server that is down is retried until it is back', async () => {
    const port = smtp.port;
    await smtp.close();
    const n = await notify(t, notice('Server down'));
    expect(await t.runner.drain()).toBe(2);
    for (const e of await logOf(n.notificationId)) expect(e).toMatchObject({ status: 'queued', attempts: 1, reason: expect.stringMatching(new RegExp(`^smtp://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`)) });
    await smtp.listen(port);
    clock.advance(EMAIL_RETRY.baseDelayMs * (1 + EMAIL_RETRY.jitter));
    expect(await t.runner.drain()).toBe(2);
    expect(smtp.received).toHaveLength(2);
    for (const e of await logOf(n.notificationId)) expect(e).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('after the last attempt the email has failed; a replay gets it fresh attempts', async () => {
    smtp.refuse = (address) => (address === developerEmail ? { code: 452, message: 'Insufficient storage' } : undefined);
    const n = await notify(t, notice('Out of attempts'));
    await t.runner.drain();
    const dev = (await logOf(n.notificationId)).find((e) => e.to === developerEmail)!;
    for (let attempt = 2; attempt <= EMAIL_RETRY.maxAttempts; attempt++) {
      expect(await detailOf(dev.emailId)).toMatchObject({ status: 'queued', attempts: attempt - 1 });
      clock.advance(EMAIL_RETRY.maxDelayMs * (1 + EMAIL_RETRY.jitter));
      expect(await t.runner.drain()).toBe(1);
    }
    expect(await detailOf(dev.emailId)).toMatchObject({ status: 'failed', attempts: EMAIL_RETRY.maxAttempts, reason: expect.stringMatching(/452 Insufficient storage/) });
    expect((await detailOf(dev.emailId)).delivery.status).toBe('dead');

    // The operator fixes the mailbox and replays: one more attempt is not the last one any more.
    let refusals = 1;
    smtp.refuse = (address) => (address === developerEmail && refusals-- > 0 ? { code: 452, message: 'Still full' } : undefined);
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${dev.outboxId}/replay`, headers: operator.headers })).statusCode).toBe(202);
    expect(await t.runner.drain()).toBe(1);
    expect(await detailOf(dev.emailId)).toMatchObject({ status: 'queued', attempts: EMAIL_RETRY.maxAttempts + 1, reason: expect.stringMatching(/Still full/) });
    clock.advance(EMAIL_RETRY.maxDelayMs * (1 + EMAIL_RETRY.jitter));
    expect(await t.runner.drain()).toBe(1);
    expect(await detailOf(dev.emailId)).toMatchObject({ status: 'sent', attempts: EMAIL_RETRY.maxAttempts + 2 });
  });

  it('without AGORA_SMTP_URL emails are recorded as not sent; replayed once a server is configured, they go out', async () => {
    const plain = await mailApp(database, clock, {});
    try {
      const n = await notify(plain, notice('Before SMTP'));
      expect(await plain.runner.drain()).toBe(2);
      expect(smtp.received).toHaveLength(0);
      const logged = await logOf(n.notificationId, plain);
      for (const e of logged) expect(e).toMatchObject({ status: 'notSent', reason: NO_SMTP_REASON, sentAt: null });
      // The server with SMTP (same database) replays them.
      for (const e of logged) expect((await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${e.outboxId}/replay`, headers: operator.headers })).statusCode).toBe(202);
      expect(await t.runner.drain()).toBe(2);
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([developerEmail, pub.ownerEmail].sort());
      for (const e of await logOf(n.notificationId)) expect(e).toMatchObject({ status: 'sent', reason: null });
    } finally {
      await plain.app.close();
    }
  });

  it('an invitation reaches the invitee: the link, who invited them to which account, and when it expires', async () => {
    const invitee = `newcomer@guests-of-${pub.publisherId}.example`;
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: [invitee], roles: ['Developer'] } });
    expect(res.statusCode, res.body).toBe(201);
    const [inv] = res.json<{ invitations: { acceptUrl: string; expiresAt: string }[] }>().invitations;
    expect(await t.runner.drain()).toBeGreaterThanOrEqual(1);

    const received = smtp.received.filter((m) => m.to.includes(invitee));
    expect(received).toHaveLength(1);
    const [m] = received;
    expect(m!.user).toBe('agora');
    expect(m!.from).toBe('marketplace@agora.test');
    const { headers, text } = parse(m!.raw);
    const [logged] = (await get<{ items: Logged[] }>(t, `/api/admin/emails?to=${encodeURIComponent(invitee)}`)).items;
    expect(logged).toMatchObject({ status: 'sent', attempts: 1, smtpResponse: expect.stringMatching(/^250 /) });
    expect(headers.get('subject')).toBe(`[Agora] Owner invited you to the publisher account ${pub.publisherId} Ltd. on Agora`);
    expect(headers.get('to')).toBe(invitee);
    expect(headers.get('message-id')).toBe(logged!.messageId);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('x-agora-email-kind')).toBe('invitation');
    expect(headers.has('x-agora-notification-id')).toBe(false);
    expect(text).toContain(`Owner (${pub.ownerEmail}) invited you to the publisher account ${pub.publisherId} Ltd. (publisher ID ${pub.publisherId}) on Agora, with the role Developer.`);
    expect(text).toContain(`\nAccept the invitation: ${inv!.acceptUrl}\n`);
    expect(text).toContain(`The link expires on ${inv!.expiresAt.slice(0, 10)} at ${inv!.expiresAt.slice(11, 16)} UTC.`);
  });

  it('AGORA_SMTP_URL must be an smtp or smtps URL', () => {
    expect(() => loadConfig({ AGORA_SMTP_URL: 'mail.example.com:25' })).toThrow(/AGORA_SMTP_URL/);
    expect(() => loadConfig({ AGORA_SMTP_URL: 'http://mail.example.com' })).toThrow(/AGORA_SMTP_URL/);
    expect(loadConfig({ AGORA_SMTP_URL: 'smtps://u:p@mail.example.com:465' }).smtpUrl).toBe('smtps://u:p@mail.example.com:465');
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ AGORA_PUBLIC_URL: 'https://market.example.com' }).mailFrom).toBe('Agora <no-reply@market.example.com>');
  });
});
