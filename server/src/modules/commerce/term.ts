import { Dec } from '../../platform/money.js';
import type { TermUnit } from './commerce.tables.js';

/**
 * Term arithmetic (08 §1.8): a term runs from its start date to its end date, "the last valid day"; renewal happens
 * the next day. Dates are days at 00:00 UTC.
 */

const DAY_MS = 86_400_000;

export const startOfDayUtc = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);

/** Adds calendar months, keeping the day of the month where the target month has it (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

export const monthsOf = (unit: TermUnit): number => (unit === 'P1Y' ? 12 : 1);

/** The term that starts on `start`'s day: its first and last valid day. */
export function termFrom(start: Date, unit: TermUnit): { start: Date; end: Date } {
  const first = startOfDayUtc(start);
  return { start: first, end: addDays(addMonths(first, monthsOf(unit)), -1) };
}

/**
 * The share of a term left on `at`'s day, that day included: days left / days in the term (a Dec fraction, exact until
 * the amount it multiplies is rounded). 0 after the term, 1 on its first day.
 */
export function prorationFactor(term: { start: Date; end: Date }, at: Date): Dec {
  const first = startOfDayUtc(term.start).getTime();
  const last = startOfDayUtc(term.end).getTime();
  const today = Math.max(startOfDayUtc(at).getTime(), first);
  const total = (last - first) / DAY_MS + 1;
  const left = Math.max(0, (last - today) / DAY_MS + 1);
  return new Dec(left).dividedBy(total);
}

/** When a term ending on `end` renews: the next day, 00:00 UTC. */
export const renewalAt = (end: Date): Date => addDays(startOfDayUtc(end), 1);

/** The refund window of a cancel after activation (L25894-25899): 24 hours for monthly terms, 14 days for yearly. */
export const refundWindowMs = (unit: TermUnit): number => (unit === 'P1Y' ? 14 * DAY_MS : DAY_MS);

/** The suspension grace period before a suspended subscription is unsubscribed (L25295-25310). */
export const SUSPENSION_GRACE_MS = 30 * DAY_MS;

/** How long a marketplace-initiated change plan waits for the publisher's PATCH before it counts as Success. */
export const CHANGE_PLAN_ACK_MS = 10_000;

/** How long a purchase token resolves (L25358: "usually valid for 24 hours"). */
export const PURCHASE_TOKEN_LIFETIME_MS = DAY_MS;
