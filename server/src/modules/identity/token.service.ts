import { createHash, timingSafeEqual } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { isGuid, newSecretToken } from '../../platform/ids.js';
import type { AppPrincipal } from '../../platform/http/index.js';
import { aad, type AadError } from './aad-error.js';
import { findApp, findSecretByHash } from './app.store.js';
import { findTenant } from './directory.store.js';
import type { Keyring } from './keyring.js';
import type { TtlCache } from '../../platform/ttl-cache.js';
import { ACCESS_TOKEN_LIFETIME_S, CLOCK_SKEW_S, canonicalResource } from './resources.js';

export interface TokenDeps {
  db: Db;
  keyring: Keyring;
  /** Real time: token lifetimes are security, not business time, and are not moved by the sandbox clock (ADR 0005). */
  securityClock: Clock;
  publicUrl: string;
  /** What verification reads of a token's application (its tenant and object id), reused for a few seconds. */
  appCache?: TtlCache<{ tenantId: string; objectId: string } | null>;
}

export type TokenVersion = 'v1' | 'v2';

/** The v1 endpoint's response: every number is a string, as Azure AD's v1 endpoint sends it. */
export interface TokenResponseV1 {
  token_type: 'Bearer';
  expires_in: string;
  ext_expires_in: string;
  expires_on: string;
  not_before: string;
  resource: string;
  access_token: string;
}

export interface TokenResponseV2 {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export type TokenResult<T> = { ok: true; value: T } | { ok: false; error: AadError };

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function issuerFor(publicUrl: string, tenantId: string, version: TokenVersion): string {
  return version === 'v1' ? `${publicUrl}/${tenantId}/` : `${publicUrl}/${tenantId}/v2.0`;
}

const RESERVED_TENANTS = new Set(['common', 'organizations', 'consumers']);
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The client-credentials grant of Azure AD's v1 (`resource=`) and v2 (`scope=<resource>/.default`) token endpoints.
 * `params` holds the form's parameters with lower-cased names; a repeated parameter is refused.
 */
export async function issueClientCredentialsToken(
  deps: TokenDeps,
  tenant: string,
  params: Map<string, string[]>,
  version: TokenVersion,
): Promise<TokenResult<TokenResponseV1 | TokenResponseV2>> {
  for (const [name, values] of params) if (values.length > 1) return { ok: false, error: aad.duplicateParameter(name) };
  const param = (name: string) => params.get(name)?.[0]?.trim() || undefined;

  const grantType = param('grant_type');
  if (!grantType) return { ok: false, error: aad.missingParameter('grant_type') };
  if (grantType !== 'client_credentials') return { ok: false, error: aad.unsupportedGrant(grantType) };

  if (RESERVED_TENANTS.has(tenant.toLowerCase())) return { ok: false, error: aad.tenantRequired() };
  if (!isGuid(tenant) && !DNS_NAME.test(tenant)) return { ok: false, error: aad.badTenantFormat(tenant) };
  const tenantRow = await findTenant(deps.db, tenant);
  if (!tenantRow) return { ok: false, error: aad.tenantNotFound(tenant) };

  const clientId = param('client_id');
  if (!clientId) return { ok: false, error: aad.missingParameter('client_id') };
  if (!isGuid(clientId)) return { ok: false, error: aad.badClientId(clientId) };

  let requested: string | undefined;
  if (version === 'v1') {
    requested = param('resource');
    if (!requested) return { ok: false, error: aad.missingParameter('resource') };
  } else {
    const scope = param('scope');
    if (!scope) return { ok: false, error: aad.missingParameter('scope') };
    const scopes = scope.split(/\s+/).filter((s) => s !== 'openid' && s !== 'profile' && s !== 'offline_access');
    if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) return { ok: false, error: aad.badScope(scope) };
    requested = scopes[0]!.slice(0, -'/.default'.length);
  }

  const secret = params.get('client_secret')?.[0];
  if (!secret) return { ok: false, error: aad.missingSecret() };
  const app = await findApp(deps.db, clientId.toLowerCase());
  if (!app || app.tenant_id !== tenantRow.tenant_id) return { ok: false, error: aad.appNotFound(clientId, tenant) };

  const now = deps.securityClock.now();
  const stored = await findSecretByHash(deps.db, hashSecret(secret));
  const matches = stored !== undefined && stored.app_id === app.app_id && timingSafeEqual(Buffer.from(stored.secret_hash), Buffer.from(hashSecret(secret)));
  if (!matches || stored.removed_at !== null) return { ok: false, error: aad.badSecret(clientId) };
  if (stored.expires_at.getTime() <= now.getTime()) return { ok: false, error: aad.expiredSecret(clientId) };

