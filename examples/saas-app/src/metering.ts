import { MAX_BATCH_USAGE_EVENTS, type UsageEvent } from './marketplace-client.js';

/**
 * Contoso Flow's metered billing, the publisher's side of it (spec 08 §4.1, reference L24685-24993): the app counts
 * what each subscription uses, per dimension, and sends the marketplace only the usage ABOVE the quantity the plan
 * includes for the term ("usage included in the flat fee must not be emitted"); the included quantity starts again with
 * each term (the subscription's term.startDate). Overage is kept per clock hour of the marketplace's clock, because
 * the Metering API takes one event per resource, plan, dimension and hour.
 *
 * Everything here is pure: the store keeps the state, the reporter (usage-reporter.ts) does the calls.
 */

// ---- What Contoso Flow sells (what the publisher configured in Partner Center) ---------------------------------------

export type Included = number | 'unlimited';

export interface MeteredDimension {
  /** The dimension id the plan was published with: what usage events carry. */
  id: string;
  displayName: string;
  unitOfMeasure: string;
  /** The unit, for messages ("250 emails"). */
  unit: { one: string; other: string };
  /** Included per term, by term unit (P1M, P1Y); a term unit not listed includes nothing. */
  included: Partial<Record<string, Included>>;
}

/** A "use the product" button on the Manage account page. */
export interface ProductAction {
  id: string;
  label: string;
  /** What the product did, for the message after it. */
  done: string;
  dimension: string;
  quantity: number;
}

export interface MeteredPlan {
  offerId: string;
  planId: string;
  dimensions: MeteredDimension[];
  actions: ProductAction[];
}

/**
 * The metered plans, as published: the demo catalog's plan `metered` of offer `contoso-flow` (Agora's
 * server/src/seed/demo-catalog.ts): $99 a month or $990 a year, emails beyond 1,000 a month (12,000 a year) at $0.01,
 * reports included without limit. A real ISV keeps this with its plan configuration.
 */
export const METERED_PLANS: readonly MeteredPlan[] = [
  {
    offerId: 'contoso-flow',
    planId: 'metered',
    dimensions: [
      { id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per email', unit: { one: 'email', other: 'emails' }, included: { P1M: 1000, P1Y: 12000 } },
      { id: 'reports', displayName: 'Reports generated', unitOfMeasure: 'per report', unit: { one: 'report', other: 'reports' }, included: { P1M: 'unlimited', P1Y: 'unlimited' } },
    ],
    actions: [
      { id: 'send-250-emails', label: 'Send 250 emails', done: 'Sent 250 emails.', dimension: 'emails', quantity: 250 },
      { id: 'send-1000-emails', label: 'Send 1,000 emails', done: 'Sent 1,000 emails.', dimension: 'emails', quantity: 1000 },
      { id: 'generate-report', label: 'Generate a report', done: 'Generated a report.', dimension: 'reports', quantity: 1 },
    ],
  },
];

/** The metered plan a subscription is on (the offer is matched when known), if any. */
export function meteredPlanOf(plans: readonly MeteredPlan[], sub: { offerId?: string; planId?: string }): MeteredPlan | undefined {
  if (!sub.planId) return undefined;
  return plans.find((p) => p.planId === sub.planId && (!sub.offerId || p.offerId === sub.offerId));
}

/** What a dimension includes in a term of this unit: a number, 'unlimited', or 0 when the term unit is not listed. */
export function includedFor(dimension: Pick<MeteredDimension, 'included'>, termUnit: string | undefined): Included {
  return dimension.included[termUnit ?? 'P1M'] ?? 0;
}

export const unitText = (dimension: Pick<MeteredDimension, 'unit'>, quantity: number): string =>
  `${formatQuantity(quantity)} ${quantity === 1 ? dimension.unit.one : dimension.unit.other}`;

export const formatQuantity = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

// ---- Arithmetic ----------------------------------------------------------------------------------------------------

/** Quantities may be decimal: keep them to 6 places so that sums do not drift (0.1 + 0.2). */
export const roundQuantity = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * The part of `quantity` that is above the included quantity, given what the term had used before it.
 * 900 used, 1,000 included, 250 more → 150. Unlimited → 0.
 */
export function overageOf(usedBefore: number, quantity: number, included: Included): number {
  if (included === 'unlimited') return 0;
  const after = usedBefore + quantity;
  return roundQuantity(Math.max(0, after - Math.max(usedBefore, included)));
}

// ---- Clock hours ---------------------------------------------------------------------------------------------------

export const HOUR_MS = 3_600_000;
/** The Metering API takes events up to 24 hours old. */
export const MAX_EVENT_AGE_MS = 24 * HOUR_MS;
/** A margin inside that window for the time the call takes. */
const AGE_MARGIN_MS = 60_000;

/** The clock hour of a time (8:00:00-8:59:59 is 8:00), as the ISO string the app keys buckets by. */
export const hourOf = (t: Date | number): string => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS).toISOString();
export const nextHour = (hour: string): string => new Date(Date.parse(hour) + HOUR_MS).toISOString();

