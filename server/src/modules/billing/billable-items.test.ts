import { describe, expect, it } from 'vitest';
import { Dec, money, roundMoney } from '../../platform/money.js';
import { prorationFactor } from '../commerce/index.js';
import { dueItems, installments, usageCycle, type BillableItem } from './billable-items.js';
import { differences } from './billing-run.service.js';
import type { BillableCharge, BillablePlan, BillableSubscription, DailyUsageLike } from './billing.types.js';

/**
 * The billing rules (billable-items.ts, ADR 0017) as pure functions: what a subscription owes by a date, with every
 * expected amount and date computed by hand in the test (the arithmetic is in the comments).
 */

const day = (s: string): Date => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
const SUB = '11111111-1111-4111-8111-111111111111';

function plans(entries: Record<string, Record<string, string | null>> = {}): Map<string, BillablePlan> {
  const out = new Map<string, BillablePlan>();
  for (const [planId, dims] of Object.entries({ basic: {}, pro: {}, ...entries }))
    out.set(planId, {
      name: planId[0]!.toUpperCase() + planId.slice(1),
      dimensions: new Map(Object.entries(dims as Record<string, string | null>).map(([id, price]) => [id, { displayName: id.toUpperCase(), unitOfMeasure: `per ${id}`, pricePerUnit: price }])),
    });
  return out;
}

function subscription(over: Partial<BillableSubscription> = {}): BillableSubscription {
  return {
    subscriptionId: SUB,
    name: 'Sub',
    tenantId: 'tenant',
    accountId: 'account',
    offerId: 'offer',
    planId: 'basic',
    status: 'Subscribed',
    market: 'US',
    currency: 'USD',
    termUnit: 'P1M',
    paymentOption: 'upfront',
    activatedAt: day('2026-01-10T09:30:00Z'),
    trialEnd: null,
    isTest: false,
    canceledAt: null,
    canceledForNonPayment: false,
    charges: [],
    plans: plans(),
    ...over,
  };
}

function charge(kind: BillableCharge['kind'], term: [string, string], amount: string, createdAt: string, over: Partial<BillableCharge> = {}): BillableCharge {
  return { kind, termStart: day(term[0]), termEnd: day(term[1]), planId: 'basic', quantity: null, amount, createdAt: day(createdAt), operationId: null, ...over };
}

/** An item as `kind amount billedOn serviceStart..serviceEnd` (and its key when asked). */
const text = (i: BillableItem) => `${i.kind} ${i.amount.toFixed()} ${i.billedOn} ${i.serviceStart}..${i.serviceEnd}`;

describe('installments', () => {
  it('splits an annual 1000.00 into 11 × 83.33 and a 12th of 83.37 that takes the remainder', () => {
    // 1000 / 12 = 83.333… → 83.33; 1000 − 11 × 83.33 = 1000 − 916.63 = 83.37
    const shares = installments('1000.00', 'USD');
    expect(shares.map((s) => s.toFixed())).toEqual([...Array<string>(11).fill('83.33'), '83.37']);
    expect(shares.reduce((a, b) => a.plus(b), new Dec(0)).toFixed()).toBe('1000');
  });

  it('rounds to the currency: JPY has no decimals, KWD has three', () => {
    // 10000 / 12 = 833.33… → 833; 10000 − 11 × 833 = 10000 − 9163 = 837
    expect(installments('10000', 'JPY').map((s) => s.toFixed())).toEqual([...Array<string>(11).fill('833'), '837']);
    // 1000 / 12 = 83.3333… → 83.333; 1000 − 11 × 83.333 = 1000 − 916.663 = 83.337
    expect(installments('1000', 'KWD').map((s) => s.toFixed())).toEqual([...Array<string>(11).fill('83.333'), '83.337']);
    // 200 / 12 = 16.666… → 16.67 (rounded up); 200 − 11 × 16.67 = 200 − 183.37 = 16.63: the 12th may be the smaller
    expect(installments('200.00', 'USD').map((s) => s.toFixed())).toEqual([...Array<string>(11).fill('16.67'), '16.63']);
  });
});

