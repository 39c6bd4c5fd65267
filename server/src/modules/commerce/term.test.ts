import { describe, expect, it } from 'vitest';
import { addMonths, refundWindowMs, renewalAt, termFrom } from './term.js';

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);

describe('terms', () => {
  it('runs a monthly term to the day before the same day next month, and renews the next day', () => {
    const t = termFrom(new Date('2026-03-15T17:45:00Z'), 'P1M');
    expect(t).toEqual({ start: d('2026-03-15'), end: d('2026-04-14') });
    expect(renewalAt(t.end)).toEqual(d('2026-04-15'));
  });
  it('runs a yearly term for a year, across a leap day', () => {
    expect(termFrom(d('2027-03-01'), 'P1Y')).toEqual({ start: d('2027-03-01'), end: d('2028-02-29') });
  });
  it('clamps the day of the month at month ends', () => {
    expect(addMonths(d('2026-01-31'), 1)).toEqual(d('2026-02-28'));
    expect(addMonths(d('2028-01-31'), 1)).toEqual(d('2028-02-29'));
    expect(addMonths(d('2026-12-31'), 2)).toEqual(d('2027-02-28'));
    expect(termFrom(d('2026-01-31'), 'P1M').end).toEqual(d('2026-02-27'));
  });
  it('gives 24 hours to refund a monthly term and 14 days a yearly one', () => {
    expect(refundWindowMs('P1M')).toBe(86_400_000);
    expect(refundWindowMs('P1Y')).toBe(14 * 86_400_000);
  });
});