/**
 * The effectiveStartTime of an hour's event: when its usage started (`startedAt`, in that clock hour), or, when that is
 * more than 24 hours ago but the hour is not over since then, the oldest time the marketplace still takes (same clock
 * hour, so the same bucket). Undefined when the whole hour is too old: that usage can no longer be billed.
 *
 * Not simply the hour's start: the marketplace takes no usage from before the subscription was activated, and the
 * activation hour started before it.
 */
export function effectiveStartTime(startedAt: string, now: Date): string | undefined {
  const start = Date.parse(startedAt);
  const hourEnd = Date.parse(hourOf(start)) + HOUR_MS;
  const oldest = now.getTime() - MAX_EVENT_AGE_MS + AGE_MARGIN_MS;
  if (start >= oldest) return new Date(start).toISOString();
  if (oldest < hourEnd) return new Date(Math.ceil(oldest / 1000) * 1000).toISOString();
  return undefined;
}

// ---- A meter: one subscription, plan and dimension -----------------------------------------------------------------

export interface UsageMeter {
  subscriptionId: string;
  planId: string;
  dimension: string;
  /** The term the counters are for (the subscription's term.startDate when it was last used). */
  termStart?: string;
  /** Everything used in the term, included or not. */
  usedInTerm: number;
  /** Used above the included quantity in the term. */
  overageInTerm: number;
  /** Overage the marketplace accepted (usage events Accepted) in the term. */
  billedInTerm: number;
  /** Overage not yet accepted, by clock hour (marketplace time, ISO). */
  pending: Record<string, number>;
  /** When the usage waiting in each hour started (the first use in it; an hour's start for usage moved there). */
  startedAt: Record<string, string>;
  /** Hours that already have an accepted event: more usage of such an hour is reported with a later hour. */
  reportedHours: string[];
  /** Quantities sent for an hour without an answer (a timeout): a Duplicate of the same quantity was ours. */
  unanswered: Record<string, number>;
  lastUsedAt?: string;
}

export const meterKey = (m: Pick<UsageMeter, 'subscriptionId' | 'planId' | 'dimension'>): string => `${m.subscriptionId}|${m.planId}|${m.dimension}`;

export function newMeter(subscriptionId: string, planId: string, dimension: string, termStart?: string): UsageMeter {
  return { subscriptionId, planId, dimension, termStart, usedInTerm: 0, overageInTerm: 0, billedInTerm: 0, pending: {}, startedAt: {}, reportedHours: [], unanswered: {} };
}

const sameInstant = (a: string | undefined, b: string | undefined) => a === b || (a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b));

/**
 * Starts a new term's counters when the subscription's term.startDate moved on (a renewal): its included quantity is
 * available again. Overage of the previous term that is still waiting is kept and reported.
 */
