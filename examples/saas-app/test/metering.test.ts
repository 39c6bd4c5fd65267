import { describe, expect, it } from 'vitest';
import {
  METERED_PLANS,
  alignTerm,
  applyResult,
  chunk,
  dueEvents,
  effectiveStartTime,
  hourOf,
  includedFor,
  meteredPlanOf,
  newMeter,
  overageOf,
  pendingTotal,
  pruneHours,
  recordUsage,
} from '../src/metering.js';
import { matchResults } from '../src/usage-reporter.js';
import { offsetText, reportSummary, usageMessage } from '../src/usage-text.js';

const SUB = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
const T0 = '2026-05-01T00:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('overage: only usage above the included quantity is billed', () => {
  it('bills nothing within the included quantity, and only the part above it', () => {
    expect(overageOf(0, 250, 1000)).toBe(0);
    expect(overageOf(750, 250, 1000)).toBe(0);
    expect(overageOf(900, 250, 1000)).toBe(150);
    expect(overageOf(1000, 250, 1000)).toBe(250);
    expect(overageOf(1500, 250, 1000)).toBe(250);
  });
  it('bills nothing of an unlimited dimension, and everything when the term includes nothing', () => {
    expect(overageOf(1e9, 5, 'unlimited')).toBe(0);
    expect(overageOf(0, 5, 0)).toBe(5);
  });
  it('keeps decimal quantities exact to 6 places', () => {
    expect(overageOf(0.1, 0.2, 0)).toBe(0.2);
    expect(overageOf(0.9, 0.35, 1)).toBe(0.25);
  });
  it('reads the included quantity for the term unit', () => {
    const emails = METERED_PLANS[0]!.dimensions[0]!;
    expect(includedFor(emails, 'P1M')).toBe(1000);
    expect(includedFor(emails, 'P1Y')).toBe(12000);
    expect(includedFor(emails, 'P2Y')).toBe(0);
    expect(includedFor(METERED_PLANS[0]!.dimensions[1]!, 'P1M')).toBe('unlimited');
  });
  it('finds the metered plan of a subscription', () => {
    expect(meteredPlanOf(METERED_PLANS, { offerId: 'contoso-flow', planId: 'metered' })?.planId).toBe('metered');
    expect(meteredPlanOf(METERED_PLANS, { planId: 'metered' })?.planId).toBe('metered');
    expect(meteredPlanOf(METERED_PLANS, { offerId: 'other', planId: 'metered' })).toBeUndefined();
    expect(meteredPlanOf(METERED_PLANS, { offerId: 'contoso-flow', planId: 'standard' })).toBeUndefined();
  });
});

