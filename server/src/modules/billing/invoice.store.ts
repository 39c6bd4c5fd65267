import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { Dec } from '../../platform/money.js';
import { bq, type EarningRow, type InvoiceLineRow, type InvoiceRow, type InvoiceStatus, type PaymentRow } from './billing.tables.js';

/** SQL for invoices, their lines, runs, payments and earnings. */

const invoiceColumns = [
  'invoice_id',
  'number',
  'tenant_id',
  'currency',
  sql<string>`period_start::text`.as('period_start'),
  sql<string>`period_end::text`.as('period_end'),
  'subtotal',
  'tax',
  'total',
  'status',
  'issued_at',
  'paid_at',
  'run_id',
] as const;

const lineColumns = [
  'invoice_id',
  'line_no',
  'source_key',
  'kind',
  'correction',
  'description',
  'subscription_id',
  'account_id',
  'offer_id',
  'plan_id',
  'dimension',
  'quantity',
  'unit_price',
  'amount',
  'tax_rate',
  'tax',
  'tax_collected_by',
  sql<string>`service_start::text`.as('service_start'),
  sql<string>`service_end::text`.as('service_end'),
  sql<string>`billed_on::text`.as('billed_on'),
  'is_test',
  'market',
] as const;

const money = <T extends Record<string, unknown>>(row: T, keys: readonly (keyof T)[]): T => {
  const out = { ...row };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) (out as Record<keyof T, unknown>)[k] = new Dec(String(out[k])).toFixed();
  return out;
};

const invoiceOut = (r: InvoiceRow): InvoiceRow => money(r, ['subtotal', 'tax', 'total']);
const lineOut = (r: InvoiceLineRow): InvoiceLineRow => money(r, ['quantity', 'unit_price', 'amount', 'tax_rate', 'tax']);

/** Serializes billing runs (and the invoice counter) across processes: held until the transaction ends. */
export async function lockBilling(x: Executor): Promise<void> {
  await sql`lock table billing_invoice_counter in exclusive mode`.execute(x);
}

/** Takes the next `count` invoice numbers of the year in one statement (gap-free under the billing lock). */
export async function nextInvoiceNumbers(x: Executor, year: number, count: number): Promise<string[]> {
  if (count === 0) return [];
  const row = await bq(x)
    .insertInto('billing_invoice_counter')
    .values({ year, last_number: count })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_number: eb('billing_invoice_counter.last_number', '+', count) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  const first = row.last_number - count + 1;
  return Array.from({ length: count }, (_, i) => `AG-${year}-${String(first + i).padStart(6, '0')}`);
}

