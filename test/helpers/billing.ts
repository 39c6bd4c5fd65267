import { sql } from 'kysely';
import { Dec } from '../../server/src/platform/money.js';
import type { Session, TestApp } from './app.js';
import type { Customer } from './commerce.js';

/**
 * Helpers of the billing tests: plan shapes the billing scenarios need (an annual plan paid monthly, the reference's
 * metered Base plan), a walk of the business clock that runs every scheduled job at its own due time, and compact
 * views of invoices, their lines and the publisher's earnings to compare with hand-computed expectations.
 */

/** A flat-rate plan sold only as an annual term paid in 12 monthly installments. */
export const annualMonthly = (annualUsd: string, extra: Record<string, unknown> = {}) => ({
  markets: ['US'],
  pricing: { model: 'flatRate', billingTerms: [{ term: 'P1Y', priceUsd: annualUsd, paymentOption: 'monthly' }], dimensions: [] },
  freeTrial: false,
  visibility: 'public',
  ...extra,
});

/**
 * The reference's metered example (spec 03 rule 9, L7666-7680): the Base plan, $0 a month with 100 GB and 100 reports
 * included, overage $10 per GB and $1 per report. The publisher reports only the usage above the included quantities.
 */
export const meteredBase = () => ({
  markets: ['US'],
  pricing: {
    model: 'flatRate',
    billingTerms: [{ term: 'P1M', priceUsd: '0.00' }],
    dimensions: [
      { id: 'gb', displayName: 'Data', unitOfMeasure: 'per GB', priceUsd: '10.00', included: { P1M: 100 } },
      { id: 'reports', displayName: 'Reports', unitOfMeasure: 'per report', priceUsd: '1.00', included: { P1M: 100 } },
    ],
  },
  freeTrial: false,
  visibility: 'public',
});

/**
 * Moves business time to `iso` through every job scheduled on the way: the clock stops at each pending outbox
 * message's due time (renewals at 00:00, trial ends, billing runs on the 2nd at 01:00, collection retries, ...) and
 * the runner drains, so each job sees the time it was scheduled for — as a running server would.
 */
export async function advanceTo(t: TestApp, iso: string | Date): Promise<void> {
  const target = new Date(iso);
  if (target.getTime() < t.clock.now().getTime()) throw new Error(`advanceTo(${target.toISOString()}): the clock is at ${t.clock.now().toISOString()} already`);
  for (;;) {
    await t.runner.drain();
    const now = t.clock.now();
    const next = await sql<{ run_at: Date | string | null }>`
      select min(run_at) as run_at from outbox_message where status = 'pending' and run_at > ${now} and run_at <= ${target}`.execute(t.database.db);
    const at = next.rows[0]?.run_at;
    if (!at) break;
    t.clock.set(new Date(at));
  }
  t.clock.set(target);
  await t.runner.drain();
}

export interface LineJson {
  lineNo: number;
  kind: string;
  correction: boolean;
  description: string;
  subscriptionId: string;
  planId: string;
  quantity: string | null;
  unitPrice: string | null;
  amount: string;
  tax: string;
  serviceStart: string;
  serviceEnd: string;
  billedOn: string;
}

export interface InvoiceJson {
  invoiceId: string;
  number: string;
  tenantId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  subtotal: string;
  tax: string;
  total: string;
  status: string;
  lines: LineJson[];
  payments: { attempt: number; kind: string; amount: string; status: string }[];
}

/**
 * One line as a short string: `kind[*] amount billedOn serviceStart..serviceEnd label/plan [xQuantity] [@unitPrice]`,
 * `*` marking a correction; `labels` names the subscriptions.
 */
export function lineText(l: LineJson, labels: ReadonlyMap<string, string>): string {
  const q = l.quantity === null ? '' : ` x${l.quantity}`;
  const u = l.unitPrice === null ? '' : ` @${l.unitPrice}`;
  return `${l.kind}${l.correction ? '*' : ''} ${l.amount} ${l.billedOn} ${l.serviceStart}..${l.serviceEnd} ${labels.get(l.subscriptionId) ?? l.subscriptionId}/${l.planId}${q}${u}`;
}

/** The customer's invoices (newest first), through the customer API. */
export async function customerInvoices(t: TestApp, session: Session): Promise<{ invoiceId: string; number: string; total: string; status: string; periodStart: string }[]> {
  const res = await t.app.inject({ url: '/api/me/invoices?top=100', headers: session.headers });
  if (res.statusCode !== 200) throw new Error(`invoices: ${res.statusCode} ${res.body}`);
  return res.json<{ items: { invoiceId: string; number: string; total: string; status: string; periodStart: string }[] }>().items;
}

/** The customer's invoice of a period (`YYYY-MM`) with its lines and payments, or undefined. */
export async function invoiceOf(t: TestApp, c: Customer, period: string): Promise<InvoiceJson | undefined> {
  const found = (await customerInvoices(t, c.session)).filter((i) => i.periodStart === `${period}-01`);
  if (found.length > 1) throw new Error(`${found.length} invoices of ${period} for one customer`);
  if (!found[0]) return undefined;
  const res = await t.app.inject({ url: `/api/me/invoices/${found[0].invoiceId}`, headers: c.session.headers });
  if (res.statusCode !== 200) throw new Error(`invoice: ${res.statusCode} ${res.body}`);
  return res.json<InvoiceJson>();
}

/** The publisher's earnings of an invoice, one string per line: `lineNo kind gross fee net status`. */
export async function earningsText(t: TestApp, invoiceId: string): Promise<string[]> {
  const r = await sql<{ line_no: number; kind: string; gross: string; fee: string; net: string; status: string }>`
    select line_no, kind, gross::text as gross, fee::text as fee, net::text as net, status from billing_earning where invoice_id = ${invoiceId} order by line_no`.execute(t.database.db);
  const n = (v: string) => new Dec(v).toFixed();
  return r.rows.map((e) => `${e.line_no} ${e.kind} ${n(e.gross)} ${n(e.fee)} ${n(e.net)} ${e.status}`);
}

/** Counts of what billing wrote, to show a run wrote nothing (or exactly something). */
export async function billingCounts(t: TestApp): Promise<{ invoices: number; lines: number; earnings: number; runs: number; collects: number; counter: number }> {
  const one = async (q: ReturnType<typeof sql<{ n: number | string | null }>>) => Number((await q.execute(t.database.db)).rows[0]?.n ?? 0);
  return {
    invoices: await one(sql`select count(*) as n from billing_invoice`),
    lines: await one(sql`select count(*) as n from billing_invoice_line`),
    earnings: await one(sql`select count(*) as n from billing_earning`),
    runs: await one(sql`select count(*) as n from billing_run`),
    collects: await one(sql`select count(*) as n from outbox_message where topic = 'billing.collect'`),
    counter: await one(sql`select coalesce(sum(last_number), 0) as n from billing_invoice_counter`),
  };
}
