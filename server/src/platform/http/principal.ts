/** Who is calling. Resolved by the identity module; the platform only carries it. */
export type Principal = UserPrincipal | AppPrincipal;

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  tenantId: string;
  email: string;
  displayName: string;
  isOperator: boolean;
  /** How the user was authenticated: a session cookie requires a CSRF token on unsafe methods. */
  via: 'session';
  sessionId: string;
  csrfToken: string;
}

export interface AppPrincipal {
  kind: 'app';
  appId: string;
  tenantId: string;
  /** The service principal's object id in the tenant. */
  objectId: string;
  via: 'bearer';
  /** The audience the token was issued for. */
  audience: string;
  /** The publisher account this (tenant, app) pair is registered to, if any. */
  accountId: string | null;
}

/**
 * What a route requires, declared on every route as `config.permission`:
 * - `public`: anyone;
 * - `signed-in`: any signed-in person;
 * - `operator`: marketplace staff, for `/admin`;
 * - `{ account, action }`: a member (user, group member or app) of the publisher account named by the route's
 *   `:accountId` parameter whose roles grant `action`;
 * - `{ bearer, publisher }`: a valid access token for the named audience, from an app registered to a publisher
 *   account when `publisher` is set (the marketplace APIs: their scope answers every failure with 403).
 */
export type Permission =
  | 'public'
  | 'signed-in'
  | 'operator'
  | { account: true; action: string }
  | { bearer: string; /** The app must be registered to a publisher account. */ publisher?: boolean };

/** Decides account permissions; supplied by the accounts module. */
export interface AccountAuthorizer {
  can(principal: Principal, accountId: string, action: string): Promise<boolean>;
}

/** Resolves a session cookie to a person; supplied by the identity module. */
export interface SessionResolver {
  cookieName: string;
  resolve(sessionToken: string): Promise<UserPrincipal | null>;
}
