import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, registerApp, requestToken, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { newGuid } from '../../platform/ids.js';
import { EMAIL_TOPIC, NO_SMTP_REASON, type NotifyInput } from './index.js';

/**
 * The inbox and the email log without a mail server (the default in tests): who is emailed for a kind, read state per
 * person, paging and filters, permissions, and the log of emails recorded as not sent.
 */

let t: TestApp;
let pub: Publisher;
let other: Publisher;
let operator: Session;
const people: Record<string, { userId: string; email: string; session?: Session }> = {};

interface Inbox {
  items: { notificationId: string; kind: string; subject: string; body: string; link: string | null; data: Record<string, unknown>; createdAt: string; read: boolean; readAt: string | null }[];
  unreadCount: number;
  total: number;
}

async function user(p: Publisher, name: string, opts: { password?: boolean } = {}): Promise<{ userId: string; email: string }> {
  const email = `${name}@${p.publisherId}.example`;
  const created = unwrap(
    await t.services.identity.createUser(t.database.db, { tenantId: p.tenantId, email, displayName: name[0]!.toUpperCase() + name.slice(1), ...(opts.password === false ? {} : { password: STRONG_PASSWORD }) }),
  );
  return { userId: created.objectId, email };
}

async function addMember(p: Publisher, userId: string, roles: string[]): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${p.accountId}/users`, headers: p.owner.headers, payload: { userIds: [userId], roles } });
  expect(res.statusCode, res.body).toBe(204);
}

const notice = (over: Partial<NotifyInput> = {}): NotifyInput => ({
  accountId: pub.accountId,
  kind: 'anomalyDetected',
  subject: 'Usage anomaly: emails of contoso-flow on 2026-03-10',
  body: 'Reported: 1000\nExpected: 100',
  link: '/partner/usage/anomalies?anomalyId=x',
  data: { anomalyId: newGuid() },
  ...over,
});

const notify = (input: NotifyInput) => t.database.db.transaction().execute((tx) => t.services.notifications.notify(tx, input));
const inbox = async (headers: Record<string, string>, query = '', accountId = pub.accountId) => {
  const res = await t.app.inject({ url: `/api/accounts/${accountId}/notifications${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Inbox>();
};
const post = (path: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/notifications${path}`, headers });
const emails = async (query: string) => {
  const res = await t.app.inject({ url: `/api/admin/emails${query}`, headers: operator.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { emailId: string; notificationId: string; to: string; recipientUserId: string; subject: string; status: string; reason: string | null; attempts: number; outboxId: string; messageId: string }[] }>().items;
};

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  other = await createPublisher(t);
  // One member per role, a Manager and a Marketer through a group, a pending invitee, a disabled-by-absence app.
  for (const [name, roles] of [
    ['manager', null],
    ['developer', ['Developer']],
    ['finance', ['FinancialContributor']],
    ['business', ['BusinessContributor']],
    ['marketer', ['Marketer']],
    ['both', ['Marketer', 'Developer']],
    ['grouped', null],
  ] as const) {
    people[name] = await user(pub, name);
    if (roles) await addMember(pub, people[name]!.userId, [...roles]);
  }
  people.invited = await user(pub, 'invited', { password: false });
  await addMember(pub, people.invited.userId, ['Owner']);
  // The Manager role comes through a group; "grouped" is in it and also a direct Marketer (one email, not two).
  const group = await t.app.inject({
    method: 'POST',
    url: `/api/accounts/${pub.accountId}/groups`,
    headers: pub.owner.headers,
    payload: { displayName: 'Managers', memberIds: [people.manager!.userId, people.grouped!.userId], roles: ['Manager'] },
  });
  expect(group.statusCode, group.body).toBe(201);
  await addMember(pub, people.grouped!.userId, ['Marketer']);
  await registerApp(t, pub, ['Owner']);
  for (const name of ['marketer', 'manager', 'developer']) people[name]!.session = await signIn(t.app, people[name]!.email);
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops@${pub.publisherId}.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops@${pub.publisherId}.example`);
});
afterAll(async () => t?.close());

