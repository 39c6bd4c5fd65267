import type { Executor } from '../../platform/db/index.js';
import { fq, type FinanceEventRow, type FinanceTables, type HoldChangeRow, type PayoutProfileRow, type TaxProfileRow } from './finance.tables.js';

/** SQL for the tax and payout profiles (migration 0018). Callers lock the account first for changes (lockAccount). */

export async function findTaxProfile(x: Executor, accountId: string, forUpdate = false): Promise<TaxProfileRow | undefined> {
  let q = fq(x).selectFrom('accounts_tax_profile').selectAll().where('account_id', '=', accountId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function upsertTaxProfile(x: Executor, row: TaxProfileRow): Promise<void> {
  const values = { ...row, address: JSON.stringify(row.address) as unknown as TaxProfileRow['address'] };
  const { account_id: _id, created_at: _created, ...changes } = values;
  await fq(x)
    .insertInto('accounts_tax_profile')
    .values(values)
    .onConflict((oc) => oc.column('account_id').doUpdateSet(changes))
    .execute();
}

export async function setTaxStatus(
  x: Executor,
  accountId: string,
  change: Pick<TaxProfileRow, 'status' | 'status_reason' | 'decided_at' | 'decided_by'>,
): Promise<void> {
  await fq(x).updateTable('accounts_tax_profile').set(change).where('account_id', '=', accountId).execute();
}

/** Validated W-9 profiles of other accounts with this US TIN (the validation job's name check). */
export async function validatedProfilesWithTin(x: Executor, taxId: string, exceptAccountId: string): Promise<Pick<TaxProfileRow, 'account_id' | 'legal_name'>[]> {
  return fq(x)
    .selectFrom('accounts_tax_profile')
    .select(['account_id', 'legal_name'])
    .where('tax_form', '=', 'W-9')
    .where('tax_id', '=', taxId)
    .where('status', '=', 'Validated')
    .where('account_id', '<>', exceptAccountId)
    .execute();
}

export async function findPayoutProfile(x: Executor, accountId: string, forUpdate = false): Promise<PayoutProfileRow | undefined> {
  let q = fq(x).selectFrom('accounts_payout_profile').selectAll().where('account_id', '=', accountId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertPayoutProfile(x: Executor, row: PayoutProfileRow): Promise<void> {
  await fq(x).insertInto('accounts_payout_profile').values(row).execute();
}

export async function updatePayoutProfile(x: Executor, accountId: string, changes: Partial<Omit<PayoutProfileRow, 'account_id' | 'created_at'>>): Promise<void> {
  await fq(x).updateTable('accounts_payout_profile').set(changes).where('account_id', '=', accountId).execute();
}

export async function insertHoldChange(x: Executor, row: Omit<HoldChangeRow, 'seq'>): Promise<void> {
  await fq(x).insertInto('accounts_payout_hold_change').values(row).execute();
}

/** The hold's changes in the order they were made. */
export async function holdChanges(x: Executor, accountId: string): Promise<HoldChangeRow[]> {
  return fq(x).selectFrom('accounts_payout_hold_change').selectAll().where('account_id', '=', accountId).orderBy('changed_at').orderBy('seq').execute();
}

export async function insertFinanceEvent(x: Executor, row: Omit<FinanceTables['accounts_finance_event'], 'seq'>): Promise<void> {
  await fq(x).insertInto('accounts_finance_event').values(row).execute();
}

/** The latest `limit` state changes of a profile, newest first. */
export async function financeEvents(x: Executor, accountId: string, profile: 'tax' | 'payout', limit = 50): Promise<FinanceEventRow[]> {
  return fq(x)
    .selectFrom('accounts_finance_event')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('profile', '=', profile)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}