  const resource = canonicalResource(requested);
  if (!resource) return { ok: false, error: aad.unknownResource(requested, tenant) };

  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ACCESS_TOKEN_LIFETIME_S;
  // Marketplace resources accept v1 tokens, so both endpoints issue v1-format tokens for them, as Azure AD does.
  const issuer = issuerFor(deps.publicUrl, tenantRow.tenant_id, 'v1');
  const { kid, key } = await deps.keyring.signingKey();
  const accessToken = await new SignJWT({
    aio: newSecretToken(24),
    appid: app.app_id,
    appidacr: '1',
    azp: app.app_id,
    idp: issuer,
    oid: app.object_id,
    rh: newSecretToken(12),
    sub: app.object_id,
    tid: tenantRow.tenant_id,
    uti: newSecretToken(16),
    ver: '1.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid })
    .setIssuer(issuer)
    .setAudience(resource)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(key);

  if (version === 'v1') {
    return {
      ok: true,
      value: {
        token_type: 'Bearer',
        expires_in: String(ACCESS_TOKEN_LIFETIME_S),
        ext_expires_in: String(ACCESS_TOKEN_LIFETIME_S),
        expires_on: String(exp),
        not_before: String(iat),
        resource,
        access_token: accessToken,
      },
    };
  }
  return { ok: true, value: { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, ext_expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: accessToken } };
}

/**
 * A token the marketplace presents when it calls a publisher (the SaaS webhook): issued in the publisher's tenant by
 * the marketplace's own application (`appid`/`azp` = the marketplace API resource), for the publisher's app (`aud`).
 * The publisher verifies it with the tenant's JWKS, the v1 issuer, and its own app id as the audience.
 */
export async function issueMarketplaceCallToken(deps: TokenDeps, tenantId: string, audienceAppId: string, marketplaceAppId: string): Promise<string> {
  const iat = Math.floor(deps.securityClock.now().getTime() / 1000);
  const issuer = issuerFor(deps.publicUrl, tenantId, 'v1');
  const { kid, key } = await deps.keyring.signingKey();
  return new SignJWT({ appid: marketplaceAppId, appidacr: '2', azp: marketplaceAppId, idp: issuer, tid: tenantId, uti: newSecretToken(16), ver: '1.0' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid })
    .setIssuer(issuer)
    .setAudience(audienceAppId)
    .setSubject(marketplaceAppId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_S)
    .sign(key);
}

export type VerifyResult = { ok: true; principal: AppPrincipal } | { ok: false; reason: string };

/** Checks an access token Agora issued: signature, issuer, lifetime, audience, and that its app still exists. */
export async function verifyAccessToken(deps: TokenDeps, token: string, audience: string): Promise<VerifyResult> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256') return { ok: false, reason: 'The access token is not signed with RS256.' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'The access token is malformed.' };
  }
  if (!kid) return { ok: false, reason: 'The access token names no signing key.' };
  const key = await deps.keyring.verificationKey(kid);
  if (!key) return { ok: false, reason: 'The access token was signed with an unknown or retired key.' };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      audience,
      currentDate: deps.securityClock.now(),
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['iss', 'aud', 'tid', 'oid', 'iat', 'nbf', 'exp'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'The access token has expired.' };
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') return { ok: false, reason: `The access token is not for this API (audience must be ${audience}).` };
      if (error.claim === 'nbf') return { ok: false, reason: 'The access token is not valid yet.' };
      return { ok: false, reason: `The access token's ${error.claim} claim is invalid.` };
    }
    return { ok: false, reason: 'The access token signature is invalid.' };
  }
  const tid = String(payload.tid);
  if (payload.iss !== issuerFor(deps.publicUrl, tid, 'v1') && payload.iss !== issuerFor(deps.publicUrl, tid, 'v2'))
    return { ok: false, reason: 'The access token was not issued by this authority.' };
  const appId = typeof payload.appid === 'string' ? payload.appid : typeof payload.azp === 'string' ? payload.azp : undefined;
  if (!appId) return { ok: false, reason: 'The access token names no application.' };
  const loadApp = async () => {
    const row = await findApp(deps.db, appId);
    return row ? { tenantId: row.tenant_id, objectId: row.object_id } : null;
  };
  const app = deps.appCache ? await deps.appCache.through(appId, loadApp) : await loadApp();
  if (!app || app.tenantId !== tid) return { ok: false, reason: 'The application of this access token no longer exists.' };
  return { ok: true, principal: { kind: 'app', appId, tenantId: tid, objectId: app.objectId, via: 'bearer', audience, accountId: null } };
}

