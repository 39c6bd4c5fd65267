/**
 * Term dates are whole days at 00:00 UTC ("the last valid day" is the end date): shown in UTC, or a browser west of
 * Greenwich would show each one a day early.
 */

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export function formatTermDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayFormat.format(d);
}

/** "Nov 24, 2026 – Dec 23, 2026", or what is true before activation. */
export function termRange(term: { startDate?: string; endDate?: string }): string {
  return term.startDate ? `${formatTermDate(term.startDate)} – ${formatTermDate(term.endDate)}` : 'Starts when the publisher activates it';
}
