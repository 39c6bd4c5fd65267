import type { FastifyInstance } from 'fastify';
import type { AccountAuthorizer } from '../../platform/http/index.js';
import type { Executor } from '../../platform/db/index.js';
import { can, createAccount, getAccount } from './account.service.js';
import { accountOfApp } from './accounts.store.js';
import { accountsRoutes } from './accounts.routes.js';
import type { AccountsDeps, AccountView, InvitationMail, InvitationMailer, MyAccountView } from './accounts.types.js';
import { registerApp, addUsers, listMembers, type MemberList } from './member.service.js';
import { financeHandlers } from './finance.jobs.js';
import { financeRoutes } from './finance.routes.js';
import { decidePayoutProfile, payoutCurrencyOf, payoutEligibility, payoutHoldFor, putPayoutProfile, type PayoutProfileInput } from './payout-profile.service.js';
import { decideTaxProfile, putTaxProfile } from './tax-profile.service.js';
import type { TaxProfileInput } from './tax-profile.rules.js';
import { SYSTEM_ACTOR } from './finance.types.js';
import type { PayoutMonth } from './payout-profile.hold.js';

export type { AccountsDeps, AccountView, MyAccountView, MemberList, InvitationMail, InvitationMailer };
export { ROLES, ACTIONS, ACTION_ROLES, rolesAllow, type Role, type Action } from './roles.js';
// Tax and payout profiles, for the payout run (ADR 0015): eligibility, currency, the hold's cut-off.
export { payoutEligibility, payoutCurrencyOf, payoutHoldFor } from './payout-profile.service.js';
export { holdForPayoutMonth, holdCutOff, payoutMonthOf, isPayoutMonth, type PayoutMonth, type HoldChange } from './payout-profile.hold.js';
export type { PayoutEligibility, PayoutIneligibleReason, TaxProfileView, PayoutProfileView } from './finance.types.js';
export { PAYOUT_CURRENCIES } from './finance.countries.js';
export { TAX_VALIDATION_TOPIC } from './tax-profile.service.js';
export { PAYOUT_VERIFICATION_TOPIC } from './payout-profile.service.js';

/** Publisher accounts: membership with roles, invitations, app registrations linked to accounts, the permission check. */
export function createAccounts(deps: AccountsDeps) {
  const authorizer: AccountAuthorizer = {
    can: (principal, accountId, action) => can(deps.db, deps.identity, principal, accountId, action),
  };
  return {
    authorizer,
    /** The publisher account a (tenant id, app id) pair is registered to: how the marketplace APIs know their caller. */
    accountOfApp: (tenantId: string, appId: string, x: Executor = deps.db) => accountOfApp(x, tenantId, appId),
    getAccount: (x: Executor, accountId: string) => getAccount(x, accountId),
    createAccount: (x: Executor, actor: Parameters<typeof createAccount>[2], input: Parameters<typeof createAccount>[3]) => createAccount(x, deps.clock.now(), actor, input),
    registerApp: (x: Executor, accountId: string, actorId: string, input: Parameters<typeof registerApp>[5]) => registerApp(x, deps.identity, deps.clock.now(), accountId, actorId, input),
    addUsers: (x: Executor, accountId: string, actorId: string, input: { userIds: string[]; roles: string[] }) => addUsers(x, deps.identity, deps.clock.now(), accountId, actorId, input),
    /** The account's users, groups (with their members' ids) and apps, each with its roles on the account. */
    members: (x: Executor, accountId: string) => listMembers(x, deps.identity, accountId),
    /** The tax profile validation and bank account verification jobs: register them on the process's runner. */
    handlers: financeHandlers,
    /** Whether and how the account is paid for a payout month (`YYYY-MM` or a date in it): see PayoutEligibility. */
    payoutEligibility: (x: Executor, accountId: string, when: PayoutMonth | Date) => payoutEligibility(x, accountId, when),
    /** The account's payout currency, or null without a payout profile. */
    payoutCurrency: (x: Executor, accountId: string) => payoutCurrencyOf(x, accountId),
    /** Whether the payout of a month is held (the hold at the end of the month before). */
    payoutHold: (x: Executor, accountId: string, when: PayoutMonth | Date) => payoutHoldFor(x, accountId, when),
    /**
     * For the demo seed: the account's tax and payout profiles, submitted and then validated and verified by the
     * system (as an operator would), in the caller's transaction.
     */
    setUpPayouts: async (x: Executor, accountId: string, input: { tax: TaxProfileInput; payout: PayoutProfileInput }) => {
      const now = deps.clock.now();
      const steps = [
        () => putTaxProfile(x, now, accountId, SYSTEM_ACTOR, input.tax),
        () => decideTaxProfile(x, now, accountId, SYSTEM_ACTOR, 'Validate', null),
        () => putPayoutProfile(x, now, accountId, SYSTEM_ACTOR, input.payout),
        () => decidePayoutProfile(x, now, accountId, SYSTEM_ACTOR, 'Verify', null),
      ];
      for (const step of steps) {
        const result = await step();
        if (!result.ok) return result;
      }
      return { ok: true as const, value: undefined };
    },
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => accountsRoutes(scope, deps));
      await app.register(async (scope) => financeRoutes(scope, deps));
    },
  };
}

export type AccountsService = ReturnType<typeof createAccounts>;
