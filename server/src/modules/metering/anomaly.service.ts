import type { Clock } from '../../platform/clock.js';
import type { Db, Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/index.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import { Dec, formatAmount, money } from '../../platform/money.js';
import { rateInForce } from '../catalog/index.js';
import type { CommerceService } from '../commerce/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { DAY_MS, DEFAULT_ANOMALY_MODEL, assessDay, dayOf, dayString, type AnomalyModelParams, type DailyPoint } from './anomaly.model.js';
import {
  adjustmentsOfAnomalies,
  adjustmentsOfResources,
  dailyUsage,
  findAnomaly,
  insertAdjustment,
  insertAnomalies,
  listAnomalies,
  seriesWithUsage,
  updateAnomaly,
  type AdjustmentRow,
  type AnomalyFilter,
  type AnomalyRow,
  type SeriesKey,
} from './anomaly.store.js';

/**
 * Metered-usage anomalies (spec 07 §1.11, §2.6; spec 08 §2.5, §4.1 #10; ADR 0014): the daily scan that flags a
 * (subscription, dimension) day whose reported usage is above the model's band and notifies the publisher (the
 * notifications module: the account's inbox and an email to the roles it concerns, ADR 0016), and the
 * publisher's decision within 30 days — "anomaly" with a lower corrected quantity, which records a usage adjustment
 * (a credit billing subtracts), or "not an anomaly" with a reason. Decisions are final.
 */

export interface AnomalyEnv {
  db: Db;
  clock: Clock;
  /** The dimension's price and currency, for the estimated financial impact. */
  commerce: Pick<CommerceService, 'meteringTargets'>;
  /** Tells the publisher about each new flag, in the scan's transaction. */
  notifications: Pick<NotificationsService, 'notify'>;
  /** Overrides of the model's parameters (ADR 0014 gives the defaults). */
  model?: Partial<AnomalyModelParams> | undefined;
}

/** The publisher may decide on a flag for 30 days after it was raised (L22521, L22533). */
export const ACTION_WINDOW_MS = 30 * DAY_MS;
export const MAX_REASON_LENGTH = 500;
/** Series judged per transaction by the scan (short transactions: PGlite has one connection). */
export const SCAN_PAGE_SIZE = 500;

const QUANTITY_DECIMALS = 10;
const decimal = (n: number): string => new Dec(n).toDecimalPlaces(QUANTITY_DECIMALS).toFixed();
const short = (n: number): string => String(Number(n.toPrecision(6)));

// ---- the scan ----

export interface ScanResult {
  usageDate: string;
  series: number;
  flagged: number;
}

/**
 * Judges every (subscription, dimension) series with usage on `usageDate` and flags those above the band, one page of
 * series per transaction. Idempotent: a series already flagged for the day keeps its flag.
 */
export async function scanUsageDay(env: AnomalyEnv, usageDate: string): Promise<ScanResult> {
  const params = { ...DEFAULT_ANOMALY_MODEL, ...env.model };
  const result: ScanResult = { usageDate, series: 0, flagged: 0 };
  let after: SeriesKey | undefined;
  for (;;) {
    const page = await env.db.transaction().execute(async (tx) => {
      const series = await seriesWithUsage(tx, usageDate, after, SCAN_PAGE_SIZE);
      result.series += series.length;
      result.flagged += await judgePage(tx, env, params, usageDate, series);
      return series;
    });
    if (page.length < SCAN_PAGE_SIZE) return result;
    after = page.at(-1);
  }
}

async function judgePage(tx: Tx, env: AnomalyEnv, params: AnomalyModelParams, usageDate: string, series: readonly SeriesKey[]): Promise<number> {
  if (series.length === 0) return 0;
  const target = dayOf(usageDate);
  const days = await dailyUsage(tx, series, dayString(target - params.lookbackDays), usageDate);
  const bySeries = new Map<string, typeof days>();
  for (const d of days) {
    const key = `${d.resourceId}|${d.dimension}`;
    const list = bySeries.get(key) ?? [];
    list.push(d);
    bySeries.set(key, list);
  }
  const now = env.clock.now();
  const flags: AnomalyRow[] = [];
  for (const list of bySeries.values()) {
    const today = list.find((d) => d.date === usageDate);
    if (!today) continue;
    // History counts corrected usage: a day the publisher marked as an anomaly does not raise the baseline.
    const points: DailyPoint[] = list.filter((d) => d !== today).map((d) => ({ day: dayOf(d.date), quantity: new Dec(d.reported).plus(d.adjusted).toNumber() }));
    const a = assessDay(points, target, new Dec(today.reported).toNumber(), params);
    if (a.verdict !== 'anomaly') continue;
    flags.push({
      anomaly_id: newGuid(),
      account_id: today.accountId,
      resource_id: today.resourceId,
      offer_id: today.offerId,
      plan_id: today.planId,
      dimension: today.dimension,
      usage_date: usageDate,
      observed_quantity: today.reported,
      expected_quantity: decimal(a.expected),
      upper_bound: decimal(a.upperBound),
      deviation: a.deviation,
      model: { params, historyDays: a.historyDays, seasonal: a.seasonal, weekdayFactor: a.weekdayFactor, trendPerDay: a.trendPerDay, scale: a.scale },
      unit_price: null,
      currency: null,
      status: 'open',
      created_at: now,
      action_expires_at: new Date(now.getTime() + ACTION_WINDOW_MS),
      decided_at: null,
      decided_by: null,
      decided_by_kind: null,
      reason: null,
      corrected_quantity: null,
    });
  }
  if (flags.length === 0) return 0;
  const targets = await env.commerce.meteringTargets(
    tx,
    flags.map((f) => f.resource_id),
  );
  for (const f of flags) {
    const t = targets.get(f.resource_id);
    const price = t && t.planId === f.plan_id ? t.dimensions.get(f.dimension)?.pricePerUnit : undefined;
    if (t && price !== undefined) {
      f.unit_price = price;
      f.currency = t.currency;
    }
  }
  const inserted = await insertAnomalies(tx, flags);
  const rates: RateCache = new Map();
  for (const f of inserted) await env.notifications.notify(tx, await anomalyNotification(tx, f, rates));
  return inserted.length;
}

/** The portal page of a flag (the anomaly list opens its decision). */
export const anomalyLink = (anomalyId: string): string => `/partner/usage/anomalies?anomalyId=${anomalyId}`;

/** The publisher's notification of a new flag: what was reported, what the model expected, what it may cost. */
export async function anomalyNotification(x: Executor, f: AnomalyRow, rates: RateCache): Promise<Parameters<AnomalyEnv['notifications']['notify']>[1]> {
  const impact = await impactOf(x, f, rates);
  const due = f.action_expires_at.toISOString().slice(0, 10);
  const lines = [
    `The "${f.dimension}" usage that subscription ${f.resource_id} reported on ${f.usage_date} (UTC) is far above what its history predicts.`,
    '',
    `Offer: ${f.offer_id}, plan ${f.plan_id}`,
    `Reported: ${short(Number(f.observed_quantity))}`,
    `Expected: ${short(Number(f.expected_quantity))} (range up to ${short(Number(f.upper_bound))})`,
  ];
  if (impact) {
    const usd = impact.usd && f.currency !== 'USD' ? ` (about ${formatAmount(money(impact.usd, 'USD'))} USD)` : '';
    lines.push(`Estimated impact: ${formatAmount(money(impact.amount, f.currency!))} ${f.currency}${usd}`);
  }
  lines.push(
    '',
    `By ${due}, mark it as an anomaly with the correct, lower usage (the customer is credited the difference), or as not an anomaly with the reason. After that date the reported usage stands.`,
  );
  return {
    accountId: f.account_id,
    kind: 'anomalyDetected',
    subject: `Usage anomaly: ${f.dimension} of ${f.offer_id} on ${f.usage_date}`,
    body: lines.join('\n'),
    link: anomalyLink(f.anomaly_id),
    dedupeKey: `anomaly:${f.anomaly_id}`,
    data: {
      anomalyId: f.anomaly_id,
      offerId: f.offer_id,
      planId: f.plan_id,
      subscriptionId: f.resource_id,
      dimension: f.dimension,
      usageDate: f.usage_date,
      reportedQuantity: new Dec(f.observed_quantity).toFixed(),
      expectedQuantity: new Dec(f.expected_quantity).toFixed(),
      upperBound: new Dec(f.upper_bound).toFixed(),
      currency: f.currency,
      estimatedImpact: impact ? formatAmount(money(impact.amount, f.currency!)) : null,
      estimatedImpactUsd: impact?.usd ? formatAmount(money(impact.usd, 'USD')) : null,
      actionExpiresAt: f.action_expires_at.toISOString(),
    },
  };
}

// ---- the estimated impact ----

/** Exchange rates by (currency, day), read once per request or scan page. */
export type RateCache = Map<string, Promise<{ rate: string; effectiveDate: string } | undefined>>;

/** Units of `currency` per 1 USD in force on `date` (the operator's table, catalog); USD is 1. */
function usdRate(x: Executor, currency: string, date: string, cache: RateCache) {
  if (currency === 'USD') return Promise.resolve({ rate: '1', effectiveDate: date });
  const key = `${currency}|${date}`;
  let found = cache.get(key);
  if (!found) {
    found = rateInForce(x, currency, date).then((r) => r && { rate: r.rate, effectiveDate: r.effectiveDate });
    cache.set(key, found);
  }
  return found;
}

export interface Impact {
  /** (reported − expected) × unit price, in the flag's currency, unrounded. */
  amount: Dec;
  /** `amount` in USD at the rate of the usage day, unrounded; null when no rate is in force for it. */
  usd: Dec | null;
  rate: { currency: string; rate: string; effectiveDate: string } | null;
}

/** The flag's estimated financial impact, or null when the dimension had no price when it was flagged. */
export async function impactOf(x: Executor, row: Pick<AnomalyRow, 'observed_quantity' | 'expected_quantity' | 'unit_price' | 'currency' | 'usage_date'>, cache: RateCache): Promise<Impact | null> {
  if (row.unit_price === null || row.currency === null) return null;
  const amount = new Dec(row.observed_quantity).minus(row.expected_quantity).times(row.unit_price);
  const rate = await usdRate(x, row.currency, row.usage_date, cache);
  return { amount, usd: rate ? amount.dividedBy(rate.rate) : null, rate: rate ? { currency: row.currency, ...rate } : null };
}

// ---- the publisher's view ----

export type AnomalyViewStatus = 'open' | 'expired' | 'anomaly' | 'notAnomaly';

export function viewStatus(row: Pick<AnomalyRow, 'status' | 'action_expires_at'>, now: Date): AnomalyViewStatus {
  if (row.status === 'anomaly') return 'anomaly';
  if (row.status === 'not_anomaly') return 'notAnomaly';
  return now.getTime() < row.action_expires_at.getTime() ? 'open' : 'expired';
}

function amount(value: Dec, currency: string | null): string | null {
  return currency ? formatAmount(money(value, currency)) : null;
}

export function anomalyJson(row: AnomalyRow, adjustment: AdjustmentRow | undefined, now: Date, impact: Impact | null = null) {
  const price = row.unit_price === null ? null : new Dec(row.unit_price);
  const observed = new Dec(row.observed_quantity);
  const expected = new Dec(row.expected_quantity);
  return {
    anomalyId: row.anomaly_id,
    subscriptionId: row.resource_id,
    offerId: row.offer_id,
    planId: row.plan_id,
    dimension: row.dimension,
    usageDate: row.usage_date,
    reportedQuantity: observed.toNumber(),
    expectedQuantity: expected.toNumber(),
    upperBound: new Dec(row.upper_bound).toNumber(),
    deviation: row.deviation,
    unitPrice: row.unit_price === null ? null : new Dec(row.unit_price).toFixed(),
    currency: row.currency,
    estimatedExtendedCharge: price ? amount(observed.times(price), row.currency) : null,
    estimatedFinancialImpact: price ? amount(observed.minus(expected).times(price), row.currency) : null,
    estimatedImpactUsd: impact?.usd ? formatAmount(money(impact.usd, 'USD')) : null,
    exchangeRate: impact?.rate ?? null,
    status: viewStatus(row, now),
    detectedAt: row.created_at.toISOString(),
    actionExpiresAt: row.action_expires_at.toISOString(),
    decision:
      row.status === 'open'
        ? null
        : {
            decision: row.status === 'anomaly' ? ('anomaly' as const) : ('notAnomaly' as const),
            decidedAt: row.decided_at!.toISOString(),
            decidedBy: { kind: row.decided_by_kind!, id: row.decided_by! },
            correctedQuantity: row.corrected_quantity === null ? null : new Dec(row.corrected_quantity).toNumber(),
            reason: row.reason,
            adjustment: adjustment ? { adjustmentId: adjustment.adjustment_id, quantityDelta: new Dec(adjustment.quantity_delta).toNumber(), createdAt: adjustment.created_at.toISOString() } : null,
          },
    model: row.model as Record<string, unknown>,
  };
}

export type AnomalyJson = ReturnType<typeof anomalyJson>;

export interface AnomalyQuery {
  status?: AnomalyViewStatus | undefined;
  subscriptionId?: string | undefined;
  offerId?: string | undefined;
  dimension?: string | undefined;
  /** Only flags whose estimated impact, in USD at the usage day's rate, is above this. */
  impactOverUsd?: number | undefined;
  top?: number | undefined;
  skip?: number | undefined;
}

async function withAdjustments(x: Executor, rows: AnomalyRow[], now: Date, rates: RateCache = new Map()): Promise<AnomalyJson[]> {
  const adjustments = new Map((await adjustmentsOfAnomalies(x, rows.filter((r) => r.status === 'anomaly').map((r) => r.anomaly_id))).map((a) => [a.anomaly_id, a]));
  const out: AnomalyJson[] = [];
  for (const r of rows) out.push(anomalyJson(r, adjustments.get(r.anomaly_id), now, await impactOf(x, r, rates)));
  return out;
}

/** Flags read per query while filtering by impact (the USD amount needs each flag's day rate). */
const IMPACT_SCAN_PAGE = 500;

/**
 * The page [skip, skip + top) of the flags whose impact in USD is above `over`, reading the filter's flags in order a
 * page at a time (the rate of each usage day is the catalog's, so the comparison is made here, not in SQL).
 */
async function overImpact(x: Executor, accountId: string, filter: AnomalyFilter, over: Dec, rates: RateCache): Promise<AnomalyRow[]> {
  const wanted = filter.offset + filter.limit;
  const matched: AnomalyRow[] = [];
  for (let offset = 0; ; offset += IMPACT_SCAN_PAGE) {
    const page = await listAnomalies(x, accountId, { ...filter, priced: true, limit: IMPACT_SCAN_PAGE, offset });
    for (const r of page) {
      const usd = (await impactOf(x, r, rates))?.usd;
      if (usd && usd.gt(over)) matched.push(r);
      if (matched.length >= wanted) return matched.slice(filter.offset);
    }
    if (page.length < IMPACT_SCAN_PAGE) return matched.slice(filter.offset);
  }
}

/** The account's flags, newest usage day first. */
export async function anomaliesOf(x: Executor, env: Pick<AnomalyEnv, 'clock'>, accountId: string, q: AnomalyQuery): Promise<AnomalyJson[]> {
  const now = env.clock.now();
  if (q.subscriptionId !== undefined && !isGuid(q.subscriptionId)) return [];
  const filter: AnomalyFilter = { limit: q.top ?? 100, offset: q.skip ?? 0, resourceId: q.subscriptionId?.toLowerCase(), offerId: q.offerId, dimension: q.dimension };
  if (q.status === 'anomaly') filter.status = 'anomaly';
  else if (q.status === 'notAnomaly') filter.status = 'not_anomaly';
  else if (q.status === 'open' || q.status === 'expired') filter.actionable = { now, open: q.status === 'open' };
  const rates: RateCache = new Map();
  const rows = q.impactOverUsd === undefined ? await listAnomalies(x, accountId, filter) : await overImpact(x, accountId, filter, new Dec(q.impactOverUsd), rates);
  return withAdjustments(x, rows, now, rates);
}

const notFound = (anomalyId: string) => fail('NotFound', `No metered usage anomaly ${anomalyId} in this account.`, { target: 'anomalyId' });

export async function anomalyOf(x: Executor, env: Pick<AnomalyEnv, 'clock'>, accountId: string, anomalyId: string) {
  const row = isGuid(anomalyId) ? await findAnomaly(x, accountId, anomalyId.toLowerCase()) : undefined;
  if (!row) return notFound(anomalyId);
  return ok((await withAdjustments(x, [row], env.clock.now()))[0]!);
}

// ---- the decision ----

export interface DecisionInput {
  decision: 'anomaly' | 'notAnomaly';
  /** With "anomaly": the day's correct usage, lower than the reported one. */
  correctedQuantity?: number | undefined;
  /** With "not an anomaly": why ("Why is it not an anomaly?"); an optional note with "anomaly". */
  reason?: string | undefined;
}

export type Actor = { kind: 'user' | 'app'; id: string };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'app', id: principal.appId };
}

