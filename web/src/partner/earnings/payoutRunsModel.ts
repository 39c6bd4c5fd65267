/**
 * The operator's payout console (web/src/admin/PayoutRunsPage.tsx), its pure parts: the month to run, the threshold
 * as typed, and the ticket time of a fee waiver. Kept with the earnings pages, whose types and words it shares.
 */

/** The month (YYYY-MM) of an instant, in UTC: payout months are UTC months. */
export const monthOfInstant = (iso: string): string => iso.slice(0, 7);

/** Whether a month may be run at `nowIso`: it has begun (its run pays invoices paid before its first instant). */
export function monthProblem(month: string, nowIso: string): string | undefined {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return 'Choose a month.';
  if (month > monthOfInstant(nowIso)) return `${month} has not begun on the marketplace clock (${nowIso.slice(0, 10)}).`;
  return undefined;
}

/** Why a threshold as typed is refused before it is sent, or undefined. */
export function thresholdInputProblem(amount: string, currency: string): string | undefined {
  if (!/^\d{1,12}(\.\d{1,3})?$/.test(amount.trim())) return 'The minimum payout is an amount such as 50 or 50.00.';
  if (!/^[A-Za-z]{3}$/.test(currency.trim())) return 'The currency is a three-letter code such as USD.';
  return undefined;
}

/**
 * A `datetime-local` value read as UTC ("2026-05-26T10:00" → "2026-05-26T10:00:00.000Z"), or undefined when it is
 * empty or not a time. Payout times are UTC throughout, and the form says so.
 */
export function utcFromLocalInput(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? undefined : d.toISOString();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value.trim());