describe('a meter counts the term and keeps the overage per clock hour', () => {
  it('keeps overage in the clock hour of the usage, only above the included quantity', () => {
    const m = newMeter(SUB, 'metered', 'emails', T0);
    for (let i = 0; i < 4; i++) expect(recordUsage(m, { quantity: 250, at: at('2026-05-02T10:05:00Z'), termStart: T0, included: 1000 }).overage).toBe(0);
    const r = recordUsage(m, { quantity: 250, at: at('2026-05-02T10:59:59Z'), termStart: T0, included: 1000 });
    expect(r).toMatchObject({ overage: 250, hour: '2026-05-02T10:00:00.000Z', newTerm: false });
    recordUsage(m, { quantity: 100, at: at('2026-05-02T11:00:00Z'), termStart: T0, included: 1000 });
    expect(m).toMatchObject({ usedInTerm: 1350, overageInTerm: 350, billedInTerm: 0 });
    expect(m.pending).toEqual({ '2026-05-02T10:00:00.000Z': 250, '2026-05-02T11:00:00.000Z': 100 });
    expect(pendingTotal(m)).toBe(350);
    // Each hour's event says when its usage started: the first use above the included quantity in it.
    expect(m.startedAt).toEqual({ '2026-05-02T10:00:00.000Z': '2026-05-02T10:59:59.000Z', '2026-05-02T11:00:00.000Z': '2026-05-02T11:00:00.000Z' });
  });

  it('starts the included quantity again when the term starts again, and keeps what the last term still owes', () => {
    const m = newMeter(SUB, 'metered', 'emails', T0);
    recordUsage(m, { quantity: 1200, at: at('2026-05-31T23:10:00Z'), termStart: T0, included: 1000 });
    expect(m.pending).toEqual({ '2026-05-31T23:00:00.000Z': 200 });
    const renewed = recordUsage(m, { quantity: 900, at: at('2026-06-01T00:10:00Z'), termStart: '2026-06-01T00:00:00Z', included: 1000 });
    expect(renewed).toMatchObject({ overage: 0, newTerm: true });
    expect(m).toMatchObject({ termStart: '2026-06-01T00:00:00Z', usedInTerm: 900, overageInTerm: 0 });
    expect(m.pending).toEqual({ '2026-05-31T23:00:00.000Z': 200 });
    expect(recordUsage(m, { quantity: 300, at: at('2026-06-01T00:20:00Z'), termStart: '2026-06-01T00:00:00Z', included: 1000 }).overage).toBe(200);
  });

  it('treats the same instant written differently as the same term, and learns the first term without a reset', () => {
    const m = newMeter(SUB, 'metered', 'emails', '2026-05-01');
    m.usedInTerm = 10;
    expect(alignTerm(m, '2026-05-01T00:00:00Z')).toBe(false);
    expect(m.usedInTerm).toBe(10);
    const unknown = newMeter(SUB, 'metered', 'emails');
    unknown.usedInTerm = 10;
    expect(alignTerm(unknown, T0)).toBe(false);
    expect(unknown).toMatchObject({ termStart: T0, usedInTerm: 10 });
    expect(alignTerm(unknown, undefined)).toBe(false);
  });

  it('puts usage of an hour that already has an accepted event into the next open hour', () => {
    const m = newMeter(SUB, 'metered', 'emails', T0);
    m.usedInTerm = 1000;
    m.reportedHours = ['2026-05-02T10:00:00.000Z', '2026-05-02T11:00:00.000Z'];
    expect(recordUsage(m, { quantity: 5, at: at('2026-05-02T10:30:00Z'), termStart: T0, included: 1000 }).hour).toBe('2026-05-02T12:00:00.000Z');
    expect(m.startedAt).toEqual({ '2026-05-02T12:00:00.000Z': '2026-05-02T12:00:00.000Z' });
  });
});

describe('the marketplace clock hour and the 24-hour window', () => {
  it('takes the clock hour of a time', () => {
    expect(hourOf(at('2026-05-02T08:59:59.999Z'))).toBe('2026-05-02T08:00:00.000Z');
    expect(hourOf(at('2026-05-02T09:00:00Z'))).toBe('2026-05-02T09:00:00.000Z');
  });
  it('stamps an event when its usage started, or as late in the hour as the window needs', () => {
    const now = at('2026-05-03T10:30:00Z');
    expect(effectiveStartTime('2026-05-03T09:00:00.000Z', now)).toBe('2026-05-03T09:00:00.000Z');
    expect(effectiveStartTime('2026-05-03T09:41:07.250Z', now)).toBe('2026-05-03T09:41:07.250Z');
    expect(effectiveStartTime('2026-05-02T10:40:00.000Z', now)).toBe('2026-05-02T10:40:00.000Z');
    expect(effectiveStartTime('2026-05-02T10:20:00.000Z', now)).toBe('2026-05-02T10:31:00.000Z');
    expect(effectiveStartTime('2026-05-02T11:00:00.000Z', now)).toBe('2026-05-02T11:00:00.000Z');
    // The hour started 24.5 hours ago but is still partly inside the window: the latest part of it.
    expect(effectiveStartTime('2026-05-02T10:00:00.000Z', now)).toBe('2026-05-02T10:31:00.000Z');
    expect(effectiveStartTime('2026-05-02T09:00:00.000Z', now)).toBeUndefined();
  });
});

