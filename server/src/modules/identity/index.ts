import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../platform/db/index.js';
import type { Result } from '../../platform/errors.js';
import type { BearerVerifier, SessionResolver } from '../../platform/http/index.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import type { Clock } from '../../platform/clock.js';
import { addSecret, appView, createApp, deleteSecret, findApp, listSecrets, type NewAppInput } from './app.service.js';
import { findApps } from './app.store.js';
import {
  createGroup,
  createUser,
  createTenant,
  findGroup,
  findTenant,
  findUser,
  findUserByEmail,
  findUsers,
  groupView,
  groupsOfUser,
  signUpOrganization,
  tenantView,
  userView,
  type NewUserInput,
} from './directory.service.js';
import { activateUser, addGroupMembers, groupMembers, setOperator } from './directory.store.js';
import type { AppView, GroupView, IdentityDeps, NewSecret, SecretView, TenantView, UserView } from './identity.types.js';
import { identityRoutes } from './identity.routes.js';
import { Keyring } from './keyring.js';
import { oauthRoutes } from './oauth.routes.js';
import { hashPassword, passwordProblem } from './password.js';
import { SESSION_COOKIE, resolveSession } from './session.service.js';
import { issueClientCredentialsToken, issueMarketplaceCallToken, verifyAccessToken, type VerifyResult } from './token.service.js';
import { MARKETPLACE_API_RESOURCE } from './resources.js';

export type { IdentityDeps, TenantView, UserView, GroupView, AppView, SecretView, NewSecret, NewUserInput, NewAppInput, VerifyResult };
export { PERSONAL_TENANT_ID } from './identity.tables.js';
export { MARKETPLACE_API_RESOURCE, PARTNER_CENTER_RESOURCE, CLOUD_PARTNER_PORTAL_RESOURCE, PARTNER_CENTER_ANALYTICS_RESOURCE, ACCESS_TOKEN_LIFETIME_S } from './resources.js';
export { emailProblem, normalizeEmail } from './directory.service.js';
export { passwordProblem };

/**
 * The directory: tenants, users, groups, app registrations and their secrets, sessions, and the Azure AD-compatible
 * token endpoint. Other modules use it through the service returned here.
 */