describe('usageCycle', () => {
  const anchor = day('2026-01-31T10:00:00Z');
  const cycle = (d: string) => {
    const c = usageCycle(anchor, day(d));
    return `${c.start.toISOString().slice(0, 10)}..${c.next.toISOString().slice(0, 10)}`;
  };

  it('anchors monthly cycles at the activation day, keeping the 31st where a month has it (never drifting to the 28th)', () => {
    expect(cycle('2026-01-31')).toBe('2026-01-31..2026-02-28');
    expect(cycle('2026-02-27')).toBe('2026-01-31..2026-02-28');
    expect(cycle('2026-02-28')).toBe('2026-02-28..2026-03-31'); // Jan 31 + 1 month = Feb 28
    expect(cycle('2026-03-30')).toBe('2026-02-28..2026-03-31');
    expect(cycle('2026-03-31')).toBe('2026-03-31..2026-04-30'); // Jan 31 + 2 months = Mar 31, not Mar 28
    expect(cycle('2026-04-30')).toBe('2026-04-30..2026-05-31');
    expect(cycle('2026-12-31')).toBe('2026-12-31..2027-01-31');
    expect(cycle('2027-01-30')).toBe('2026-12-31..2027-01-31');
  });

  it('takes Feb 29 in a leap year', () => {
    const c = usageCycle(day('2028-01-31T23:00:00Z'), day('2028-02-29'));
    expect([c.start.toISOString().slice(0, 10), c.next.toISOString().slice(0, 10)]).toEqual(['2028-02-29', '2028-03-31']);
  });
});