describe('building the report', () => {
  const meterWith = (sub: string, pending: Record<string, number>) => Object.assign(newMeter(sub, 'metered', 'emails', T0), { pending });
  const now = at('2026-05-03T10:30:00Z');

  it('hourly: the hours that have ended; now: the current hour too; never a future hour', () => {
    const m = meterWith(SUB, { '2026-05-03T09:00:00.000Z': 10, '2026-05-03T10:00:00.000Z': 20, '2026-05-03T11:00:00.000Z': 30 });
    const hourly = dueEvents([m], { through: hourOf(now.getTime() - 3_600_000), now });
    expect(hourly.due.map((d) => d.event)).toEqual([{ resourceId: SUB, quantity: 10, dimension: 'emails', effectiveStartTime: '2026-05-03T09:00:00.000Z', planId: 'metered' }]);
    const manual = dueEvents([m], { through: hourOf(now), now });
    expect(manual.due.map((d) => d.event.quantity)).toEqual([10, 20]);
    expect(dueEvents([m], { through: '2026-05-03T11:00:00.000Z', now }).due).toHaveLength(2);
  });

  it('one event per subscription, dimension and hour, oldest first; hours out of the window are expired', () => {
    const a = meterWith(SUB, { '2026-05-03T08:00:00.000Z': 1, '2026-05-02T09:00:00.000Z': 2 });
    const b = meterWith('00000000-0000-4000-8000-000000000001', { '2026-05-03T07:00:00.000Z': 3 });
    const { due, expired } = dueEvents([a, b], { through: hourOf(now), now });
    expect(due.map((d) => [d.event.resourceId.slice(0, 4), d.event.quantity])).toEqual([
      ['0000', 3],
      ['6f1c', 1],
    ]);
    expect(expired).toEqual([{ key: `${SUB}|metered|emails`, hour: '2026-05-02T09:00:00.000Z', quantity: 2 }]);
    expect(dueEvents([a, b], { through: hourOf(now), now, subscriptionId: SUB }).due).toHaveLength(1);
  });

  it('splits into batches of at most 25', () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(chunk(items).map((c) => c.length)).toEqual([25, 25, 10]);
    expect(chunk(items.slice(0, 25))).toHaveLength(1);
    expect(chunk([])).toEqual([]);
    expect(() => chunk(items, 0)).toThrow(RangeError);
  });

  it('matches batch results to the events sent by resource, plan, dimension and hour', () => {
    const m = meterWith(SUB, { '2026-05-03T08:00:00.000Z': 1, '2026-05-03T09:00:00.000Z': 2 });
    const { due } = dueEvents([m], { through: hourOf(now), now });
    const results = [
      { status: 'Duplicate', resourceId: SUB.toUpperCase(), planId: 'metered', dimension: 'emails', effectiveStartTime: '2026-05-03T09:00:00Z' },
      { status: 'Accepted', resourceId: SUB, planId: 'metered', dimension: 'emails', effectiveStartTime: '2026-05-03T08:00:00.0000000Z' },
    ];
    expect(matchResults(due, results).map((r) => r?.status)).toEqual(['Accepted', 'Duplicate']);
    expect(matchResults(due, [{ status: 'Error' }]).map((r) => r?.status)).toEqual(['Error', undefined]);
  });
});

describe("applying the marketplace's answer", () => {
  const H = '2026-05-03T09:00:00.000Z';
  const fresh = (pending: number) => Object.assign(newMeter(SUB, 'metered', 'emails', T0), { pending: { [H]: pending } });

  it('Accepted: billed, and the hour takes no more usage', () => {
    const m = fresh(250);
    expect(applyResult(m, H, 250, { status: 'Accepted' })).toEqual({ outcome: 'billed' });
    expect(m).toMatchObject({ pending: {}, billedInTerm: 250, reportedHours: [H] });
  });

  it('Accepted while more usage came in the same hour: the rest goes to the next hour', () => {
    const m = fresh(300);
    expect(applyResult(m, H, 250, { status: 'Accepted' })).toEqual({ outcome: 'billed', movedTo: '2026-05-03T10:00:00.000Z' });
    expect(m.pending).toEqual({ '2026-05-03T10:00:00.000Z': 50 });
  });

  it('Duplicate: the hour already has an event, so the usage is kept for the next hour', () => {
    const m = fresh(250);
    expect(applyResult(m, H, 250, { status: 'Duplicate', acceptedQuantity: 99 })).toEqual({ outcome: 'moved', movedTo: '2026-05-03T10:00:00.000Z' });
    expect(m).toMatchObject({ pending: { '2026-05-03T10:00:00.000Z': 250 }, startedAt: { '2026-05-03T10:00:00.000Z': '2026-05-03T10:00:00.000Z' }, billedInTerm: 0, reportedHours: [H] });
  });

  it('Duplicate of our own unanswered event: it was billed, only what came since moves on', () => {
    const m = fresh(250);
    expect(applyResult(m, H, 250, { status: 'NotSent', unanswered: true })).toEqual({ outcome: 'retry' });
    expect(m.unanswered).toEqual({ [H]: 250 });
    m.pending[H] = 260;
    expect(applyResult(m, H, 260, { status: 'Duplicate', acceptedQuantity: 250 })).toEqual({ outcome: 'already billed', movedTo: '2026-05-03T10:00:00.000Z' });
    expect(m).toMatchObject({ pending: { '2026-05-03T10:00:00.000Z': 10 }, billedInTerm: 250, unanswered: {} });
  });

  it('errors that may pass are retried; refusals are dropped', () => {
    for (const status of ['Error', 'ResourceNotActive', 'NotSent']) {
      const m = fresh(5);
      expect(applyResult(m, H, 5, { status }).outcome).toBe('retry');
      expect(m.pending).toEqual({ [H]: 5 });
    }
    for (const status of ['Expired', 'InvalidDimension', 'InvalidQuantity', 'BadArgument', 'ResourceNotFound', 'ResourceNotAuthorized']) {
      const m = fresh(5);
      expect(applyResult(m, H, 5, { status }).outcome).toBe('dropped');
      expect(m.pending).toEqual({});
    }
  });

  it('forgets reported hours the marketplace no longer takes', () => {
    const m = Object.assign(fresh(0), { reportedHours: ['2026-05-01T00:00:00.000Z', H], unanswered: { '2026-05-01T00:00:00.000Z': 1 } });
    pruneHours(m, at('2026-05-03T10:30:00Z'));
    expect(m.reportedHours).toEqual([H]);
    expect(m.unanswered).toEqual({});
  });
});

