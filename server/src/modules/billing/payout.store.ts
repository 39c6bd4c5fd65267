import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { Dec } from '../../platform/money.js';
import { pq, type PayoutCarryRow, type PayoutLineRow, type PayoutRow, type PayoutRunRow } from './payout.tables.js';

/** SQL for payout runs, payouts, their statement lines and carried-forward accounts (ADR 0018). */

const dec = (v: unknown): string => new Dec(String(v)).toFixed();

/** Serializes payout runs (and fee waivers) across processes: held until the transaction ends. */
export async function lockPayouts(x: Executor): Promise<void> {
  await sql`lock table billing_payout_run in exclusive mode`.execute(x);
}

const runColumns = [
  'run_id',
  'month',
  'cut_off',
  sql<string>`payout_date::text`.as('payout_date'),
  'threshold_amount',
  'threshold_currency',
  'trigger',
  'triggered_by',
  'started_at',
  'completed_at',
  'payouts',
  'carried_forward',
] as const;

const runOut = (r: PayoutRunRow): PayoutRunRow => ({ ...r, threshold_amount: dec(r.threshold_amount) });

export async function findRun(x: Executor, month: string): Promise<PayoutRunRow | undefined> {
  const row = await pq(x).selectFrom('billing_payout_run').select(runColumns).where('month', '=', month).executeTakeFirst();
  return row && runOut(row);
}

export async function findRunById(x: Executor, runId: string): Promise<PayoutRunRow | undefined> {
  const row = await pq(x).selectFrom('billing_payout_run').select(runColumns).where('run_id', '=', runId).executeTakeFirst();
  return row && runOut(row);
}

export async function listRuns(x: Executor, limit: number): Promise<PayoutRunRow[]> {
  return (await pq(x).selectFrom('billing_payout_run').select(runColumns).orderBy('month', 'desc').limit(limit).execute()).map(runOut);
}

/** An earning a run may pay: available, in no payout, its invoice paid before the cut-off. */
export interface PayableEarning {
  earning_id: string;
  account_id: string;
  invoice_id: string;
  invoice_number: string;
  line_no: number;
  transaction_date: string;
  customer_tenant_id: string;
  subscription_id: string;
  /** The customer's market of the sale (from its invoice line). */
  market: string;
  currency: string;
  net: string;
  tax_to_publisher: string;
}

/** The payable earnings in a stable order (account, day, invoice, line), locked for the run's transaction. */
export async function payableEarnings(x: Executor, cutOff: Date): Promise<PayableEarning[]> {
  const rows = await pq(x)
    .selectFrom('billing_earning as e')
    .innerJoin('billing_invoice as i', 'i.invoice_id', 'e.invoice_id')
    .innerJoin('billing_invoice_line as l', (j) => j.onRef('l.invoice_id', '=', 'e.invoice_id').onRef('l.line_no', '=', 'e.line_no'))
    .select([
      'e.earning_id',
      'l.market',
      'e.account_id',
      'e.invoice_id',
      'i.number as invoice_number',
      'e.line_no',
      sql<string>`e.transaction_date::text`.as('transaction_date'),
      'e.customer_tenant_id',
      'e.subscription_id',
      'e.currency',
      'e.net',
      'e.tax_to_publisher',
    ])
    .where('e.status', '=', 'available')
    .where('e.payout_id', 'is', null)
    .where('i.paid_at', 'is not', null)
    .where('i.paid_at', '<', cutOff)
    .orderBy('e.account_id')
    .orderBy('e.transaction_date')
    .orderBy('i.number')
    .orderBy('e.line_no')
    .forUpdate('e')
    .execute();
  return rows.map((r) => ({ ...r, net: dec(r.net), tax_to_publisher: dec(r.tax_to_publisher) }));
}

export async function insertRun(x: Executor, row: PayoutRunRow): Promise<void> {
  await pq(x).insertInto('billing_payout_run').values(row).execute();
}

export async function insertPayout(x: Executor, payout: PayoutRow, lines: readonly PayoutLineRow[]): Promise<void> {
  await pq(x).insertInto('billing_payout').values(payout).execute();
  // Chunks keep each INSERT well under the protocol's parameter limit.
  for (let i = 0; i < lines.length; i += 500) await pq(x).insertInto('billing_payout_line').values(lines.slice(i, i + 500)).execute();
  const ids = lines.map((l) => l.earning_id);
  for (let i = 0; i < ids.length; i += 1000)
    await pq(x)
      .updateTable('billing_earning')
      .set({ status: 'paid', payout_id: payout.payout_id })
      .where('earning_id', 'in', ids.slice(i, i + 1000))
      .execute();
}

export async function insertCarries(x: Executor, rows: readonly PayoutCarryRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await pq(x).insertInto('billing_payout_carry').values(rows.slice(i, i + 500)).execute();
}

