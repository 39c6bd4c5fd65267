/**
 * Money and quantities as the usage API sends them: decimal strings ("2.500000", "0.01", "250"), formatted without ever
 * going through a binary float, so that 0.1 + 0.2 stays 0.3 and a price of $0.005 is not shown as $0.01.
 */

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** The most decimals a unit price or an amount is shown with (the server rates to 6). */
export const MAX_DECIMALS = 6;

interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

function parse(value: string | number): Decimal | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? numberText(value) : '') : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  return { negative: m[1] === '-', int: m[2]!.replace(/^0+(?=\d)/, ''), frac: (m[3] ?? '').replace(/0+$/, '') };
}

/** A number as a plain decimal string (no exponent): 1e-7 → "0.0000001". */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** Whether a string is a decimal number the formatters take. */
export const isDecimal = (value: string): boolean => parse(value) !== undefined;

/** The decimal digits a currency is normally shown with: 2 for USD and EUR, 0 for JPY; 2 for an unknown code. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const asLiteral = (d: Decimal) => `${d.negative ? '-' : ''}${d.int}${d.frac ? `.${d.frac}` : ''}` as `${number}`;

/**
 * An amount in a currency: at least the currency's usual decimals, more when the amount has them (a unit price of
 * $0.005), at most six. "2.500000" USD → "$2.50"; "0.005" → "$0.005"; "1234.5" → "$1,234.50". A code Intl does not
 * know is written after the number ("12.00 XTS").
 */
export function formatMoney(amount: string | number, currency: string, locale?: string): string {
  const d = parse(amount);
  if (!d) return String(amount);
  const minor = currencyDigits(currency);
  const digits = Math.min(MAX_DECIMALS, Math.max(minor, d.frac.length));
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: minor, maximumFractionDigits: digits }).format(asLiteral(d));
  } catch {
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: minor, maximumFractionDigits: digits }).format(asLiteral(d))} ${currency}`;
  }
}

/** A unit price, or "No price" when the plan has none for the dimension (it is rated at 0). */
export const formatPrice = (price: string | null, currency: string, locale?: string): string => (price === null ? 'No price' : formatMoney(price, currency, locale));

/** A quantity with grouping and its own decimals: "1250" → "1,250"; "2.5" → "2.5". */
export function formatQuantity(quantity: string | number, locale?: string): string {
  const d = parse(quantity);
  if (!d) return String(quantity);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(20, Math.max(d.frac.length, 0)) }).format(asLiteral(d));
}

/** The exact sum of decimal strings ("2.500000" + "0.1" = "2.6"); invalid ones count as 0. */
export function sumDecimals(values: readonly (string | number)[]): string {
  const parsed = values.map(parse).filter((d): d is Decimal => d !== undefined);
  const scale = Math.max(0, ...parsed.map((d) => d.frac.length));
  const total = parsed.reduce((sum, d) => {
    const units = BigInt(d.int + d.frac.padEnd(scale, '0'));
    return sum + (d.negative ? -units : units);
  }, 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