describe('notify', () => {
  it("writes the inbox row and one email per member whose roles the kind concerns, in the caller's transaction", async () => {
    const before = await inbox(pub.owner.headers);
    const result = await notify(notice({ subject: 'First', dedupeKey: 'first' }));
    expect(result.created).toBe(true);
    // anomalyDetected: Owner, Manager (through the group), Developer, Financial contributor; "both" is a Developer
    // too. Not the Business contributor, the Marketer, the pending invitee (an Owner) or the app.
    const expected = [pub.ownerEmail, people.manager!.email, people.grouped!.email, people.developer!.email, people.finance!.email, people.both!.email].sort();
    expect(result.emails.map((e) => e.to).sort()).toEqual(expected);

    const after = await inbox(pub.owner.headers);
    expect(after.total).toBe(before.total + 1);
    expect(after.unreadCount).toBe(before.unreadCount + 1);
    expect(after.items[0]).toMatchObject({ notificationId: result.notificationId, kind: 'anomalyDetected', subject: 'First', body: 'Reported: 1000\nExpected: 100', link: '/partner/usage/anomalies?anomalyId=x', read: false, readAt: null });

    // The emails are in the log and queued in the outbox, one message each.
    const log = await emails(`?notificationId=${result.notificationId}`);
    expect(log.map((e) => e.to).sort()).toEqual(expected);
    for (const e of log) {
      expect(e).toMatchObject({ status: 'queued', attempts: 0, reason: null, subject: '[Agora] First', messageId: `<${e.emailId}@agora.test>` });
      const m = await t.app.inject({ url: `/api/admin/outbox/${e.outboxId}`, headers: operator.headers });
      expect(m.json().message).toMatchObject({ topic: EMAIL_TOPIC, status: 'pending', payload: { emailId: e.emailId } });
    }
    const detail = await t.app.inject({ url: `/api/admin/emails/${log.find((e) => e.to === people.finance!.email)!.emailId}`, headers: operator.headers });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().body).toContain('Hello Finance,\n\nReported: 1000\nExpected: 100\n\nOpen it in Partner Center: http://agora.test/partner/usage/anomalies?anomalyId=x');
    expect(detail.json().body).toContain(`You receive this email as Financial contributor of the publisher account ${pub.publisherId} Ltd. (${pub.publisherId})`);

    // Without a mail server each is recorded as not sent, with the reason, and the outbox message is done (no retry).
    expect(await t.runner.drain()).toBe(6);
    for (const e of await emails(`?notificationId=${result.notificationId}`)) expect(e).toMatchObject({ status: 'notSent', reason: NO_SMTP_REASON, attempts: 1 });
    const delivered = await t.app.inject({ url: `/api/admin/emails/${log[0]!.emailId}`, headers: operator.headers });
    expect(delivered.json().delivery).toMatchObject({ status: 'done', nextAttemptAt: null, attempts: [{ attempt: 1, outcome: 'succeeded', detail: { status: 'not_sent', reason: NO_SMTP_REASON } }] });
  });

  it('writes nothing when the caller rolls back, and nothing twice for one dedupe key', async () => {
    const before = await inbox(pub.owner.headers);
    const logged = (await emails('?top=500')).length;
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await t.services.notifications.notify(tx, notice({ subject: 'Rolled back' }));
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect((await inbox(pub.owner.headers)).total).toBe(before.total);
    expect(await emails('?top=500')).toHaveLength(logged);

    const again = await notify(notice({ subject: 'First again', dedupeKey: 'first' }));
    expect(again).toMatchObject({ created: false, emails: [] });
    expect((await inbox(pub.owner.headers)).items.find((n) => n.notificationId === again.notificationId)?.subject).toBe('First');
    // The same key for another account is another notification.
    expect((await notify(notice({ accountId: other.accountId, dedupeKey: 'first' }))).created).toBe(true);
    expect(await t.runner.drain()).toBe(1); // the other account's owner
  });

  it("refuses input that is the caller's bug", async () => {
    for (const bad of [
      { subject: '' },
      { subject: 'x'.repeat(201) },
      { subject: 'two\nlines' },
      { link: 'https://evil.example/' },
      { link: '//evil.example/' },
      { accountId: 'nope' },
      { kind: 'somethingElse' as NotifyInput['kind'] },
      { body: 'x'.repeat(10_001) },
    ])
      await expect(notify(notice(bad))).rejects.toThrow(RangeError);
  });
});

