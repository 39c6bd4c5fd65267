import { fail, ok, type Result } from '../../platform/errors.js';
import type { Executor } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import {
  addGroupMembers,
  domainTaken,
  findGroup,
  findTenant,
  findUser,
  findUserByEmail,
  findUsers,
  groupNameTaken,
  groupsOfUser,
  insertGroup,
  insertTenant,
  insertUser,
} from './directory.store.js';
import { PERSONAL_TENANT_ID, type GroupRow, type TenantRow, type UserRow } from './identity.tables.js';
import { TENANT_DOMAIN_SUFFIX, type GroupView, type TenantView, type UserView } from './identity.types.js';
import { hashPassword, passwordProblem } from './password.js';

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | undefined {
  const e = normalizeEmail(email);
  if (e.length > 254 || !EMAIL.test(e)) return `"${email}" is not an email address.`;
  return undefined;
}

export const tenantView = (t: TenantRow): TenantView => ({ tenantId: t.tenant_id, displayName: t.display_name, defaultDomain: t.default_domain, kind: t.kind });
export const userView = (u: UserRow): UserView => ({
  objectId: u.object_id,
  tenantId: u.tenant_id,
  email: u.email,
  displayName: u.display_name,
  userType: u.user_type,
  state: u.state,
  isGlobalAdmin: u.is_global_admin,
  isOperator: u.is_operator,
});
export const groupView = (g: GroupRow): GroupView => ({ objectId: g.object_id, tenantId: g.tenant_id, displayName: g.display_name });

/** A domain prefix from a name: lower-case letters and digits, at most 27 characters (Azure AD's limit). */
export function domainPrefixFrom(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '').slice(0, 27) || 'tenant';
}

export async function createTenant(x: Executor, now: Date, input: { displayName: string; domainPrefix?: string | undefined }): Promise<Result<TenantView>> {
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 256) return fail('ValidationFailed', 'The organization name must be 1 to 256 characters.', { target: 'displayName' });
  const prefix = input.domainPrefix?.trim().toLowerCase() ?? domainPrefixFrom(displayName);
  if (!/^[a-z0-9]{1,27}$/.test(prefix)) return fail('ValidationFailed', 'The domain prefix must be 1 to 27 lower-case letters or digits.', { target: 'domainPrefix' });
  let domain = `${prefix}.${TENANT_DOMAIN_SUFFIX}`;
  if (await domainTaken(x, domain)) {
    if (input.domainPrefix) return fail('Conflict', `The domain ${domain} is taken.`, { target: 'domainPrefix' });
    for (let i = 2; await domainTaken(x, domain); i++) domain = `${prefix.slice(0, 24)}${i}.${TENANT_DOMAIN_SUFFIX}`;
  }
  const row: TenantRow = { tenant_id: newGuid(), display_name: displayName, default_domain: domain, kind: 'organization', created_at: now };
  await insertTenant(x, row);
  return ok(tenantView(row));
}

export interface NewUserInput {
  tenantId: string;
  email: string;
  displayName: string;
  /** Absent for an invited user who has not accepted yet. */
  password?: string | undefined;
  userType?: 'member' | 'guest';
  isGlobalAdmin?: boolean;
  isOperator?: boolean;
}

export async function createUser(x: Executor, now: Date, input: NewUserInput): Promise<Result<UserView>> {
  const problem = emailProblem(input.email);
  if (problem) return fail('ValidationFailed', problem, { target: 'email' });
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 256) return fail('ValidationFailed', 'The display name must be 1 to 256 characters.', { target: 'displayName' });
  if (input.password !== undefined) {
    const weak = passwordProblem(input.password);
    if (weak) return fail('ValidationFailed', weak, { target: 'password' });
  }
  if (!(await findTenant(x, input.tenantId))) return fail('NotFound', `Tenant ${input.tenantId} does not exist.`, { target: 'tenantId' });
  if (await findUserByEmail(x, input.email)) return fail('Conflict', `A user with the email ${normalizeEmail(input.email)} already exists.`, { target: 'email' });
  const row: UserRow = {
    object_id: newGuid(),
    tenant_id: input.tenantId,
    email: normalizeEmail(input.email),
    display_name: displayName,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
    user_type: input.userType ?? 'member',
    state: input.password === undefined ? 'invitation_pending' : 'active',
    is_global_admin: input.isGlobalAdmin ?? false,
    is_operator: input.isOperator ?? false,
    created_at: now,
  };
  await insertUser(x, row);
  return ok(userView(row));
}

/** A new organization: its directory tenant and its first user, who is the tenant's global administrator. */
export async function signUpOrganization(
  x: Executor,
  now: Date,
  input: { organizationName: string; domainPrefix?: string | undefined; email: string; displayName: string; password: string },
): Promise<Result<{ tenant: TenantView; user: UserView }>> {
  const tenant = await createTenant(x, now, { displayName: input.organizationName, domainPrefix: input.domainPrefix });
  if (!tenant.ok) return tenant;
  const user = await createUser(x, now, { tenantId: tenant.value.tenantId, email: input.email, displayName: input.displayName, password: input.password, isGlobalAdmin: true });
  if (!user.ok) return user;
  return ok({ tenant: tenant.value, user: user.value });
}

/** A customer with a personal account: a user of the personal-accounts tenant. */
export async function signUpPersonal(x: Executor, now: Date, input: { email: string; displayName: string; password: string }): Promise<Result<UserView>> {
  return createUser(x, now, { tenantId: PERSONAL_TENANT_ID, email: input.email, displayName: input.displayName, password: input.password });
}

export async function createGroup(x: Executor, now: Date, input: { tenantId: string; displayName: string; memberIds: readonly string[] }): Promise<Result<GroupView>> {
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 256) return fail('ValidationFailed', 'The group name must be 1 to 256 characters.', { target: 'displayName' });
  if (await groupNameTaken(x, input.tenantId, displayName)) return fail('Conflict', `A group named "${displayName}" already exists in this directory.`, { target: 'displayName' });
  const members = await findUsers(x, input.memberIds);
  if (members.length !== new Set(input.memberIds).size) return fail('ValidationFailed', 'Some members are not users of the directory.', { target: 'memberIds' });
  const row: GroupRow = { object_id: newGuid(), tenant_id: input.tenantId, display_name: displayName, created_at: now };
  await insertGroup(x, row);
  await addGroupMembers(x, row.object_id, input.memberIds);
  return ok(groupView(row));
}

export { findTenant, findUser, findUserByEmail, findUsers, findGroup, groupsOfUser };
