import { describe, expect, it } from 'vitest';
import type { AccountSubscription, SubscriptionUsage } from './types.js';
import {
  addDays,
  cycleIsPartial,
  dayCount,
  daysBetween,
  detailHref,
  formatDay,
  includedText,
  isDay,
  isUnlimited,
  lastDays,
  offersOf,
  pickerHref,
  planKey,
  presetOf,
  probesFor,
  rangeFrom,
  seriesOf,
  seriesSummary,
  showOf,
  statusOf,
  subscriptionsUrl,
  todayFrom,
  usageUrl,
  visibleSubscriptions,
} from './usageModel.js';

const TODAY = '2026-11-24';

describe('date range', () => {
  it('counts UTC days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayCount('2026-11-01', '2026-11-30')).toBe(30);
    expect(dayCount('2026-11-02', '2026-11-01')).toBe(0);
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    // Across a daylight saving change in most of Europe and America: still whole days.
    expect(daysBetween('2026-03-28', '2026-03-30')).toHaveLength(3);
  });

  it('defaults to the last 30 days, today included', () => {
    expect(rangeFrom({}, TODAY)).toEqual({ range: { from: '2026-10-26', to: TODAY } });
    expect(lastDays(TODAY, 7)).toEqual({ from: '2026-11-18', to: TODAY });
  });

  it('takes from and to from the query, or explains why not', () => {
    expect(rangeFrom({ from: '2026-11-01', to: '2026-11-15' }, TODAY)).toEqual({ range: { from: '2026-11-01', to: '2026-11-15' } });
    expect(rangeFrom({ from: '2026-11-01' }, TODAY).range).toEqual({ from: '2026-11-01', to: TODAY });
    expect(rangeFrom({ to: '2026-11-10' }, TODAY).range).toEqual({ from: '2026-10-12', to: '2026-11-10' });
    expect(rangeFrom({ from: '2026-11-31' }, TODAY).error).toMatch(/YYYY-MM-DD/);
    expect(rangeFrom({ from: '2026-11-20', to: '2026-11-10' }, TODAY).error).toBe('The start date is after the end date.');
    expect(rangeFrom({ from: '2024-01-01', to: TODAY }, TODAY)).toMatchObject({ range: { from: '2026-10-26' }, error: 'Choose at most 400 days.' });
  });

  it('knows the presets', () => {
    expect(presetOf(lastDays(TODAY, 7), TODAY)).toBe(7);
    expect(presetOf(lastDays(TODAY, 90), TODAY)).toBe(90);
    expect(presetOf({ from: '2026-11-01', to: TODAY }, TODAY)).toBeUndefined();
    expect(presetOf(lastDays('2026-11-23', 7), TODAY)).toBeUndefined();
  });

  it("uses the marketplace's today when its clock is known", () => {
    expect(todayFrom({ now: '2026-12-31T23:30:00Z' }, Date.parse('2026-11-24T10:00:00Z'))).toBe('2026-12-31');
    expect(todayFrom(undefined, Date.parse('2026-11-24T23:59:59Z'))).toBe(TODAY);
    expect(todayFrom({ now: 'garbage' }, Date.parse('2026-11-24T00:00:00Z'))).toBe(TODAY);
  });

  it('writes days for people, in UTC', () => {
    expect(formatDay('2026-11-24', 'long', 'en-GB')).toBe('24 Nov 2026');
    expect(formatDay('2026-11-24', 'short', 'en-US')).toBe('Nov 24');
    expect(formatDay('not a day')).toBe('not a day');
  });
});

describe('URLs', () => {
  it('builds the API URLs', () => {
    expect(subscriptionsUrl('acc 1')).toBe('/api/accounts/acc%201/subscriptions');
    expect(subscriptionsUrl('acc', 'contoso-flow')).toBe('/api/accounts/acc/subscriptions?offerId=contoso-flow');
    expect(usageUrl('acc', 'sub')).toBe('/api/accounts/acc/subscriptions/sub/usage');
    expect(usageUrl('acc', 'sub', { from: '2026-11-01', to: '2026-11-30' })).toBe('/api/accounts/acc/subscriptions/sub/usage?from=2026-11-01&to=2026-11-30');
  });
  it("builds the pages' URLs, leaving out defaults", () => {
    expect(pickerHref({})).toBe('/partner/usage');
    expect(pickerHref({ offerId: 'contoso-flow', show: 'all' })).toBe('/partner/usage?offerId=contoso-flow&show=all');
    expect(pickerHref({ show: 'metered' })).toBe('/partner/usage');
    expect(showOf('all')).toBe('all');
    expect(showOf(null)).toBe('metered');
    expect(detailHref('s1')).toBe('/partner/usage/s1');
    expect(detailHref('s1', lastDays(TODAY, 30), TODAY)).toBe('/partner/usage/s1');
    expect(detailHref('s1', lastDays(TODAY, 7), TODAY)).toBe('/partner/usage/s1?from=2026-11-18&to=2026-11-24');
  });
});

