import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { EMAIL_TOPIC, NO_SMTP_REASON } from '../notifications/index.js';

/**
 * Invitations are emailed (ADR 0016, "Invitations"): each invitee gets the link through the notifications module's
 * email log and outbox, in the invitation's transaction; "Resend invitation" emails the new link; an invitation that
 * fails emails nobody. No mail server here: the emails are logged, then recorded as not sent.
 */

let t: TestApp;
let pub: Publisher;
let manager: Session;
let operator: Session;
/** Addresses unique to this run's account. */
let domain: string;

interface Logged {
  emailId: string;
  notificationId: string | null;
  accountId: string | null;
  to: string;
  recipientUserId: string | null;
  subject: string;
  status: string;
  reason: string | null;
  outboxId: string;
  messageId: string;
}

interface Sent {
  invitationId: string;
  email: string;
  roles: string[];
  expiresAt: string;
  acceptUrl: string;
}

const emailsTo = async (address: string): Promise<Logged[]> => {
  const res = await t.app.inject({ url: `/api/admin/emails?to=${encodeURIComponent(address)}`, headers: operator.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Logged[] }>().items;
};
const bodyOf = async (emailId: string): Promise<string> => {
  const res = await t.app.inject({ url: `/api/admin/emails/${emailId}`, headers: operator.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ body: string }>().body;
};
const emailCount = async (): Promise<number> => (await sql<{ n: number }>`select count(*)::int as n from notifications_email`.execute(t.database.db)).rows[0]!.n;
const invite = (headers: Record<string, string>, emails: string | string[], roles: string[]) =>
  t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers, payload: { emails, roles } });