describe('messages', () => {
  const emails = METERED_PLANS[0]!.dimensions[0]!;
  const reports = METERED_PLANS[0]!.dimensions[1]!;
  it('says what using the product did to the bill', () => {
    const meter = Object.assign(newMeter(SUB, 'metered', 'emails', T0), { usedInTerm: 1250 });
    expect(usageMessage({ done: 'Sent 250 emails.' }, { dimension: emails, included: 1000, overage: 250, hour: '2026-05-03T09:00:00.000Z', newTerm: false, meter })).toBe(
      'Sent 250 emails. 1,250 emails this term, 1,000 included: 250 emails above it will be reported with the 2026-05-03 09:00 UTC hour.',
    );
    expect(usageMessage({ done: 'Sent 250 emails.' }, { dimension: emails, included: 1000, overage: 0, newTerm: false, meter: { ...meter, usedInTerm: 500 } })).toBe('Sent 250 emails. 500 of 1,000 emails included this term used.');
    expect(usageMessage({ done: 'Generated a report.' }, { dimension: reports, included: 'unlimited', overage: 0, newTerm: false, meter: { ...meter, usedInTerm: 1 } })).toContain('included without limit');
  });
  it("words the marketplace clock's offset", () => {
    expect(offsetText(0)).toBe('in step with this machine');
    expect(offsetText(3 * 86_400_000 + 2 * 3_600_000 + 5000)).toBe('3 days 2 hours ahead of this machine');
    expect(offsetText(-90_000)).toBe('1 minute 30 seconds behind this machine');
  });
  it('summarizes a report', () => {
    const base = { id: 'r', at: '', marketplaceTime: '', trigger: 'manual' as const, calls: [] };
    const item = { subscriptionId: SUB, planId: 'metered', dimension: 'emails', hour: '2026-05-03T09:00:00.000Z', effectiveStartTime: '2026-05-03T09:00:00.000Z', quantity: 250 };
    expect(
      reportSummary({
        ...base,
        items: [
          { ...item, status: 'Accepted', outcome: 'billed' },
          { ...item, status: 'Duplicate', outcome: 'moved', movedTo: '2026-05-03T10:00:00.000Z' },
        ],
      }),
    ).toBe('Reported 2 usage events: 1 Accepted, 1 Duplicate. The 2026-05-03 09:00 UTC hour already had an event for emails: 250 kept for the 2026-05-03 10:00 UTC hour.');
    expect(reportSummary({ ...base, calls: [{ endpoint: 'usageEvent', events: 1, httpStatus: 403, error: 'HTTP 403: Forbidden' }], items: [{ ...item, status: 'NotSent', outcome: 'retry' }] })).toBe(
      'The usageEvent call failed (HTTP 403: Forbidden): its usage is kept for the next report.',
    );
  });
});
