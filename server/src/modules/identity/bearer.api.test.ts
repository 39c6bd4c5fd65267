import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, registerApp, requestToken, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';
import { marketplaceProbe } from '../../../../test/helpers/probe.js';
import { MARKETPLACE_API_RESOURCE, PARTNER_CENTER_RESOURCE } from './index.js';

let t: TestApp;
let pub: Publisher;
let creds: { appId: string; secret: string; secretId: string };

beforeAll(async () => {
  // The marketplace APIs' bearer check, through a probe route guarded exactly as theirs are.
  t = await testApp({ register: marketplaceProbe });
  pub = await createPublisher(t);
  creds = await registerApp(t, pub);
});
afterAll(async () => t?.close());

async function token(resource = MARKETPLACE_API_RESOURCE, c = creds, tenant = pub.tenantId): Promise<string> {
  const res = await requestToken(t.app, tenant, { grant_type: 'client_credentials', client_id: c.appId, client_secret: c.secret, resource });
  expect(res.statusCode).toBe(200);
  return res.json().access_token as string;
}

const call = (authorization?: string, version = '2018-08-31') =>
  t.app.inject({ url: `/api/probe/whoami?api-version=${version}`, headers: authorization ? { authorization } : {} });

function expectForbidden(res: Awaited<ReturnType<typeof call>>, reason: RegExp): void {
  expect(res.statusCode).toBe(403);
  const body = res.json();
  expect(body).toMatchObject({ code: 'Forbidden', target: 'Authorization', details: [] });
  expect(body.message).toMatch(reason);
  expect(res.headers['x-ms-requestid']).toBeTruthy();
  expect(res.headers['x-ms-correlationid']).toBeTruthy();
}

