import type { InvoiceStatus } from './types.js';

/**
 * How invoices read: amounts in their currency (exact decimal strings handed to Intl, never floats), tax rates as
 * percentages (the API's fractions shifted by two places as text), billing periods and days (whole days in UTC).
 */

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const DECIMAL = /^-?\d+(\.\d+)?$/;

export const isDecimal = (value: string): boolean => DECIMAL.test(value.trim());

function currencyFormat(currency: string, locale: string | undefined, maxFraction?: number): Intl.NumberFormat | undefined {
  try {
    const base = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (maxFraction === undefined) return base;
    const min = base.resolvedOptions().minimumFractionDigits ?? 2;
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: min, maximumFractionDigits: Math.max(min, maxFraction) });
  } catch {
    return undefined;
  }
}

/**
 * "$1,234.50", "¥7,228": the amount with its currency's minor digits, in the browser's locale (or `locale`). The
 * decimal string goes to Intl as text, so large amounts keep every digit.
 */
export function formatAmount(amount: string, currency: string, locale?: string): string {
  const value = amount.trim();
  const format = isDecimal(value) ? currencyFormat(currency, locale) : undefined;
  return format ? format.format(value as `${number}`) : `${amount} ${currency}`;
}

/** A unit price: at least the currency's minor digits, and up to six where the price has them ("$0.0015" per email). */
export function formatUnitPrice(amount: string, currency: string, locale?: string): string {
  const value = amount.trim();
  const format = isDecimal(value) ? currencyFormat(currency, locale, 6) : undefined;
  return format ? format.format(value as `${number}`) : `${amount} ${currency}`;
}

/**
 * Moves the decimal point of a non-negative decimal string `places` to the right (left when negative), as text:
 * ("0.075", 2) → "7.5", ("3", -2) → "0.03". Leading and trailing zeros are dropped. Undefined when not a decimal.
 */
export function shiftDecimal(value: string, places: number): string | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m || !/\d/.test(value)) return undefined;
  let digits = (m[1] ?? '') + (m[2] ?? '');
  let point = (m[1] ?? '').length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** "0.1" → "10", "0.075" → "7.5": a rate (fraction) as a percentage number, for inputs. */
export const rateToPercent = (rate: string): string | undefined => shiftDecimal(rate, 2);

/** "0.1" → "10%"; what is not a decimal is shown as it is. */
export function formatRate(rate: string): string {
  const percent = rateToPercent(rate);
  return percent === undefined ? rate : `${percent}%`;
}

/**
 * A percentage typed by the operator as the API's rate: a fraction from 0 to below 1 with at most six decimals, so
 * the percentage has at most four ("7.25" → "0.0725").
 */
export function parsePercent(input: string): { ok: true; rate: string } | { ok: false; message: string } {
  const text = input.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(text)) return { ok: false, message: 'Enter a percentage such as 3 or 7.25 (at most four decimals).' };
  const rate = shiftDecimal(text, -2)!;
  if (!rate.startsWith('0')) return { ok: false, message: 'A rate is below 100%.' };
  return { ok: true, rate };
}

/** "5.000000" → "5", "1500.250" → "1500.25". */
export function formatQuantity(quantity: string): string {
  const value = quantity.trim();
  if (!isDecimal(value)) return quantity;
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : (whole ?? value);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

function utcDay(day: string): Date | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A whole day (YYYY-MM-DD), shown as that day wherever the browser is: "Nov 24, 2026". */
export function formatDay(day: string | null | undefined, locale?: string): string {
  if (!day) return '—';
  const d = utcDay(day);
  return d ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : day;
}

/** "2026-11" → "November 2026". */
export function monthLabel(period: string, locale?: string): string {
  const d = utcDay(`${period}-01`);
  return d ? new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d) : period;
}

/** A calendar month reads as its name ("November 2026"); any other span as its two days. */
export function periodLabel(start: string, end: string, locale?: string): string {
  const from = utcDay(start);
  const to = utcDay(end);
  if (from && to && from.getUTCDate() === 1 && from.getUTCFullYear() === to.getUTCFullYear() && from.getUTCMonth() === to.getUTCMonth()) {
    const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 0)).getUTCDate();
    if (to.getUTCDate() === last) return monthLabel(start.slice(0, 7), locale);
  }
  return `${formatDay(start, locale)} – ${formatDay(end, locale)}`;
}

const STATUS: Record<InvoiceStatus, { label: string; tone: Tone; help: string }> = {
  due: { label: 'Due', tone: 'warn', help: 'Issued; the payment has not been collected yet.' },
  pending: { label: 'Processing', tone: 'info', help: 'The payment is being processed by the payment provider.' },
  paid: { label: 'Paid', tone: 'good', help: 'Paid in full.' },
  failed: { label: 'Payment failed', tone: 'bad', help: 'Collecting the payment failed. It is retried; fix the payment method to pay it now.' },
  refunded: { label: 'Refunded', tone: 'neutral', help: 'A credit: the amount was paid back to your payment method.' },
  settled: { label: 'Nothing to pay', tone: 'neutral', help: 'Charges and credits cancel out: there is nothing to pay.' },
};

export function invoiceStatusInfo(status: string): { label: string; tone: Tone; help: string } {
  return STATUS[status as InvoiceStatus] ?? { label: status, tone: 'info', help: status };
}

/** A payment attempt's status as a badge tone. */
export const paymentTone = (status: string): Tone => (status === 'succeeded' ? 'good' : status === 'failed' ? 'bad' : status === 'pending' ? 'info' : 'neutral');

/** The customer's invoice document: to open (and print) or, with download, to save. */
export const invoiceDocumentUrl = (invoiceId: string, download = false): string =>
  `/api/me/invoices/${encodeURIComponent(invoiceId)}/document${download ? '?download=true' : ''}`;
