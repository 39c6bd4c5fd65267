import type { TermUnit } from './types.js';

/**
 * Money as the commerce API sends it: decimal strings ("12.00", "990.000000", "-49.000000") in a currency. Sums and
 * products are exact (scaled BigInts); only the final display goes through Intl.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(amount: string): Scaled | undefined {
  const m = DECIMAL.exec(amount.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2]}${fraction}`);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function render(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** amount × a whole number, exactly ("12.00" × 5 = "60.00"); undefined when the amount is not a decimal. */
export function multiplyAmount(amount: string, factor: number): string | undefined {
  const value = parse(amount);
  if (!value || !Number.isSafeInteger(factor)) return undefined;
  return render(value.units * BigInt(factor), value.scale);
}

/** The exact sum of decimal strings ("990.000000" + "-990.000000" = "0.000000"); undefined if one is not a decimal. */
export function sumAmounts(amounts: readonly string[]): string | undefined {
  const values = amounts.map(parse);
  if (values.some((v) => v === undefined)) return undefined;
  const scale = Math.max(0, ...values.map((v) => v!.scale));
  return render(values.reduce((sum, v) => sum + rescale(v!, scale), 0n), scale);
}

/** "$1,234.50", "¥7,228", "CHF 49.00": the currency's own decimals, in the browser's locale. */
export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

export const termName = (term: string): string => (term === 'P1Y' ? 'Annual' : term === 'P1M' ? 'Monthly' : term);

/** "month" / "year", for prices such as "$49.00/month". */
export const termPeriod = (term: TermUnit | string): string => (term === 'P1Y' ? 'year' : 'month');

/** "$12.00/user/month", "$490.00/year". */
export function priceLabel(amount: string, currency: string, term: TermUnit | string, perUser: boolean): string {
  return `${formatMoney(amount, currency)}/${perUser ? 'user/' : ''}${termPeriod(term)}`;
}
