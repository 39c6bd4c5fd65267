import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUTURE_SKEW_MS, MAX_AGE_MS, apiTime, parseItem, parseUtc, usageHour } from './usage-event.js';

const RESOURCE = '0a0b0c0d-0000-4000-8000-000000000001';
const item = (effectiveStartTime: string, extra: Record<string, unknown> = {}) => ({ resourceId: RESOURCE, quantity: 1, dimension: 'emails', effectiveStartTime, planId: 'p', ...extra });
const anyNow = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true });

describe('the 24-hour window', () => {
  it('accepts [now - 24 h, now + skew], calls older Expired and later BadArgument', () => {
    fc.assert(
      fc.property(anyNow, fc.integer({ min: -3 * MAX_AGE_MS, max: 2 * FUTURE_SKEW_MS }), (now, offset) => {
        const at = new Date(now.getTime() + offset);
        const parsed = parseItem(item(at.toISOString()), now);
        if (offset < -MAX_AGE_MS) expect(parsed.ok ? 'Accepted' : parsed.rejection.status).toBe('Expired');
        else if (offset > FUTURE_SKEW_MS) expect(parsed.ok ? 'Accepted' : parsed.rejection.status).toBe('BadArgument');
        else expect(parsed.ok).toBe(true);
      }),
    );
  });
  it('is exact at its edges', () => {
    const now = new Date('2026-05-20T12:00:00.000Z');
    expect(parseItem(item('2026-05-19T12:00:00.000Z'), now).ok).toBe(true);
    expect(parseItem(item('2026-05-19T11:59:59.999Z'), now).ok).toBe(false);
  });
});

describe('the dedupe bucket', () => {
  it('is the clock hour of the effective start time: two times share a bucket exactly when they share the hour', () => {
    fc.assert(
      fc.property(anyNow, anyNow, (a, b) => {
        const ha = usageHour(a);
        expect(ha.getTime() <= a.getTime() && a.getTime() < ha.getTime() + 3_600_000).toBe(true);
        expect(ha.getTime() === usageHour(b).getTime()).toBe(a.toISOString().slice(0, 13) === b.toISOString().slice(0, 13));
      }),
    );
  });
  it('puts 8:15 and 8:45 together, 8:59:59.999 and 9:00 apart', () => {
    expect(usageHour(new Date('2026-05-20T08:15:00Z'))).toEqual(usageHour(new Date('2026-05-20T08:45:00Z')));
    expect(usageHour(new Date('2026-05-20T08:59:59.999Z'))).not.toEqual(usageHour(new Date('2026-05-20T09:00:00Z')));
  });
});

describe('times', () => {
  it('reads the reference formats as UTC and refuses the rest', () => {
    expect(parseUtc('2018-12-01T08:30:14')).toEqual(new Date('2018-12-01T08:30:14Z'));
    expect(parseUtc('2020-01-12T11:03:28.14Z')).toEqual(new Date('2020-01-12T11:03:28.140Z'));
    expect(parseUtc('2020-01-12T13:19:35.3458658Z')).toEqual(new Date('2020-01-12T13:19:35.345Z'));
    expect(parseUtc('2020-01-12T13:19:35+02:00')).toEqual(new Date('2020-01-12T11:19:35Z'));
    expect(parseUtc('2026-05-19')).toEqual(new Date('2026-05-19T00:00:00Z'));
    for (const bad of ['2026-02-30', 'yesterday', '2026-05-19 08:00', 12, null]) expect(parseUtc(bad)).toBeUndefined();
  });
  it('writes message times with seven fraction digits', () => {
    expect(apiTime(new Date('2020-01-12T13:19:35.345Z'))).toBe('2020-01-12T13:19:35.3450000Z');
  });
});

describe('item shape', () => {
  it('echoes only the well-formed fields of a rejected item', () => {
    const parsed = parseItem({ resourceId: 'x', quantity: 'five', dimension: 'd', planId: 'p', effectiveStartTime: 'never' }, new Date());
    expect(parsed.ok).toBe(false);
    expect(parsed.echo).toEqual({ dimension: 'd', planId: 'p' });
  });
});
