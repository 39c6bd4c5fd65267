import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, registerApp, signIn, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';

let t: TestApp;
let pub: Publisher;

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
});
afterAll(async () => t?.close());

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
  return rows[0]!.n;
}

/** A directory user of the publisher's tenant with the given roles on its account, signed in. */
async function member(roles: string[]) {
  const email = `${roles.join('-').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: roles.join(' '), password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  expect(add.statusCode).toBe(204);
  return { user: user.value, session: await signIn(t.app, email) };
}

describe('sessions', () => {
  it('signs in, reports the user with a CSRF token, and signs out', async () => {
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: pub.owner.cookie } });
    expect(me.json()).toMatchObject({ user: { email: pub.ownerEmail }, csrfToken: pub.owner.csrf });
    const cookie = (await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: pub.ownerEmail, password: STRONG_PASSWORD } })).cookies[0]!;
    expect(cookie).toMatchObject({ name: 'agora_session', httpOnly: true, sameSite: 'Lax', path: '/' });
    const session = await signIn(t.app, pub.ownerEmail);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: session.headers });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: session.cookie } })).json()).toEqual({ user: null });
  });

  it('refuses wrong passwords and unknown users alike, and form-encoded sign-in (login CSRF)', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: pub.ownerEmail, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'nobody@nowhere.example', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: pub.ownerEmail, password: STRONG_PASSWORD }),
    });
    expect(form.statusCode).toBe(415);
  });

  it('sessions expire after 12 hours', async () => {
    const session = await signIn(t.app, pub.ownerEmail);
    t.securityClock.advance(12 * 3600_000 + 1000);
    try {
      expect((await t.app.inject({ url: '/api/me', headers: { cookie: session.cookie } })).json()).toEqual({ user: null });
      expect((await t.app.inject({ url: '/api/me/accounts', headers: { cookie: session.cookie } })).statusCode).toBe(401);
    } finally {
      t.securityClock.set(new Date());
    }
  });

  it('a change without the CSRF header is refused and writes nothing', async () => {
    const before = await count('accounts_publisher_account');
    const res = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie: pub.owner.cookie }, payload: { publisherId: 'csrf-victim', displayName: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CsrfTokenInvalid');
    expect(await count('accounts_publisher_account')).toBe(before);
  });

  it('sign-up refuses weak passwords and taken emails without writing anything', async () => {
    const tenants = await count('identity_tenant');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: { organizationName: 'Weak', email: 'a@weak.example', displayName: 'A', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.target).toBe('password');
    const taken = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: { organizationName: 'Dup', email: pub.ownerEmail, displayName: 'A', password: STRONG_PASSWORD } });
    expect(taken.statusCode).toBe(409);
    expect(await count('identity_tenant')).toBe(tenants);
  });
});

describe('publisher accounts', () => {
  it('publisher ids are validated and unique; a second account with a taken id is 409', async () => {
    for (const publisherId of ['Bad Id', 'ab', 'x'.repeat(51), '-lead']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: pub.owner.headers, payload: { publisherId, displayName: 'X' } });
      expect(res.statusCode).toBe(400);
    }
    const dup = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: pub.owner.headers, payload: { publisherId: pub.publisherId, displayName: 'X' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.target).toBe('publisherId');
  });

  it('the creator is Owner; the account lists with its roles and actions', async () => {
    const res = await t.app.inject({ url: '/api/me/accounts', headers: pub.owner.headers });
    const account = res.json().accounts.find((a: { accountId: string }) => a.accountId === pub.accountId);
    expect(account).toMatchObject({ publisherId: pub.publisherId, roles: ['Owner'] });
    expect(account.sellerId).toMatch(/^\d{8}$/);
    expect(account.actions).toEqual(expect.arrayContaining(['users.manage', 'payout.manage', 'offers.write']));
  });

  it('personal accounts cannot open a publisher account', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up/personal', payload: { email: 'me@personal.example', displayName: 'Me', password: STRONG_PASSWORD } });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.tenantId).toBe('9188040d-6c67-4c5b-b112-36a304b66dad');
    const session = await signIn(t.app, 'me@personal.example');
    const open = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: session.headers, payload: { publisherId: 'personal-pub', displayName: 'X' } });
    expect(open.statusCode).toBe(403);
    expect(open.json().error.code).toBe('WorkAccountRequired');
  });

  it('outsiders and anonymous callers get nothing', async () => {
    const other = await createPublisher(t);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}`, headers: other.owner.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/accounts/not-a-guid`, headers: other.owner.headers })).statusCode).toBe(403);
  });
});

describe('roles', () => {
  it.each([
    [['Developer'], 'users.manage', 403],
    [['Manager'], 'users.manage', 204],
    [['Marketer'], 'users.manage', 403],
  ])('%j adding users → %s %i', async (roles, _action, status) => {
    const { session } = await member(roles);
    const target = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email: `t${Math.random().toString(36).slice(2)}@${pub.publisherId}.example`, displayName: 'T', password: STRONG_PASSWORD });
    if (!target.ok) throw new Error(target.error.message);
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: session.headers, payload: { userIds: [target.value.objectId], roles: ['Developer'] } });
    expect(res.statusCode).toBe(status);
  });

  it("a group's members get the group's roles", async () => {
    const { user, session } = await member(['Marketer']);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/invitations`, headers: session.headers })).statusCode).toBe(403);
    const group = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/groups`, headers: pub.owner.headers, payload: { displayName: 'Admins', memberIds: [user.objectId], roles: ['Manager'] } });
    expect(group.statusCode).toBe(201);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/invitations`, headers: session.headers })).statusCode).toBe(200);
    const members = (await t.app.inject({ url: `/api/accounts/${pub.accountId}/members`, headers: pub.owner.headers })).json();
    expect(members.groups).toEqual([expect.objectContaining({ displayName: 'Admins', roles: ['Manager'], memberIds: [user.objectId] })]);
  });

  it('unknown roles are refused; the last Owner cannot be demoted or removed', async () => {
    const { user } = await member(['Developer']);
    const bad = await t.app.inject({ method: 'PUT', url: `/api/accounts/${pub.accountId}/members/users/${user.objectId}/roles`, headers: pub.owner.headers, payload: { roles: ['Admin'] } });
    expect(bad.statusCode).toBe(400);
    const demote = await t.app.inject({ method: 'PUT', url: `/api/accounts/${pub.accountId}/members/users/${pub.ownerId}/roles`, headers: pub.owner.headers, payload: { roles: ['Manager'] } });
    expect(demote.statusCode).toBe(409);
    const remove = await t.app.inject({ method: 'DELETE', url: `/api/accounts/${pub.accountId}/members/users/${pub.ownerId}`, headers: pub.owner.headers });
    expect(remove.statusCode).toBe(409);
    const promote = await t.app.inject({ method: 'PUT', url: `/api/accounts/${pub.accountId}/members/users/${user.objectId}/roles`, headers: pub.owner.headers, payload: { roles: ['Owner'] } });
    expect(promote.statusCode).toBe(204);
    const removeOther = await t.app.inject({ method: 'DELETE', url: `/api/accounts/${pub.accountId}/members/users/${user.objectId}`, headers: pub.owner.headers });
    expect(removeOther.statusCode).toBe(204);
  });
});