describe('term charges', () => {
  it('bills a monthly term whole on the day it arose, with its service dates', () => {
    const sub = subscription({ charges: [charge('charge', ['2026-01-10', '2026-02-09'], '100.000000', '2026-01-10T09:30:00Z')] });
    // due before asOf only: 2026-01-10 < 2026-01-11, not < 2026-01-10
    expect(dueItems(sub, [], day('2026-01-10'), day('2025-10-01'))).toEqual([]);
    const [item] = dueItems(sub, [], day('2026-01-11'), day('2025-10-01'));
    expect(item).toMatchObject({ key: `term:${SUB}:2026-01-10`, kind: 'recurring', planId: 'basic', quantity: null, unitPrice: null, description: 'Basic — monthly plan' });
    expect(text(item!)).toBe('recurring 100 2026-01-10 2026-01-10..2026-02-09');
  });

  it('a per-user term shows its seats and the price per seat', () => {
    const sub = subscription({ charges: [charge('charge', ['2026-01-12', '2026-02-11'], '50.000000', '2026-01-12T10:00:00Z', { quantity: 5 })] });
    const [item] = dueItems(sub, [], day('2026-02-01'), day('2025-10-01'));
    // 50 / 5 seats = 10 per seat
    expect(item).toMatchObject({ quantity: '5', unitPrice: '10', description: 'Basic — monthly plan, 5 seats' });
  });

  it('bills an annual term paid monthly in 12 installments on the monthly anniversaries of a Jan 31 start', () => {
    const sub = subscription({
      termUnit: 'P1Y',
      paymentOption: 'monthly',
      activatedAt: day('2026-01-31T10:00:00Z'),
      charges: [charge('charge', ['2026-01-31', '2027-01-30'], '1000.000000', '2026-01-31T10:00:00Z')],
    });
    // Jan 31 + k months: Feb 28, Mar 31, Apr 30, ... (the day of the month kept where the month has it)
    expect(dueItems(sub, [], day('2027-02-01'), day('2026-10-01')).map(text)).toEqual([
      'installment 83.33 2026-01-31 2026-01-31..2026-02-27',
      'installment 83.33 2026-02-28 2026-02-28..2026-03-30',
      'installment 83.33 2026-03-31 2026-03-31..2026-04-29',
      'installment 83.33 2026-04-30 2026-04-30..2026-05-30',
      'installment 83.33 2026-05-31 2026-05-31..2026-06-29',
      'installment 83.33 2026-06-30 2026-06-30..2026-07-30',
      'installment 83.33 2026-07-31 2026-07-31..2026-08-30',
      'installment 83.33 2026-08-31 2026-08-31..2026-09-29',
      'installment 83.33 2026-09-30 2026-09-30..2026-10-30',
      'installment 83.33 2026-10-31 2026-10-31..2026-11-29',
      'installment 83.33 2026-11-30 2026-11-30..2026-12-30',
      'installment 83.37 2026-12-31 2026-12-31..2027-01-30', // the remainder: 1000 − 11 × 83.33
    ]);
    const items = dueItems(sub, [], day('2026-04-30'), day('2026-01-01'));
    // Apr 30 is not before Apr 30: three are due
    expect(items.map((i) => i.key)).toEqual([1, 2, 3].map((k) => `installment:${SUB}:2026-01-31:${k}`));
    expect(items[2]!.description).toBe('Basic — annual plan, installment 3 of 12');
  });

  it('an annual term paid upfront is one line for the year', () => {
    const sub = subscription({ termUnit: 'P1Y', charges: [charge('charge', ['2026-01-25', '2027-01-24'], '1000.000000', '2026-01-25T11:00:00Z')] });
    expect(dueItems(sub, [], day('2027-02-01'), day('2026-10-01')).map(text)).toEqual(['recurring 1000 2026-01-25 2026-01-25..2027-01-24']);
  });

  it('keeps billing the installments of an annual commitment canceled outside the refund window', () => {
    const sub = subscription({
      termUnit: 'P1Y',
      paymentOption: 'monthly',
      status: 'Unsubscribed',
      activatedAt: day('2026-03-16T09:00:00Z'),
      canceledAt: day('2026-06-10T10:00:00Z'),
      charges: [charge('charge', ['2026-03-16', '2027-03-15'], '1000.000000', '2026-03-16T09:00:00Z')],
    });
    const items = dueItems(sub, [], day('2027-03-01'), day('2026-11-01'));
    // Mar 16, Apr 16, ..., Feb 16 2027: all 12, the last 83.37
    expect(items.map((i) => i.billedOn)).toEqual(['2026-03-16', '2026-04-16', '2026-05-16', '2026-06-16', '2026-07-16', '2026-08-16', '2026-09-16', '2026-10-16', '2026-11-16', '2026-12-16', '2027-01-16', '2027-02-16']);
    expect(items.at(-1)!.amount.toFixed()).toBe('83.37');
  });

  it('stops the installments of a commitment the marketplace ended for non-payment', () => {
    const sub = subscription({
      termUnit: 'P1Y',
      paymentOption: 'monthly',
      status: 'Unsubscribed',
      activatedAt: day('2026-03-16T09:00:00Z'),
      canceledAt: day('2026-06-20T01:00:00Z'),
      canceledForNonPayment: true,
      charges: [charge('charge', ['2026-03-16', '2027-03-15'], '1200.000000', '2026-03-16T09:00:00Z')],
    });
    // 1200 / 12 = 100 on Mar 16, Apr 16, May 16, Jun 16; unsubscribed Jun 20: nothing from Jul 16 on
    expect(dueItems(sub, [], day('2027-04-01'), day('2027-01-01')).map((i) => `${i.billedOn} ${i.amount.toFixed()}`)).toEqual(['2026-03-16 100', '2026-04-16 100', '2026-05-16 100', '2026-06-16 100']);
  });

  it('a term charged after its start (reinstated late) bills each installment on its own anniversary, the earlier ones at once', () => {
    const sub = subscription({
      termUnit: 'P1Y',
      paymentOption: 'monthly',
      activatedAt: day('2026-01-31T10:00:00Z'),
      charges: [charge('charge', ['2026-01-31', '2027-01-30'], '1200.000000', '2026-03-05T10:00:00Z')],
    });
    // 1200 / 12 = 100; installments 1 and 2 (Jan 31, Feb 28) keep their days though charged on Mar 5; the 3rd on Mar 31
    expect(dueItems(sub, [], day('2026-04-01'), day('2026-01-01')).map(text)).toEqual([
      'installment 100 2026-01-31 2026-01-31..2026-02-27',
      'installment 100 2026-02-28 2026-02-28..2026-03-30',
      'installment 100 2026-03-31 2026-03-31..2026-04-29',
    ]);
  });
});

