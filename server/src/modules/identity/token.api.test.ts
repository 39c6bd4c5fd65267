import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, registerApp, requestToken, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';

const MARKETPLACE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';

let t: TestApp;
let pub: Publisher;
let creds: { appId: string; secret: string; secretId: string };

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  creds = await registerApp(t, pub);
});
afterAll(async () => t?.close());

const form = (extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: creds.appId,
  client_secret: creds.secret,
  resource: MARKETPLACE,
  ...extra,
});

async function countRows(table: string): Promise<number> {
  const { sql } = await import('kysely');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
  return rows[0]!.n;
}

describe('v1 token endpoint', () => {
  it('issues a marketplace token with the reference response shape (numbers as strings)', async () => {
    const res = await requestToken(t.app, pub.tenantId, form());
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'expires_on', 'ext_expires_in', 'not_before', 'resource', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '3600', resource: MARKETPLACE });
    expect(typeof body.expires_on).toBe('string');
    expect(Number(body.expires_on) - Number(body.not_before)).toBe(3600);

    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ aud: MARKETPLACE, tid: pub.tenantId, appid: creds.appId, azp: creds.appId, iss: `http://agora.test/${pub.tenantId}/`, ver: '1.0' });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.nbf).toBe(claims.iat);
    expect(typeof claims.oid).toBe('string');
    expect(claims.exp).toBe(Number(body.expires_on));
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  });

  it('accepts the tenant domain in place of its id, and parameter names in any case', async () => {
    const tenant = await t.services.identity.findTenant(t.database.db, pub.tenantId);
    const res = await t.app.inject({
      method: 'POST',
      url: `/${tenant!.defaultDomain}/oauth2/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: new URLSearchParams({ Grant_type: 'client_credentials', Client_id: creds.appId, client_secret: creds.secret, Resource: MARKETPLACE }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().access_token).tid).toBe(pub.tenantId);
  });

  it.each([
    ['missing grant_type', { grant_type: '' }, 400, 'invalid_request', 900144],
    ['unsupported grant', { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    ['missing client_id', { client_id: '' }, 400, 'invalid_request', 900144],
    ['malformed client_id', { client_id: 'not-a-guid' }, 400, 'invalid_request', 700038],
    ['unknown client_id', { client_id: '00000000-0000-4000-8000-000000000000' }, 400, 'unauthorized_client', 700016],
    ['missing resource', { resource: '' }, 400, 'invalid_request', 900144],
    ['unknown resource', { resource: 'https://example.com/api' }, 400, 'invalid_resource', 500011],
    ['missing secret', { client_secret: '' }, 401, 'invalid_client', 7000218],
    ['wrong secret', { client_secret: 'abc8Q~wrong-secret-value-000000000000000' }, 401, 'invalid_client', 7000215],
  ])('%s → %i %s (AADSTS%i)', async (_name, patch, status, error, code) => {
    const before = await countRows('identity_app_secret');
    const res = await requestToken(t.app, pub.tenantId, form(patch as Record<string, string>));
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body).toMatchObject({ error, error_codes: [code] });
    expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(Object.keys(body).sort()).toEqual(['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id']);
    expect(body.trace_id).toBe(res.headers['x-ms-requestid']);
    expect(await countRows('identity_app_secret')).toBe(before);
  });

  it('echoes the client correlation id in errors and headers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/${pub.tenantId}/oauth2/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-ms-correlationid': 'corr-123', 'x-ms-requestid': 'req-456' },
      payload: 'grant_type=client_credentials',
    });
    expect(res.headers['x-ms-correlationid']).toBe('corr-123');
    expect(res.headers['x-ms-requestid']).toBe('req-456');
    expect(res.json()).toMatchObject({ correlation_id: 'corr-123', trace_id: 'req-456' });
  });

  it('answers a malformed body (JSON, garbage, repeated parameters) with Azure AD errors', async () => {
    const json = await t.app.inject({ method: 'POST', url: `/${pub.tenantId}/oauth2/token`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(form()) });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
    const garbage = await t.app.inject({ method: 'POST', url: `/${pub.tenantId}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '%%%&&&==' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error).toBe('invalid_request');
    const repeated = await t.app.inject({
      method: 'POST',
      url: `/${pub.tenantId}/oauth2/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${new URLSearchParams(form()).toString()}&client_id=${creds.appId}`,
    });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error_codes).toEqual([900145]);
    const empty = await t.app.inject({ method: 'POST', url: `/${pub.tenantId}/oauth2/token` });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error_codes).toEqual([900144]);
  });

  it('refuses unknown and malformed tenants, and the multi-tenant aliases', async () => {
    const unknown = await requestToken(t.app, '11111111-2222-4333-8444-555555555555', form());
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    const bad = await requestToken(t.app, 'not_a_tenant!', form());
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error_codes).toEqual([900023]);
    const common = await requestToken(t.app, 'common', form());
    expect(common.statusCode).toBe(400);
    expect(common.json().error_codes).toEqual([7000108]);
  });

  it("refuses an app from another tenant's token endpoint", async () => {
    const other = await createPublisher(t);
    const res = await requestToken(t.app, other.tenantId, form());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });
});