export function alignTerm(meter: UsageMeter, termStart: string | undefined): boolean {
  if (termStart === undefined || sameInstant(meter.termStart, termStart)) return false;
  const previous = meter.termStart;
  meter.termStart = termStart;
  // The first term the app learns of (the meter was made before the term was known) keeps its counters.
  if (previous === undefined || Date.parse(termStart) < Date.parse(previous)) return false;
  meter.usedInTerm = 0;
  meter.overageInTerm = 0;
  meter.billedInTerm = 0;
  return true;
}

/** The hour usage at `hour` goes in: that hour, or the next that has no accepted event yet. */
export function openHourFrom(meter: Pick<UsageMeter, 'reportedHours'>, hour: string): string {
  let h = hour;
  while (meter.reportedHours.includes(h)) h = nextHour(h);
  return h;
}

/** Adds waiting overage of usage at `at` (its clock hour, or the next open one); returns the hour it waits in. */
function addPending(meter: UsageMeter, at: string, quantity: number): string {
  const hour = hourOf(Date.parse(at));
  const h = openHourFrom(meter, hour);
  meter.pending[h] = roundQuantity((meter.pending[h] ?? 0) + quantity);
  // Usage moved to a later hour counts from that hour's start.
  const started = h === hour ? at : h;
  const known = meter.startedAt[h];
  if (!known || Date.parse(started) < Date.parse(known)) meter.startedAt[h] = started;
  return h;
}

function clearHour(meter: UsageMeter, hour: string): void {
  delete meter.pending[hour];
  delete meter.startedAt[hour];
}

export interface RecordedUsage {
  included: Included;
  overage: number;
  /** The hour the overage waits in (undefined when there is none). */
  hour?: string;
  newTerm: boolean;
}

/** Counts usage of `quantity` at marketplace time `at`, in the term starting at `termStart`. */
export function recordUsage(meter: UsageMeter, usage: { quantity: number; at: Date; termStart?: string; included: Included }): RecordedUsage {
  const newTerm = alignTerm(meter, usage.termStart);
  const overage = overageOf(meter.usedInTerm, usage.quantity, usage.included);
  meter.usedInTerm = roundQuantity(meter.usedInTerm + usage.quantity);
  meter.lastUsedAt = usage.at.toISOString();
  if (overage <= 0) return { included: usage.included, overage: 0, newTerm };
  meter.overageInTerm = roundQuantity(meter.overageInTerm + overage);
  return { included: usage.included, overage, hour: addPending(meter, usage.at.toISOString(), overage), newTerm };
}

export const pendingTotal = (meter: Pick<UsageMeter, 'pending'>): number => roundQuantity(Object.values(meter.pending).reduce((a, b) => a + b, 0));

/** Forget hours the marketplace no longer takes events for (their duplicates could not happen). */
export function pruneHours(meter: UsageMeter, now: Date): void {
  const oldest = now.getTime() - MAX_EVENT_AGE_MS - 2 * HOUR_MS;
  meter.reportedHours = meter.reportedHours.filter((h) => Date.parse(h) >= oldest);
  for (const h of Object.keys(meter.unanswered)) if (Date.parse(h) < oldest) delete meter.unanswered[h];
}

// ---- Reporting -----------------------------------------------------------------------------------------------------

/** One event the reporter sends: its meter, hour and the quantity it was built from. */
export interface DueEvent {
  key: string;
  hour: string;
  event: UsageEvent;
}

/** Buckets that are too old to report (reported to nobody: under-reported usage is the publisher's loss). */
export interface ExpiredBucket {
  key: string;
  hour: string;
  quantity: number;
}

/**
 * The events to send now: every meter's waiting overage of the hours up to `through` (the previous hour for the hourly
 * report; the current hour for "Report usage now"), one event per meter and hour, oldest first, never for a future
 * hour. Hours that are past the marketplace's 24-hour window are returned as expired.
 */