const payoutColumns = [
  'payout_id',
  'run_id',
  'account_id',
  'month',
  sql<string>`payout_date::text`.as('payout_date'),
  'currency',
  'amount',
  'withholding',
  'total',
  'withholding_rate',
  'bank_reference',
  'earnings',
  'created_at',
] as const;

const payoutOut = (r: PayoutRow): PayoutRow => ({ ...r, amount: dec(r.amount), withholding: dec(r.withholding), total: dec(r.total), withholding_rate: dec(r.withholding_rate) });

export async function payoutsOfRun(x: Executor, runId: string): Promise<PayoutRow[]> {
  return (await pq(x).selectFrom('billing_payout').select(payoutColumns).where('run_id', '=', runId).orderBy('account_id').execute()).map(payoutOut);
}

export async function carriesOfRun(x: Executor, runId: string): Promise<PayoutCarryRow[]> {
  const rows = await pq(x).selectFrom('billing_payout_carry').selectAll().where('run_id', '=', runId).orderBy('account_id').execute();
  return rows.map((r) => ({ ...r, total: r.total === null ? null : dec(r.total), threshold: r.threshold === null ? null : dec(r.threshold) }));
}

export async function payoutsOfAccount(x: Executor, accountId: string, limit: number, offset: number): Promise<PayoutRow[]> {
  const rows = await pq(x).selectFrom('billing_payout').select(payoutColumns).where('account_id', '=', accountId).orderBy('month', 'desc').limit(limit).offset(offset).execute();
  return rows.map(payoutOut);
}

export async function findPayout(x: Executor, payoutId: string, accountId?: string): Promise<PayoutRow | undefined> {
  let q = pq(x).selectFrom('billing_payout').select(payoutColumns).where('payout_id', '=', payoutId);
  if (accountId) q = q.where('account_id', '=', accountId);
  const row = await q.executeTakeFirst();
  return row && payoutOut(row);
}

/** The account's carried-forward notices (the runs that did not pay it), newest first. */
export async function carriesOfAccount(x: Executor, accountId: string, limit: number) {
  const rows = await pq(x)
    .selectFrom('billing_payout_carry as c')
    .innerJoin('billing_payout_run as r', 'r.run_id', 'c.run_id')
    .select(['r.month', 'c.reason', 'c.currency', 'c.total', 'c.threshold', 'c.earnings'])
    .where('c.account_id', '=', accountId)
    .orderBy('r.month', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, total: r.total === null ? null : dec(r.total), threshold: r.threshold === null ? null : dec(r.threshold) }));
}

/** A statement line: the payout line with the earning it pays. */
export interface StatementLineRow {
  line_no: number;
  earning_id: string;
  transaction_date: string;
  customer_tenant_id: string;
  subscription_id: string;
  offer_id: string;
  plan_id: string;
  kind: string;
  invoice_number: string;
  invoice_line_no: number;
  market: string;
  currency: string;
  gross: string;
  fee_rate: string;
  fee: string;
  net: string;
  tax_to_publisher: string;
  is_test: boolean;
  customer_usd_rate: string;
  customer_rate_date: string;
  payout_usd_rate: string;
  payout_rate_date: string;
  rate: string;
  base: string;
  amount: string;
  withholding: string;
}

export async function statementLines(x: Executor, payoutId: string): Promise<StatementLineRow[]> {
  const rows = await pq(x)
    .selectFrom('billing_payout_line as l')
    .innerJoin('billing_earning as e', 'e.earning_id', 'l.earning_id')
    .select([
      'l.line_no',
      'l.earning_id',
      sql<string>`e.transaction_date::text`.as('transaction_date'),
      'e.customer_tenant_id',
      'e.subscription_id',
      'e.offer_id',
      'e.plan_id',
      'e.kind',
      'l.invoice_number',
      'l.invoice_line_no',
      'l.market',
      'e.currency',
      'e.gross',
      'e.fee_rate',
      'e.fee',
      'e.net',
      'e.tax_to_publisher',
      'e.is_test',
      'l.customer_usd_rate',
      sql<string>`l.customer_rate_date::text`.as('customer_rate_date'),
      'l.payout_usd_rate',
      sql<string>`l.payout_rate_date::text`.as('payout_rate_date'),
      'l.rate',
      'l.base',
      'l.amount',
      'l.withholding',
    ])
    .where('l.payout_id', '=', payoutId)
    .orderBy('l.line_no')
    .execute();
  const numeric = ['gross', 'fee_rate', 'fee', 'net', 'tax_to_publisher', 'customer_usd_rate', 'payout_usd_rate', 'rate', 'base', 'amount', 'withholding'] as const;
  return rows.map((r) => {
    const out = { ...r } as StatementLineRow;
    for (const k of numeric) out[k] = dec(r[k]);
    return out;
  });
}