describe('v2 token endpoint', () => {
  it('issues a token for scope=<resource>/.default with numeric lifetimes', async () => {
    const { resource: _r, ...rest } = form();
    const res = await requestToken(t.app, pub.tenantId, { ...rest, scope: `${MARKETPLACE}/.default` }, 'v2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(decodeJwt(body.access_token)).toMatchObject({ aud: MARKETPLACE, tid: pub.tenantId, azp: creds.appId });
  });

  it('requires a /.default scope', async () => {
    const { resource: _r, ...rest } = form();
    const res = await requestToken(t.app, pub.tenantId, { ...rest, scope: `${MARKETPLACE}/user_impersonation` }, 'v2');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const missing = await requestToken(t.app, pub.tenantId, rest, 'v2');
    expect(missing.json().error_codes).toEqual([900144]);
  });
});

describe('discovery and keys', () => {
  it('serves v1 and v2 OpenID configuration pointing at Agora', async () => {
    const v2 = await t.app.inject({ url: `/${pub.tenantId}/v2.0/.well-known/openid-configuration` });
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({
      issuer: `http://agora.test/${pub.tenantId}/v2.0`,
      token_endpoint: `http://agora.test/${pub.tenantId}/oauth2/v2.0/token`,
      jwks_uri: `http://agora.test/${pub.tenantId}/discovery/v2.0/keys`,
    });
    const v1 = await t.app.inject({ url: `/${pub.tenantId}/.well-known/openid-configuration` });
    expect(v1.json()).toMatchObject({ issuer: `http://agora.test/${pub.tenantId}/`, token_endpoint: `http://agora.test/${pub.tenantId}/oauth2/token` });
    const common = await t.app.inject({ url: `/common/v2.0/.well-known/openid-configuration` });
    expect(common.json().issuer).toBe('http://agora.test/{tenantid}/v2.0');
    const unknown = await t.app.inject({ url: `/11111111-2222-4333-8444-555555555555/v2.0/.well-known/openid-configuration` });
    expect(unknown.statusCode).toBe(400);
  });

  it('publishes the signing key in the JWKS', async () => {
    const token = (await requestToken(t.app, pub.tenantId, form())).json().access_token;
    const { kid } = decodeProtectedHeader(token);
    for (const path of [`/${pub.tenantId}/discovery/keys`, `/${pub.tenantId}/discovery/v2.0/keys`, '/common/discovery/v2.0/keys']) {
      const jwks = await t.app.inject({ url: path });
      expect(jwks.statusCode).toBe(200);
      expect(jwks.json().keys.map((k: { kid: string }) => k.kid)).toContain(kid);
      expect(jwks.json().keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    }
  });
});