export function dueEvents(meters: readonly UsageMeter[], options: { through: string; now: Date; subscriptionId?: string }): { due: DueEvent[]; expired: ExpiredBucket[] } {
  const limit = Math.min(Date.parse(options.through), Date.parse(hourOf(options.now)));
  const due: DueEvent[] = [];
  const expired: ExpiredBucket[] = [];
  for (const m of meters) {
    if (options.subscriptionId && m.subscriptionId !== options.subscriptionId) continue;
    for (const [hour, quantity] of Object.entries(m.pending)) {
      if (!(quantity > 0) || Date.parse(hour) > limit) continue;
      const time = effectiveStartTime(m.startedAt[hour] ?? hour, options.now);
      if (!time) {
        expired.push({ key: meterKey(m), hour, quantity });
        continue;
      }
      due.push({ key: meterKey(m), hour, event: { resourceId: m.subscriptionId, quantity, dimension: m.dimension, effectiveStartTime: time, planId: m.planId } });
    }
  }
  due.sort((a, b) => a.hour.localeCompare(b.hour) || a.key.localeCompare(b.key));
  return { due, expired };
}

/** Splits items into batches of at most `size` (the Metering API takes 25 per call). */
export function chunk<T>(items: readonly T[], size = MAX_BATCH_USAGE_EVENTS): T[][] {
  if (!(size >= 1)) throw new RangeError('size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the app does with an event after the marketplace's answer. */
export type Outcome =
  /** Accepted: billed. */
  | 'billed'
  /** Duplicate of an event this app had sent without getting the answer: it was billed then. */
  | 'already billed'
  /** Duplicate: the hour already has an event, so this usage waits for a later hour. */
  | 'moved'
  /** Not processed (an error that may pass): sent again with the next report. */
  | 'retry'
  /** Refused for good (expired, not a dimension of the plan, not active...): not billable. */
  | 'dropped';

/** Statuses after which the same event may succeed later. */
const RETRY_STATUSES = ['Error', 'ResourceNotActive', 'NotSent'];

export interface Applied {
  outcome: Outcome;
  /** The hour the usage waits in now (moved, or the rest of a bucket that grew while it was being reported). */
  movedTo?: string;
}

/**
 * Applies the marketplace's answer for an event of `quantity` at `hour` to its meter. `acceptedQuantity` is the
 * quantity of the accepted event a Duplicate quotes. `unanswered` is true when the call got no answer (it may have been
 * processed).
 */
export function applyResult(meter: UsageMeter, hour: string, quantity: number, result: { status: string; acceptedQuantity?: number; unanswered?: boolean }): Applied {
  const waiting = meter.pending[hour] ?? 0;
  const take = (q: number) => {
    const rest = roundQuantity(waiting - q);
    if (rest > 0) meter.pending[hour] = rest;
    else clearHour(meter, hour);
    return rest;
  };
  const markReported = () => {
    if (!meter.reportedHours.includes(hour)) meter.reportedHours.push(hour);
    delete meter.unanswered[hour];
  };
  /** Usage added to the hour while it was being reported goes to the next open hour. */
  const moveRest = (rest: number): string | undefined => {
    if (rest <= 0) return undefined;
    clearHour(meter, hour);
    return addPending(meter, hour, rest);
  };

  if (result.unanswered) {
    meter.unanswered[hour] = quantity;
    return { outcome: 'retry' };
  }
  switch (result.status) {
    case 'Accepted': {
      const rest = take(quantity);
      markReported();
      meter.billedInTerm = roundQuantity(meter.billedInTerm + quantity);
      return { outcome: 'billed', movedTo: moveRest(rest) };
    }
    case 'Duplicate': {
      const ours = meter.unanswered[hour];
      if (ours !== undefined && result.acceptedQuantity !== undefined && roundQuantity(result.acceptedQuantity) === roundQuantity(ours)) {
        // Our earlier call was accepted; only what was added since is still to be reported, with a later hour.
        const rest = take(ours);
        markReported();
        meter.billedInTerm = roundQuantity(meter.billedInTerm + ours);
        return { outcome: 'already billed', movedTo: moveRest(rest) };
      }
      markReported();
      const rest = take(0);
      return { outcome: 'moved', movedTo: moveRest(rest) };
    }
    default:
      if (RETRY_STATUSES.includes(result.status)) return { outcome: 'retry' };
      take(quantity);
      delete meter.unanswered[hour];
      return { outcome: 'dropped' };
  }
}
