/**
 * The payout hold's cut-off (spec/01 §2.4, reference L1315-1333), as pure functions.
 *
 * Payouts are monthly. "If you want to hold April's payout, make sure to set your payout hold status to On before the
 * end of March"; "to have a payout generated in June, toggle the payout hold status to Off before the end of May".
 * So the hold that governs the payout of month M is the hold state at the end of month M − 1: the last change made
 * before the first instant of M. Months are calendar months in UTC (ADR 0015): a change at March 31 23:59:59.999 UTC
 * holds April's payout; a change at April 1 00:00:00.000 UTC first governs May's. Before any change the hold is Off
 * (the reference's default: monthly payouts).
 */

/** A payout month, `YYYY-MM`. */
export type PayoutMonth = string;

export interface HoldChange {
  holdPayment: boolean;
  changedAt: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPayoutMonth(value: string): value is PayoutMonth {
  return MONTH.test(value);
}

/** The payout month a date falls in (UTC). */
export function payoutMonthOf(date: Date): PayoutMonth {
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant of the month (UTC). Throws on a malformed month: callers check with isPayoutMonth first. */
export function monthStart(month: PayoutMonth): Date {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a payout month (YYYY-MM): ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** The month after `month`. */
export function nextMonth(month: PayoutMonth): PayoutMonth {
  const start = monthStart(month);
  return payoutMonthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
}

/**
 * The hold cut-off of a payout month: changes strictly before this instant (the end of the previous month) govern
 * the month's payout; changes at or after it govern later payouts.
 */
export function holdCutOff(month: PayoutMonth): Date {
  return monthStart(month);
}

/**
 * Whether the payout of `month` is held: the state set by the latest change before the month's cut-off, Off when
 * there is none. Changes may come in any order; of two at the same instant the later in the list wins.
 */
export function holdForPayoutMonth(changes: readonly HoldChange[], month: PayoutMonth): boolean {
  const cutOff = holdCutOff(month).getTime();
  let latest: HoldChange | undefined;
  for (const change of changes) {
    const at = change.changedAt.getTime();
    if (at < cutOff && (!latest || at >= latest.changedAt.getTime())) latest = change;
  }
  return latest?.holdPayment ?? false;
}
