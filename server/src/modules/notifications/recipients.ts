import type { Executor } from '../../platform/db/index.js';
import type { AccountsService, MemberList, Role } from '../accounts/index.js';
import type { IdentityService } from '../identity/index.js';

/**
 * Who is emailed about what (ADR 0016). Every member who may read the account sees every notification in the portal's
 * inbox; the email goes only to the people whose roles make the kind their business. A kind is added here with its
 * roles, and nowhere else.
 */
export const NOTIFICATION_KINDS = {
  /**
   * A metering anomaly flag (metering, ADR 0014): the people who can decide it (offers.publish: Owner, Manager,
   * Developer) and the one who answers for the money it moves (FinancialContributor: a decision becomes a credit on the
   * customer's bill and so on the payout). Business contributors and Marketers can read usage but neither decide nor
   * see finance: they are not emailed.
   */
  anomalyDetected: { roles: ['Owner', 'Manager', 'Developer', 'FinancialContributor'], label: 'metered usage anomalies' },
} as const satisfies Record<string, { roles: readonly Role[]; label: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const isNotificationKind = (kind: string): kind is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, kind);

/**
 * Emails to one address rather than to the account's roles (`sendEmail`): the caller names the person, who need not be
 * a member of any account yet. Their kind is in the outbox message and the email's X-Agora-Email-Kind header.
 */
export const EMAIL_KINDS = {
  /** An invitation to join a publisher account (accounts, "Add users" by email and "Resend invitation"). */
  invitation: { label: 'invitations to a publisher account' },
} as const satisfies Record<string, { label: string }>;

export type EmailKind = keyof typeof EMAIL_KINDS;

export const isEmailKind = (kind: string): kind is EmailKind => Object.hasOwn(EMAIL_KINDS, kind);

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  /** The recipient's roles on the account that the kind emails (directly or through groups). */
  roles: Role[];
}

/**
 * The users whose roles on the account (their own, and those of the groups they are in) include one of `wanted`,
 * with those roles. Apps are never emailed.
 */
export function rolesByUser(members: Pick<MemberList, 'users' | 'groups'>, wanted: readonly string[]): Map<string, Role[]> {
  const all = new Map<string, Set<string>>();
  const add = (userId: string, roles: readonly string[]) => {
    const set = all.get(userId) ?? new Set<string>();
    for (const r of roles) set.add(r);
    all.set(userId, set);
  };
  for (const u of members.users) add(u.objectId, u.roles);
  for (const g of members.groups) for (const id of g.memberIds) add(id, g.roles);
  const out = new Map<string, Role[]>();
  for (const [userId, roles] of all) {
    const relevant = wanted.filter((r) => roles.has(r)) as Role[];
    if (relevant.length > 0) out.set(userId, relevant);
  }
  return out;
}

export interface RecipientDeps {
  accounts: Pick<AccountsService, 'members'>;
  identity: Pick<IdentityService, 'findUsers'>;
}

/** The active users of the account to email about `kind`, one per address, in address order. */
export async function recipientsOf(x: Executor, deps: RecipientDeps, accountId: string, kind: NotificationKind): Promise<Recipient[]> {
  const byUser = rolesByUser(await deps.accounts.members(x, accountId), NOTIFICATION_KINDS[kind].roles);
  const users = await deps.identity.findUsers(x, [...byUser.keys()]);
  const byAddress = new Map<string, Recipient>();
  for (const u of users) {
    // Invited people who have not accepted yet, and disabled users, get no mail.
    if (u.state !== 'active' || !u.email) continue;
    const key = u.email.toLowerCase();
    if (!byAddress.has(key)) byAddress.set(key, { userId: u.objectId, email: u.email, displayName: u.displayName, roles: byUser.get(u.objectId) ?? [] });
  }
  return [...byAddress.values()].sort((a, b) => a.email.localeCompare(b.email));
}
