import type { Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { newGuid } from '../../platform/ids.js';
import { Dec, money, roundMoney } from '../../platform/money.js';
import { enqueueMany } from '../../platform/outbox/index.js';
import { dueItems, type BillableItem } from './billable-items.js';
import type { EarningRow, InvoiceLineRow, InvoiceRow } from './billing.tables.js';
import type { BillingEnv } from './billing.types.js';
import { COLLECT_TOPIC } from './collection.service.js';
import { addDaysUtc, dayText, type Period } from './dates.js';
import { insertInvoices, insertRun, invoicedByKey, invoicesOfPeriod, lockBilling, nextInvoiceNumbers, periodWasRun } from './invoice.store.js';
import { feeRateOn, feeRates, taxRateOn, taxRates } from './settings.store.js';

/**
 * The billing run of a period (a calendar month), ADR 0017. In one transaction it computes every billable item due
 * before the period's end, compares each item's amount with what earlier invoices billed for its key, and issues one
 * invoice per billing account and currency with the differences as numbered lines, tax per line, the publisher's
 * earnings per line (the store service fee on the license amount), and the collection of the total through the
 * outbox. A run that fails midway writes nothing; the outbox retries it.
 *
 * The first run of a period issues. Any later run of the same period only recomputes and compares: it reports how
 * many accounts' invoices still match and how many have differences (late usage, anomaly credits), which the next
 * period's invoice carries as correction lines. So running a period twice adds nothing.
 */

/** How far back usage is recomputed: cycles that started earlier are settled (anomaly decisions take ≤ 30 days). */
export const RECOMPUTE_DAYS = 93;

/** The bound of `invoicedByKey` that takes every invoice. */
const EVERY_PERIOD = '9999-12-01';

export interface RunResult {
  runId: string;
  period: string;
  /** true when the period had been run before: nothing was issued. */
  compareOnly: boolean;
  invoices: { invoiceId: string; number: string; tenantId: string; currency: string; total: string }[];
  unchanged: number;
  pendingAdjustments: number;
}

interface Group {
  tenantId: string;
  currency: string;
  items: BillableItem[];
}

export async function runBilling(tx: Tx, env: BillingEnv, period: Period): Promise<Result<RunResult>> {
  const now = env.clock.now();
  if (period.next.getTime() > now.getTime()) return fail('ValidationFailed', `The period ${period.id} has not ended yet.`, { target: 'period' });
  await lockBilling(tx);
  const startedAt = now;
  const compareOnly = await periodWasRun(tx, dayText(period.start));
  const usageFrom = addDaysUtc(period.start, -RECOMPUTE_DAYS);
  const subs = await env.commerce.billableSubscriptions(tx, { activatedBefore: period.next });
  const usage = await env.dailyUsage(tx, subs.map((s) => s.subscriptionId), usageFrom, period.next);
  const usageBySub = new Map<string, typeof usage>();
  for (const u of usage) {
    const list = usageBySub.get(u.subscriptionId) ?? [];
    list.push(u);
    usageBySub.set(u.subscriptionId, list);
  }
  const items = subs.flatMap((s) => dueItems(s, usageBySub.get(s.subscriptionId) ?? [], period.next, usageFrom));
  // What every invoice so far billed per key, later periods' included: a first run of a month older than one already
  // run must not bill again what the later invoice billed, and a rerun must count the corrections later invoices carried.
  const invoiced = await invoicedByKey(tx, subs.map((s) => s.subscriptionId), EVERY_PERIOD);

  const groups = new Map<string, Group>();
  for (const item of items) {
    const key = `${item.tenantId}|${item.currency}`;
    const group = groups.get(key) ?? { tenantId: item.tenantId, currency: item.currency, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const existing = new Map((await invoicesOfPeriod(tx, dayText(period.start))).map((i) => [`${i.tenant_id}|${i.currency}`, i]));
  const taxes = await taxRates(tx);
  const fees = await feeRates(tx);
  const periodEnd = dayText(addDaysUtc(period.next, -1));
  const runId = newGuid();
  const issued: RunResult['invoices'] = [];
  let unchanged = 0;
  let pendingAdjustments = 0;

  // What to issue, in a stable order: one invoice per account and currency whose differences are not all zero.
  const toIssue: { group: Group; deltas: ReturnType<typeof differences> }[] = [];
  for (const group of [...groups.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.currency.localeCompare(b.currency))) {
    const deltas = differences(group.items, invoiced);
    const key = `${group.tenantId}|${group.currency}`;
    if (compareOnly || existing.has(key)) {
      if (deltas.length) pendingAdjustments++;
      else if (existing.has(key)) unchanged++;
      continue;
    }
    if (deltas.length) toIssue.push({ group, deltas });
  }

  const numbers = await nextInvoiceNumbers(tx, now.getUTCFullYear(), toIssue.length);
  const invoices: InvoiceRow[] = [];
  const allLines: InvoiceLineRow[] = [];
  const allEarnings: EarningRow[] = [];
  toIssue.forEach(({ group, deltas }, n) => {
    const invoiceId = newGuid();
    const number = numbers[n]!;
    const lines: InvoiceLineRow[] = deltas.map(({ item, amount, correction }, i) => {
      const tax = taxRateOn(taxes, item.market, periodEnd);
      return {
        invoice_id: invoiceId,
        line_no: i + 1,
        source_key: item.key,
        kind: item.kind,
        correction,
        description: correction ? `Correction: ${item.description}` : item.description,
        subscription_id: item.subscriptionId,
        account_id: item.accountId,
        offer_id: item.offerId,
        plan_id: item.planId,
        dimension: item.dimension,
        quantity: correction ? null : item.quantity,
        unit_price: correction ? null : item.unitPrice,
        amount: amount.toFixed(),
        tax_rate: tax.rate,
        tax: round(amount.times(tax.rate), group.currency).toFixed(),
        tax_collected_by: tax.collectedBy,
        service_start: item.serviceStart,
        service_end: item.serviceEnd,
        billed_on: item.billedOn,
        is_test: item.isTest,
        market: item.market,
      };
    });
    const subtotal = lines.reduce((sum, l) => sum.plus(l.amount), new Dec(0));
    const tax = lines.reduce((sum, l) => sum.plus(l.tax), new Dec(0));
    const total = subtotal.plus(tax);
    const settled = total.isZero();
    invoices.push({
      invoice_id: invoiceId,
      number,
      tenant_id: group.tenantId,
      currency: group.currency,
      period_start: dayText(period.start),
      period_end: periodEnd,
      subtotal: subtotal.toFixed(),
      tax: tax.toFixed(),
      total: total.toFixed(),
      status: settled ? 'settled' : 'due',
      issued_at: now,
      paid_at: settled ? now : null,
      run_id: runId,
    });
    allLines.push(...lines);
    for (const l of lines) {
      const feeRate = feeRateOn(fees, l.billed_on);
      const fee = round(new Dec(l.amount).times(feeRate), group.currency);
      allEarnings.push({
        earning_id: newGuid(),
        account_id: l.account_id,
        invoice_id: invoiceId,
        line_no: l.line_no,
        transaction_date: l.billed_on,
        customer_tenant_id: group.tenantId,
        subscription_id: l.subscription_id,
        offer_id: l.offer_id,
        plan_id: l.plan_id,
        kind: l.kind,
        currency: group.currency,
        gross: l.amount,
        fee_rate: feeRate,
        fee: fee.toFixed(),
        net: new Dec(l.amount).minus(fee).toFixed(),
        tax_to_publisher: l.tax_collected_by === 'publisher' ? l.tax : '0',
        is_test: l.is_test,
        status: settled ? 'available' : 'pending',
        available_at: settled ? now : null,
        payout_id: null,
        created_at: now,
      });
    }
    issued.push({ invoiceId, number, tenantId: group.tenantId, currency: group.currency, total: total.toFixed() });
  });
  await insertInvoices(tx, invoices, allLines, allEarnings);
  await enqueueMany(
    tx,
    now,
    invoices.filter((i) => i.status === 'due').map((i) => ({ topic: COLLECT_TOPIC, payload: { invoiceId: i.invoice_id }, dedupeKey: `${i.invoice_id}:1` })),
  );
  for (const i of invoices) await env.onInvoiceIssued?.(tx, { invoiceId: i.invoice_id, number: i.number, tenantId: i.tenant_id });

  await insertRun(tx, {
    run_id: runId,
    period_start: dayText(period.start),
    period_end: periodEnd,
    started_at: startedAt,
    completed_at: env.clock.now(),
    invoices: issued.length,
    unchanged,
    pending_adjustments: pendingAdjustments,
  });
  if (issued.length) env.runner?.wake();
  return ok({ runId, period: period.id, compareOnly, invoices: issued, unchanged, pendingAdjustments });
}

const round = (amount: Dec, currency: string): Dec => roundMoney(money(amount, currency)).amount;

/** Each item's amount minus what was already invoiced for its key: the lines of a new invoice, in a stable order. */
export function differences(items: readonly BillableItem[], invoiced: ReadonlyMap<string, Dec>): { item: BillableItem; amount: Dec; correction: boolean }[] {
  const out: { item: BillableItem; amount: Dec; correction: boolean }[] = [];
  const sorted = [...items].sort((a, b) => a.billedOn.localeCompare(b.billedOn) || a.subscriptionId.localeCompare(b.subscriptionId) || a.key.localeCompare(b.key));
  for (const item of sorted) {
    const before = invoiced.get(item.key);
    const amount = item.amount.minus(before ?? 0);
    if (amount.isZero()) continue;
    out.push({ item, amount, correction: before !== undefined });
  }
  return out;
}
