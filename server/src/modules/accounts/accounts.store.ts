import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { acq, type AccountRow, type InvitationRow, type MemberRow } from './accounts.tables.js';

export async function insertAccount(x: Executor, row: AccountRow): Promise<void> {
  await acq(x).insertInto('accounts_publisher_account').values(row).execute();
}

export async function findAccount(x: Executor, accountId: string): Promise<AccountRow | undefined> {
  return acq(x).selectFrom('accounts_publisher_account').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function publisherIdTaken(x: Executor, publisherId: string): Promise<boolean> {
  return !!(await acq(x).selectFrom('accounts_publisher_account').select('account_id').where('publisher_id', '=', publisherId).executeTakeFirst());
}

export async function sellerIdTaken(x: Executor, sellerId: string): Promise<boolean> {
  return !!(await acq(x).selectFrom('accounts_publisher_account').select('account_id').where('seller_id', '=', sellerId).executeTakeFirst());
}

export async function updateAccountName(x: Executor, accountId: string, displayName: string): Promise<void> {
  await acq(x).updateTable('accounts_publisher_account').set({ display_name: displayName }).where('account_id', '=', accountId).execute();
}

export async function upsertMember(x: Executor, row: MemberRow): Promise<void> {
  await acq(x)
    .insertInto('accounts_member')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'principal_type', 'principal_id']).doUpdateSet({ roles: row.roles }))
    .execute();
}

export async function findMember(x: Executor, accountId: string, type: MemberRow['principal_type'], principalId: string): Promise<MemberRow | undefined> {
  return acq(x)
    .selectFrom('accounts_member')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('principal_type', '=', type)
    .where('principal_id', '=', principalId)
    .executeTakeFirst();
}

export async function membersOf(x: Executor, accountId: string): Promise<MemberRow[]> {
  return acq(x).selectFrom('accounts_member').selectAll().where('account_id', '=', accountId).orderBy('added_at').execute();
}

export async function deleteMember(x: Executor, accountId: string, type: MemberRow['principal_type'], principalId: string): Promise<boolean> {
  const r = await acq(x)
    .deleteFrom('accounts_member')
    .where('account_id', '=', accountId)
    .where('principal_type', '=', type)
    .where('principal_id', '=', principalId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Locks the account's membership while owners are counted, so two concurrent removals cannot both pass. */
export async function lockAccount(x: Executor, accountId: string): Promise<void> {
  await sql`select 1 from accounts_publisher_account where account_id = ${accountId} for update`.execute(x);
}

export async function countOwners(x: Executor, accountId: string): Promise<number> {
  const r = await acq(x)
    .selectFrom('accounts_member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('principal_type', '=', 'user')
    .where(sql<boolean>`'Owner' = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Roles a principal holds on an account, directly or (for users) through groups. */
export async function rolesOn(x: Executor, accountId: string, principals: { type: MemberRow['principal_type']; id: string }[]): Promise<string[]> {
  if (principals.length === 0) return [];
  const rows = await acq(x)
    .selectFrom('accounts_member')
    .select('roles')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or(principals.map((p) => eb.and([eb('principal_type', '=', p.type), eb('principal_id', '=', p.id)]))))
    .execute();
  return [...new Set(rows.flatMap((r) => r.roles))];
}

export async function accountsOfPrincipals(x: Executor, principals: { type: MemberRow['principal_type']; id: string }[]): Promise<(AccountRow & { roles: string[] })[]> {
  if (principals.length === 0) return [];
  const rows = await acq(x)
    .selectFrom('accounts_member as m')
    .innerJoin('accounts_publisher_account as a', 'a.account_id', 'm.account_id')
    .selectAll('a')
    .select('m.roles')
    .where('a.closed_at', 'is', null)
    .where((eb) => eb.or(principals.map((p) => eb.and([eb('m.principal_type', '=', p.type), eb('m.principal_id', '=', p.id)]))))
    .execute();
  const byAccount = new Map<string, AccountRow & { roles: string[] }>();
  for (const r of rows) {
    const prev = byAccount.get(r.account_id);
    byAccount.set(r.account_id, { ...r, roles: [...new Set([...(prev?.roles ?? []), ...r.roles])] });
  }
  return [...byAccount.values()].sort((a, b) => a.display_name.localeCompare(b.display_name));
}

export async function accountOfApp(x: Executor, tenantId: string, appId: string): Promise<string | null> {
  const r = await acq(x)
    .selectFrom('accounts_member')
    .select('account_id')
    .where('principal_type', '=', 'app')
    .where('tenant_id', '=', tenantId)
    .where('principal_id', '=', appId)
    .executeTakeFirst();
  return r?.account_id ?? null;
}

export async function insertInvitation(x: Executor, row: InvitationRow): Promise<void> {
  await acq(x).insertInto('accounts_invitation').values(row).execute();
}

export async function findInvitationByToken(x: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
  return acq(x).selectFrom('accounts_invitation').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findInvitation(x: Executor, accountId: string, invitationId: string): Promise<InvitationRow | undefined> {
  return acq(x).selectFrom('accounts_invitation').selectAll().where('account_id', '=', accountId).where('invitation_id', '=', invitationId).executeTakeFirst();
}

export async function invitationsOf(x: Executor, accountId: string): Promise<InvitationRow[]> {
  return acq(x).selectFrom('accounts_invitation').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(500).execute();
}

export async function openInvitationFor(x: Executor, accountId: string, email: string): Promise<InvitationRow | undefined> {
  return acq(x)
    .selectFrom('accounts_invitation')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('email', '=', email)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

export async function updateInvitation(x: Executor, invitationId: string, patch: Partial<InvitationRow>): Promise<void> {
  await acq(x).updateTable('accounts_invitation').set(patch).where('invitation_id', '=', invitationId).execute();
}