describe('prorations', () => {
  it('commerce prorates by day, today included, and billing bills the rounded difference on the day of the change', () => {
    // Term Feb 10 .. Mar 9 2026: 19 + 9 = 28 days; on Feb 20, 9 + 9 = 18 are left: 150 × 18/28 = 96.428… → 96.43
    const feb = { start: day('2026-02-10'), end: day('2026-03-09') };
    const up = roundMoney(money(new Dec(150).times(prorationFactor(feb, day('2026-02-20T12:00:00Z'))), 'USD')).amount;
    expect(up.toFixed()).toBe('96.43');
    // Term Mar 10 .. Apr 9: 22 + 9 = 31 days; on Mar 20, 12 + 9 = 21 left: −150 × 21/31 = −101.612… → −101.61
    const mar = { start: day('2026-03-10'), end: day('2026-04-09') };
    const down = roundMoney(money(new Dec(-150).times(prorationFactor(mar, day('2026-03-20T12:00:00Z'))), 'USD')).amount;
    expect(down.toFixed()).toBe('-101.61');
    // The first day of a term is the whole term; after it, nothing
    expect(prorationFactor(mar, day('2026-03-10')).toFixed()).toBe('1');
    expect(prorationFactor(mar, day('2026-04-10')).toFixed()).toBe('0');

    const sub = subscription({
      charges: [
        charge('charge', ['2026-02-10', '2026-03-09'], '100.000000', '2026-02-10T00:00:00Z'),
        charge('proration', ['2026-02-10', '2026-03-09'], '96.430000', '2026-02-20T12:00:00Z', { planId: 'pro', operationId: 'op-up' }),
      ],
    });
    const items = dueItems(sub, [], day('2026-03-01'), day('2026-01-01'));
    expect(items.map(text)).toEqual(['recurring 100 2026-02-10 2026-02-10..2026-03-09', 'proration 96.43 2026-02-20 2026-02-20..2026-03-09']);
    expect(items[1]).toMatchObject({ key: 'proration:op-up', planId: 'pro', description: 'Pro — charge for the change on 2026-02-20, prorated to the end of the term' });
  });

  it('a seat reduction is a credit', () => {
    // Term Mar 12 .. Apr 11: 31 days; on Mar 22, 10 + 11 = 21 left: (6 − 8) × 10 × 21/31 = −13.548… → −13.55
    const term = { start: day('2026-03-12'), end: day('2026-04-11') };
    const amount = roundMoney(money(new Dec(-20).times(prorationFactor(term, day('2026-03-22T12:00:00Z'))), 'USD')).amount;
    expect(amount.toFixed()).toBe('-13.55');
    const sub = subscription({ charges: [charge('proration', ['2026-03-12', '2026-04-11'], amount.toFixed(6), '2026-03-22T12:00:00Z', { quantity: 6, operationId: 'op-seats' })] });
    const [item] = dueItems(sub, [], day('2026-04-01'), day('2026-01-01'));
    expect(item).toMatchObject({ kind: 'proration', quantity: '6', description: 'Basic — credit for the change on 2026-03-22, prorated to the end of the term' });
    expect(item!.amount.toFixed()).toBe('-13.55');
  });
});

describe('refunds', () => {
  it('a cancel inside the refund window credits the term and the prorations billed in it', () => {
    const term: [string, string] = ['2026-01-20', '2026-02-19'];
    const sub = subscription({
      status: 'Unsubscribed',
      charges: [
        charge('charge', term, '100.000000', '2026-01-20T09:00:00Z'),
        charge('proration', term, '150.000000', '2026-01-20T12:00:00Z', { planId: 'pro', operationId: 'op1' }),
        charge('refund', term, '-250.000000', '2026-01-20T20:00:00Z'),
      ],
    });
    const items = dueItems(sub, [], day('2026-02-01'), day('2025-11-01'));
    // 100 + 150 billed, −250 credited
    expect(items.map(text)).toEqual([
      'recurring 100 2026-01-20 2026-01-20..2026-02-19',
      'proration 150 2026-01-20 2026-01-20..2026-02-19',
      'refund -250 2026-01-20 2026-01-20..2026-02-19',
    ]);
    expect(items[2]!.key).toBe(`refund:${SUB}:2026-01-20`);
  });

  it('an annual term paid monthly refunded inside 14 days credits what it billed: the first installment, no later ones', () => {
    const term: [string, string] = ['2026-01-31', '2027-01-30'];
    const sub = subscription({
      termUnit: 'P1Y',
      paymentOption: 'monthly',
      status: 'Unsubscribed',
      activatedAt: day('2026-01-31T10:00:00Z'),
      // commerce refunds the whole commitment (−1000); billing credits only what was billed
      charges: [charge('charge', term, '1000.000000', '2026-01-31T10:00:00Z'), charge('refund', term, '-1000.000000', '2026-02-10T10:00:00Z')],
    });
    expect(dueItems(sub, [], day('2027-02-01'), day('2026-10-01')).map(text)).toEqual([
      'installment 83.33 2026-01-31 2026-01-31..2026-02-27',
      'refund -83.33 2026-02-10 2026-01-31..2027-01-30',
    ]);
  });

  it('a refund is billed when its day is due, even if the term it credits was billed in an earlier month', () => {
    const term: [string, string] = ['2026-03-31', '2026-04-29'];
    const sub = subscription({ status: 'Unsubscribed', charges: [charge('charge', term, '100.000000', '2026-03-31T23:00:00Z'), charge('refund', term, '-100.000000', '2026-04-01T10:00:00Z')] });
    expect(dueItems(sub, [], day('2026-04-01'), day('2026-01-01')).map(text)).toEqual(['recurring 100 2026-03-31 2026-03-31..2026-04-29']);
    expect(dueItems(sub, [], day('2026-05-01'), day('2026-01-01')).map(text)).toEqual(['recurring 100 2026-03-31 2026-03-31..2026-04-29', 'refund -100 2026-04-01 2026-03-31..2026-04-29']);
  });
});

