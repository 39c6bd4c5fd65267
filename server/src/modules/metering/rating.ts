import { Dec } from '../../platform/money.js';

/**
 * Rating of accepted usage (spec 05 §2.6, spec 03 rule 9, reference L7666-7680, L15884-15974): the publisher counts
 * each dimension's included quantity itself and emits only the usage above it, so every accepted unit is charged at
 * the plan's price per unit in the customer's currency — "monthly fee + Σ(quantity × pricePerUnit) of accepted usage
 * events". Usage is billed per monthly billing cycle, also in annual terms ("billed as overage in each monthly billing
 * cycle until the end of the year term"). Unlimited dimensions take no events, so they are never charged.
 * Adjustments (an over-report the publisher corrected after an anomaly) are negative quantities of their day.
 */

export interface RatedEvent {
  dimension: string;
  at: Date;
  quantity: string;
}

export interface RatingLine {
  dimension: string;
  quantity: string;
  pricePerUnit: string | null;
  amount: string;
}

export interface BillingCycle {
  start: string;
  /** The last day of the cycle. */
  end: string;
  lines: RatingLine[];
  total: string;
}

const DAY_MS = 86_400_000;
const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export function addMonthsUtc(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
}

/** The monthly billing cycle containing `t`, anchored at `anchor` (the subscription's term start). */
export function cycleOf(anchor: Date, t: Date): { start: Date; next: Date } {
  const a = day(anchor);
  let k = (t.getUTCFullYear() - a.getUTCFullYear()) * 12 + (t.getUTCMonth() - a.getUTCMonth());
  while (addMonthsUtc(a, k).getTime() > t.getTime()) k--;
  while (addMonthsUtc(a, k + 1).getTime() <= t.getTime()) k++;
  return { start: addMonthsUtc(a, k), next: addMonthsUtc(a, k + 1) };
}

/** Rates the events into the billing cycles they fall in, oldest first; a dimension with no price is rated at 0. */
export function rateByCycle(anchor: Date, events: readonly RatedEvent[], prices: ReadonlyMap<string, string | null>): BillingCycle[] {
  const cycles = new Map<number, { start: Date; next: Date; quantities: Map<string, Dec> }>();
  for (const e of events) {
    const c = cycleOf(anchor, e.at);
    const entry = cycles.get(c.start.getTime()) ?? { ...c, quantities: new Map<string, Dec>() };
    entry.quantities.set(e.dimension, (entry.quantities.get(e.dimension) ?? new Dec(0)).plus(e.quantity));
    cycles.set(c.start.getTime(), entry);
  }
  return [...cycles.values()]
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((c) => {
      const lines = [...c.quantities.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([dimension, quantity]) => {
          const price = prices.get(dimension) ?? null;
          return { dimension, quantity: quantity.toString(), pricePerUnit: price, amount: quantity.times(price ?? 0).toFixed(6) };
        });
      return {
        start: c.start.toISOString().slice(0, 10),
        end: new Date(c.next.getTime() - DAY_MS).toISOString().slice(0, 10),
        lines,
        total: lines.reduce((sum, l) => sum.plus(l.amount), new Dec(0)).toFixed(6),
      };
    });
}