type DecisionError = 'NotFound' | 'AlreadyDecided' | 'ActionWindowClosed' | 'ValidationFailed' | 'CorrectionNotLower';

function reasonOf(input: DecisionInput, required: boolean): Result<string | null, { code: DecisionError; message: string; target?: string }> {
  const reason = input.reason?.trim();
  if (!reason) return required ? fail('ValidationFailed', 'Say why it is not an anomaly: the reason is required.', { target: 'reason' }) : ok(null);
  if (reason.length > MAX_REASON_LENGTH) return fail('ValidationFailed', `The reason has at most ${MAX_REASON_LENGTH} characters; this one has ${reason.length}.`, { target: 'reason' });
  return ok(reason);
}

/**
 * The publisher's decision on a flag, in the caller's transaction: locks the flag, refuses a second decision and a
 * decision after the 30-day window, and for "anomaly" records the adjustment (corrected − reported, negative).
 */
export async function decideAnomaly(
  tx: Tx,
  env: Pick<AnomalyEnv, 'clock'>,
  accountId: string,
  anomalyId: string,
  input: DecisionInput,
  actor: Actor,
): Promise<Result<AnomalyJson, { code: DecisionError; message: string; target?: string }>> {
  const now = env.clock.now();
  const row = isGuid(anomalyId) ? await findAnomaly(tx, accountId, anomalyId.toLowerCase(), true) : undefined;
  if (!row) return notFound(anomalyId);
  if (row.status !== 'open')
    return fail(
      'AlreadyDecided',
      `This anomaly was already marked as ${row.status === 'anomaly' ? 'an anomaly' : 'not an anomaly'} on ${row.decided_at!.toISOString().slice(0, 10)}: a decision cannot be changed.`,
    );
  if (now.getTime() >= row.action_expires_at.getTime())
    return fail(
      'ActionWindowClosed',
      `The 30-day window to act on this anomaly (flagged ${row.created_at.toISOString().slice(0, 10)}) closed on ${row.action_expires_at.toISOString().slice(0, 10)}: it can no longer be marked.`,
    );

  const changes: Parameters<typeof updateAnomaly>[2] = { decided_at: now, decided_by: actor.id, decided_by_kind: actor.kind };
  if (input.decision === 'notAnomaly') {
    if (input.correctedQuantity !== undefined) return fail('ValidationFailed', 'A corrected quantity goes with "anomaly" only.', { target: 'correctedQuantity' });
    const reason = reasonOf(input, true);
    if (!reason.ok) return reason;
    await updateAnomaly(tx, row.anomaly_id, { ...changes, status: 'not_anomaly', reason: reason.value });
  } else {
    const q = input.correctedQuantity;
    if (q === undefined) return fail('ValidationFailed', 'Give the correct usage of the day: correctedQuantity is required.', { target: 'correctedQuantity' });
    if (!Number.isFinite(q) || q < 0) return fail('ValidationFailed', 'The corrected quantity is a number of 0 or more.', { target: 'correctedQuantity' });
    const corrected = new Dec(q);
    if (corrected.decimalPlaces() > QUANTITY_DECIMALS) return fail('ValidationFailed', `The corrected quantity has at most ${QUANTITY_DECIMALS} decimals.`, { target: 'correctedQuantity' });
    const reported = new Dec(row.observed_quantity);
    if (corrected.gte(reported))
      return fail(
        'CorrectionNotLower',
        `Under-reported overage usage units are not eligible for restatement and financial adjustment: the corrected quantity must be lower than the reported ${reported.toFixed()}.`,
        { target: 'correctedQuantity' },
      );
    const reason = reasonOf(input, false);
    if (!reason.ok) return reason;
    await updateAnomaly(tx, row.anomaly_id, { ...changes, status: 'anomaly', corrected_quantity: corrected.toFixed(), reason: reason.value });
    await insertAdjustment(tx, {
      adjustment_id: newGuid(),
      account_id: row.account_id,
      resource_id: row.resource_id,
      offer_id: row.offer_id,
      plan_id: row.plan_id,
      dimension: row.dimension,
      usage_date: row.usage_date,
      quantity_delta: corrected.minus(reported).toFixed(),
      anomaly_id: row.anomaly_id,
      created_at: now,
    });
  }
  const updated = await findAnomaly(tx, accountId, row.anomaly_id);
  return ok((await withAdjustments(tx, [updated!], now))[0]!);
}

