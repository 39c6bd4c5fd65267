import type { CarryReason, EarningStatus, MonthTotals } from './types.js';

/**
 * How the earnings and payouts pages read: filters from and to the address bar, API and page URLs, the monthly
 * series of the chart (one bar per month, empty months included), and the words for statuses and carry-forward
 * reasons. Pure, unit-tested.
 */

export interface EarningFilters {
  from: string;
  to: string;
  offerId: string;
  status: EarningStatus | '';
}

export const STATUSES: readonly EarningStatus[] = ['pending', 'available', 'paid'];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The filters in the address bar; values that are not valid are dropped. */
export function filtersFrom(search: URLSearchParams): EarningFilters {
  const day = (key: string) => {
    const v = search.get(key) ?? '';
    return isDay(v) ? v : '';
  };
  const status = search.get('status') ?? '';
  return { from: day('from'), to: day('to'), offerId: (search.get('offerId') ?? '').trim(), status: (STATUSES as readonly string[]).includes(status) ? (status as EarningStatus) : '' };
}

/** Why filters as typed cannot be applied, or undefined. */
export function filterProblem(f: EarningFilters): string | undefined {
  if (f.from && !isDay(f.from)) return 'From is a day, YYYY-MM-DD.';
  if (f.to && !isDay(f.to)) return 'To is a day, YYYY-MM-DD.';
  if (f.from && f.to && f.from > f.to) return 'From is on or before To.';
  return undefined;
}

function query(f: Partial<EarningFilters> & { top?: number; skip?: number; payoutId?: string }): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.offerId) q.set('offerId', f.offerId);
  if (f.status) q.set('status', f.status);
  if (f.payoutId) q.set('payoutId', f.payoutId);
  if (f.top !== undefined) q.set('top', String(f.top));
  if (f.skip) q.set('skip', String(f.skip));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const account = (accountId: string) => `/api/accounts/${encodeURIComponent(accountId)}`;

export const summaryUrl = (accountId: string, f: EarningFilters): string => `${account(accountId)}/earnings${query(f)}`;
export const transactionsUrl = (accountId: string, f: EarningFilters, page: { top: number; skip: number }): string => `${account(accountId)}/transactions${query({ ...f, ...page })}`;
export const transactionsCsvUrl = (accountId: string, f: EarningFilters): string => `${account(accountId)}/transactions.csv${query(f)}`;
export const payoutsUrl = (accountId: string): string => `${account(accountId)}/payouts`;
export const statementUrl = (accountId: string, payoutId: string): string => `${account(accountId)}/payouts/${encodeURIComponent(payoutId)}`;
export const statementCsvUrl = (accountId: string, payoutId: string): string => `${statementUrl(accountId, payoutId)}/statement.csv`;

/** The pages' own addresses for a set of filters (shareable, reloadable). */
export const earningsHref = (f: EarningFilters): string => `/partner/earnings${query(f)}`;
export const transactionsHref = (f: EarningFilters, skip = 0): string => `/partner/earnings/transactions${query({ ...f, skip })}`;
export const payoutHref = (payoutId: string): string => `/partner/payouts/${encodeURIComponent(payoutId)}`;

export const PAGE_SIZE = 50;

/** "Showing 51–100 of 230". */
export function pageText(skip: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return 'No transactions';
  return `Showing ${skip + 1}–${skip + shown} of ${total}`;
}

/** The months from `first` to `last` (YYYY-MM), both included. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 600) break;
  }
  return out;
}

/** The currencies of the months, the one with the most earnings first. */
export function currenciesOf(months: readonly MonthTotals[]): string[] {
  const count = new Map<string, number>();
  for (const m of months) count.set(m.currency, (count.get(m.currency) ?? 0) + m.earnings);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

export interface MonthPoint {
  month: string;
  /** What the month's sales earn the publisher: net + tax passed on (a decimal string). */
  amount: string;
  /** For the chart's geometry only (never shown). */
  value: number;
  earnings: number;
}

/** The month `n` months before `month` (YYYY-MM). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * One point per month of one currency, from its first to its last month with earnings (or the filter's range), the
 * months without earnings at 0. Without a `from` filter the series covers at least `minMonths` months, ending at the
 * last one, so that a single month of sales still reads as a month among others.
 */
export function monthlySeries(months: readonly MonthTotals[], currency: string, range: { from?: string; to?: string } = {}, minMonths = 6): MonthPoint[] {
  const mine = months.filter((m) => m.currency === currency);
  const keys = mine.map((m) => m.month).sort();
  const last = range.to ? range.to.slice(0, 7) : keys.at(-1);
  let first = range.from ? range.from.slice(0, 7) : keys[0];
  if (!range.from && first && last && monthsBetween(first, last).length < minMonths) first = monthsBefore(last, minMonths - 1);
  if (!first || !last || first > last) return [];
  const byMonth = new Map(mine.map((m) => [m.month, m]));
  return monthsBetween(first, last).map((month) => {
    const m = byMonth.get(month);
    const amount = m ? addDecimal(m.net, m.taxToPublisher) : '0';
    return { month, amount, value: Number(amount), earnings: m?.earnings ?? 0 };
  });
}

/** Exact sum of two decimal strings (no binary floats). */
export function addDecimal(a: string, b: string): string {
  const parse = (s: string) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
    return m ? { neg: m[1] === '-', int: m[2]!, frac: m[3] ?? '' } : { neg: false, int: '0', frac: '' };
  };
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.frac.length, y.frac.length);
  const units = (d: ReturnType<typeof parse>) => (d.neg ? -1n : 1n) * BigInt(d.int + d.frac.padEnd(scale, '0'));
  const total = units(x) + units(y);
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${neg ? '-' : ''}${int}${scale ? `.${frac}` : ''}`;
}

/** "2026-03" → "Mar 2026". */
export function formatMonth(month: string, style: 'short' | 'long' = 'short', locale?: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: style === 'short' ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const STATUS: Record<EarningStatus, { label: string; tone: Tone; help: string }> = {
  pending: { label: 'Pending', tone: 'warn', help: 'The customer’s invoice is not paid yet.' },
  available: { label: 'Available', tone: 'info', help: 'Paid by the customer; goes out with the next payout run it qualifies for.' },
  paid: { label: 'Paid out', tone: 'good', help: 'Sent in a payout.' },
};

export const statusOf = (s: EarningStatus) => STATUS[s] ?? { label: s, tone: 'neutral' as Tone, help: '' };

const REASONS: Record<CarryReason, string> = {
  NoTaxProfile: 'No tax profile: submit one under Payout and tax.',
  TaxProfileNotValidated: 'The tax profile is not validated yet.',
  NoPayoutProfile: 'No payout profile: add a bank account.',
  PayoutProfileNotVerified: 'The bank account is not verified yet.',
  PayoutHold: 'Your payout hold was on at the end of the previous month.',
  NoExchangeRate: 'An exchange rate was missing for a purchase day; the operator has been told.',
  BelowThreshold: 'The total is below the minimum payout.',
  NegativeBalance: 'Refunds exceed the earnings since the last payout.',
};

export const reasonText = (r: CarryReason): string => REASONS[r] ?? r;

/** "0.03" → "3%"; "0" → "0%". */
export function percent(fraction: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(fraction.trim());
  if (!m) return fraction;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const whole = `${BigInt(m[1]! + frac.slice(0, 2))}`;
  const rest = frac.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
