import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import type { AppView, GroupView, IdentityService, NewSecret, UserView } from '../identity/index.js';
import { accountOfApp, countOwners, deleteMember, findAccount, findMember, lockAccount, membersOf, upsertMember } from './accounts.store.js';
import type { MemberRow } from './accounts.tables.js';
import { isRole, type Role } from './roles.js';

export type PrincipalType = MemberRow['principal_type'];

export interface MemberList {
  users: (UserView & { roles: string[] })[];
  groups: (GroupView & { roles: string[]; memberIds: string[] })[];
  apps: (AppView & { roles: string[] })[];
}

export function rolesProblem(roles: readonly string[]): string | undefined {
  if (roles.length === 0) return 'Give at least one role.';
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) return `Unknown roles: ${bad.join(', ')}. Roles are Owner, Manager, Developer, BusinessContributor, FinancialContributor, Marketer.`;
  return undefined;
}

const uniqueRoles = (roles: readonly string[]) => [...new Set(roles)] as Role[];

export async function listMembers(x: Executor, identity: IdentityService, accountId: string): Promise<MemberList> {
  const rows = await membersOf(x, accountId);
  const ids = (t: PrincipalType) => rows.filter((r) => r.principal_type === t).map((r) => r.principal_id);
  const rolesOf = (t: PrincipalType, id: string) => rows.find((r) => r.principal_type === t && r.principal_id === id)?.roles ?? [];
  const users = await identity.findUsers(x, ids('user'));
  const groups = await Promise.all(ids('group').map((id) => identity.findGroup(x, id)));
  const apps = await identity.findApps(x, ids('app'));
  return {
    users: users.map((u) => ({ ...u, roles: rolesOf('user', u.objectId) })),
    groups: await Promise.all(
      groups.filter((g): g is GroupView => !!g).map(async (g) => ({ ...g, roles: rolesOf('group', g.objectId), memberIds: await identity.groupMembers(x, g.objectId) })),
    ),
    apps: apps.map((a) => ({ ...a, roles: rolesOf('app', a.appId) })),
  };
}