/** "2026-05-10 at 14:03 UTC", as the email writes an instant. */
const utc = (iso: string) => `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  domain = `guests-of-${pub.publisherId}.example`;
  // A Manager invites; Managers and Owners may (users.manage).
  const mia = unwrap(await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email: `mia@${pub.publisherId}.example`, displayName: 'Mia Manager', password: STRONG_PASSWORD }));
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [mia.objectId], roles: ['Manager'] } });
  expect(add.statusCode, add.body).toBe(204);
  manager = await signIn(t.app, `mia@${pub.publisherId}.example`);
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops@${domain}`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops@${domain}`);
});
afterAll(async () => t?.close());

describe('invitation emails', () => {
  it('emails each invitee the link: who invited them to which account, the roles, and when the link expires', async () => {
    const other = await createPublisher(t); // someone who already has an Agora sign-in
    const res = await invite(manager.headers, `Ana@${domain}; ${other.ownerEmail}`, ['Developer', 'BusinessContributor']);
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json<{ invitations: Sent[] }>().invitations;
    expect(sent.map((s) => s.email)).toEqual([`ana@${domain}`, other.ownerEmail]);
    const ana = await t.services.identity.findUserByEmail(t.database.db, `ana@${domain}`);
    expect(ana).toMatchObject({ userType: 'guest' });

    for (const s of sent) {
      const log = await emailsTo(s.email);
      expect(log).toHaveLength(1);
      const [email] = log;
      expect(email).toMatchObject({
        notificationId: null,
        accountId: pub.accountId,
        to: s.email,
        recipientUserId: s.email === other.ownerEmail ? other.ownerId : ana!.objectId,
        subject: `[Agora] Mia Manager invited you to the publisher account ${pub.publisherId} Ltd. on Agora`,
        status: 'queued',
        messageId: `<${email!.emailId}@agora.test>`,
      });
      const body = await bodyOf(email!.emailId);
      expect(body).toContain(
        `Mia Manager (mia@${pub.publisherId}.example) invited you to the publisher account ${pub.publisherId} Ltd. (publisher ID ${pub.publisherId}) on Agora, with the roles Developer and Business contributor.`,
      );
      expect(body).toContain(`\nAccept the invitation: ${s.acceptUrl}\n`);
      expect(body).toContain(`The link expires on ${utc(s.expiresAt)}.`);
      expect(body).not.toContain('It replaces the link');
      if (s.email === other.ownerEmail) expect(body).toContain(`open the link signed in as ${other.ownerEmail} to accept`);
      else expect(body).toContain(`you choose your name and a password; you then sign in to Agora as ana@${domain}`);
      // The link in the email is the one that works.
      const link = /Accept the invitation: (\S+)/.exec(body)![1]!;
      const preview = await t.app.inject({ url: link.replace('http://agora.test/invitations/', '/api/invitations/') });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json()).toMatchObject({ email: s.email, publisherId: pub.publisherId });
      // One outbox message each, of the invitation kind.
      const m = await t.app.inject({ url: `/api/admin/outbox/${email!.outboxId}`, headers: operator.headers });
      expect(m.json().message).toMatchObject({ topic: EMAIL_TOPIC, status: 'pending', payload: { emailId: email!.emailId, kind: 'invitation' } });
    }

    // Without a mail server they are recorded as not sent, as notifications' emails are.
    await t.runner.drain();
    for (const s of sent) expect(await emailsTo(s.email)).toEqual([expect.objectContaining({ status: 'notSent', reason: NO_SMTP_REASON })]);
  });

  it('one role is written in the singular', async () => {
    const res = await invite(pub.owner.headers, `solo@${domain}`, ['FinancialContributor']);
    expect(res.statusCode, res.body).toBe(201);
    const [email] = await emailsTo(`solo@${domain}`);
    const body = await bodyOf(email!.emailId);
    expect(body).toContain(`Owner (${pub.ownerEmail}) invited you to the publisher account ${pub.publisherId} Ltd. (publisher ID ${pub.publisherId}) on Agora, with the role Financial contributor.`);
  });

  it('"Resend invitation" emails the new link, in the name of the person who invited; the old link stops working', async () => {
    const res = await invite(manager.headers, [`cy@${domain}`], ['Marketer']);
    const inv = res.json<{ invitations: Sent[] }>().invitations[0]!;
    expect(await emailsTo(`cy@${domain}`)).toHaveLength(1);
    // Two hours later (within the sessions' 12 hours), on both clocks: the log's newest email is the resent one.
    t.securityClock.advance(2 * 3_600_000);
    t.clock.advance(2 * 3_600_000);
    try {
      // The Owner resends the Manager's invitation.
      const resent = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations/${inv.invitationId}/resend`, headers: pub.owner.headers });
      expect(resent.statusCode, resent.body).toBe(200);
      const again = resent.json<Sent>();
      expect(again.acceptUrl).not.toBe(inv.acceptUrl);
      expect(again.expiresAt).not.toBe(inv.expiresAt);

      const log = await emailsTo(`cy@${domain}`); // newest first
      expect(log).toHaveLength(2);
      const [newest, first] = await Promise.all(log.map((e) => bodyOf(e.emailId)));
      expect(first).toContain(inv.acceptUrl);
      expect(newest).toContain(`\nAccept the invitation: ${again.acceptUrl}\n`);
      expect(newest).not.toContain(inv.acceptUrl);
      expect(newest).toContain(`The link expires on ${utc(again.expiresAt)}. It replaces the link of any earlier email about this invitation, which no longer works.`);
      expect(newest).toContain(`Mia Manager (mia@${pub.publisherId}.example) invited you to the publisher account ${pub.publisherId} Ltd.`);
      expect(log[0]).toMatchObject({ subject: `[Agora] Mia Manager invited you to the publisher account ${pub.publisherId} Ltd. on Agora`, status: 'queued' });
      expect((await t.app.inject({ url: inv.acceptUrl.replace('http://agora.test/invitations/', '/api/invitations/') })).statusCode).toBe(404);
    } finally {
      t.securityClock.set(new Date());
    }
  });

  it('an invitation that fails emails nobody', async () => {
    const before = await emailCount();
    // More than the batch limit: refused before anything is written.
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@${domain}`).join('; ');
    const tooMany = await invite(pub.owner.headers, eleven, ['Developer']);
    expect(tooMany.statusCode).toBe(400);
    expect(await emailsTo(`p0@${domain}`)).toEqual([]);
    // The first address is invited and emailed, then the second is already a member: all of it is rolled back.
    const conflict = await invite(pub.owner.headers, `first@${domain}, mia@${pub.publisherId}.example`, ['Developer']);
    expect(conflict.statusCode, conflict.body).toBe(409);
    expect(await emailsTo(`first@${domain}`)).toEqual([]);
    const list = (await t.app.inject({ url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers })).json<{ invitations: Sent[] }>().invitations;
    expect(list.map((i) => i.email)).not.toContain(`first@${domain}`);
    expect(await emailCount()).toBe(before);

    // A revoked invitation cannot be resent, and is not emailed.
    const inv = (await invite(pub.owner.headers, `gone@${domain}`, ['Developer'])).json<{ invitations: Sent[] }>().invitations[0]!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/accounts/${pub.accountId}/invitations/${inv.invitationId}`, headers: pub.owner.headers })).statusCode).toBe(204);
    const resend = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations/${inv.invitationId}/resend`, headers: pub.owner.headers });
    expect(resend.statusCode).toBe(409);
    expect(await emailsTo(`gone@${domain}`)).toHaveLength(1);
    expect(await emailCount()).toBe(before + 1);
  });
});
