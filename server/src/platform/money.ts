import { Decimal } from 'decimal.js';

/**
 * Money is always decimal: `decimal.js` in code, `numeric` in SQL, strings on the wire.
 * A private Decimal constructor keeps our precision and rounding settings away from any other user of decimal.js.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** Minor-unit digits by ISO 4217 currency; anything not listed has 2. */
const MINOR_DIGITS: Record<string, number> = {
  JPY: 0, KRW: 0, CLP: 0, VND: 0, ISK: 0, UGX: 0, PYG: 0, XAF: 0, XOF: 0, IDR: 0, TWD: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export interface Money {
  readonly amount: Dec;
  readonly currency: string;
}

export function money(amount: Decimal.Value, currency: string): Money {
  const value = new Dec(amount);
  if (!value.isFinite()) throw new RangeError(`not a finite amount: ${String(amount)}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`not an ISO 4217 currency code: ${currency}`);
  return { amount: value, currency };
}

/** Rounds to the currency's minor unit, half away from zero (the explicit rule for every charge). */
export function roundMoney(m: Money): Money {
  return { amount: unsignedZero(m.amount.toDecimalPlaces(minorDigits(m.currency), Dec.ROUND_HALF_UP)), currency: m.currency };
}

/** decimal.js keeps the sign of zero (-0.001 rounds to -0, printed "-0.00"); money has no negative zero. */
function unsignedZero(d: Dec): Dec {
  return d.isZero() ? new Dec(0) : d;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  return { amount: a.amount.plus(b.amount), currency: a.currency };
}

/** The canonical wire and SQL form: fixed notation with the currency's minor digits. */
export function formatAmount(m: Money): string {
  return roundMoney(m).amount.toFixed(minorDigits(m.currency));
}
