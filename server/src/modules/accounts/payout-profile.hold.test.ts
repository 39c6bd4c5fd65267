import { describe, expect, it } from 'vitest';
import { holdCutOff, holdForPayoutMonth, isPayoutMonth, monthStart, nextMonth, payoutMonthOf, type HoldChange } from './payout-profile.hold.js';

const at = (iso: string, holdPayment: boolean): HoldChange => ({ holdPayment, changedAt: new Date(iso) });

describe('the payout hold cut-off', () => {
  it('is Off before any change (monthly payouts by default)', () => {
    expect(holdForPayoutMonth([], '2026-04')).toBe(false);
  });

  it("holds April's payout when set On before the end of March (the reference's example)", () => {
    const changes = [at('2026-03-31T23:59:59.999Z', true)];
    expect(holdForPayoutMonth(changes, '2026-03')).toBe(false);
    expect(holdForPayoutMonth(changes, '2026-04')).toBe(true);
    expect(holdForPayoutMonth(changes, '2026-05')).toBe(true);
  });

  it("does not hold April's payout when set On on April 1 (it holds May's)", () => {
    const changes = [at('2026-04-01T00:00:00.000Z', true)];
    expect(holdForPayoutMonth(changes, '2026-04')).toBe(false);
    expect(holdForPayoutMonth(changes, '2026-05')).toBe(true);
  });

  it('pays June when set Off before the end of May, and not when set Off in June', () => {
    const held = at('2026-01-15T10:00:00Z', true);
    expect(holdForPayoutMonth([held, at('2026-05-31T23:59:00Z', false)], '2026-06')).toBe(false);
    expect(holdForPayoutMonth([held, at('2026-06-01T00:00:00Z', false)], '2026-06')).toBe(true);
    expect(holdForPayoutMonth([held, at('2026-06-01T00:00:00Z', false)], '2026-07')).toBe(false);
  });

  it('takes the state at the end of the month: the last change before the cut-off, in any input order', () => {
    const changes = [at('2026-03-20T00:00:00Z', false), at('2026-03-05T00:00:00Z', true), at('2026-04-02T00:00:00Z', true)];
    expect(holdForPayoutMonth(changes, '2026-04')).toBe(false);
    expect(holdForPayoutMonth(changes, '2026-05')).toBe(true);
    // Two changes at the same instant: the later in the list wins.
    expect(holdForPayoutMonth([at('2026-03-05T00:00:00Z', true), at('2026-03-05T00:00:00Z', false)], '2026-04')).toBe(false);
  });

  it('crosses years', () => {
    expect(holdForPayoutMonth([at('2026-12-31T23:59:59Z', true)], '2027-01')).toBe(true);
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(holdCutOff('2027-01').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('names months in UTC and refuses malformed ones', () => {
    expect(payoutMonthOf(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03');
    expect(payoutMonthOf(new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-04');
    expect(isPayoutMonth('2026-04')).toBe(true);
    expect(isPayoutMonth('2026-13')).toBe(false);
    expect(isPayoutMonth('2026-4')).toBe(false);
    expect(() => monthStart('April')).toThrow(RangeError);
  });
});
