import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid, newNumericId } from '../../platform/ids.js';
import type { Principal, UserPrincipal } from '../../platform/http/index.js';
import { PERSONAL_TENANT_ID, type IdentityService } from '../identity/index.js';
import { accountsOfPrincipals, findAccount, insertAccount, publisherIdTaken, rolesOn, sellerIdTaken, updateAccountName, upsertMember } from './accounts.store.js';
import type { AccountRow, MemberRow } from './accounts.tables.js';
import type { AccountView, MyAccountView } from './accounts.types.js';
import { actionsOf, rolesAllow } from './roles.js';

export const PUBLISHER_ID = /^[a-z0-9][a-z0-9_-]{2,49}$/;

export const accountView = (a: AccountRow): AccountView => ({
  accountId: a.account_id,
  publisherId: a.publisher_id,
  displayName: a.display_name,
  sellerId: a.seller_id,
  tenantId: a.tenant_id,
  createdAt: a.created_at.toISOString(),
});

export async function createAccount(
  x: Executor,
  now: Date,
  actor: UserPrincipal,
  input: { publisherId: string; displayName: string },
): Promise<Result<AccountView>> {
  if (actor.tenantId === PERSONAL_TENANT_ID)
    return fail('WorkAccountRequired', 'A publisher account is opened with a work account; personal accounts are not supported.');
  const publisherId = input.publisherId.trim();
  if (!PUBLISHER_ID.test(publisherId))
    return fail('ValidationFailed', 'The publisher id must be 3 to 50 lower-case letters, digits, "-" or "_", starting with a letter or digit.', { target: 'publisherId' });
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 256) return fail('ValidationFailed', 'The publisher display name must be 1 to 256 characters.', { target: 'displayName' });
  if (await publisherIdTaken(x, publisherId)) return fail('Conflict', `The publisher id "${publisherId}" is taken; publisher ids cannot be reused.`, { target: 'publisherId' });
  let sellerId = newNumericId(8);
  while (await sellerIdTaken(x, sellerId)) sellerId = newNumericId(8);
  const row: AccountRow = {
    account_id: newGuid(),
    publisher_id: publisherId,
    display_name: displayName,
    seller_id: sellerId,
    tenant_id: actor.tenantId,
    created_at: now,
    created_by: actor.userId,
    closed_at: null,
  };
  await insertAccount(x, row);
  // The Owner role is assigned automatically to whoever creates the account (L1656).
  await upsertMember(x, { account_id: row.account_id, principal_type: 'user', principal_id: actor.userId, tenant_id: actor.tenantId, roles: ['Owner'], added_at: now, added_by: actor.userId });
  return ok(accountView(row));
}

export async function getAccount(x: Executor, accountId: string): Promise<Result<AccountView>> {
  const row = isGuid(accountId) ? await findAccount(x, accountId) : undefined;
  return row && !row.closed_at ? ok(accountView(row)) : fail('NotFound', `Account ${accountId} does not exist.`);
}

export async function renameAccount(x: Executor, accountId: string, displayName: string): Promise<Result<AccountView>> {
  const name = displayName.trim();
  if (!name || name.length > 256) return fail('ValidationFailed', 'The publisher display name must be 1 to 256 characters.', { target: 'displayName' });
  await updateAccountName(x, accountId, name);
  return getAccount(x, accountId);
}

/** The directory principals whose memberships count for this caller: a user and the groups it is in, or an app. */
export async function principalsOf(x: Executor, identity: IdentityService, principal: Principal): Promise<{ type: MemberRow['principal_type']; id: string }[]> {
  if (principal.kind === 'app') return [{ type: 'app', id: principal.appId }];
  const groups = await identity.groupsOfUser(x, principal.userId);
  return [{ type: 'user', id: principal.userId }, ...groups.map((id) => ({ type: 'group' as const, id }))];
}

export async function myAccounts(x: Executor, identity: IdentityService, principal: Principal): Promise<MyAccountView[]> {
  const rows = await accountsOfPrincipals(x, await principalsOf(x, identity, principal));
  return rows.map((r) => ({ ...accountView(r), roles: r.roles, actions: actionsOf(r.roles) }));
}

/** The one permission check: does this caller's roles on the account (direct or through groups) allow the action? */
export async function can(x: Executor, identity: IdentityService, principal: Principal, accountId: string, action: string): Promise<boolean> {
  if (!isGuid(accountId)) return false;
  const account = await findAccount(x, accountId);
  if (!account || account.closed_at) return false;
  if (principal.kind === 'app' && principal.accountId !== null && principal.accountId !== accountId) return false;
  return rolesAllow(await rolesOn(x, accountId, await principalsOf(x, identity, principal)), action);
}