export function createIdentity(deps: IdentityDeps) {
  const keyring = new Keyring(deps.db, deps.securityClock);
  // Verification reuses what it read of an application for BEARER_CACHE_MS (see bearerVerifier).
  const tokenDeps = { db: deps.db, keyring, securityClock: deps.securityClock, publicUrl: deps.publicUrl, appCache: new TtlCache<{ tenantId: string; objectId: string } | null>(deps.securityClock, BEARER_CACHE_MS) };

  const sessions: SessionResolver = {
    cookieName: SESSION_COOKIE,
    resolve: (token) => resolveSession(deps.db, deps.securityClock.now(), token),
  };

  const service = {
    keyring,
    sessions,
    /** Checks an access token; `accountId` is left null (the accounts module maps apps to accounts). */
    verifyToken: (token: string, audience: string) => verifyAccessToken(tokenDeps, token, audience),
    issueClientCredentialsToken: (tenant: string, params: Map<string, string[]>, version: 'v1' | 'v2') =>
      issueClientCredentialsToken(tokenDeps, tenant, params, version),
    /** The bearer token of a marketplace call to a publisher's endpoint (the SaaS webhook). */
    issueMarketplaceCallToken: (tenantId: string, audienceAppId: string) => issueMarketplaceCallToken(tokenDeps, tenantId, audienceAppId, MARKETPLACE_API_RESOURCE),

    findTenant: async (x: Executor, idOrDomain: string): Promise<TenantView | undefined> => {
      const t = await findTenant(x, idOrDomain);
      return t && tenantView(t);
    },
    createTenant: (x: Executor, input: { displayName: string; domainPrefix?: string }) => createTenant(x, deps.clock.now(), input),
    signUpOrganization: (x: Executor, input: Parameters<typeof signUpOrganization>[2]) => signUpOrganization(x, deps.clock.now(), input),

    findUser: async (x: Executor, objectId: string): Promise<UserView | undefined> => {
      const u = await findUser(x, objectId);
      return u && userView(u);
    },
    findUserByEmail: async (x: Executor, email: string): Promise<UserView | undefined> => {
      const u = await findUserByEmail(x, email);
      return u && userView(u);
    },
    findUsers: async (x: Executor, ids: readonly string[]): Promise<UserView[]> => (await findUsers(x, ids)).map(userView),
    createUser: (x: Executor, input: NewUserInput): Promise<Result<UserView>> => createUser(x, deps.clock.now(), input),
    /** Makes a user a marketplace operator (staff of the marketplace, for /admin). */
    grantOperator: (x: Executor, objectId: string) => setOperator(x, objectId, true),
    /** Completes an invited user: sets the password and makes the user active. */
    activateInvitedUser: async (x: Executor, objectId: string, displayName: string, password: string): Promise<void> =>
      activateUser(x, objectId, await hashPassword(password), displayName),

    findGroup: async (x: Executor, objectId: string): Promise<GroupView | undefined> => {
      const g = await findGroup(x, objectId);
      return g && groupView(g);
    },
    createGroup: (x: Executor, input: { tenantId: string; displayName: string; memberIds: readonly string[] }) => createGroup(x, deps.clock.now(), input),
    addGroupMembers: (x: Executor, groupId: string, userIds: readonly string[]) => addGroupMembers(x, groupId, userIds),
    groupMembers: (x: Executor, groupId: string) => groupMembers(x, groupId),
    groupsOfUser: (x: Executor, userId: string) => groupsOfUser(x, userId),

    findApp: async (x: Executor, appId: string): Promise<AppView | undefined> => {
      const a = await findApp(x, appId);
      return a && appView(a);
    },
    findApps: async (x: Executor, appIds: readonly string[]): Promise<AppView[]> => (await findApps(x, appIds)).map(appView),
    createApp: (x: Executor, input: NewAppInput) => createApp(x, deps.clock.now(), input),
    addSecret: (x: Executor, appId: string, input: { displayName?: string; expiresInDays?: number }) => addSecret(x, deps.securityClock.now(), appId, input),
    listSecrets: (x: Executor, appId: string) => listSecrets(x, deps.securityClock.now(), appId),
    deleteSecret: (x: Executor, appId: string, secretId: string) => deleteSecret(x, deps.securityClock.now(), appId, secretId),

    /** Routes: the token endpoint and discovery at the root, sign-in and the directory under /api. */
    register: async (app: FastifyInstance): Promise<void> => {
      await keyring.ensureKey();
      await app.register(async (scope) => oauthRoutes(scope, { ...tokenDeps }));
      await app.register(async (scope) => identityRoutes(scope, { ...deps, keyring }));
    },
  };
  return service;
}

export type IdentityService = ReturnType<typeof createIdentity>;

/** How long the bearer check may reuse what it read of an application and its publisher account. */
export const BEARER_CACHE_MS = 5_000;

/**
 * A bearer verifier for the platform's permission check, given a way to map (tenant, app) to a publisher account.
 * The signature and claims are checked on every call; what the database says of the token's application (that it
 * exists in the token's tenant, and its publisher account) is reused for BEARER_CACHE_MS, so the marketplace APIs'
 * hot path makes no query for it: an application deleted or unlinked stops working within 5 seconds.
 */
export function bearerVerifier(
  identity: IdentityService,
  accountOfApp: (tenantId: string, appId: string) => Promise<string | null>,
  clock: Pick<Clock, 'now'>,
): BearerVerifier {
  const accounts = new TtlCache<string | null>(clock, BEARER_CACHE_MS);
  return {
    async verify(token, audience) {
      const result = await identity.verifyToken(token, audience);
      if (!result.ok) return result;
      const { tenantId, appId } = result.principal;
      return { ok: true, principal: { ...result.principal, accountId: await accounts.through(`${tenantId}|${appId}`, () => accountOfApp(tenantId, appId)) } };
    },
  };
}