/** Splits a long `in (...)` list: PostgreSQL takes at most 65,535 bind parameters per statement. */
export function chunked<T>(items: readonly T[], size = 10_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What invoices up to `upToPeriodStart` billed per source key, for these subscriptions. */
export async function invoicedByKey(x: Executor, subscriptionIds: readonly string[], upToPeriodStart: string): Promise<Map<string, Dec>> {
  const out = new Map<string, Dec>();
  for (const ids of chunked(subscriptionIds)) {
    const rows = await bq(x)
      .selectFrom('billing_invoice_line as l')
      .innerJoin('billing_invoice as i', 'i.invoice_id', 'l.invoice_id')
      .select((eb) => ['l.source_key', eb.fn.sum<string>('l.amount').as('amount')])
      .where('l.subscription_id', 'in', ids)
      .where('i.period_start', '<=', upToPeriodStart)
      .groupBy('l.source_key')
      .execute();
    // A key names one subscription, so no key spans two chunks.
    for (const r of rows) out.set(r.source_key, new Dec(String(r.amount)));
  }
  return out;
}

export async function invoicesOfPeriod(x: Executor, periodStart: string): Promise<InvoiceRow[]> {
  return (await bq(x).selectFrom('billing_invoice').select(invoiceColumns).where('period_start', '=', periodStart).execute()).map(invoiceOut);
}

export async function periodWasRun(x: Executor, periodStart: string): Promise<boolean> {
  return (await bq(x).selectFrom('billing_run').select('run_id').where('period_start', '=', periodStart).limit(1).executeTakeFirst()) !== undefined;
}

/** Writes invoices with their lines and earnings in multi-row statements (500 rows each). */
export async function insertInvoices(x: Executor, invoices: readonly InvoiceRow[], lines: readonly InvoiceLineRow[], earnings: readonly EarningRow[]): Promise<void> {
  for (const rows of chunked(invoices, 500)) await bq(x).insertInto('billing_invoice').values(rows).execute();
  for (const rows of chunked(lines, 500)) await bq(x).insertInto('billing_invoice_line').values(rows).execute();
  for (const rows of chunked(earnings, 500)) await bq(x).insertInto('billing_earning').values(rows).execute();
}

export async function insertRun(x: Executor, run: { run_id: string; period_start: string; period_end: string; started_at: Date; completed_at: Date; invoices: number; unchanged: number; pending_adjustments: number }): Promise<void> {
  await bq(x).insertInto('billing_run').values(run).execute();
}

export async function listRuns(x: Executor, limit: number) {
  return bq(x)
    .selectFrom('billing_run')
    .select(['run_id', sql<string>`period_start::text`.as('period_start'), sql<string>`period_end::text`.as('period_end'), 'started_at', 'completed_at', 'invoices', 'unchanged', 'pending_adjustments'])
    .orderBy('completed_at', 'desc')
    .orderBy('run_id')
    .limit(limit)
    .execute();
}

export async function findInvoice(x: Executor, invoiceId: string, forUpdate = false): Promise<InvoiceRow | undefined> {
  let q = bq(x).selectFrom('billing_invoice').select(invoiceColumns).where('invoice_id', '=', invoiceId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? invoiceOut(row) : undefined;
}

export async function invoiceLines(x: Executor, invoiceId: string): Promise<InvoiceLineRow[]> {
  return (await bq(x).selectFrom('billing_invoice_line').select(lineColumns).where('invoice_id', '=', invoiceId).orderBy('line_no').execute()).map(lineOut);
}

export async function invoicesOf(x: Executor, filter: { tenantId?: string | undefined; status?: InvoiceStatus | undefined; limit: number; offset: number }): Promise<InvoiceRow[]> {
  let q = bq(x).selectFrom('billing_invoice').select(invoiceColumns);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.orderBy('period_start', 'desc').orderBy('number', 'desc').limit(filter.limit).offset(filter.offset).execute()).map(invoiceOut);
}

export async function setInvoiceStatus(x: Executor, invoiceId: string, status: InvoiceStatus, paidAt: Date | null): Promise<void> {
  await bq(x).updateTable('billing_invoice').set({ status, paid_at: paidAt }).where('invoice_id', '=', invoiceId).execute();
}

export async function paymentsOf(x: Executor, invoiceId: string): Promise<PaymentRow[]> {
  const rows = await bq(x).selectFrom('billing_payment').selectAll().where('invoice_id', '=', invoiceId).orderBy('attempt').execute();
  return rows.map((r) => ({ ...r, amount: new Dec(String(r.amount)).toFixed() }));
}

export async function insertPayment(x: Executor, row: PaymentRow): Promise<void> {
  await bq(x).insertInto('billing_payment').values(row).execute();
}

export async function updatePayment(x: Executor, paymentId: string, changes: Partial<PaymentRow>): Promise<void> {
  await bq(x).updateTable('billing_payment').set(changes).where('payment_id', '=', paymentId).execute();
}

/** The invoice's earnings become available for payout (its payment arrived). */
export async function releaseEarnings(x: Executor, invoiceId: string, at: Date): Promise<void> {
  await bq(x).updateTable('billing_earning').set({ status: 'available', available_at: at }).where('invoice_id', '=', invoiceId).where('status', '=', 'pending').execute();
}

/** The tenant's invoices whose last collection failed. */
export async function failedInvoicesOf(x: Executor, tenantId: string): Promise<string[]> {
  const rows = await bq(x).selectFrom('billing_invoice').select('invoice_id').where('tenant_id', '=', tenantId).where('status', '=', 'failed').orderBy('period_start').execute();
  return rows.map((r) => r.invoice_id);
}

export async function subscriptionsOfInvoice(x: Executor, invoiceId: string): Promise<string[]> {
  const rows = await bq(x).selectFrom('billing_invoice_line').select('subscription_id').distinct().where('invoice_id', '=', invoiceId).execute();
  return rows.map((r) => r.subscription_id);
}