describe('usage', () => {
  const u = (date: string, dimension: string, quantity: string, planId = 'basic'): DailyUsageLike => ({ subscriptionId: SUB, planId, dimension, date, quantity });

  it('rates each ended cycle anchored at activation, rounding once per cycle, plan and dimension', () => {
    const sub = subscription({ activatedAt: day('2026-01-31T10:00:00Z'), plans: plans({ basic: { gb: '10', api: '0.015', free: null } }) });
    const usage = [
      u('2026-02-10', 'gb', '2.5'),
      u('2026-02-27', 'gb', '1.25'), // cycle Jan 31 .. Feb 27: 3.75 GB × 10 = 37.50
      u('2026-02-28', 'gb', '1'), // cycle Feb 28 .. Mar 30: 1 × 10 = 10
      u('2026-02-01', 'api', '1'),
      u('2026-02-02', 'api', '1'),
      u('2026-02-03', 'api', '1'), // 3 × 0.015 = 0.045 → 0.05 (per day it would be 3 × 0.02 = 0.06)
      u('2026-02-05', 'free', '7'), // no price in the market: 0
      u('2026-03-31', 'gb', '9'), // cycle Mar 31 .. Apr 29 has not ended by Apr 1
      u('2026-02-11', 'other', '1', 'pro'), // another plan's usage is its own line
      { ...u('2026-02-11', 'gb', '1'), subscriptionId: 'someone-else' },
    ];
    const items = dueItems(sub, usage, day('2026-04-01'), day('2025-12-30'));
    expect(items.map((i) => `${i.key} ${i.quantity} ${i.unitPrice} ${i.amount.toFixed()} ${i.billedOn} ${i.serviceStart}..${i.serviceEnd}`)).toEqual([
      `usage:${SUB}:2026-01-31:basic:api 3 0.015 0.05 2026-02-27 2026-01-31..2026-02-27`,
      `usage:${SUB}:2026-01-31:basic:free 7 null 0 2026-02-27 2026-01-31..2026-02-27`,
      `usage:${SUB}:2026-01-31:basic:gb 3.75 10 37.5 2026-02-27 2026-01-31..2026-02-27`,
      `usage:${SUB}:2026-01-31:pro:other 1 null 0 2026-02-27 2026-01-31..2026-02-27`,
      `usage:${SUB}:2026-02-28:basic:gb 1 10 10 2026-03-30 2026-02-28..2026-03-30`,
    ]);
    expect(items[2]!.description).toBe('GB — usage 2026-01-31 to 2026-02-27 (per gb)');
  });

  it('usage before the end of a free trial is free', () => {
    // Activated Feb 1 with a trial: the trial is Feb 1 .. Feb 28, paid from Mar 1
    const sub = subscription({ activatedAt: day('2026-02-01T08:00:00Z'), trialEnd: day('2026-03-01'), plans: plans({ basic: { gb: '10' } }) });
    const items = dueItems(sub, [u('2026-02-01', 'gb', '5'), u('2026-02-28', 'gb', '5'), u('2026-03-01', 'gb', '2'), u('2026-03-31', 'gb', '1')], day('2026-05-01'), day('2026-01-01'));
    // Feb: nothing; Mar 1 .. Mar 31: 3 GB × 10 = 30
    expect(items.map(text)).toEqual(['usage 30 2026-03-31 2026-03-01..2026-03-31']);
  });

  it('settled cycles (started before usageFrom) are not recomputed, and a corrected day below zero counts as nothing', () => {
    const sub = subscription({ activatedAt: day('2026-01-01T08:00:00Z'), plans: plans({ basic: { gb: '10' } }) });
    const usage = [u('2026-01-05', 'gb', '4'), u('2026-02-05', 'gb', '3'), u('2026-02-06', 'gb', '-5')];
    // From Jan 2, the January cycle is settled; February: 3 − 5 = −2 → 0
    expect(dueItems(sub, usage, day('2026-03-01'), day('2026-01-02')).map(text)).toEqual(['usage 0 2026-02-28 2026-02-01..2026-02-28']);
    expect(dueItems(sub, usage, day('2026-03-01'), day('2026-01-01')).map(text)).toEqual(['usage 40 2026-01-31 2026-01-01..2026-01-31', 'usage 0 2026-02-28 2026-02-01..2026-02-28']);
  });

  it("the reference's metered Base plan: $0 a month, 150 GB and 120 reports used with 100 of each included → $520", () => {
    // Spec 03 rule 9: Base plan $0/month incl. 100 GB & 100 reports, overage $10 per GB and $1 per report. The
    // publisher reports only the overage: 150 − 100 = 50 GB and 120 − 100 = 20 reports.
    // Charge = monthly fee + Σ(quantity × pricePerUnit) = 0 + 50 × 10 + 20 × 1 = 520.
    const sub = subscription({
      planId: 'base',
      activatedAt: day('2026-10-01T10:00:00Z'),
      plans: plans({ base: { gb: '10.00', reports: '1.00' } }),
      charges: [charge('charge', ['2026-10-01', '2026-10-31'], '0.000000', '2026-10-01T10:00:00Z', { planId: 'base' })],
    });
    const usage = [...[2, 3, 4, 5, 6].map((d) => u(`2026-10-0${d}`, 'gb', '10', 'base')), u('2026-10-15', 'reports', '20', 'base')];
    const items = dueItems(sub, usage, day('2026-11-01'), day('2026-07-01'));
    expect(items.map((i) => `${i.kind} ${i.dimension} ${i.quantity} ${i.unitPrice} ${i.amount.toFixed()}`)).toEqual(['recurring null null null 0', 'usage gb 50 10.00 500', 'usage reports 20 1.00 20']);
    expect(items.reduce((sum, i) => sum.plus(i.amount), new Dec(0)).toFixed()).toBe('520');
  });
});

