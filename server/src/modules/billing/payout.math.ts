import { Dec, minorDigits, money, roundMoney } from '../../platform/money.js';
import type { CarryReason } from './payout.tables.js';

/**
 * The arithmetic of payouts (ADR 0018), pure and unit-tested: conversion from the customer's currency into the payout
 * currency through USD at the rates of the purchase day, withholding on sales into the US, the threshold, and what
 * a run does with an account's total.
 *
 * Rates are units of a currency per 1 USD (the catalog's exchange-rate table). An amount in currency C converts into
 * payout currency P as amount × rate(P) / rate(C), computed at 40 significant digits and rounded once, half away from
 * zero, to P's minor unit. The cross rate kept on a statement line is rate(P) / rate(C) to 12 places, for people to
 * read; amounts are computed from the two USD rates, not from the rounded cross rate.
 */

type Value = Dec | string | number;

/** Rounds to the currency's minor unit, half away from zero. */
export const roundIn = (amount: Value, currency: string): Dec => roundMoney(money(amount, currency)).amount;

/** Payout-currency units per 1 customer-currency unit, to 12 places (for statements). */
export function crossRate(customerPerUsd: Value, payoutPerUsd: Value): Dec {
  return new Dec(payoutPerUsd).dividedBy(customerPerUsd).toDecimalPlaces(12, Dec.ROUND_HALF_UP);
}

/** `base` in the customer's currency, in the payout currency, rounded to its minor unit. */
export function convert(base: Value, customerPerUsd: Value, payoutPerUsd: Value, payoutCurrency: string): Dec {
  const c = new Dec(customerPerUsd);
  const p = new Dec(payoutPerUsd);
  if (!(c.gt(0) && p.gt(0))) throw new RangeError('exchange rates are above 0');
  return roundIn(new Dec(base).times(p).dividedBy(c), payoutCurrency);
}

/** The market whose sales are withheld on (the reference: "applies only to sales into the US"). */
export const WITHHOLDING_MARKET = 'US';

/** Withholding on one line: its amount × the percent rate when the sale was into the US, rounded per line; else 0. */
export function withholdingOn(amount: Value, ratePercent: Value, market: string, payoutCurrency: string): Dec {
  if (market !== WITHHOLDING_MARKET) return new Dec(0);
  return roundIn(new Dec(amount).times(ratePercent).dividedBy(100), payoutCurrency);
}

/** The default minimum payout: 50 USD, converted into each payout currency at the payout day's rates. */
export const DEFAULT_THRESHOLD = { amount: '50', currency: 'USD' } as const;
export const THRESHOLD_SETTING = 'payoutThreshold';

export interface Threshold {
  amount: string;
  currency: string;
}

/** Whether a threshold setting is well formed: a decimal ≥ 0 with at most the currency's minor digits. */
export function thresholdProblem(value: { amount: unknown; currency: unknown }): { target: string; message: string } | undefined {
  if (typeof value.currency !== 'string' || !/^[A-Z]{3}$/.test(value.currency)) return { target: 'currency', message: 'currency is an ISO 4217 code such as USD.' };
  if (typeof value.amount !== 'string' || !/^\d{1,12}(\.\d+)?$/.test(value.amount)) return { target: 'amount', message: 'amount is a decimal string of at least 0, e.g. "50.00".' };
  const d = new Dec(value.amount);
  if (d.decimalPlaces() > minorDigits(value.currency)) return { target: 'amount', message: `amount has at most ${minorDigits(value.currency)} decimals in ${value.currency}.` };
  return undefined;
}

/** The threshold in the payout currency (rounded half away from zero to its minor unit). */
export function thresholdIn(threshold: Threshold, thresholdPerUsd: Value, payoutPerUsd: Value, payoutCurrency: string): Dec {
  if (threshold.currency === payoutCurrency) return roundIn(threshold.amount, payoutCurrency);
  return convert(threshold.amount, thresholdPerUsd, payoutPerUsd, payoutCurrency);
}

/**
 * What a run does with an eligible account's total (amount − withholding, in the payout currency): a negative total
 * (refunds after earlier payouts) and a total below the threshold (zero included) are carried forward; otherwise paid.
 */
export function decide(total: Value, threshold: Value): 'pay' | Extract<CarryReason, 'BelowThreshold' | 'NegativeBalance'> {
  const t = new Dec(total);
  if (t.isNegative()) return 'NegativeBalance';
  if (t.isZero() || t.lt(threshold)) return 'BelowThreshold';
  return 'pay';
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A payout month `YYYY-MM` from 2000 on. */
export function isMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return m !== null && Number(m[1]) >= 2000;
}

/** The first instant of the month (UTC): the run pays earnings whose invoice was paid before it. */
export function cutOffOf(month: string): Date {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** The payout day of a month: the 15th. */
export const PAYOUT_DAY = 15;
export const payoutDateOf = (month: string): string => `${month}-${String(PAYOUT_DAY)}`;
/** When the scheduled run of a month is due: the payout day at 02:00 UTC. */
export const RUN_HOUR_UTC = 2;
export const payoutRunAt = (month: string): Date => new Date(cutOffOf(month).getTime() + ((PAYOUT_DAY - 1) * 24 + RUN_HOUR_UTC) * 3_600_000);

export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);
export function nextMonthOf(month: string): string {
  const start = cutOffOf(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
}

/** An amount with exactly the currency's minor digits ("97.00", "7228"). */
export function fixed(amount: Value, currency: string): string {
  const d = new Dec(amount);
  return (d.isZero() ? new Dec(0) : d).toFixed(minorDigits(currency));
}
