/** Calendar days at 00:00 UTC, and months, for billing periods and cycles. */

const DAY_MS = 86_400_000;

export const dayOf = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const dayText = (d: Date): string => d.toISOString().slice(0, 10);
export const addDaysUtc = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);

/** Adds calendar months, keeping the day of the month where the target month has it (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsUtc(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** A billing period: a calendar month `YYYY-MM`. */
export interface Period {
  /** `YYYY-MM`. */
  id: string;
  start: Date;
  /** The first day of the next month (exclusive end). */
  next: Date;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(id: string): Period | undefined {
  const m = PERIOD.exec(id);
  if (!m) return undefined;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  if (start.getUTCFullYear() < 2000) return undefined;
  return { id, start, next: addMonthsUtc(start, 1) };
}

export function periodOf(d: Date): Period {
  return parsePeriod(d.toISOString().slice(0, 7))!;
}

export const nextPeriod = (p: Period): Period => periodOf(p.next);