/** "Add existing users": users of the account's directory, all with the same roles (L1600). */
export async function addUsers(x: Executor, identity: IdentityService, now: Date, accountId: string, actorId: string, input: { userIds: string[]; roles: string[] }): Promise<Result<void>> {
  const problem = rolesProblem(input.roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  const account = await findAccount(x, accountId);
  if (!account) return fail('NotFound', 'No such account.');
  if (input.userIds.some((id) => !isGuid(id))) return fail('ValidationFailed', 'User ids are GUIDs.', { target: 'userIds' });
  const users = await identity.findUsers(x, input.userIds);
  const missing = input.userIds.filter((id) => !users.some((u) => u.objectId === id));
  if (missing.length) return fail('ValidationFailed', `Not users of the directory: ${missing.join(', ')}.`, { target: 'userIds' });
  const foreign = users.filter((u) => u.tenantId !== account.tenant_id);
  if (foreign.length) return fail('ValidationFailed', `Only users of the account's directory can be added; invite the others by email: ${foreign.map((u) => u.email).join(', ')}.`, { target: 'userIds' });
  for (const u of users) {
    await upsertMember(x, { account_id: accountId, principal_type: 'user', principal_id: u.objectId, tenant_id: u.tenantId, roles: uniqueRoles(input.roles), added_at: now, added_by: actorId });
  }
  return ok(undefined);
}

export async function setRoles(x: Executor, accountId: string, type: PrincipalType, principalId: string, roles: string[]): Promise<Result<void>> {
  const problem = rolesProblem(roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  if (!isGuid(principalId)) return fail('NotFound', 'No such member.');
  await lockAccount(x, accountId);
  const member = await findMember(x, accountId, type, principalId);
  if (!member) return fail('NotFound', 'No such member.');
  if (type === 'user' && member.roles.includes('Owner') && !roles.includes('Owner') && (await countOwners(x, accountId)) <= 1)
    return fail('Conflict', 'An account keeps at least one Owner: make someone else Owner first.');
  await upsertMember(x, { ...member, roles: uniqueRoles(roles) });
  return ok(undefined);
}

export async function removeMember(x: Executor, accountId: string, type: PrincipalType, principalId: string): Promise<Result<void>> {
  if (!isGuid(principalId)) return fail('NotFound', 'No such member.');
  await lockAccount(x, accountId);
  const member = await findMember(x, accountId, type, principalId);
  if (!member) return fail('NotFound', 'No such member.');
  if (type === 'user' && member.roles.includes('Owner') && (await countOwners(x, accountId)) <= 1)
    return fail('Conflict', 'An account keeps at least one Owner: the last Owner cannot be removed.');
  await deleteMember(x, accountId, type, principalId);
  return ok(undefined);
}

export async function createAccountGroup(
  x: Executor,
  identity: IdentityService,
  now: Date,
  accountId: string,
  actorId: string,
  input: { displayName: string; memberIds: string[]; roles: string[] },
): Promise<Result<GroupView>> {
  const problem = rolesProblem(input.roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  if (input.memberIds.some((id) => !isGuid(id))) return fail('ValidationFailed', 'Member ids are GUIDs.', { target: 'memberIds' });
  const account = await findAccount(x, accountId);
  if (!account) return fail('NotFound', 'No such account.');
  const group = await identity.createGroup(x, { tenantId: account.tenant_id, displayName: input.displayName, memberIds: input.memberIds });
  if (!group.ok) return group;
  await upsertMember(x, { account_id: accountId, principal_type: 'group', principal_id: group.value.objectId, tenant_id: account.tenant_id, roles: uniqueRoles(input.roles), added_at: now, added_by: actorId });
  return group;
}

export async function addGroupMembers(x: Executor, identity: IdentityService, accountId: string, groupId: string, userIds: string[]): Promise<Result<void>> {
  if (!isGuid(groupId) || !(await findMember(x, accountId, 'group', groupId))) return fail('NotFound', 'No such group on this account.');
  if (userIds.some((id) => !isGuid(id))) return fail('ValidationFailed', 'User ids are GUIDs.', { target: 'userIds' });
  const users = await identity.findUsers(x, userIds);
  if (users.length !== new Set(userIds).size) return fail('ValidationFailed', 'Some ids are not users of the directory.', { target: 'userIds' });
  await identity.addGroupMembers(x, groupId, userIds);
  return ok(undefined);
}

/** "New Azure AD application": registered in the account's directory, linked with roles, with its first secret. */
export async function registerApp(
  x: Executor,
  identity: IdentityService,
  now: Date,
  accountId: string,
  actorId: string,
  input: { displayName: string; replyUrl?: string; appIdUri?: string; roles: string[]; secretDisplayName?: string; secretExpiresInDays?: number },
): Promise<Result<{ app: AppView; secret: NewSecret }>> {
  const problem = rolesProblem(input.roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  const account = await findAccount(x, accountId);
  if (!account) return fail('NotFound', 'No such account.');
  const app = await identity.createApp(x, { tenantId: account.tenant_id, displayName: input.displayName, replyUrl: input.replyUrl, appIdUri: input.appIdUri });
  if (!app.ok) return app;
  const secret = await identity.addSecret(x, app.value.appId, { displayName: input.secretDisplayName, expiresInDays: input.secretExpiresInDays });
  if (!secret.ok) return secret;
  await upsertMember(x, { account_id: accountId, principal_type: 'app', principal_id: app.value.appId, tenant_id: app.value.tenantId, roles: uniqueRoles(input.roles), added_at: now, added_by: actorId });
  return ok({ app: app.value, secret: secret.value });
}

/** "Add existing Azure AD application": an app of the account's directory not yet linked to any publisher account. */
export async function linkApp(x: Executor, identity: IdentityService, now: Date, accountId: string, actorId: string, input: { appId: string; roles: string[] }): Promise<Result<AppView>> {
  const problem = rolesProblem(input.roles);
  if (problem) return fail('ValidationFailed', problem, { target: 'roles' });
  const account = await findAccount(x, accountId);
  if (!account) return fail('NotFound', 'No such account.');
  const app = isGuid(input.appId) ? await identity.findApp(x, input.appId) : undefined;
  if (!app || app.tenantId !== account.tenant_id) return fail('ValidationFailed', `Application ${input.appId} is not registered in this account's directory.`, { target: 'appId' });
  const owner = await accountOfApp(x, app.tenantId, app.appId);
  if (owner && owner !== accountId) return fail('Conflict', 'This (tenant id, app id) pair already belongs to another publisher account; a pair can be used in one account only.', { target: 'appId' });
  await upsertMember(x, { account_id: accountId, principal_type: 'app', principal_id: app.appId, tenant_id: app.tenantId, roles: uniqueRoles(input.roles), added_at: now, added_by: actorId });
  return ok(app);
}

/** The app, if it is linked to this account. */
export async function accountApp(x: Executor, identity: IdentityService, accountId: string, appId: string): Promise<AppView | undefined> {
  if (!isGuid(appId) || !(await findMember(x, accountId, 'app', appId))) return undefined;
  return identity.findApp(x, appId);
}
