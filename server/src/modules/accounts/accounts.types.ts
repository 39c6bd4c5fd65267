import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { IdentityService } from '../identity/index.js';

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  securityClock: Clock;
  publicUrl: string;
  log: Logger;
  identity: IdentityService;
}

export interface AccountView {
  accountId: string;
  publisherId: string;
  displayName: string;
  sellerId: string;
  tenantId: string;
  createdAt: string;
}

export interface MyAccountView extends AccountView {
  roles: string[];
  actions: string[];
}

/** Invitations are valid for 30 days (Azure AD B2B's redemption links do not expire; ours do, for safety). */
export const INVITATION_LIFETIME_MS = 30 * 86_400_000;
/** At most 10 email addresses per invitation batch (L1626). */
export const MAX_INVITES_PER_BATCH = 10;
