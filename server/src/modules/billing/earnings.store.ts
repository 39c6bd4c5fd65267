import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { Dec } from '../../platform/money.js';
import type { EarningStatus } from './billing.tables.js';
import { pq } from './payout.tables.js';

/** SQL for the publisher's earnings: filtered rows, and sums per month, currency and status. */

export interface EarningFilter {
  accountId: string;
  /** Transaction dates from this day on (inclusive). */
  from?: string | undefined;
  /** Transaction dates up to this day (inclusive). */
  to?: string | undefined;
  offerId?: string | undefined;
  status?: EarningStatus | undefined;
  payoutId?: string | undefined;
}

/** The filter as one SQL condition on the earnings aliased `e`. */
function matches(f: EarningFilter): RawBuilder<boolean> {
  const parts = [sql`e.account_id = ${f.accountId}`];
  if (f.from) parts.push(sql`e.transaction_date >= ${f.from}::date`);
  if (f.to) parts.push(sql`e.transaction_date <= ${f.to}::date`);
  if (f.offerId) parts.push(sql`e.offer_id = ${f.offerId}`);
  if (f.status) parts.push(sql`e.status = ${f.status}`);
  if (f.payoutId) parts.push(sql`e.payout_id = ${f.payoutId}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

export interface EarningSums {
  month: string;
  currency: string;
  status: EarningStatus;
  gross: string;
  fee: string;
  net: string;
  tax_to_publisher: string;
  count: number;
}

/** Sums per transaction month, currency and status. */
export async function earningSums(x: Executor, f: EarningFilter): Promise<EarningSums[]> {
  const rows = await pq(x)
    .selectFrom('billing_earning as e')
    .select((eb) => [
      sql<string>`to_char(e.transaction_date, 'YYYY-MM')`.as('month'),
      'e.currency',
      'e.status',
      eb.fn.sum<string>('e.gross').as('gross'),
      eb.fn.sum<string>('e.fee').as('fee'),
      eb.fn.sum<string>('e.net').as('net'),
      eb.fn.sum<string>('e.tax_to_publisher').as('tax_to_publisher'),
      eb.fn.countAll<string>().as('count'),
    ])
    .where(matches(f))
    .groupBy([sql`to_char(e.transaction_date, 'YYYY-MM')`, 'e.currency', 'e.status'])
    .orderBy('month')
    .orderBy('e.currency')
    .execute();
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    status: r.status,
    gross: new Dec(String(r.gross)).toFixed(),
    fee: new Dec(String(r.fee)).toFixed(),
    net: new Dec(String(r.net)).toFixed(),
    tax_to_publisher: new Dec(String(r.tax_to_publisher)).toFixed(),
    count: Number(r.count),
  }));
}

export interface EarningLine {
  earning_id: string;
  transaction_date: string;
  customer_tenant_id: string;
  subscription_id: string;
  offer_id: string;
  plan_id: string;
  kind: string;
  invoice_number: string;
  line_no: number;
  currency: string;
  gross: string;
  fee_rate: string;
  fee: string;
  net: string;
  tax_to_publisher: string;
  is_test: boolean;
  fee_waived: boolean;
  status: EarningStatus;
  available_at: Date | null;
  payout_id: string | null;
}

/** The filtered earnings, newest first, and how many there are in all. */
export async function earningLines(x: Executor, f: EarningFilter, page: { limit: number; offset: number } | undefined): Promise<{ rows: EarningLine[]; total: number }> {
  const base = pq(x).selectFrom('billing_earning as e');
  const count = await base.select((eb) => eb.fn.countAll<string>().as('n')).where(matches(f)).executeTakeFirstOrThrow();
  let q = base
    .innerJoin('billing_invoice as i', 'i.invoice_id', 'e.invoice_id')
    .leftJoin('billing_fee_waiver_earning as w', 'w.earning_id', 'e.earning_id')
    .select([
      'e.earning_id',
      sql<string>`e.transaction_date::text`.as('transaction_date'),
      'e.customer_tenant_id',
      'e.subscription_id',
      'e.offer_id',
      'e.plan_id',
      'e.kind',
      'i.number as invoice_number',
      'e.line_no',
      'e.currency',
      'e.gross',
      'e.fee_rate',
      'e.fee',
      'e.net',
      'e.tax_to_publisher',
      'e.is_test',
      sql<boolean>`w.earning_id is not null`.as('fee_waived'),
      'e.status',
      'e.available_at',
      'e.payout_id',
    ])
    .where(matches(f))
    .orderBy('e.transaction_date', 'desc')
    .orderBy('i.number', 'desc')
    .orderBy('e.line_no');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const numeric = ['gross', 'fee_rate', 'fee', 'net', 'tax_to_publisher'] as const;
  return {
    total: Number(count.n),
    rows: rows.map((r) => {
      const out = { ...r };
      for (const k of numeric) out[k] = new Dec(String(r[k])).toFixed();
      return out;
    }),
  };
}
