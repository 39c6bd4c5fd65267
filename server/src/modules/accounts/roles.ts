/**
 * Roles on a publisher account (the reference's Partner Center roles) and what each allows. The reference's table of
 * roles (L1648-1675) is the source; its note that only Manager and Developer matter "for the Commercial Marketplace
 * program" (L1669) is read as describing Microsoft's rollout, not as removing the roles: all six are enforced (ADR 0007).
 */
export const ROLES = ['Owner', 'Manager', 'Developer', 'BusinessContributor', 'FinancialContributor', 'Marketer'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'account.read',
  'account.manage',
  'users.manage',
  'offers.read',
  'offers.write',
  'offers.publish',
  'pricing.write',
  'finance.read',
  'payout.manage',
  'reports.read',
  'reviews.respond',
  'leads.read',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL_READERS: Role[] = [...ROLES];

export const ACTION_ROLES: Record<Action, readonly Role[]> = {
  'account.read': ALL_READERS,
  // Account settings, users, groups, apps and tenants: Owner and Manager (L1112-1117, L1586-1591, L1721-1726).
  'account.manage': ['Owner', 'Manager'],
  'users.manage': ['Owner', 'Manager'],
  'offers.read': ['Owner', 'Manager', 'Developer', 'BusinessContributor', 'Marketer'],
  // Developers upload packages and submit apps; Business and Financial contributors and Marketers change no apps.
  'offers.write': ['Owner', 'Manager', 'Developer'],
  'offers.publish': ['Owner', 'Manager', 'Developer'],
  // Business contributors set pricing details.
  'pricing.write': ['Owner', 'Manager', 'Developer', 'BusinessContributor'],
  // Money pages: Owner and Financial contributor only (issue 6; Managers are explicitly kept out of tax and payout).
  'finance.read': ['Owner', 'FinancialContributor'],
  'payout.manage': ['Owner', 'FinancialContributor'],
  // Non-financial reports: everyone but the Financial contributor, whose reports are the payout ones.
  'reports.read': ['Owner', 'Manager', 'Developer', 'BusinessContributor', 'Marketer'],
  'reviews.respond': ['Owner', 'Manager', 'Marketer'],
  'leads.read': ['Owner', 'Manager', 'BusinessContributor', 'Marketer'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function rolesAllow(roles: Iterable<string>, action: string): boolean {
  const allowed = ACTION_ROLES[action as Action] as readonly string[] | undefined;
  if (!allowed) return false;
  for (const role of roles) if (allowed.includes(role)) return true;
  return false;
}

/** Every action the roles allow, for the portal to show what a person can do. */
export function actionsOf(roles: Iterable<string>): Action[] {
  const set = [...roles];
  return ACTIONS.filter((a) => rolesAllow(set, a));
}