describe('the inbox', () => {
  it('pages newest first, filters unread, and keeps read state per person', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      t.clock.advance(60_000);
      ids.unshift((await notify(notice({ subject: `Paged ${i}` }))).notificationId);
    }
    const marketer = people.marketer!.session!;
    const page1 = await inbox(marketer.headers, '?top=2');
    expect(page1.items.map((n) => n.subject)).toEqual(['Paged 3', 'Paged 2']);
    const page2 = await inbox(marketer.headers, '?top=2&skip=2');
    expect(page2.items.map((n) => n.subject)).toEqual(['Paged 1', 'First']);
    expect(page1.total).toBe(page1.unreadCount);

    // The Marketer reads one; the Manager's copy stays unread.
    const read = await post(`/${ids[1]}/read`, marketer.headers);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ notificationId: ids[1], read: true, readAt: t.clock.now().toISOString() });
    t.clock.advance(60_000);
    expect((await post(`/${ids[1]!.toUpperCase()}/read`, marketer.headers)).json().readAt).toBe(read.json().readAt); // again: no change
    const mine = await inbox(marketer.headers);
    expect(mine.unreadCount).toBe(page1.unreadCount - 1);
    expect(mine.items.find((n) => n.notificationId === ids[1])!.read).toBe(true);
    expect((await inbox(marketer.headers, '?unread=true')).items.map((n) => n.notificationId)).not.toContain(ids[1]);
    expect((await inbox(marketer.headers, '?unread=true')).total).toBe(mine.unreadCount);
    const managers = await inbox(people.manager!.session!.headers);
    expect(managers.unreadCount).toBe(page1.unreadCount);

    // Read all: everything there is now; a later notification is unread again.
    const all = await post('/read-all', marketer.headers);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ marked: mine.unreadCount, unreadCount: 0 });
    expect((await post('/read-all', marketer.headers)).json()).toEqual({ marked: 0, unreadCount: 0 });
    expect(await inbox(marketer.headers, '?unread=true')).toEqual({ items: [], unreadCount: 0, total: 0 });
    const later = await notify(notice({ subject: 'Later' }));
    expect((await inbox(marketer.headers, '?unread=true')).items.map((n) => n.notificationId)).toEqual([later.notificationId]);
    expect((await inbox(people.manager!.session!.headers)).unreadCount).toBe(managers.unreadCount + 1);
    await t.runner.drain();
  });

  it('is for members who may read the account; another account’s notification is not found', async () => {
    const ours = (await inbox(pub.owner.headers)).items[0]!;
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/notifications` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/notifications`, headers: other.owner.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/notifications/read-all`, headers: other.owner.headers })).statusCode).toBe(403);
    // Through its own account, another account's notification does not exist.
    const foreign = await t.app.inject({ method: 'POST', url: `/api/accounts/${other.accountId}/notifications/${ours.notificationId}/read`, headers: other.owner.headers });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'NotFound', target: 'notificationId' });
    expect((await post('/not-a-guid/read', pub.owner.headers)).statusCode).toBe(404);
    expect((await post(`/${newGuid()}/read`, pub.owner.headers)).statusCode).toBe(404);
    // A change needs the CSRF token.
    const noCsrf = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/notifications/read-all`, headers: { cookie: pub.owner.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/notifications?top=0`, headers: pub.owner.headers })).statusCode).toBe(400);
  });

  it('an app of the account reads the inbox with its own read state', async () => {
    const app = await registerApp(t, pub, ['Developer']);
    const token = await requestToken(t.app, pub.tenantId, { grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, resource: 'https://api.partner.microsoft.com' });
    expect(token.statusCode, token.body).toBe(200);
    const headers = { authorization: `Bearer ${token.json().access_token}` };
    const before = await inbox(headers);
    expect(before.unreadCount).toBe(before.total);
    expect((await post('/read-all', headers)).json()).toEqual({ marked: before.total, unreadCount: 0 });
    expect((await inbox(pub.owner.headers)).unreadCount).toBeGreaterThan(0);
  });
});

describe('the email log', () => {
  it('is for operators, filters by status, account and address', async () => {
    expect((await t.app.inject({ url: '/api/admin/emails', headers: pub.owner.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/emails' })).statusCode).toBe(401);
    const all = await emails('?top=500');
    expect(all.length).toBeGreaterThan(10);
    expect(all.every((e) => e.status === 'notSent')).toBe(true);
    expect(await emails('?status=sent')).toEqual([]);
    expect((await emails(`?accountId=${other.accountId}`)).map((e) => e.to)).toEqual([other.ownerEmail]);
    const finance = await emails(`?to=${encodeURIComponent(people.finance!.email.toUpperCase())}`);
    expect(finance.length).toBeGreaterThan(0);
    expect(finance.every((e) => e.to === people.finance!.email && e.recipientUserId === people.finance!.userId)).toBe(true);
    expect((await emails('?top=2&skip=1')).map((e) => e.emailId)).toEqual(all.slice(1, 3).map((e) => e.emailId));
    expect((await t.app.inject({ url: `/api/admin/emails/${newGuid()}`, headers: operator.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/admin/emails?status=bounced', headers: operator.headers })).statusCode).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(spec.paths['/api/accounts/{accountId}/notifications'].get.operationId).toBe('listNotifications');
    expect(spec.paths['/api/accounts/{accountId}/notifications/{notificationId}/read'].post.operationId).toBe('readNotification');
    expect(spec.paths['/api/accounts/{accountId}/notifications/read-all'].post.operationId).toBe('readAllNotifications');
    expect(spec.paths['/api/admin/emails'].get.operationId).toBe('listEmails');
    expect(spec.paths['/api/admin/emails/{emailId}'].get.operationId).toBe('getEmail');
  });
});
