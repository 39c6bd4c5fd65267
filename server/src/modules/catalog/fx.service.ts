import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { Dec, minorDigits, money, roundMoney } from '../../platform/money.js';
import { ratesInForce, upsertRates } from './fx.store.js';
import { validationFailed } from './offer.service.js';
import { issue, type Issue } from './offer-type.js';
import { MARKET_CURRENCIES } from './reference/index.js';

/**
 * Exchange rates: an operator-maintained table of units of each market currency per 1 USD, by day. A rate is in force
 * from its effective date until the currency's next effective date, so setting a rate for a later day never changes
 * a conversion made before it (spec/08 §2.6: "converted at save time, using rates updated daily").
 *
 * Conversion rules (pure, unit-tested in fx.service.test.ts):
 * - a base price (per month, per year, per user) = USD × rate, rounded half away from zero to the currency's minor
 *   unit (`roundMoney`: JPY and KRW 0 digits, most others 2);
 * - a metered dimension's price per unit = USD × rate, rounded half away from zero to 6 decimals, whatever the
 *   currency: unit prices are fractions of a minor unit (0.000150 USD per API call is 0.02 JPY), and it is the charge
 *   (quantity × unit price) that billing rounds to the minor unit. 6 is the scale of the USD unit price itself
 *   (plan.shape.ts) and of the amount column.
 */

export type PriceKind = 'base' | 'unit';
type DecValue = string | number | Dec;
export const UNIT_PRICE_DIGITS = 6;

/** The business date of an instant: its UTC calendar day, `YYYY-MM-DD`. */
export function businessDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A real calendar day `YYYY-MM-DD` between 2000 and 9999. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The most decimals a price may have: the currency's minor digits for a base price, 6 for a price per unit. */
export function priceDigits(currency: string, kind: PriceKind): number {
  return kind === 'base' ? minorDigits(currency) : Math.max(UNIT_PRICE_DIGITS, minorDigits(currency));
}

/** USD × rate in `currency`, rounded by the rules above. */
export function convertUsd(usd: DecValue, rate: DecValue, currency: string, kind: PriceKind): Dec {
  const raw = new Dec(usd).times(rate);
  if (kind === 'base') return roundMoney(money(raw, currency)).amount;
  const rounded = raw.toDecimalPlaces(UNIT_PRICE_DIGITS, Dec.ROUND_HALF_UP);
  return rounded.isZero() ? new Dec(0) : rounded;
}

/**
 * The wire form of a price: a base price with exactly the currency's minor digits ("44.10", "7228"); a price per unit
 * with at least the minor digits and up to 6, trailing zeros beyond the minor digits dropped ("0.0225", "1.50").
 */
export function formatPrice(amount: DecValue, currency: string, kind: PriceKind): string {
  const d = new Dec(amount);
  const minor = minorDigits(currency);
  if (kind === 'base') return d.toFixed(minor);
  return d.toFixed(Math.max(minor, Math.min(d.decimalPlaces(), priceDigits(currency, kind))));
}

/** A rate's canonical text: no trailing zeros ("0.9", "147.5"). */
export function formatRate(rate: DecValue): string {
  return new Dec(rate).toFixed();
}

export interface ExchangeRate {
  currency: string;
  /** Units of the currency per 1 USD. */
  rate: string;
  /** The day the rate took effect. */
  effectiveDate: string;
  /** The operator who set it; null for the demo defaults of the migration. */
  setBy: string | null;
  setAt: string;
}

export interface ExchangeRates {
  /** The day asked about. */
  date: string;
  /** The rate in force on that day for each market currency. */
  rates: ExchangeRate[];
}

/** The rate in force for `currency` on `date`, if any. */
export async function rateInForce(x: Executor, currency: string, date: string): Promise<ExchangeRate | undefined> {
  const row = (await ratesInForce(x, [currency], date)).get(currency);
  return row && { currency, rate: formatRate(row.rate), effectiveDate: row.effective_date, setBy: row.set_by, setAt: row.set_at.toISOString() };
}

/** Every market currency's rate in force on `date` (the operator's "rates by day" view). */
export async function listRates(x: Executor, date: string): Promise<Result<ExchangeRates>> {
  if (!isIsoDate(date)) return fail('ValidationFailed', 'The date is a calendar day YYYY-MM-DD from 2000 on.', { target: 'date' });
  const rows = await ratesInForce(x, MARKET_CURRENCIES, date);
  return ok({
    date,
    rates: MARKET_CURRENCIES.flatMap((currency) => {
      const r = rows.get(currency);
      return r ? [{ currency, rate: formatRate(r.rate), effectiveDate: r.effective_date, setBy: r.set_by, setAt: r.set_at.toISOString() }] : [];
    }),
  });
}

const RATE = /^\d{1,10}(\.\d{1,10})?$/;

/** Problems with one rate as typed by the operator (numeric(20,10): up to 10 digits either side of the point). */
export function rateIssues(currency: string, value: unknown): Issue[] {
  const target = `rates.${currency}`;
  if (!MARKET_CURRENCIES.includes(currency)) return [issue(target, 'UnknownCurrency', `${currency} is not a market currency; rates are kept for ${MARKET_CURRENCIES.join(', ')}.`)];
  if (typeof value !== 'string' || !RATE.test(value.trim()))
    return [issue(target, 'NotADecimal', `The ${currency} rate is a decimal number in a string, with at most 10 digits before and 10 after the point (e.g. "0.92").`)];
  const rate = new Dec(value.trim());
  if (rate.lte(0)) return [issue(target, 'Minimum', `The ${currency} rate is above 0.`)];
  if (currency === 'USD' && !rate.eq(1)) return [issue(target, 'Fixed', 'USD is the base currency: its rate is always 1.')];
  return [];
}

/** Sets rates for one day (operator): all or nothing; rates already set for that day are replaced. */
export async function setRates(x: Executor, now: Date, actorId: string | null, date: string, rates: Record<string, unknown>): Promise<Result<ExchangeRates>> {
  if (!isIsoDate(date)) return fail('ValidationFailed', 'The date is a calendar day YYYY-MM-DD from 2000 on.', { target: 'date' });
  const entries = Object.entries(rates);
  if (entries.length === 0) return fail('ValidationFailed', 'Send at least one rate.', { target: 'rates' });
  const issues = entries.flatMap(([currency, value]) => rateIssues(currency, value));
  if (issues.length) return validationFailed(issues);
  await upsertRates(
    x,
    entries.map(([currency, value]) => ({ currency, effective_date: date, rate: new Dec((value as string).trim()).toFixed(), set_by: actorId, set_at: now })),
  );
  return listRates(x, date);
}
