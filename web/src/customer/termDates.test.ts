import { describe, expect, it } from 'vitest';
import { formatTermDate, termRange } from './termDates.js';

describe('term dates', () => {
  it('shows the UTC day, whatever the browser time zone', () => {
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 24)));
    expect(formatTermDate('2026-11-24T00:00:00.000Z')).toBe(expected);
    expect(formatTermDate(undefined)).toBe('—');
    expect(formatTermDate('soon')).toBe('soon');
  });
  it('describes a term before and after activation', () => {
    expect(termRange({})).toMatch(/activates/);
    expect(termRange({ startDate: '2026-11-24T00:00:00.000Z', endDate: '2026-12-23T00:00:00.000Z' })).toContain('–');
  });
});