describe('differences', () => {
  const item = (key: string, amount: string, billedOn: string, subscriptionId = SUB): BillableItem => ({
    key,
    kind: 'usage',
    description: key,
    subscriptionId,
    tenantId: 't',
    accountId: 'a',
    offerId: 'o',
    planId: 'basic',
    dimension: null,
    quantity: '1',
    unitPrice: '1',
    currency: 'USD',
    market: 'US',
    amount: new Dec(amount),
    serviceStart: billedOn,
    serviceEnd: billedOn,
    billedOn,
    isTest: false,
  });

  it('bills what was not invoiced, corrects what changed after invoicing by the difference, skips what matches', () => {
    const items = [item('usage:b', '550', '2026-11-30'), item('term:a', '100', '2026-12-03'), item('usage:c', '20', '2026-11-30', '00000000-0000-4000-8000-000000000000'), item('zero', '0', '2026-12-01')];
    const invoiced = new Map([
      ['usage:b', new Dec(950)],
      ['usage:c', new Dec(20)],
    ]);
    // usage:b: 550 − 950 = −400, a correction; term:a: new; usage:c: unchanged; zero: nothing to bill
    expect(differences(items, invoiced).map((d) => `${d.item.key} ${d.amount.toFixed()} ${d.correction}`)).toEqual(['usage:b -400 true', 'term:a 100 false']);
  });

  it('orders lines by day, subscription and key', () => {
    const other = '00000000-0000-4000-8000-000000000000';
    const items = [item('term:z', '1', '2026-01-20'), item('refund:z', '-1', '2026-01-20'), item('term:y', '1', '2026-01-20', other), item('term:x', '1', '2026-01-12')];
    expect(differences(items, new Map()).map((d) => d.item.key)).toEqual(['term:x', 'term:y', 'refund:z', 'term:z']);
  });
});