const sub = (id: string, offerId: string, planId: string, status = 'Subscribed'): AccountSubscription => ({
  id,
  name: id,
  offerId,
  planId,
  saasSubscriptionStatus: status,
  term: { termUnit: 'P1M' },
  beneficiary: {},
  created: '2026-11-01T00:00:00Z',
});

describe('the subscription picker', () => {
  const items = [sub('a', 'flow', 'metered', 'PendingFulfillmentStart'), sub('b', 'flow', 'metered'), sub('c', 'flow', 'standard'), sub('d', 'seats', 'per-seat'), sub('e', 'flow', 'metered')];

  it('reads one subscription per plan, an active one when there is one', () => {
    expect([...probesFor(items)]).toEqual([
      ['flow/metered', 'b'],
      ['flow/standard', 'c'],
      ['seats/per-seat', 'd'],
    ]);
    expect([...probesFor([sub('x', 'o', 'p', 'Unsubscribed')])]).toEqual([['o/p', 'x']]);
  });

  it('lists the subscriptions of metered plans, or all', () => {
    const plans = new Map<string, string[] | undefined>([
      ['flow/metered', ['Emails sent']],
      ['flow/standard', []],
      ['seats/per-seat', undefined],
    ]);
    expect(visibleSubscriptions(items, 'metered', plans).map((s) => s.id)).toEqual(['a', 'b', 'e']);
    expect(visibleSubscriptions(items, 'all', plans)).toHaveLength(5);
    expect(planKey(items[3]!)).toBe('seats/per-seat');
    expect(offersOf(items)).toEqual(['flow', 'seats']);
  });

  it("labels the subscription's status", () => {
    expect(statusOf('Subscribed')).toEqual({ label: 'Active', tone: 'good' });
    expect(statusOf(' PendingFulfillmentStart ')).toEqual({ label: 'Pending activation', tone: 'warn' });
    expect(statusOf('Odd')).toEqual({ label: 'Odd', tone: 'info' });
  });
});

const report: SubscriptionUsage = {
  subscriptionId: 's',
  offerId: 'contoso-flow',
  planId: 'metered',
  currency: 'USD',
  dimensions: [
    { id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per email', included: { P1M: 1000, P1Y: 12000 }, pricePerUnit: '0.01' },
    { id: 'reports', displayName: 'Reports generated', unitOfMeasure: 'per report', included: { P1M: 'unlimited', P1Y: 'unlimited' }, pricePerUnit: '0.50' },
  ],
  days: [
    { date: '2026-11-22', dimension: 'emails', quantity: 250, events: 1 },
    { date: '2026-11-24', dimension: 'emails', quantity: 500, events: 2 },
    { date: '2026-11-24', dimension: 'legacy', quantity: 3, events: 1 },
    { date: '2026-10-01', dimension: 'emails', quantity: 999, events: 1 },
  ],
  cycles: [],
};

describe('dimensions and usage per day', () => {
  it('words the included quantities', () => {
    expect(includedText({ P1M: 1000, P1Y: 12000 }, 'en-US')).toBe('1,000 a month · 12,000 a year');
    expect(includedText({ P1M: 'unlimited', P1Y: 'unlimited' })).toBe('Unlimited');
    expect(includedText({ P1M: 0 }, 'en-US')).toBe('0 a month');
    expect(includedText({}, 'en-US')).toBe('None');
    expect(isUnlimited(report.dimensions[1]!)).toBe(true);
    expect(isUnlimited(report.dimensions[0]!)).toBe(false);
    expect(isUnlimited({ included: {} })).toBe(false);
  });

  it('makes a zero-filled series per dimension over the range, a dimension no longer on the plan last', () => {
    const range = { from: '2026-11-21', to: '2026-11-24' };
    const [emails, reports, legacy] = seriesOf(report, range);
    expect(emails?.points.map((p) => p.value)).toEqual([0, 250, 0, 500]);
    expect(emails).toMatchObject({ total: 750, events: 3, peak: { date: '2026-11-24', value: 500 } });
    expect(reports).toMatchObject({ total: 0, peak: undefined });
    expect(legacy).toMatchObject({ dimension: { id: 'legacy', displayName: 'legacy' }, total: 3 });
  });

  it("summarizes a series for the chart's text alternative", () => {
    const range = { from: '2026-11-21', to: '2026-11-24' };
    const [emails, reports] = seriesOf(report, range);
    expect(seriesSummary(emails!, range, 'en-GB')).toBe('Emails sent (per email): 750 in total from 21 Nov 2026 to 24 Nov 2026, on 2 days; the most on 24 Nov 2026 (500).');
    expect(seriesSummary(reports!, range, 'en-GB')).toBe('Reports generated (per report): no usage from 21 Nov 2026 to 24 Nov 2026.');
  });

  it('tells a billing cycle that reaches beyond the range', () => {
    const range = { from: '2026-11-01', to: '2026-11-30' };
    expect(cycleIsPartial({ start: '2026-11-01', end: '2026-11-30' }, range)).toBe(false);
    expect(cycleIsPartial({ start: '2026-10-24', end: '2026-11-23' }, range)).toBe(true);
    expect(cycleIsPartial({ start: '2026-11-24', end: '2026-12-23' }, range)).toBe(true);
  });
});
