import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { Dec } from '../../platform/money.js';
import type { EarningStatus } from './billing.tables.js';
import { earningLines, earningSums, type EarningFilter, type EarningLine } from './earnings.store.js';
import { fixed } from './payout.math.js';
import { toCsv } from './statement.csv.js';

/**
 * The publisher's earnings (Partner Center's payout summary and transaction history): totals per currency with what
 * is pending (invoice not paid yet), available (paid, waiting for a payout run) and paid out, a monthly series for the
 * chart, and the earning rows themselves, paged or as CSV. Amounts stay in the customer's currency: conversion into
 * the payout currency happens in a payout, at the rate of each purchase day (see the statements).
 */

export interface EarningQuery {
  from?: string | undefined;
  to?: string | undefined;
  offerId?: string | undefined;
  status?: EarningStatus | undefined;
  payoutId?: string | undefined;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 2000;
}

export function earningFilter(accountId: string, q: EarningQuery): Result<EarningFilter> {
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (v !== undefined && !isDay(v)) return fail('ValidationFailed', `${key} is a day, YYYY-MM-DD.`, { target: key });
  }
  if (q.from && q.to && q.from > q.to) return fail('ValidationFailed', 'from is not after to.', { target: 'from' });
  return ok({ accountId, from: q.from, to: q.to, offerId: q.offerId || undefined, status: q.status, payoutId: q.payoutId?.toLowerCase() });
}

interface Amounts {
  gross: Dec;
  fee: Dec;
  net: Dec;
  tax: Dec;
  pending: Dec;
  available: Dec;
  paid: Dec;
  count: number;
}
const zero = (): Amounts => ({ gross: new Dec(0), fee: new Dec(0), net: new Dec(0), tax: new Dec(0), pending: new Dec(0), available: new Dec(0), paid: new Dec(0), count: 0 });

export interface CurrencyTotals {
  currency: string;
  earnings: number;
  gross: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  /** net + tax to the publisher, by status. */
  pending: string;
  available: string;
  paid: string;
}

export interface MonthTotals extends Omit<CurrencyTotals, 'earnings'> {
  month: string;
  earnings: number;
}

export interface EarningsSummary {
  accountId: string;
  totals: CurrencyTotals[];
  months: MonthTotals[];
}

const view = (currency: string, a: Amounts) => ({
  currency,
  earnings: a.count,
  gross: fixed(a.gross, currency),
  fee: fixed(a.fee, currency),
  net: fixed(a.net, currency),
  taxToPublisher: fixed(a.tax, currency),
  pending: fixed(a.pending, currency),
  available: fixed(a.available, currency),
  paid: fixed(a.paid, currency),
});

export async function earningsSummary(x: Executor, f: EarningFilter): Promise<EarningsSummary> {
  const sums = await earningSums(x, f);
  const byCurrency = new Map<string, Amounts>();
  const byMonth = new Map<string, Amounts>();
  for (const s of sums) {
    for (const [map, key] of [
      [byCurrency, s.currency],
      [byMonth, `${s.month}|${s.currency}`],
    ] as const) {
      const a = map.get(key) ?? zero();
      a.gross = a.gross.plus(s.gross);
      a.fee = a.fee.plus(s.fee);
      a.net = a.net.plus(s.net);
      a.tax = a.tax.plus(s.tax_to_publisher);
      const due = new Dec(s.net).plus(s.tax_to_publisher);
      a[s.status] = a[s.status].plus(due);
      a.count += s.count;
      map.set(key, a);
    }
  }
  return {
    accountId: f.accountId,
    totals: [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, a]) => view(currency, a)),
    months: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, a]) => {
        const [month, currency] = key.split('|') as [string, string];
        return { month, ...view(currency, a) };
      }),
  };
}

export interface EarningView {
  earningId: string;
  transactionDate: string;
  customerTenantId: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  kind: string;
  invoiceNumber: string;
  lineNo: number;
  currency: string;
  gross: string;
  feeRate: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  isTest: boolean;
  feeWaived: boolean;
  status: EarningStatus;
  availableAt: string | null;
  payoutId: string | null;
}

const earningView = (r: EarningLine): EarningView => ({
  earningId: r.earning_id,
  transactionDate: r.transaction_date,
  customerTenantId: r.customer_tenant_id,
  subscriptionId: r.subscription_id,
  offerId: r.offer_id,
  planId: r.plan_id,
  kind: r.kind,
  invoiceNumber: r.invoice_number,
  lineNo: r.line_no,
  currency: r.currency,
  gross: fixed(r.gross, r.currency),
  feeRate: new Dec(r.fee_rate).toFixed(),
  fee: fixed(r.fee, r.currency),
  net: fixed(r.net, r.currency),
  taxToPublisher: fixed(r.tax_to_publisher, r.currency),
  isTest: r.is_test,
  feeWaived: r.fee_waived,
  status: r.status,
  availableAt: r.available_at?.toISOString() ?? null,
  payoutId: r.payout_id,
});

export async function listTransactions(x: Executor, f: EarningFilter, page: { top: number; skip: number }): Promise<{ items: EarningView[]; total: number; top: number; skip: number }> {
  const { rows, total } = await earningLines(x, f, { limit: page.top, offset: page.skip });
  return { items: rows.map(earningView), total, top: page.top, skip: page.skip };
}

export const TRANSACTION_CSV_HEADER = [
  'transactionDate',
  'earningId',
  'status',
  'customerTenantId',
  'subscriptionId',
  'offerId',
  'planId',
  'kind',
  'invoiceNumber',
  'invoiceLine',
  'currency',
  'gross',
  'feeRate',
  'fee',
  'net',
  'taxToPublisher',
  'isTest',
  'feeWaived',
  'availableAt',
  'payoutId',
] as const;

/** Every filtered earning as CSV, newest first. */
export async function transactionsCsv(x: Executor, f: EarningFilter): Promise<string> {
  const { rows } = await earningLines(x, f, undefined);
  return toCsv(
    TRANSACTION_CSV_HEADER,
    rows.map(earningView).map((e) => [
      e.transactionDate,
      e.earningId,
      e.status,
      e.customerTenantId,
      e.subscriptionId,
      e.offerId,
      e.planId,
      e.kind,
      e.invoiceNumber,
      e.lineNo,
      e.currency,
      e.gross,
      e.feeRate,
      e.fee,
      e.net,
      e.taxToPublisher,
      e.isTest,
      e.feeWaived,
      e.availableAt,
      e.payoutId,
    ]),
  );
}
