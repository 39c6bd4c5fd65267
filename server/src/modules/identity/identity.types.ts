import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';

export interface IdentityDeps {
  db: Db;
  /** Business time (the sandbox's virtual clock): creation dates. */
  clock: Clock;
  /** Real time: sessions, token and secret lifetimes (ADR 0005). */
  securityClock: Clock;
  publicUrl: string;
  log: Logger;
}

/** Suffix of the initial domain every new directory tenant gets (Azure AD's `.onmicrosoft.com`). */
export const TENANT_DOMAIN_SUFFIX = 'onagora.test';

export interface TenantView {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  kind: 'organization' | 'personal';
}

export interface UserView {
  objectId: string;
  tenantId: string;
  email: string;
  displayName: string;
  userType: 'member' | 'guest';
  state: 'active' | 'invitation_pending' | 'disabled';
  isGlobalAdmin: boolean;
  isOperator: boolean;
}

export interface GroupView {
  objectId: string;
  tenantId: string;
  displayName: string;
}

export interface AppView {
  appId: string;
  tenantId: string;
  objectId: string;
  displayName: string;
  replyUrl: string | null;
  appIdUri: string | null;
  createdAt: string;
}

export interface SecretView {
  secretId: string;
  displayName: string;
  hint: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** A secret as returned once, at creation. */
export interface NewSecret extends SecretView {
  secret: string;
}
