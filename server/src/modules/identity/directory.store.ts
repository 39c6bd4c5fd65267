import type { Executor } from '../../platform/db/index.js';
import { idq, type GroupRow, type TenantRow, type UserRow } from './identity.tables.js';

export async function insertTenant(x: Executor, row: TenantRow): Promise<void> {
  await idq(x).insertInto('identity_tenant').values(row).execute();
}

export async function findTenant(x: Executor, idOrDomain: string): Promise<TenantRow | undefined> {
  const key = idOrDomain.toLowerCase();
  const isGuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
  return idq(x)
    .selectFrom('identity_tenant')
    .selectAll()
    .where(isGuid ? 'tenant_id' : 'default_domain', '=', key)
    .executeTakeFirst();
}

export async function domainTaken(x: Executor, domain: string): Promise<boolean> {
  return !!(await idq(x).selectFrom('identity_tenant').select('tenant_id').where('default_domain', '=', domain).executeTakeFirst());
}

export async function insertUser(x: Executor, row: UserRow): Promise<void> {
  await idq(x).insertInto('identity_user').values(row).execute();
}

export async function findUserByEmail(x: Executor, email: string): Promise<UserRow | undefined> {
  return idq(x).selectFrom('identity_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUser(x: Executor, objectId: string): Promise<UserRow | undefined> {
  return idq(x).selectFrom('identity_user').selectAll().where('object_id', '=', objectId).executeTakeFirst();
}

export async function findUsers(x: Executor, objectIds: readonly string[]): Promise<UserRow[]> {
  if (objectIds.length === 0) return [];
  return idq(x).selectFrom('identity_user').selectAll().where('object_id', 'in', objectIds).execute();
}

export async function activateUser(x: Executor, objectId: string, passwordHash: string, displayName: string): Promise<void> {
  await idq(x)
    .updateTable('identity_user')
    .set({ password_hash: passwordHash, display_name: displayName, state: 'active' })
    .where('object_id', '=', objectId)
    .execute();
}

export async function insertGroup(x: Executor, row: GroupRow): Promise<void> {
  await idq(x).insertInto('identity_group').values(row).execute();
}

export async function findGroup(x: Executor, objectId: string): Promise<GroupRow | undefined> {
  return idq(x).selectFrom('identity_group').selectAll().where('object_id', '=', objectId).executeTakeFirst();
}

export async function groupNameTaken(x: Executor, tenantId: string, displayName: string): Promise<boolean> {
  return !!(await idq(x)
    .selectFrom('identity_group')
    .select('object_id')
    .where('tenant_id', '=', tenantId)
    .where('display_name', '=', displayName)
    .executeTakeFirst());
}

export async function addGroupMembers(x: Executor, groupId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await idq(x)
    .insertInto('identity_group_member')
    .values(userIds.map((user_id) => ({ group_id: groupId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function groupMembers(x: Executor, groupId: string): Promise<string[]> {
  const rows = await idq(x).selectFrom('identity_group_member').select('user_id').where('group_id', '=', groupId).execute();
  return rows.map((r) => r.user_id);
}

export async function groupsOfUser(x: Executor, userId: string): Promise<string[]> {
  const rows = await idq(x).selectFrom('identity_group_member').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

export async function setOperator(x: Executor, objectId: string, isOperator: boolean): Promise<void> {
  await idq(x).updateTable('identity_user').set({ is_operator: isOperator }).where('object_id', '=', objectId).execute();
}