describe('marketplace bearer check', () => {
  it('accepts a valid marketplace token and maps (tenant, app) to the publisher account', async () => {
    const res = await call(`Bearer ${await token()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'app', appId: creds.appId, tenantId: pub.tenantId, accountId: pub.accountId });
  });

  it('answers 403 (never 401) with the marketplace error body for every failure', async () => {
    expectForbidden(await call(), /Bearer access token is required/);
    expectForbidden(await call('Basic abc'), /Bearer access token is required/);
    expectForbidden(await call('Bearer not.a.jwt'), /malformed/);
    expectForbidden(await call(`Bearer ${await token(PARTNER_CENTER_RESOURCE)}`), /not for this API/);
  });

  it('refuses a tampered token', async () => {
    const good = await token();
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, tid: '11111111-2222-4333-8444-555555555555' })).toString('base64url');
    expectForbidden(await call(`Bearer ${h}.${forged}.${s}`), /signature/);
    const flipped = s!.slice(0, -4) + (s!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectForbidden(await call(`Bearer ${h}.${p}.${flipped}`), /signature/);
  });

  it('refuses a token signed by a key Agora does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(await token());
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'someone-elses-key' }).sign(privateKey);
    expectForbidden(await call(`Bearer ${foreign}`), /unknown or retired key/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expectForbidden(await call(`Bearer ${none}`), /RS256/);
  });

  it('refuses an expired token, and one not valid yet, beyond five minutes of skew', async () => {
    const fresh = await token();
    t.securityClock.advance(3600_000 + 4 * 60_000);
    expect((await call(`Bearer ${fresh}`)).statusCode).toBe(200);
    t.securityClock.advance(2 * 60_000);
    expectForbidden(await call(`Bearer ${fresh}`), /expired/);
    const future = await token();
    t.securityClock.set(new Date(t.securityClock.now().getTime() - 10 * 60_000));
    expectForbidden(await call(`Bearer ${future}`), /not valid yet/);
    t.securityClock.set(new Date());
  });

  it('refuses the token of an app that belongs to no publisher account', async () => {
    const orphan = await t.services.identity.createApp(t.database.db, { tenantId: pub.tenantId, displayName: 'Not linked' });
    if (!orphan.ok) throw new Error(orphan.error.message);
    const secret = await t.services.identity.addSecret(t.database.db, orphan.value.appId, {});
    if (!secret.ok) throw new Error(secret.error.message);
    const tok = await token(MARKETPLACE_API_RESOURCE, { appId: orphan.value.appId, secret: secret.value.secret, secretId: secret.value.secretId });
    expectForbidden(await call(`Bearer ${tok}`), /not registered to a publisher account/);
  });

  it('keeps tokens of publisher A valid only as publisher A', async () => {
    const other = await createPublisher(t);
    const otherCreds = await registerApp(t, other);
    const res = await call(`Bearer ${await token(MARKETPLACE_API_RESOURCE, otherCreds, other.tenantId)}`);
    expect(res.json().accountId).toBe(other.accountId);
    expect(res.json().accountId).not.toBe(pub.accountId);
  });

  it('requires api-version=2018-08-31 before anything else', async () => {
    const res = await call(`Bearer ${await token()}`, '2020-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BadArgument', target: 'api-version' });
  });
});

describe('secrets', () => {
  it('a removed secret no longer gets tokens; a new one does', async () => {
    const c = await registerApp(t, pub);
    await token(MARKETPLACE_API_RESOURCE, c);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/accounts/${pub.accountId}/apps/${c.appId}/secrets/${c.secretId}`, headers: pub.owner.headers });
    expect(removed.statusCode).toBe(204);
    const reuse = await requestToken(t.app, pub.tenantId, { grant_type: 'client_credentials', client_id: c.appId, client_secret: c.secret, resource: MARKETPLACE_API_RESOURCE });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error_codes).toEqual([7000215]);
    const added = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps/${c.appId}/secrets`, headers: pub.owner.headers, payload: { expiresInDays: 1 } });
    expect(added.statusCode).toBe(201);
    await token(MARKETPLACE_API_RESOURCE, { ...c, secret: added.json().secret });
    // The secret is never shown again: the app's details list only its hint.
    const detail = await t.app.inject({ url: `/api/accounts/${pub.accountId}/apps/${c.appId}`, headers: pub.owner.headers });
    expect(detail.body).not.toContain(added.json().secret);
    expect(detail.json().secrets.map((s: { hint: string }) => s.hint)).toEqual([added.json().secret.slice(0, 3)]);
  });

  it('an expired secret is refused with AADSTS7000222', async () => {
    const c = await registerApp(t, pub);
    const added = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps/${c.appId}/secrets`, headers: pub.owner.headers, payload: { expiresInDays: 1 } });
    t.securityClock.advance(86_400_000 + 1000);
    try {
      const res = await requestToken(t.app, pub.tenantId, { grant_type: 'client_credentials', client_id: c.appId, client_secret: added.json().secret, resource: MARKETPLACE_API_RESOURCE });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000222] });
    } finally {
      t.securityClock.set(new Date());
    }
  });

  it('refuses secret lifetimes outside 1 to 730 days', async () => {
    for (const expiresInDays of [0, 731]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/apps/${creds.appId}/secrets`, headers: pub.owner.headers, payload: { expiresInDays } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.target).toBe('expiresInDays');
    }
  });
});

describe('signing key rotation', () => {
  it('new tokens use the new key; tokens of the old key stay valid until they expire', async () => {
    const before = await token();
    const operator = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email: `op${Date.now()}@agora.example`, displayName: 'Op', password: 'Correct-Horse-42', isOperator: true });
    if (!operator.ok) throw new Error(operator.error.message);
    const { signIn } = await import('../../../../test/helpers/app.js');
    const op = await signIn(t.app, operator.value.email);
    const rotated = await t.app.inject({ method: 'POST', url: '/api/admin/signing-keys/rotate', headers: op.headers });
    expect(rotated.statusCode).toBe(200);
    const after = await token();
    const kid = (tok: string) => JSON.parse(Buffer.from(tok.split('.')[0]!, 'base64url').toString()).kid;
    expect(kid(after)).toBe(rotated.json().kid);
    expect(kid(after)).not.toBe(kid(before));
    expect((await call(`Bearer ${before}`)).statusCode).toBe(200);
    const keys = (await t.app.inject({ url: `/${pub.tenantId}/discovery/v2.0/keys` })).json().keys.map((k: { kid: string }) => k.kid);
    expect(keys).toEqual(expect.arrayContaining([kid(before), kid(after)]));
    // Once every token of the old key has expired, the key leaves the JWKS.
    t.securityClock.advance(3600_000 + 301_000 + 1000);
    try {
      await t.services.identity.keyring.reload();
      const later = (await t.app.inject({ url: `/${pub.tenantId}/discovery/v2.0/keys` })).json().keys.map((k: { kid: string }) => k.kid);
      expect(later).toContain(kid(after));
      expect(later).not.toContain(kid(before));
    } finally {
      t.securityClock.set(new Date());
    }
    const nonOperator = await t.app.inject({ method: 'POST', url: '/api/admin/signing-keys/rotate', headers: pub.owner.headers });
    expect(nonOperator.statusCode).toBe(403);
  });
});
