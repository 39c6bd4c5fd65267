/**
 * The operator's billing pages' rules, kept out of the components: which month to bill by default, which run of a
 * month issued its invoices, which fee or tax rate is in force on a day, and what the forms accept.
 */

export const GUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const isGuid = (value: string): boolean => new RegExp(`^${GUID_PATTERN}$`).test(value.trim());

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (value: string): boolean => MONTH.test(value) && Number(value.slice(0, 4)) >= 2000;

/** A real calendar day, YYYY-MM-DD, from 2000 on (what the API takes as effectiveFrom). */
export function isDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 2000;
}

export const isCountry = (value: string): boolean => /^[A-Za-z]{2}$/.test(value.trim());

/** The UTC day of an instant, YYYY-MM-DD ("today" on the marketplace clock). */
export const dayOfInstant = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** The month before the one an instant falls in (UTC), YYYY-MM: the latest month that has ended. */
export function lastEndedMonth(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** Whether a month (YYYY-MM) has ended at an instant: billing refuses months that have not. */
export function monthHasEnded(month: string, iso: string): boolean {
  if (!isMonth(month)) return false;
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return next.getTime() <= new Date(iso).getTime();
}

export interface RunLike {
  runId: string;
  periodStart: string;
  startedAt: string;
}

/** The first run of a month issued its invoices; every later run of it only recomputed and compared. */
export function runKinds(runs: readonly RunLike[]): Map<string, 'issued' | 'compared'> {
  const first = new Map<string, RunLike>();
  for (const run of runs) {
    const seen = first.get(run.periodStart);
    if (!seen || run.startedAt < seen.startedAt || (run.startedAt === seen.startedAt && run.runId < seen.runId)) first.set(run.periodStart, run);
  }
  return new Map(runs.map((r) => [r.runId, first.get(r.periodStart)?.runId === r.runId ? 'issued' : 'compared'] as const));
}

/** The version in force on a day: the latest that takes effect on or before it. */
export function inForceOn<T extends { effectiveFrom: string }>(versions: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const v of versions) if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}

export type VersionState = 'in-force' | 'scheduled' | 'superseded';

/** Each version's state on a day: in force, scheduled (takes effect later) or superseded. */
export function versionState(version: { effectiveFrom: string }, current: { effectiveFrom: string } | undefined, day: string): VersionState {
  if (version.effectiveFrom > day) return 'scheduled';
  return current && current.effectiveFrom === version.effectiveFrom ? 'in-force' : 'superseded';
}

export interface TaxRateLike {
  country: string;
  effectiveFrom: string;
}

/** Tax rates grouped by country (A–Z), each country's versions newest first, with their state on `day`. */
export function taxRateGroups<T extends TaxRateLike>(rates: readonly T[], day: string): { country: string; versions: { rate: T; state: VersionState }[] }[] {
  const byCountry = new Map<string, T[]>();
  for (const r of rates) byCountry.set(r.country, [...(byCountry.get(r.country) ?? []), r]);
  return [...byCountry.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([country, versions]) => {
      const current = inForceOn(versions, day);
      return {
        country,
        versions: [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom)).map((rate) => ({ rate, state: versionState(rate, current, day) })),
      };
    });
}

export type PaymentBehavior = 'succeed' | 'fail' | 'delay';

/** What the sandbox payment instrument of a customer does with each collection. */
export const PAYMENT_BEHAVIORS: { value: PaymentBehavior; label: string; help: string }[] = [
  { value: 'succeed', label: 'Succeed', help: 'Collections are paid at once. Failed invoices are collected again now.' },
  { value: 'fail', label: 'Fail', help: 'The card is declined: the invoice fails and the subscriptions it bills are suspended (retried every 3 days).' },
  { value: 'delay', label: 'Delay', help: 'Collections settle two days after each attempt (the invoice is processing until then).' },
];

export const behaviorLabel = (b: string): string => PAYMENT_BEHAVIORS.find((x) => x.value === b)?.label ?? b;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The result of setting a customer's payment behaviour, in words. */
export function describePaymentChange(result: { tenantId: string; behavior: PaymentBehavior | string; retried: number }): string {
  const who = `Payments of tenant ${result.tenantId}`;
  const retried =
    result.retried === 0
      ? 'no failed invoice to collect again.'
      : `${count(result.retried, 'failed invoice')} collected again now; once paid, the subscriptions suspended for payment are offered to their publishers for reinstatement.`;
  if (result.behavior === 'fail') return `${who} now fail: the next collection is declined, and the subscriptions its invoice bills are suspended.`;
  if (result.behavior === 'delay') return `${who} now settle two days after each attempt: ${retried}`;
  return `${who} now succeed: ${retried}`;
}
