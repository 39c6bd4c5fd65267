import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { IdentityService } from '../identity/index.js';

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  securityClock: Clock;
  publicUrl: string;
  log: Logger;
  identity: IdentityService;
  /**
   * Emails an invitation's link to the invitee, in the caller's transaction. The notifications module's `sendEmail`,
   * bound by app.ts once notifications exists (it depends on accounts). Without it, invitations are not emailed: the
   * inviter passes the link on.
   */
  invitationMailer?: InvitationMailer | undefined;
}

/** One invitation email to queue in the transaction `x` (sent later by the outbox; nothing if `x` rolls back). */
export type InvitationMailer = (x: Executor, mail: InvitationMail) => Promise<unknown>;

export interface InvitationMail {
  to: string;
  /** One line, without the "[Agora] " every email's subject starts with. */
  subject: string;
  text: string;
  accountId: string;
  /** The (guest or existing) directory user the invitation is for. */
  recipientUserId: string;
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
