import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { newGuid } from '../../platform/ids.js';
import { Dec } from '../../platform/money.js';
import type { PayoutEligibility } from '../accounts/index.js';
import type { BillingDeps } from './billing.types.js';
import {
  DEFAULT_THRESHOLD,
  THRESHOLD_SETTING,
  convert,
  crossRate,
  cutOffOf,
  decide,
  fixed,
  isMonth,
  payoutDateOf,
  thresholdIn,
  withholdingOn,
  type Threshold,
} from './payout.math.js';
import { carriesOfRun, findRun, insertCarries, insertPayout, insertRun, lockPayouts, payableEarnings, payoutsOfRun, type PayableEarning } from './payout.store.js';
import { pq, type CarryReason, type PayoutCarryRow, type PayoutLineRow, type PayoutRow, type PayoutRunRow, type RunTrigger } from './payout.tables.js';

/**
 * The monthly payout run (ADR 0018). In ONE transaction, under a table lock that serializes runs, the run of month M:
 * takes every available earning whose invoice was paid before the first instant of M and that no payout holds yet;
 * per publisher account asks the accounts module whether the account is paid this month (tax profile validated,
 * payout profile verified, no payout hold at the end of M − 1) and in which currency; converts each earning's net
 * plus the tax passed to the publisher into the payout currency at the rates of its transaction date (through USD,
 * rounded per earning); withholds the tax profile's rate on sales into the US; and pays the account when its total
 * reaches the threshold. Accounts not paid are recorded with the reason, their earnings left available for a later
 * run. A month is run once: running it again returns the first run and writes nothing.
 */

export interface UsdRate {
  rate: string;
  effectiveDate: string;
}

export interface PayoutEnv {
  db: BillingDeps['db'];
  clock: Pick<Clock, 'now'>;
  /** The accounts module's decision for an account and payout month. */
  eligibility: (x: Executor, accountId: string, month: string) => Promise<PayoutEligibility>;
  /** The catalog's rate in force for a currency on a day (units per 1 USD). */
  rateInForce: (x: Executor, currency: string, date: string) => Promise<UsdRate | undefined>;
  wake?: (() => void) | undefined;
}

export interface PayoutRunOptions {
  trigger: RunTrigger;
  triggeredBy?: string | null;
  /** Called inside the run's transaction after each payout is written (tests inject failures here): a throw rolls the whole run back. */
  afterPayout?: ((tx: Tx, payout: { payoutId: string; accountId: string }) => Promise<void>) | undefined;
}

export interface RunView {
  runId: string;
  month: string;
  cutOff: string;
  payoutDate: string;
  threshold: Threshold;
  trigger: RunTrigger;
  triggeredBy: string | null;
  startedAt: string;
  completedAt: string;
  payouts: number;
  carriedForward: number;
}

export interface RunPayoutView {
  payoutId: string;
  accountId: string;
  currency: string;
  amount: string;
  withholding: string;
  total: string;
  earnings: number;
}

export interface CarryView {
  accountId: string;
  reason: CarryReason;
  currency: string | null;
  total: string | null;
  threshold: string | null;
  earnings: number;
}

export interface PayoutRunResult {
  /** false when the month had been run before: the earlier run, nothing written. */
  created: boolean;
  run: RunView;
  payouts: RunPayoutView[];
  carriedForward: CarryView[];
}

export const runView = (r: PayoutRunRow): RunView => ({
  runId: r.run_id,
  month: r.month,
  cutOff: r.cut_off.toISOString(),
  payoutDate: r.payout_date,
  threshold: { amount: fixed(r.threshold_amount, r.threshold_currency), currency: r.threshold_currency },
  trigger: r.trigger,
  triggeredBy: r.triggered_by,
  startedAt: r.started_at.toISOString(),
  completedAt: r.completed_at.toISOString(),
  payouts: r.payouts,
  carriedForward: r.carried_forward,
});

const payoutView = (p: PayoutRow): RunPayoutView => ({
  payoutId: p.payout_id,
  accountId: p.account_id,
  currency: p.currency,
  amount: fixed(p.amount, p.currency),
  withholding: fixed(p.withholding, p.currency),
  total: fixed(p.total, p.currency),
  earnings: p.earnings,
});

