import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import type { Executor } from '../../platform/db/index.js';
import { EMAIL_TOPIC, NO_SMTP_REASON, type SendEmailInput } from './index.js';

/**
 * sendEmail: one email to an address (not to the account's roles), with the same log row and outbox message as
 * notify's emails; in the caller's transaction, deduplicated by key, and refusing malformed input.
 */

let t: TestApp;
let pub: Publisher;
let operator: Session;

interface Logged {
  emailId: string;
  notificationId: string | null;
  accountId: string | null;
  to: string;
  recipientUserId: string | null;
  subject: string;
  status: string;
  reason: string | null;
  attempts: number;
  outboxId: string;
  messageId: string;
}

const logTo = async (address: string): Promise<Logged[]> => {
  const res = await t.app.inject({ url: `/api/admin/emails?to=${encodeURIComponent(address)}`, headers: operator.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Logged[] }>().items;
};
const inTx = <T>(fn: (x: Executor) => Promise<T>) => t.database.db.transaction().execute(fn);
const mail = (over: Partial<SendEmailInput> = {}): SendEmailInput => ({
  kind: 'invitation',
  to: `someone@${pub.publisherId}-mail.example`,
  subject: 'You are invited',
  text: 'Open the link.',
  accountId: pub.accountId,
  ...over,
});

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops@${pub.publisherId}-ops.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops@${pub.publisherId}-ops.example`);
});
afterAll(async () => t?.close());

describe('sendEmail', () => {
  it('logs and queues one email to the address, as notify does, and the runner records it as not sent without SMTP', async () => {
    const to = `direct@${pub.publisherId}-mail.example`;
    const queued = await inTx((x) => t.services.notifications.sendEmail(x, mail({ to, recipientUserId: pub.ownerId, text: 'Line one\nLine two' })));
    expect(queued).toMatchObject({ to, created: true });
    const [logged] = await logTo(to);
    expect(logged).toMatchObject({
      emailId: queued.emailId,
      outboxId: queued.outboxId,
      notificationId: null,
      accountId: pub.accountId,
      recipientUserId: pub.ownerId,
      subject: '[Agora] You are invited',
      status: 'queued',
      attempts: 0,
      messageId: `<${queued.emailId}@agora.test>`,
    });
    const detail = await t.app.inject({ url: `/api/admin/emails/${queued.emailId}`, headers: operator.headers });
    expect(detail.json().body).toBe('Line one\nLine two\n');
    const m = await t.app.inject({ url: `/api/admin/outbox/${queued.outboxId}`, headers: operator.headers });
    expect(m.json().message).toMatchObject({ topic: EMAIL_TOPIC, status: 'pending', payload: { emailId: queued.emailId, kind: 'invitation' } });
    await t.runner.drain();
    expect(await logTo(to)).toEqual([expect.objectContaining({ status: 'notSent', reason: NO_SMTP_REASON, attempts: 1 })]);
  });

  it("writes nothing when the caller rolls back, and nothing twice for one kind and dedupe key", async () => {
    const to = `rolled@${pub.publisherId}-mail.example`;
    await expect(
      inTx(async (x) => {
        await t.services.notifications.sendEmail(x, mail({ to }));
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await logTo(to)).toEqual([]);

    const once = `once@${pub.publisherId}-mail.example`;
    const first = await inTx((x) => t.services.notifications.sendEmail(x, mail({ to: once, dedupeKey: 'k1' })));
    const second = await inTx((x) => t.services.notifications.sendEmail(x, mail({ to: once, dedupeKey: 'k1', subject: 'Again' })));
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    const other = await inTx((x) => t.services.notifications.sendEmail(x, mail({ to: once, dedupeKey: 'k2' })));
    expect(other.created).toBe(true);
    expect((await logTo(once)).map((e) => e.emailId).sort()).toEqual([first.emailId, other.emailId].sort());
  });

  it.each([
    [{ kind: 'anomalyDetected' as never }, /unknown email kind/],
    [{ to: 'not-an-email' }, /not an email address/],
    [{ to: ' padded@mail.example' }, /spaces/],
    [{ subject: 'two\nlines' }, /one line/],
    [{ subject: 'x'.repeat(201) }, /one line of 1 to 200/],
    [{ text: '  ' }, /the text has 1 to/],
    [{ accountId: 'nope' }, /accountId is not a GUID/],
    [{ dedupeKey: '' }, /dedupe key/],
  ])('refuses %j', async (over, message) => {
    const before = (await logTo(`someone@${pub.publisherId}-mail.example`)).length;
    await expect(inTx((x) => t.services.notifications.sendEmail(x, mail(over)))).rejects.toThrow(message);
    expect(await logTo(`someone@${pub.publisherId}-mail.example`)).toHaveLength(before);
  });
});