describe('invitations', () => {
  it('invites up to 10 addresses separated by , or ; — 11 is 400 and nothing is written', async () => {
    const before = await count('accounts_invitation');
    const users = await count('identity_user');
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@guests.example`).join('; ');
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: eleven, roles: ['Developer'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.target).toBe('emails');
    expect(await count('accounts_invitation')).toBe(before);
    expect(await count('identity_user')).toBe(users);
    const bad = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: 'ok@guests.example, not-an-email', roles: ['Developer'] } });
    expect(bad.statusCode).toBe(400);
    expect(await count('accounts_invitation')).toBe(before);
  });

  it('an invited person accepts with a name and password, becomes a guest member with the roles, and the link is then spent', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: 'Ana@Guests.example, ben@guests.example', roles: ['Developer', 'Marketer'] } });
    expect(res.statusCode).toBe(201);
    const [ana, ben] = res.json().invitations;
    expect(ana).toMatchObject({ email: 'ana@guests.example', state: 'pending', roles: ['Developer', 'Marketer'] });
    expect(ben.email).toBe('ben@guests.example');
    const token = decodeURIComponent(ana.acceptUrl.split('/invitations/')[1]);
    expect(ana.acceptUrl.startsWith('http://agora.test/invitations/')).toBe(true);

    const preview = await t.app.inject({ url: `/api/invitations/${encodeURIComponent(token)}` });
    expect(preview.json()).toMatchObject({ email: 'ana@guests.example', needsPassword: true, publisherId: pub.publisherId });
    const noPassword = await t.app.inject({ method: 'POST', url: `/api/invitations/${encodeURIComponent(token)}/accept`, payload: { displayName: 'Ana' } });
    expect(noPassword.statusCode).toBe(400);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/invitations/${encodeURIComponent(token)}/accept`, payload: { displayName: 'Ana', password: STRONG_PASSWORD } });
    expect(accepted.statusCode).toBe(200);
    const session = await signIn(t.app, 'ana@guests.example');
    const mine = (await t.app.inject({ url: '/api/me/accounts', headers: session.headers })).json().accounts;
    expect(mine).toEqual([expect.objectContaining({ accountId: pub.accountId, roles: ['Developer', 'Marketer'] })]);
    const again = await t.app.inject({ method: 'POST', url: `/api/invitations/${encodeURIComponent(token)}/accept`, payload: { displayName: 'Ana', password: STRONG_PASSWORD } });
    expect(again.statusCode).toBe(410);
    const list = (await t.app.inject({ url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers })).json().invitations;
    expect(list.find((i: { email: string }) => i.email === 'ana@guests.example').state).toBe('accepted');
    const members = (await t.app.inject({ url: `/api/accounts/${pub.accountId}/members`, headers: pub.owner.headers })).json();
    expect(members.users.find((u: { email: string }) => u.email === 'ana@guests.example')).toMatchObject({ userType: 'guest', state: 'active' });
  });

  it('resending replaces the link; expired links are refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: ['cy@guests.example'], roles: ['Developer'] } });
    const inv = res.json().invitations[0];
    const resent = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations/${inv.invitationId}/resend`, headers: pub.owner.headers });
    expect(resent.statusCode).toBe(200);
    const oldToken = inv.acceptUrl.split('/invitations/')[1];
    const newToken = resent.json().acceptUrl.split('/invitations/')[1];
    expect((await t.app.inject({ url: `/api/invitations/${oldToken}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/invitations/${newToken}` })).statusCode).toBe(200);
    t.securityClock.advance(31 * 86_400_000);
    try {
      const late = await t.app.inject({ method: 'POST', url: `/api/invitations/${newToken}/accept`, payload: { displayName: 'Cy', password: STRONG_PASSWORD } });
      expect(late.statusCode).toBe(410);
    } finally {
      t.securityClock.set(new Date());
    }
  });

  it('an existing user accepts signed in as that user, and only as that user', async () => {
    const other = await createPublisher(t);
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/invitations`, headers: pub.owner.headers, payload: { emails: other.ownerEmail, roles: ['Marketer'] } });
    const token = res.json().invitations[0].acceptUrl.split('/invitations/')[1];
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/invitations/${token}/accept`, payload: {} });
    expect(anonymous.statusCode).toBe(403);
    const wrongUser = await t.app.inject({ method: 'POST', url: `/api/invitations/${token}/accept`, headers: pub.owner.headers, payload: {} });
    expect(wrongUser.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: `/api/invitations/${token}/accept`, headers: other.owner.headers, payload: {} });
    expect(ok.statusCode).toBe(200);
    const mine = (await t.app.inject({ url: '/api/me/accounts', headers: other.owner.headers })).json().accounts.map((a: { accountId: string }) => a.accountId);
    expect(mine).toEqual(expect.arrayContaining([pub.accountId, other.accountId]));
  });
});

describe('app registrations', () => {
  it('registers an app with its secret shown once; one (tenant, app) pair belongs to one account', async () => {
    const creds = await registerApp(t, pub);
    const members = (await t.app.inject({ url: `/api/accounts/${pub.accountId}/members`, headers: pub.owner.headers })).json();
    expect(members.apps.find((a: { appId: string }) => a.appId === creds.appId)).toMatchObject({ tenantId: pub.tenantId, roles: ['Manager'] });
    // A second account of the same directory cannot take the pair over.
    const second = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: pub.owner.headers, payload: { publisherId: `${pub.publisherId}-two`, displayName: 'Second' } });
    const secondId = second.json().accountId;
    const link = await t.app.inject({ method: 'POST', url: `/api/accounts/${secondId}/apps/link`, headers: pub.owner.headers, payload: { appId: creds.appId, roles: ['Manager'] } });
    expect(link.statusCode).toBe(409);
    // An app of another directory cannot be linked at all.
    const other = await createPublisher(t);
    const foreign = await registerApp(t, other);
    const cross = await t.app.inject({ method: 'POST', url: `/api/accounts/${secondId}/apps/link`, headers: pub.owner.headers, payload: { appId: foreign.appId, roles: ['Manager'] } });
    expect(cross.statusCode).toBe(400);
  });

  it('validates reply URL and App ID URI (≤256 characters, unique in the directory)', async () => {
    const long = `https://example.com/${'a'.repeat(240)}`;
    const tooLong = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps`, headers: pub.owner.headers, payload: { displayName: 'X', roles: ['Manager'], replyUrl: long } });
    expect(tooLong.statusCode).toBe(400);
    const apps = await count('identity_app');
    const first = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps`, headers: pub.owner.headers, payload: { displayName: 'A', roles: ['Manager'], appIdUri: 'api://contoso-a' } });
    expect(first.statusCode).toBe(201);
    const dup = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps`, headers: pub.owner.headers, payload: { displayName: 'B', roles: ['Manager'], appIdUri: 'api://contoso-a' } });
    expect(dup.statusCode).toBe(409);
    expect(await count('identity_app')).toBe(apps + 1);
  });

  it("an app's token works on Agora's own APIs with the app's roles", async () => {
    const creds = await registerApp(t, pub, ['Developer']);
    const tok = await t.app.inject({
      method: 'POST',
      url: `/${pub.tenantId}/oauth2/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.appId, client_secret: creds.secret, resource: 'https://api.partner.microsoft.com' }).toString(),
    });
    const bearer = { authorization: `Bearer ${tok.json().access_token}` };
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}`, headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/invitations`, headers: bearer })).statusCode).toBe(403);
    const other = await createPublisher(t);
    expect((await t.app.inject({ url: `/api/accounts/${other.accountId}`, headers: bearer })).statusCode).toBe(403);
  });
});