const carryView = (c: PayoutCarryRow): CarryView => ({
  accountId: c.account_id,
  reason: c.reason,
  currency: c.currency,
  total: c.total === null || c.currency === null ? null : fixed(c.total, c.currency),
  threshold: c.threshold === null || c.currency === null ? null : fixed(c.threshold, c.currency),
  earnings: c.earnings,
});

/** The operator's threshold, or the default 50 USD. */
export async function payoutThreshold(x: Executor): Promise<Threshold & { isDefault: boolean; updatedAt: Date | null }> {
  const row = await pq(x).selectFrom('billing_setting').select(['value', 'updated_at']).where('key', '=', THRESHOLD_SETTING).executeTakeFirst();
  if (!row) return { ...DEFAULT_THRESHOLD, isDefault: true, updatedAt: null };
  const value = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as Threshold;
  return { amount: value.amount, currency: value.currency, isDefault: false, updatedAt: row.updated_at };
}

/** The stored result of a month's run. */
export async function runResult(x: Executor, run: PayoutRunRow, created: boolean): Promise<PayoutRunResult> {
  return { created, run: runView(run), payouts: (await payoutsOfRun(x, run.run_id)).map(payoutView), carriedForward: (await carriesOfRun(x, run.run_id)).map(carryView) };
}

type Rates = (currency: string, date: string) => Promise<UsdRate | undefined>;

/** Rate look-ups memoized for one run; USD is 1 by definition. */
function ratesFor(tx: Tx, env: PayoutEnv): Rates {
  const memo = new Map<string, Promise<UsdRate | undefined>>();
  return (currency, date) => {
    if (currency === 'USD') return Promise.resolve({ rate: '1', effectiveDate: date });
    const key = `${currency}|${date}`;
    let found = memo.get(key);
    if (!found) {
      found = env.rateInForce(tx, currency, date);
      memo.set(key, found);
    }
    return found;
  };
}

interface Converted {
  lines: Omit<PayoutLineRow, 'payout_id'>[];
  amount: Dec;
  withholding: Dec;
}

/** Converts an account's earnings into the payout currency; undefined when a rate is missing. */
async function convertAll(earnings: readonly PayableEarning[], payoutCurrency: string, withholdingRate: string, markets: ReadonlyMap<string, string>, rates: Rates): Promise<Converted | undefined> {
  const lines: Converted['lines'] = [];
  let amount = new Dec(0);
  let withholding = new Dec(0);
  for (const e of earnings) {
    const customer = await rates(e.currency, e.transaction_date);
    const payout = await rates(payoutCurrency, e.transaction_date);
    if (!customer || !payout) return undefined;
    const market = markets.get(e.subscription_id);
    if (!market) throw new Error(`No market for subscription ${e.subscription_id}: commerce does not know it.`);
    const base = new Dec(e.net).plus(e.tax_to_publisher);
    const converted = e.currency === payoutCurrency ? base : convert(base, customer.rate, payout.rate, payoutCurrency);
    const withheld = withholdingOn(converted, withholdingRate, market, payoutCurrency);
    amount = amount.plus(converted);
    withholding = withholding.plus(withheld);
    lines.push({
      line_no: lines.length + 1,
      earning_id: e.earning_id,
      invoice_number: e.invoice_number,
      invoice_line_no: e.line_no,
      market,
      customer_usd_rate: customer.rate,
      customer_rate_date: customer.effectiveDate,
      payout_usd_rate: payout.rate,
      payout_rate_date: payout.effectiveDate,
      rate: e.currency === payoutCurrency ? '1' : crossRate(customer.rate, payout.rate).toFixed(),
      base: base.toFixed(),
      amount: converted.toFixed(),
      withholding: withheld.toFixed(),
    });
  }
  return { lines, amount, withholding };
}

