import { formatQuantity } from './money.js';
import type { AccountSubscription, SubscriptionUsage, UsageDimension } from './types.js';

/**
 * How the usage pages read: the date range (UTC days, as usage is stamped), the API and page URLs, which
 * subscriptions the picker shows, the plan's included quantities, and each dimension's usage per day.
 */

// ---- Days (UTC) ------------------------------------------------------------------------------------------------------

export const DAY_MS = 86_400_000;
/** The most days the usage API answers for at a time. */
export const MAX_RANGE_DAYS = 400;
export const DEFAULT_DAYS = 30;
export const PRESET_DAYS = [7, 30, 90] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of a time: "2026-11-24". */
export const isoDay = (t: Date | number): string => new Date(t).toISOString().slice(0, 10);

/** Whether a string is a real calendar day in YYYY-MM-DD ("2026-02-30" is not). */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(t) === value;
}

export const addDays = (day: string, n: number): string => isoDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/** Days from `from` to `to`, both included (0 when to is before from). */
export const dayCount = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1);

/** Every day from `from` to `to`, both included; at most MAX_RANGE_DAYS. */
export function daysBetween(from: string, to: string): string[] {
  const n = Math.min(dayCount(from, to), MAX_RANGE_DAYS);
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

export interface DateRange {
  from: string;
  to: string;
}

/** The last `n` days up to today, today included. */
export const lastDays = (today: string, n: number): DateRange => ({ from: addDays(today, -(n - 1)), to: today });

/**
 * The range of the page's query string: `from` and `to` (YYYY-MM-DD, inclusive); the last 30 days when there is none,
 * or when what is there is not a valid range (with why).
 */
export function rangeFrom(query: { from?: string | null; to?: string | null }, today: string): { range: DateRange; error?: string } {
  const fallback = lastDays(today, DEFAULT_DAYS);
  const from = query.from?.trim() || undefined;
  const to = query.to?.trim() || undefined;
  if (!from && !to) return { range: fallback };
  const range = { from: from ?? addDays(to!, -(DEFAULT_DAYS - 1)), to: to ?? today };
  if (!isDay(range.from) || !isDay(range.to)) return { range: fallback, error: 'Dates are written YYYY-MM-DD, e.g. 2026-05-01.' };
  if (range.from > range.to) return { range: fallback, error: 'The start date is after the end date.' };
  if (dayCount(range.from, range.to) > MAX_RANGE_DAYS) return { range: fallback, error: `Choose at most ${MAX_RANGE_DAYS} days.` };
  return { range };
}

/** Which preset ("last 7 days"...) a range is, if any. */
export function presetOf(range: DateRange, today: string): number | undefined {
  return PRESET_DAYS.find((n) => range.to === today && range.from === addDays(today, -(n - 1)));
}

/** The marketplace's today (its sandbox clock can run ahead of this browser's), else this browser's. */
export function todayFrom(clock: { now?: string } | undefined, browserNow: number = Date.now()): string {
  const t = clock?.now ? Date.parse(clock.now) : NaN;
  return isoDay(Number.isFinite(t) ? t : browserNow);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A UTC day for people: "24 Nov 2026" (long) or "24 Nov" (short), in the browser's language unless given. */
export function formatDay(day: string, style: 'short' | 'long' = 'long', locale?: string): string {
  if (!isDay(day)) return day;
  const key = `${style}|${locale ?? ''}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', ...(style === 'long' ? { year: 'numeric' } : {}) });
    dayFormats.set(key, f);
  }
  return f.format(new Date(`${day}T00:00:00Z`));
}

// ---- URLs ------------------------------------------------------------------------------------------------------------

const enc = encodeURIComponent;

export function subscriptionsUrl(accountId: string, offerId = ''): string {
  return `/api/accounts/${enc(accountId)}/subscriptions${offerId ? `?offerId=${enc(offerId)}` : ''}`;
}

export function usageUrl(accountId: string, subscriptionId: string, range?: DateRange): string {
  const base = `/api/accounts/${enc(accountId)}/subscriptions/${enc(subscriptionId)}/usage`;
  return range ? `${base}?${new URLSearchParams({ from: range.from, to: range.to }).toString()}` : base;
}

export type Show = 'metered' | 'all';
export const showOf = (value: string | null): Show => (value === 'all' ? 'all' : 'metered');

/** The picker's own URL for its filters. */
export function pickerHref(filters: { offerId?: string; show?: Show }): string {
  const q = new URLSearchParams();
  if (filters.offerId) q.set('offerId', filters.offerId);
  if (filters.show === 'all') q.set('show', 'all');
  const s = q.toString();
  return `/partner/usage${s ? `?${s}` : ''}`;
}

/** A subscription's usage page, with a range unless it is the default one. */
export function detailHref(subscriptionId: string, range?: DateRange, today?: string): string {
  const base = `/partner/usage/${enc(subscriptionId)}`;
  if (!range || (today && presetOf(range, today) === DEFAULT_DAYS)) return base;
  return `${base}?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`;
}

// ---- The subscription picker -----------------------------------------------------------------------------------------

export const planKey = (s: Pick<AccountSubscription, 'offerId' | 'planId'>): string => `${s.offerId}/${s.planId}`;

/**
 * Which subscription's usage to read to learn whether each plan is metered (its dimensions): one per plan, an active
 * one when there is one. A handful of requests for any number of subscriptions.
 */
export function probesFor(items: readonly AccountSubscription[]): Map<string, string> {
  const probes = new Map<string, string>();
  const active = new Set<string>();
  for (const s of items) {
    const key = planKey(s);
    if (!probes.has(key) || (!active.has(key) && s.saasSubscriptionStatus === 'Subscribed')) {
      probes.set(key, s.id);
      if (s.saasSubscriptionStatus === 'Subscribed') active.add(key);
    }
  }
  return probes;
}

/** What a plan is known to meter: its dimensions' names, [] when none, undefined while unknown. */
export type PlanDimensions = Map<string, string[] | undefined>;

/** The subscriptions to list: all, or those of plans with metered dimensions. */
export function visibleSubscriptions(items: readonly AccountSubscription[], show: Show, plans: PlanDimensions): AccountSubscription[] {
  if (show === 'all') return [...items];
  return items.filter((s) => (plans.get(planKey(s))?.length ?? 0) > 0);
}

/** The offers of a list of subscriptions, sorted. */
export const offersOf = (items: readonly Pick<AccountSubscription, 'offerId'>[]): string[] => [...new Set(items.map((s) => s.offerId))].sort();

// ---- Dimensions and usage --------------------------------------------------------------------------------------------

const TERMS: [keyof UsageDimension['included'], string][] = [
  ['P1M', 'a month'],
  ['P1Y', 'a year'],
];

/** "1,000 a month · 12,000 a year", "Unlimited", or "None" (all usage is billed). */
export function includedText(included: UsageDimension['included'], locale?: string): string {
  const terms = TERMS.filter(([t]) => included[t] !== undefined);
  if (terms.length === 0) return 'None';
  if (terms.every(([t]) => included[t] === 'unlimited')) return 'Unlimited';
  return terms.map(([t, label]) => `${included[t] === 'unlimited' ? 'unlimited' : new Intl.NumberFormat(locale).format(included[t] as number)} ${label}`).join(' · ');
}

/** Whether a dimension is included without limit in every term: it takes no usage events, so it never bills. */
export const isUnlimited = (d: Pick<UsageDimension, 'included'>): boolean => {
  const values = TERMS.map(([t]) => d.included[t]).filter((v) => v !== undefined);
  return values.length > 0 && values.every((v) => v === 'unlimited');
};

export interface SeriesPoint {
  date: string;
  value: number;
  events: number;
}

export interface Series {
  dimension: UsageDimension;
  points: SeriesPoint[];
  total: number;
  events: number;
  peak?: SeriesPoint;
}

/**
 * One series per dimension, a point for every day of the range (0 where there was no usage). A dimension that is in
 * the usage but no longer on the plan still gets its series, after the plan's.
 */
export function seriesOf(report: Pick<SubscriptionUsage, 'dimensions' | 'days'>, range: DateRange): Series[] {
  const days = daysBetween(range.from, range.to);
  const known = new Map(report.dimensions.map((d) => [d.id, d]));
  const extra = [...new Set(report.days.map((d) => d.dimension))].filter((id) => !known.has(id));
  const dimensions = [...report.dimensions, ...extra.map((id): UsageDimension => ({ id, displayName: id, unitOfMeasure: '', included: {}, pricePerUnit: null }))];
  return dimensions.map((dimension) => {
    const byDay = new Map<string, { value: number; events: number }>();
    for (const d of report.days) {
      if (d.dimension !== dimension.id) continue;
      const prev = byDay.get(d.date) ?? { value: 0, events: 0 };
      byDay.set(d.date, { value: prev.value + d.quantity, events: prev.events + d.events });
    }
    const points = days.map((date) => ({ date, value: byDay.get(date)?.value ?? 0, events: byDay.get(date)?.events ?? 0 }));
    const total = points.reduce((sum, p) => sum + p.value, 0);
    const events = points.reduce((sum, p) => sum + p.events, 0);
    const peak = points.reduce<SeriesPoint | undefined>((best, p) => (p.value > 0 && (!best || p.value > best.value) ? p : best), undefined);
    return { dimension, points, total: Math.round(total * 1e6) / 1e6, events, peak };
  });
}

/** The chart's text alternative: what the bars say, in one sentence. */
export function seriesSummary(s: Series, range: DateRange, locale?: string): string {
  const span = `from ${formatDay(range.from, 'long', locale)} to ${formatDay(range.to, 'long', locale)}`;
  const name = s.dimension.unitOfMeasure ? `${s.dimension.displayName} (${s.dimension.unitOfMeasure})` : s.dimension.displayName;
  if (!s.peak) return `${name}: no usage ${span}.`;
  const activeDays = s.points.filter((p) => p.value > 0).length;
  return `${name}: ${formatQuantity(s.total, locale)} in total ${span}, on ${activeDays} day${activeDays === 1 ? '' : 's'}; the most on ${formatDay(s.peak.date, 'long', locale)} (${formatQuantity(s.peak.value, locale)}).`;
}

/** Whether a billing cycle reaches beyond the range: its charges are then those of the range's part only. */
export const cycleIsPartial = (cycle: { start: string; end: string }, range: DateRange): boolean => cycle.start < range.from || cycle.end > range.to;

// ---- Subscription status ---------------------------------------------------------------------------------------------

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const STATUS: Record<string, { label: string; tone: Tone }> = {
  PendingFulfillmentStart: { label: 'Pending activation', tone: 'warn' },
  Subscribed: { label: 'Active', tone: 'good' },
  Suspended: { label: 'Suspended', tone: 'bad' },
  Unsubscribed: { label: 'Canceled', tone: 'neutral' },
};

/** A SaaS subscription status as the publisher reads it. */
export const statusOf = (status: string): { label: string; tone: Tone } => STATUS[status.trim()] ?? { label: status, tone: 'info' };
