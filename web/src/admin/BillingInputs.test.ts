import { describe, expect, it } from 'vitest';
import { behaviorLabel, dayOfInstant, describePaymentChange, inForceOn, isCountry, isDay, isGuid, isMonth, lastEndedMonth, monthHasEnded, runKinds, taxRateGroups, versionState } from './BillingInputs.js';

describe('billing inputs', () => {
  it('accepts months, days, countries and tenant ids', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('1999-12')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-01')).toBe(false);
    expect(isCountry('de')).toBe(true);
    expect(isCountry('DEU')).toBe(false);
    expect(isGuid(' 72f988bf-86f1-41af-91ab-2d7cd011db47 ')).toBe(true);
    expect(isGuid('72f988bf')).toBe(false);
  });
  it('takes the last ended month and today from the marketplace clock (UTC)', () => {
    expect(lastEndedMonth('2026-11-24T08:00:00.000Z')).toBe('2026-10');
    expect(lastEndedMonth('2027-01-01T12:00:00.000Z')).toBe('2026-12');
    expect(dayOfInstant('2026-12-01T23:30:00.000Z')).toBe('2026-12-01');
    expect(monthHasEnded('2026-11', '2026-12-01T00:00:00.000Z')).toBe(true);
    expect(monthHasEnded('2026-11', '2026-11-30T23:59:59.999Z')).toBe(false);
    expect(monthHasEnded('2026-12', '2027-01-01T12:00:00.000Z')).toBe(true);
    expect(monthHasEnded('nope', '2027-01-01T12:00:00.000Z')).toBe(false);
  });
  it("tells a month's issuing run from the later compare-only runs", () => {
    const kinds = runKinds([
      { runId: 'c', periodStart: '2026-11-01', startedAt: '2026-12-03T10:00:00Z' },
      { runId: 'b', periodStart: '2026-11-01', startedAt: '2026-12-02T01:00:00Z' },
      { runId: 'a', periodStart: '2026-10-01', startedAt: '2026-11-02T01:00:00Z' },
    ]);
    expect(Object.fromEntries(kinds)).toEqual({ a: 'issued', b: 'issued', c: 'compared' });
  });
  it('finds the version in force on a day', () => {
    const rates = [
      { effectiveFrom: '2000-01-01', rate: '0.03' },
      { effectiveFrom: '2027-01-01', rate: '0.04' },
      { effectiveFrom: '2026-06-01', rate: '0.035' },
    ];
    expect(inForceOn(rates, '2026-11-24')?.rate).toBe('0.035');
    expect(inForceOn(rates, '2027-01-01')?.rate).toBe('0.04');
    expect(inForceOn(rates, '1999-01-01')).toBeUndefined();
    const current = inForceOn(rates, '2026-11-24');
    expect(rates.map((r) => versionState(r, current, '2026-11-24'))).toEqual(['superseded', 'scheduled', 'in-force']);
  });
  it('groups tax rates by country, newest first, with their state', () => {
    const groups = taxRateGroups(
      [
        { country: 'DE', effectiveFrom: '2020-01-01', rate: '0.19' },
        { country: 'AU', effectiveFrom: '2026-01-01', rate: '0.1' },
        { country: 'DE', effectiveFrom: '2027-01-01', rate: '0.2' },
        { country: 'DE', effectiveFrom: '2010-01-01', rate: '0.16' },
      ],
      '2026-11-24',
    );
    expect(groups.map((g) => [g.country, g.versions.map((v) => [v.rate.effectiveFrom, v.state])])).toEqual([
      ['AU', [['2026-01-01', 'in-force']]],
      [
        'DE',
        [
          ['2027-01-01', 'scheduled'],
          ['2020-01-01', 'in-force'],
          ['2010-01-01', 'superseded'],
        ],
      ],
    ]);
  });
});

describe('payment behaviour', () => {
  it('says what a change did, with the failed invoices collected again', () => {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(describePaymentChange({ tenantId, behavior: 'fail', retried: 0 })).toBe(
      `Payments of tenant ${tenantId} now fail: the next collection is declined, and the subscriptions its invoice bills are suspended.`,
    );
    expect(describePaymentChange({ tenantId, behavior: 'succeed', retried: 1 })).toBe(
      `Payments of tenant ${tenantId} now succeed: 1 failed invoice collected again now; once paid, the subscriptions suspended for payment are offered to their publishers for reinstatement.`,
    );
    expect(describePaymentChange({ tenantId, behavior: 'succeed', retried: 0 })).toBe(`Payments of tenant ${tenantId} now succeed: no failed invoice to collect again.`);
    expect(describePaymentChange({ tenantId, behavior: 'delay', retried: 2 })).toMatch(/now settle two days after each attempt: 2 failed invoices collected again now/);
    expect(behaviorLabel('delay')).toBe('Delay');
  });
});