export async function runPayouts(tx: Tx, env: PayoutEnv, month: string, options: PayoutRunOptions): Promise<Result<PayoutRunResult>> {
  if (!isMonth(month)) return fail('ValidationFailed', 'month is a payout month, YYYY-MM.', { target: 'month' });
  const startedAt = env.clock.now();
  const cutOff = cutOffOf(month);
  if (startedAt.getTime() < cutOff.getTime()) return fail('ValidationFailed', `The payout month ${month} has not begun: its run pays invoices paid before ${cutOff.toISOString()}.`, { target: 'month' });
  await lockPayouts(tx);
  const existing = await findRun(tx, month);
  if (existing) return ok(await runResult(tx, existing, false));

  const payoutDate = payoutDateOf(month);
  const threshold = await payoutThreshold(tx);
  const earnings = await payableEarnings(tx, cutOff);
  const markets = new Map(earnings.map((e) => [e.subscription_id, e.market]));
  const rates = ratesFor(tx, env);

  const byAccount = new Map<string, PayableEarning[]>();
  for (const e of earnings) {
    const list = byAccount.get(e.account_id);
    if (list) list.push(e);
    else byAccount.set(e.account_id, [e]);
  }

  const runId = newGuid();
  const pay: { payout: PayoutRow; lines: PayoutLineRow[] }[] = [];
  const carries: PayoutCarryRow[] = [];
  for (const [accountId, list] of [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const carry = (reason: CarryReason, currency: string | null, total: Dec | null, limit: Dec | null) =>
      carries.push({ run_id: runId, account_id: accountId, reason, currency, total: total?.toFixed() ?? null, threshold: limit?.toFixed() ?? null, earnings: list.length });
    const who = await env.eligibility(tx, accountId, month);
    const currency = who.payoutCurrency;
    if (!currency) {
      carry(who.reason ?? 'NoPayoutProfile', null, null, null);
      continue;
    }
    const converted = await convertAll(list, currency, who.withholdingRate ?? '0', markets, rates);
    if (!converted) {
      carry(who.eligible ? 'NoExchangeRate' : who.reason!, currency, null, null);
      continue;
    }
    const total = converted.amount.minus(converted.withholding);
    if (!who.eligible) {
      carry(who.reason!, currency, total, null);
      continue;
    }
    const thresholdRate = await rates(threshold.currency, payoutDate);
    const payoutRate = await rates(currency, payoutDate);
    if (!thresholdRate || !payoutRate) {
      carry('NoExchangeRate', currency, total, null);
      continue;
    }
    const limit = thresholdIn(threshold, thresholdRate.rate, payoutRate.rate, currency);
    const decision = decide(total, limit);
    if (decision !== 'pay') {
      carry(decision, currency, total, limit);
      continue;
    }
    const payoutId = newGuid();
    pay.push({
      payout: {
        payout_id: payoutId,
        run_id: runId,
        account_id: accountId,
        month,
        payout_date: payoutDate,
        currency,
        amount: converted.amount.toFixed(),
        withholding: converted.withholding.toFixed(),
        total: total.toFixed(),
        withholding_rate: new Dec(who.withholdingRate ?? '0').toFixed(),
        bank_reference: who.bankReference ?? '',
        earnings: list.length,
        created_at: startedAt,
      },
      lines: converted.lines.map((l) => ({ ...l, payout_id: payoutId })),
    });
  }

  const run: PayoutRunRow = {
    run_id: runId,
    month,
    cut_off: cutOff,
    payout_date: payoutDate,
    threshold_amount: new Dec(threshold.amount).toFixed(),
    threshold_currency: threshold.currency,
    trigger: options.trigger,
    triggered_by: options.triggeredBy ?? null,
    started_at: startedAt,
    completed_at: env.clock.now(),
    payouts: pay.length,
    carried_forward: carries.length,
  };
  await insertRun(tx, run);
  for (const { payout, lines } of pay) {
    await insertPayout(tx, payout, lines);
    await options.afterPayout?.(tx, { payoutId: payout.payout_id, accountId: payout.account_id });
  }
  await insertCarries(tx, carries);
  return ok({ created: true, run: runView(run), payouts: pay.map((p) => payoutView(p.payout)), carriedForward: carries.map(carryView) });
}