// ---- for billing and the portal ----

export interface UsageAdjustment {
  adjustmentId: string;
  anomalyId: string;
  accountId: string;
  /** The SaaS subscription id. */
  resourceId: string;
  offerId: string;
  planId: string;
  dimension: string;
  /** The usage day (UTC) whose usage the adjustment corrects. */
  usageDate: string;
  /** Negative: subtract from the day's usage (exact decimal string). */
  quantityDelta: string;
  createdAt: Date;
}

/** A day boundary: a `YYYY-MM-DD` day, or the first whole UTC day starting at or after an instant. */
const dayFrom = (v: Date | string): string => (typeof v === 'string' ? v : dayString(Math.ceil(v.getTime() / DAY_MS)));

/**
 * The usage adjustments of the given subscriptions whose usage day starts in [from, to) — for rating: subtract each
 * `quantityDelta` from the usage of its (resource, dimension, day). Dates are UTC days (`YYYY-MM-DD`) or instants (a
 * day belongs to the period that contains its 00:00 UTC).
 */
export async function usageAdjustments(x: Executor, resourceIds: readonly string[], from: Date | string, to: Date | string): Promise<UsageAdjustment[]> {
  const ids = [...new Set(resourceIds.filter(isGuid).map((id) => id.toLowerCase()))];
  const rows = await adjustmentsOfResources(x, ids, dayFrom(from), dayFrom(to));
  return rows.map((r) => ({
    adjustmentId: r.adjustment_id,
    anomalyId: r.anomaly_id,
    accountId: r.account_id,
    resourceId: r.resource_id,
    offerId: r.offer_id,
    planId: r.plan_id,
    dimension: r.dimension,
    usageDate: r.usage_date,
    quantityDelta: new Dec(r.quantity_delta).toFixed(),
    createdAt: r.created_at,
  }));
}
