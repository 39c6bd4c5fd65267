import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { advanceTo, annualMonthly, customerInvoices, earningsText, invoiceOf, lineText, meteredBase, type InvoiceJson } from '../../../../test/helpers/billing.js';
import { createCustomer, flat, liveSaasOffer, perUser, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';

/**
 * A year of billing through the APIs and the business clock: five customers, thirteen monthly runs. Monthly and
 * annual renewals (upfront and paid in 12 installments from a Jan 31 start), an upgrade and a downgrade prorated by
 * day, seat changes of a per-user plan, a free trial that converts, cancels inside the refund window (24 hours
 * monthly, 14 days annual) and outside it (an annual commitment keeps being billed), a failed payment that suspends
 * and a recovery that reinstates, the reference's metered Base plan through the Metering API and an anomaly the
 * publisher corrects after the month was invoiced. After each run every line of every invoice, every total and the
 * publisher's earnings (3% fee rounded half-up per line) are compared with amounts computed by hand below. In the
 * end every month is run again and nothing new is issued, and a month no run ever covered issues nothing already
 * billed.
 *
 * Subscriptions (all in the US market, USD):
 * - E/S0 basic $100/month from 2025-12-20, before billing was scheduled; canceled 2026-02-05.
 * - A/S1 basic $100/month from 2026-01-10; upgraded to pro ($250) on 02-20, down to basic on 03-20; canceled 05-20.
 * - A/S9 basic $1000/year upfront from 2026-01-25; renews 2027-01-25.
 * - A/S2 yearly $1000/year paid monthly from 2026-01-31; renews 2027-01-31.
 * - B/S3 team $10/user/month, 5 users from 2026-01-12; 8 users on 02-25, 6 on 03-22.
 * - B/S4 trial $40/month, free trial from 2026-01-15, paid from 02-15; canceled by the publisher 05-25.
 * - B/S5 basic $100/month bought 2026-01-20 09:00, canceled 20:00 (refunded).
 * - B/S8 yearly paid monthly from 2026-03-16; canceled 06-10 (no refund: the installments continue).
 * - B/S7 basic $1000/year upfront from 2026-04-06, canceled 04-17 (within 14 days: refunded).
 * - C/S6 basic $100/month from 2026-02-03; its February invoice fails (suspended), paid 03-04 (reinstated).
 * - D/S10 the metered Base plan from 2026-10-01; an anomaly on 11-29 corrected on 12-04.
 * - F/S11 basic $100/month bought 2026-06-05 09:00, upgraded by the customer at 12:00 (no answer from the publisher
 *   within 10 seconds: applied), canceled 20:00 (the refund takes back the upgrade too).
 * - F/S13 yearly paid monthly from 2026-07-10, upgraded by the publisher to yearly2 ($2400/year) on 08-20.
 * - G/S14 trial bought 2026-11-03 08:00 (free until 12-03), changed to the metered Base plan on 11-05: its usage in
 *   the trial is free, after it billed.
 */

let t: TestApp;
let hooks: WebhookReceiver;
let flatOffer: Seller;
let teamOffer: Seller;
let operator: Session;
const cs: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', Customer> = {} as never;
const subs: Record<string, string> = {};
const labels = new Map<string, string>();
/** Every invoice seen after its run, to check the reruns change nothing. */
const seen = new Map<string, InvoiceJson>();

const at = (iso: string) => advanceTo(t, iso);

async function buy(c: Customer, label: string, offer: Seller, planId: string, termUnit: 'P1M' | 'P1Y', quantity?: number): Promise<string> {
  const p = await t.app.inject({
    method: 'POST',
    url: '/api/store/purchases',
    headers: c.session.headers,
    payload: { accountId: offer.pub.accountId, offerId: offer.offerId, planId, termUnit, market: 'US', acceptTerms: true, ...(quantity ? { quantity } : {}) },
  });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  const a = await offer.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId, ...(quantity ? { quantity } : {}) } });
  expect(a.statusCode, a.body).toBe(200);
  subs[label] = id;
  labels.set(id, label);
  return id;
}

async function change(label: string, body: { planId: string } | { quantity: number }): Promise<void> {
  const res = await flatOffer.api.call('PATCH', `/api/saas/subscriptions/${subs[label]}`, { body });
  expect(res.statusCode, res.body).toBe(202);
  await t.runner.drain();
  const now = (await flatOffer.api.call('GET', `/api/saas/subscriptions/${subs[label]}`)).json();
  expect('planId' in body ? now.planId : now.quantity).toBe('planId' in body ? body.planId : body.quantity);
}

async function cancelByCustomer(c: Customer, label: string): Promise<void> {
  const res = await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${subs[label]}`, headers: c.session.headers });
  expect(res.statusCode, res.body).toBe(200);
}

const status = async (label: string) => (await flatOffer.api.call('GET', `/api/saas/subscriptions/${subs[label]}`)).json().saasSubscriptionStatus as string;
const instrument = (c: Customer, behavior: 'succeed' | 'fail') => t.app.inject({ method: 'PUT', url: `/api/admin/customers/${c.tenantId}/payment`, headers: operator.headers, payload: { behavior } });

async function usage(dimension: 'gb' | 'reports', quantity: number, effectiveStartTime: string, label = 'S10'): Promise<void> {
  const res = await flatOffer.api.call('POST', '/api/usageEvent', { body: { resourceId: subs[label], planId: 'base', dimension, quantity, effectiveStartTime } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ status: 'Accepted', quantity });
}

interface Expected {
  lines: string[];
  total: string;
  /** `lineNo kind gross fee net status`, fee = gross × 3% rounded half-up to cents, net = gross − fee. */
  earnings: string[];
  status?: string;
}

/** Compares the customer's invoice of `period` (`YYYY-MM`) line by line; `undefined`: no invoice. */
async function expectInvoice(who: keyof typeof cs, period: string, expected: Expected | undefined): Promise<InvoiceJson | undefined> {
  const inv = await invoiceOf(t, cs[who], period);
  if (!expected) {
    expect(inv, `${who} ${period}: no invoice`).toBeUndefined();
    return undefined;
  }
  expect(inv, `${who} ${period}`).toBeDefined();
  expect(inv!.lines.map((l) => lineText(l, labels)), `${who} ${period} lines`).toEqual(expected.lines);
  expect(inv!.lines.map((l) => l.lineNo)).toEqual(expected.lines.map((_, i) => i + 1));
  expect(inv!.lines.every((l) => l.tax === '0')).toBe(true); // no tax rate is set for the US
  expect({ subtotal: inv!.subtotal, tax: inv!.tax, total: inv!.total, currency: inv!.currency, periodEnd: inv!.periodEnd }, `${who} ${period} totals`).toEqual({
    subtotal: expected.total,
    tax: '0',
    total: expected.total,
    currency: 'USD',
    periodEnd: periodEnd(period),
  });
  expect(inv!.status, `${who} ${period} status`).toBe(expected.status ?? 'paid');
  expect(inv!.number).toMatch(/^AG-\d{4}-\d{6}$/);
  expect(await earningsText(t, inv!.invoiceId), `${who} ${period} earnings`).toEqual(expected.earnings);
  seen.set(inv!.invoiceId, inv!);
  return inv;
}

function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The monthly flat invoices of the quiet months, which differ only in their dates. */
const S3 = (d: string, next: string) => `recurring 60 ${d} ${d}..${next} S3/team x6 @10`;
const S8 = (d: string, end: string) => `installment 83.33 ${d} ${d}..${end} S8/yearly`;
const S6 = (d: string, end: string) => `recurring 100 ${d} ${d}..${end} S6/basic`;
const B_QUIET = ['1 recurring 60 1.8 58.2 available', '2 installment 83.33 2.5 80.83 available']; // 60 × 3% = 1.80; 83.33 × 3% = 2.4999 → 2.50
const C_QUIET = ['1 recurring 100 3 97 available'];
/** F/S13's installments on the 10th (the 1000 charge of plan yearly, also after the upgrade). */
const F_QUIET = (d: string, end: string): Expected => ({ lines: [`installment 83.33 ${d} ${d}..${end} S13/yearly`], total: '83.33', earnings: ['1 installment 83.33 2.5 80.83 available'] });
const F_MONTHS: Record<string, Expected> = {
  '2026-06': {
    lines: [
      // the same day and subscription, by key: proration, refund, term. Upgraded on the term's first day: the factor is
      // 30/30, (250 − 100) × 1 = 150; the refund takes back 100 + 150
      'proration 150 2026-06-05 2026-06-05..2026-07-04 S11/pro',
      'refund -250 2026-06-05 2026-06-05..2026-07-04 S11/basic',
      'recurring 100 2026-06-05 2026-06-05..2026-07-04 S11/basic',
    ],
    total: '0',
    status: 'settled', // nothing to collect
    earnings: ['1 proration 150 4.5 145.5 available', '2 refund -250 -7.5 -242.5 available', '3 recurring 100 3 97 available'],
  },
  '2026-07': F_QUIET('2026-07-10', '2026-08-09'),
  '2026-08': {
    lines: [
      'installment 83.33 2026-08-10 2026-08-10..2026-09-09 S13/yearly',
      // term 2026-07-10 .. 2027-07-09 = 365 days; from 08-20, 365 − (21 + 20) = 324 left:
      // (2400 − 1000) × 324/365 = 1242.739… → 1242.74, billed whole on the day of the change
      'proration 1242.74 2026-08-20 2026-08-20..2027-07-09 S13/yearly2',
    ],
    total: '1326.07', // 83.33 + 1242.74
    earnings: ['1 installment 83.33 2.5 80.83 available', '2 proration 1242.74 37.28 1205.46 available'], // 1242.74 × 3% = 37.2822 → 37.28
  },
  '2026-09': F_QUIET('2026-09-10', '2026-10-09'),
  '2026-10': F_QUIET('2026-10-10', '2026-11-09'),
  '2026-11': F_QUIET('2026-11-10', '2026-12-09'),
  '2026-12': F_QUIET('2026-12-10', '2027-01-09'),
  '2027-01': F_QUIET('2027-01-10', '2027-02-09'),
};

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date('2025-12-20T08:00:00Z'));
  hooks = await new WebhookReceiver().start();
  const urls = { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` };
  const us = { markets: ['US'] };
  flatOffer = await liveSaasOffer(
    t,
    [
      { planId: 'basic', pricing: flat('100.00', us) }, // P1M 100.00, P1Y 1000.00 upfront
      { planId: 'pro', pricing: flat('250.00', us) },
      { planId: 'yearly', pricing: annualMonthly('1000.00') },
      { planId: 'yearly2', name: 'Yearly Plus', pricing: annualMonthly('2400.00') },
      { planId: 'trial', pricing: flat('40.00', { ...us, freeTrial: true }) },
      { planId: 'base', pricing: meteredBase() },
    ],
    urls,
  );
  teamOffer = await liveSaasOffer(t, [{ planId: 'team', pricing: perUser('10.00', 1, 20, us) }], urls, { pub: flatOffer.pub, app: flatOffer.app });
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops-${flatOffer.pub.publisherId}@ops.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops-${flatOffer.pub.publisherId}@ops.example`);
  for (const k of ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const) cs[k] = await createCustomer(t);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

describe('a year of billing', () => {
  it('2026-01: the first run bills what arose before billing was scheduled; $100 a month → fee 3.00, publisher 97.00', async () => {
    await at('2025-12-20T09:00:00Z');
    await buy(cs.E, 'S0', flatOffer, 'basic', 'P1M'); // term 2025-12-20 .. 2026-01-19
    // Billing starts here: the first run scheduled is January's (on 2026-02-02 01:00).
    await at('2026-01-05T09:00:00Z');
    await t.services.billing.scheduleBillingRun();
    await at('2026-01-10T09:30:00Z');
    await buy(cs.A, 'S1', flatOffer, 'basic', 'P1M'); // 2026-01-10 .. 02-09
    await at('2026-01-12T10:00:00Z');
    await buy(cs.B, 'S3', teamOffer, 'team', 'P1M', 5); // 5 × 10 = 50; 01-12 .. 02-11
    await at('2026-01-15T08:00:00Z');
    await buy(cs.B, 'S4', flatOffer, 'trial', 'P1M'); // free until 02-15
    await at('2026-01-20T09:00:00Z');
    await buy(cs.B, 'S5', flatOffer, 'basic', 'P1M');
    await at('2026-01-20T20:00:00Z');
    await cancelByCustomer(cs.B, 'S5'); // 11 hours after activation: refunded
    await at('2026-01-25T11:00:00Z');
    await buy(cs.A, 'S9', flatOffer, 'basic', 'P1Y'); // 1000 upfront, 2026-01-25 .. 2027-01-24
    await at('2026-01-31T10:00:00Z');
    await buy(cs.A, 'S2', flatOffer, 'yearly', 'P1Y'); // 1000 in 12 installments, 2026-01-31 .. 2027-01-30
    expect(await status('S4')).toBe('Subscribed');

    await at('2026-02-02T00:59:00Z');
    expect(await customerInvoices(t, cs.A.session)).toEqual([]);
    await at('2026-02-02T01:00:00Z');
    await expectInvoice('E', '2026-01', {
      lines: ['recurring 100 2025-12-20 2025-12-20..2026-01-19 S0/basic', 'recurring 100 2026-01-20 2026-01-20..2026-02-19 S0/basic'],
      total: '200',
      earnings: ['1 recurring 100 3 97 available', '2 recurring 100 3 97 available'],
    });
    await expectInvoice('A', '2026-01', {
      lines: [
        'recurring 100 2026-01-10 2026-01-10..2026-02-09 S1/basic', // spec 01 §4.1: $100.00/month → fee 3.00, payout 97.00
        'recurring 1000 2026-01-25 2026-01-25..2027-01-24 S9/basic',
        'installment 83.33 2026-01-31 2026-01-31..2026-02-27 S2/yearly', // 1000 / 12 = 83.333… → 83.33
      ],
      total: '1183.33', // 100 + 1000 + 83.33
      earnings: ['1 recurring 100 3 97 available', '2 recurring 1000 30 970 available', '3 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('B', '2026-01', {
      lines: [
        'recurring 50 2026-01-12 2026-01-12..2026-02-11 S3/team x5 @10',
        // the same day and subscription: by key, "refund:" before "term:"
        'refund -100 2026-01-20 2026-01-20..2026-02-19 S5/basic',
        'recurring 100 2026-01-20 2026-01-20..2026-02-19 S5/basic',
      ],
      total: '50', // 50 − 100 + 100
      earnings: ['1 recurring 50 1.5 48.5 available', '2 refund -100 -3 -97 available', '3 recurring 100 3 97 available'],
    });
    await expectInvoice('C', '2026-01', undefined);
    await expectInvoice('D', '2026-01', undefined);
  });

  it('2026-02: an upgrade and more seats prorated by day, the trial converts, a failed payment suspends', async () => {
    await at('2026-02-03T10:00:00Z');
    await buy(cs.C, 'S6', flatOffer, 'basic', 'P1M'); // 02-03 .. 03-02
    await at('2026-02-05T10:00:00Z');
    await cancelByCustomer(cs.E, 'S0'); // outside the 24 hours: no refund
    await at('2026-02-15T00:00:00Z');
    expect(await status('S4')).toBe('Subscribed');
    await at('2026-02-20T12:00:00Z');
    await change('S1', { planId: 'pro' });
    await at('2026-02-25T12:00:00Z');
    await change('S3', { quantity: 8 });
    await at('2026-02-27T12:00:00Z');
    expect((await instrument(cs.C, 'fail')).statusCode).toBe(200);

    await at('2026-03-02T01:00:00Z');
    await expectInvoice('E', '2026-02', undefined); // canceled: nothing new
    await expectInvoice('A', '2026-02', {
      lines: [
        'recurring 100 2026-02-10 2026-02-10..2026-03-09 S1/basic',
        // term 02-10 .. 03-09 = 19 + 9 = 28 days; from 02-20 (included) 9 + 9 = 18 left: (250 − 100) × 18/28 = 96.428… → 96.43
        'proration 96.43 2026-02-20 2026-02-20..2026-03-09 S1/pro',
        'installment 83.33 2026-02-28 2026-02-28..2026-03-30 S2/yearly', // Jan 31 + 1 month = Feb 28
      ],
      total: '279.76', // 100 + 96.43 + 83.33
      earnings: ['1 recurring 100 3 97 available', '2 proration 96.43 2.89 93.54 available', '3 installment 83.33 2.5 80.83 available'], // 96.43 × 3% = 2.8929 → 2.89
    });
    await expectInvoice('B', '2026-02', {
      lines: [
        'recurring 50 2026-02-12 2026-02-12..2026-03-11 S3/team x5 @10',
        'recurring 40 2026-02-15 2026-02-15..2026-03-14 S4/trial', // the trial ended: the first paid month
        // term 02-12 .. 03-11 = 17 + 11 = 28 days; from 02-25, 4 + 11 = 15 left: (8 − 5) × 10 × 15/28 = 16.071… → 16.07
        'proration 16.07 2026-02-25 2026-02-25..2026-03-11 S3/team x8',
      ],
      total: '106.07', // 50 + 40 + 16.07
      earnings: ['1 recurring 50 1.5 48.5 available', '2 recurring 40 1.2 38.8 available', '3 proration 16.07 0.48 15.59 available'], // 16.07 × 3% = 0.4821 → 0.48
    });
    const failed = await expectInvoice('C', '2026-02', { lines: ['recurring 100 2026-02-03 2026-02-03..2026-03-02 S6/basic'], total: '100', status: 'failed', earnings: ['1 recurring 100 3 97 pending'] });
    expect(failed!.payments.map((p) => `${p.attempt} ${p.kind} ${p.amount} ${p.status}`)).toEqual(['1 charge 100 failed']);
    expect(await status('S6')).toBe('Suspended');
    expect(hooks.of('Suspend', subs.S6)).toHaveLength(1);
  });

  it('2026-03: the payment is fixed and the subscription reinstated; a downgrade and fewer seats are credits', async () => {
    await at('2026-03-03T12:00:00Z');
    expect(await status('S6')).toBe('Suspended'); // its renewal on 03-03 waited
    await at('2026-03-04T10:00:00Z');
    expect((await instrument(cs.C, 'succeed')).json()).toMatchObject({ retried: 1 });
    await t.runner.drain();
    const reinstate = hooks.of('Reinstate', subs.S6).at(-1)!;
    expect(reinstate).toMatchObject({ status: 'InProgress' });
    expect((await flatOffer.api.call('PATCH', `/api/saas/subscriptions/${subs.S6}/operations/${String(reinstate.id)}`, { body: { status: 'Success' } })).statusCode).toBe(200);
    await t.runner.drain();
    expect(await status('S6')).toBe('Subscribed');
    await expectInvoice('C', '2026-02', { lines: ['recurring 100 2026-02-03 2026-02-03..2026-03-02 S6/basic'], total: '100', earnings: ['1 recurring 100 3 97 available'] });
    expect((await invoiceOf(t, cs.C, '2026-02'))!.payments.map((p) => `${p.attempt} ${p.status}`)).toEqual(['1 failed', '2 succeeded']);

    await at('2026-03-16T09:00:00Z');
    await buy(cs.B, 'S8', flatOffer, 'yearly', 'P1Y'); // 2026-03-16 .. 2027-03-15
    await at('2026-03-20T12:00:00Z');
    await change('S1', { planId: 'basic' });
    await at('2026-03-22T12:00:00Z');
    await change('S3', { quantity: 6 });

    await at('2026-04-02T01:00:00Z');
    await expectInvoice('A', '2026-03', {
      lines: [
        'recurring 250 2026-03-10 2026-03-10..2026-04-09 S1/pro', // renewed at the plan it had then
        // term 03-10 .. 04-09 = 22 + 9 = 31 days; from 03-20, 12 + 9 = 21 left: (100 − 250) × 21/31 = −101.612… → −101.61
        'proration -101.61 2026-03-20 2026-03-20..2026-04-09 S1/basic',
        'installment 83.33 2026-03-31 2026-03-31..2026-04-29 S2/yearly', // Jan 31 + 2 months = Mar 31
      ],
      total: '231.72', // 250 − 101.61 + 83.33
      // 250 × 3% = 7.50; −101.61 × 3% = −3.0483 → −3.05, net −98.56
      earnings: ['1 recurring 250 7.5 242.5 available', '2 proration -101.61 -3.05 -98.56 available', '3 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('B', '2026-03', {
      lines: [
        'recurring 80 2026-03-12 2026-03-12..2026-04-11 S3/team x8 @10',
        'recurring 40 2026-03-15 2026-03-15..2026-04-14 S4/trial',
        'installment 83.33 2026-03-16 2026-03-16..2026-04-15 S8/yearly',
        // term 03-12 .. 04-11 = 20 + 11 = 31 days; from 03-22, 10 + 11 = 21 left: (6 − 8) × 10 × 21/31 = −13.548… → −13.55
        'proration -13.55 2026-03-22 2026-03-22..2026-04-11 S3/team x6',
      ],
      total: '189.78', // 80 + 40 + 83.33 − 13.55
      // 80 × 3% = 2.40; 40 × 3% = 1.20; −13.55 × 3% = −0.4065 → −0.41, net −13.14
      earnings: ['1 recurring 80 2.4 77.6 available', '2 recurring 40 1.2 38.8 available', '3 installment 83.33 2.5 80.83 available', '4 proration -13.55 -0.41 -13.14 available'],
    });
    // Reinstated on 03-04 after its term ended on 03-02: the next term (from 03-03) is charged that day.
    await expectInvoice('C', '2026-03', { lines: ['recurring 100 2026-03-03 2026-03-03..2026-04-02 S6/basic'], total: '100', earnings: C_QUIET });
  });

  it('2026-04: an annual plan canceled within 14 days is refunded whole', async () => {
    await at('2026-04-06T10:00:00Z');
    await buy(cs.B, 'S7', flatOffer, 'basic', 'P1Y'); // 2026-04-06 .. 2027-04-05
    await at('2026-04-17T10:00:00Z');
    await cancelByCustomer(cs.B, 'S7'); // 11 days after activation

    await at('2026-05-02T01:00:00Z');
    await expectInvoice('A', '2026-04', {
      lines: ['recurring 100 2026-04-10 2026-04-10..2026-05-09 S1/basic', 'installment 83.33 2026-04-30 2026-04-30..2026-05-30 S2/yearly'],
      total: '183.33',
      earnings: ['1 recurring 100 3 97 available', '2 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('B', '2026-04', {
      lines: [
        'recurring 1000 2026-04-06 2026-04-06..2027-04-05 S7/basic',
        'recurring 60 2026-04-12 2026-04-12..2026-05-11 S3/team x6 @10',
        'recurring 40 2026-04-15 2026-04-15..2026-05-14 S4/trial',
        'installment 83.33 2026-04-16 2026-04-16..2026-05-15 S8/yearly',
        'refund -1000 2026-04-17 2026-04-06..2027-04-05 S7/basic',
      ],
      total: '183.33', // 1000 + 60 + 40 + 83.33 − 1000
      earnings: ['1 recurring 1000 30 970 available', '2 recurring 60 1.8 58.2 available', '3 recurring 40 1.2 38.8 available', '4 installment 83.33 2.5 80.83 available', '5 refund -1000 -30 -970 available'],
    });
    await expectInvoice('C', '2026-04', { lines: [S6('2026-04-03', '2026-05-02')], total: '100', earnings: C_QUIET });
  });

  it('2026-05: cancels outside the refund window, by the customer and by the publisher, refund nothing', async () => {
    await at('2026-05-20T10:00:00Z');
    await cancelByCustomer(cs.A, 'S1');
    await at('2026-05-25T10:00:00Z');
    expect((await flatOffer.api.call('DELETE', `/api/saas/subscriptions/${subs.S4}`)).statusCode).toBe(202);
    await t.runner.drain();
    expect(await status('S4')).toBe('Unsubscribed');

    await at('2026-06-02T01:00:00Z');
    await expectInvoice('A', '2026-05', {
      lines: ['recurring 100 2026-05-10 2026-05-10..2026-06-09 S1/basic', 'installment 83.33 2026-05-31 2026-05-31..2026-06-29 S2/yearly'],
      total: '183.33',
      earnings: ['1 recurring 100 3 97 available', '2 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('B', '2026-05', {
      lines: [S3('2026-05-12', '2026-06-11'), 'recurring 40 2026-05-15 2026-05-15..2026-06-14 S4/trial', S8('2026-05-16', '2026-06-15')],
      total: '183.33', // 60 + 40 + 83.33
      earnings: ['1 recurring 60 1.8 58.2 available', '2 recurring 40 1.2 38.8 available', '3 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('C', '2026-05', { lines: [S6('2026-05-03', '2026-06-02')], total: '100', earnings: C_QUIET });
  });

  it('2026-06 .. 2026-09: an upgrade refunded within 24 hours, an annual plan paid monthly upgraded (the difference billed whole), a commitment canceled outside 14 days keeps its installments', async () => {
    await at('2026-06-05T09:00:00Z');
    await buy(cs.F, 'S11', flatOffer, 'basic', 'P1M'); // 06-05 .. 07-04
    await at('2026-06-05T12:00:00Z');
    const asked = await t.app.inject({ method: 'PATCH', url: `/api/me/subscriptions/${subs.S11}`, headers: cs.F.session.headers, payload: { planId: 'pro' } });
    expect(asked.statusCode, asked.body).toBe(202);
    await at('2026-06-05T12:00:10Z'); // no PATCH from the publisher within 10 seconds: the change counts as Success
    expect((await flatOffer.api.call('GET', `/api/saas/subscriptions/${subs.S11}`)).json().planId).toBe('pro');
    await at('2026-06-05T20:00:00Z');
    await cancelByCustomer(cs.F, 'S11'); // 11 hours after activation: refunded, the upgrade with it
    await at('2026-06-10T10:00:00Z');
    await cancelByCustomer(cs.B, 'S8'); // 86 days after activation
    expect(await status('S8')).toBe('Unsubscribed');
    const months: [string, string, string, string, string, string, string, string][] = [
      // period, run, S2 installment day, its service end, S3/S8/S6 days and ends follow the 12th, 16th and 3rd
      ['2026-06', '2026-07-02T01:00:00Z', '2026-06-30', '2026-07-30', '2026-06-12', '2026-07-11', '2026-06-16', '2026-07-15'],
      ['2026-07', '2026-08-02T01:00:00Z', '2026-07-31', '2026-08-30', '2026-07-12', '2026-08-11', '2026-07-16', '2026-08-15'],
      ['2026-08', '2026-09-02T01:00:00Z', '2026-08-31', '2026-09-29', '2026-08-12', '2026-09-11', '2026-08-16', '2026-09-15'],
      ['2026-09', '2026-10-02T01:00:00Z', '2026-09-30', '2026-10-30', '2026-09-12', '2026-10-11', '2026-09-16', '2026-10-15'],
    ];
    const s6: Record<string, [string, string]> = { '2026-06': ['2026-06-03', '2026-07-02'], '2026-07': ['2026-07-03', '2026-08-02'], '2026-08': ['2026-08-03', '2026-09-02'], '2026-09': ['2026-09-03', '2026-10-02'] };
    for (const [period, run, s2, s2End, s3, s3End, s8, s8End] of months) {
      if (period === '2026-07') {
        await at('2026-07-10T10:00:00Z');
        await buy(cs.F, 'S13', flatOffer, 'yearly', 'P1Y'); // 2026-07-10 .. 2027-07-09
      }
      if (period === '2026-08') {
        await at('2026-08-20T12:00:00Z');
        await change('S13', { planId: 'yearly2' });
      }
      if (period === '2026-09') {
        await at('2026-10-01T10:00:00Z');
        await buy(cs.D, 'S10', flatOffer, 'base', 'P1M'); // $0; cycles anchored on the 1st: Oct 1 .. Oct 31, ...
      }
      await at(run);
      await expectInvoice('A', period, { lines: [`installment 83.33 ${s2} ${s2}..${s2End} S2/yearly`], total: '83.33', earnings: ['1 installment 83.33 2.5 80.83 available'] });
      await expectInvoice('B', period, { lines: [S3(s3, s3End), S8(s8, s8End)], total: '143.33', earnings: B_QUIET }); // 60 + 83.33
      await expectInvoice('C', period, { lines: [S6(...s6[period]!)], total: '100', earnings: C_QUIET });
      await expectInvoice('D', period, undefined);
      await expectInvoice('E', period, undefined);
      await expectInvoice('F', period, F_MONTHS[period]);
    }
  }, 60_000);

  it("2026-10: the reference's metered Base plan — $0 a month, 50 GB and 20 reports over the included 100 each → $520", async () => {
    // The customer uses 150 GB and 120 reports; the publisher reports only the overage: 10 days × 5 GB and 20 reports.
    for (let d = 2; d <= 11; d++) {
      const hour = `2026-10-${String(d).padStart(2, '0')}T12:00:00Z`;
      await at(hour.replace('T12', 'T13'));
      await usage('gb', 5, hour);
    }
    await at('2026-10-15T13:00:00Z');
    await usage('reports', 20, '2026-10-15T12:00:00Z');

    await at('2026-11-02T01:00:00Z');
    await expectInvoice('A', '2026-10', { lines: ['installment 83.33 2026-10-31 2026-10-31..2026-11-29 S2/yearly'], total: '83.33', earnings: ['1 installment 83.33 2.5 80.83 available'] });
    await expectInvoice('B', '2026-10', { lines: [S3('2026-10-12', '2026-11-11'), S8('2026-10-16', '2026-11-15')], total: '143.33', earnings: B_QUIET });
    await expectInvoice('C', '2026-10', { lines: [S6('2026-10-03', '2026-11-02')], total: '100', earnings: C_QUIET });
    await expectInvoice('F', '2026-10', F_MONTHS['2026-10']);
    // Charge = monthly fee + Σ(quantity × pricePerUnit) = 0 + 50 × 10 + 20 × 1 = 520 (the $0 fee is no line)
    const d = await expectInvoice('D', '2026-10', {
      lines: ['usage 500 2026-10-31 2026-10-01..2026-10-31 S10/base x50 @10', 'usage 20 2026-10-31 2026-10-01..2026-10-31 S10/base x20 @1'],
      total: '520',
      earnings: ['1 usage 500 15 485 available', '2 usage 20 0.6 19.4 available'], // 500 × 3% = 15; 20 × 3% = 0.60
    });
    expect(d!.lines.map((l) => l.description)).toEqual(['Data — usage 2026-10-01 to 2026-10-31 (per GB)', 'Reports — usage 2026-10-01 to 2026-10-31 (per report)']);
  });

  it('2026-11: a usage spike is invoiced, flagged as an anomaly by the daily scan, and corrected by the publisher', async () => {
    for (let d = 2; d <= 11; d++) {
      const hour = `2026-11-${String(d).padStart(2, '0')}T12:00:00Z`;
      if (d === 3) {
        await at('2026-11-03T08:00:00Z');
        await buy(cs.G, 'S14', flatOffer, 'trial', 'P1M'); // trial 11-03 .. 12-02, paid from 12-03
      }
      if (d === 5) {
        await at('2026-11-05T09:00:00Z');
        await change('S14', { planId: 'base' }); // in the trial: no proration
      }
      await at(hour.replace('T12', 'T13'));
      await usage('gb', 5, hour);
      if (d === 10) await usage('gb', 3, hour, 'S14'); // in the trial: free
    }
    await at('2026-11-29T13:00:00Z');
    await usage('gb', 45, '2026-11-29T12:00:00Z'); // a faulty report: 40 GB too many
    await t.services.metering.scheduleAnomalyScan(); // judges each day two days later, at 02:00

    await at('2026-12-01T02:30:00Z');
    const anomalies = await t.app.inject({ url: `/api/accounts/${flatOffer.pub.accountId}/metering/anomalies?subscriptionId=${subs.S10}`, headers: flatOffer.pub.owner.headers });
    expect(anomalies.statusCode, anomalies.body).toBe(200);
    const flags = anomalies.json().items as { anomalyId: string; usageDate: string; reportedQuantity: number; status: string; dimension: string }[];
    expect(flags.map((f) => `${f.dimension} ${f.usageDate} ${f.reportedQuantity} ${f.status}`)).toEqual(['gb 2026-11-29 45 open']);

    await at('2026-12-02T01:00:00Z');
    await expectInvoice('A', '2026-11', { lines: ['installment 83.33 2026-11-30 2026-11-30..2026-12-30 S2/yearly'], total: '83.33', earnings: ['1 installment 83.33 2.5 80.83 available'] });
    await expectInvoice('B', '2026-11', { lines: [S3('2026-11-12', '2026-12-11'), S8('2026-11-16', '2026-12-15')], total: '143.33', earnings: B_QUIET });
    await expectInvoice('C', '2026-11', { lines: [S6('2026-11-03', '2026-12-02')], total: '100', earnings: C_QUIET });
    await expectInvoice('F', '2026-11', F_MONTHS['2026-11']);
    // 10 × 5 + 45 = 95 GB × 10 = 950, billed before the publisher decided
    await expectInvoice('G', '2026-11', undefined);
    await expectInvoice('D', '2026-11', { lines: ['usage 950 2026-11-30 2026-11-01..2026-11-30 S10/base x95 @10'], total: '950', earnings: ['1 usage 950 28.5 921.5 available'] });

    await at('2026-12-04T10:00:00Z');
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${flatOffer.pub.accountId}/metering/anomalies/${flags[0]!.anomalyId}/decision`,
      headers: flatOffer.pub.owner.headers,
      payload: { decision: 'anomaly', correctedQuantity: 5 },
    });
    expect(decided.statusCode, decided.body).toBe(200);
  });

  it('2026-12: the correction of November is a credit line on the next invoice; the 12th installment takes the remainder', async () => {
    await at('2026-12-05T13:00:00Z');
    const g = (await flatOffer.api.call('GET', `/api/saas/subscriptions/${subs.S14}`)).json();
    expect(g).toMatchObject({ planId: 'base', saasSubscriptionStatus: 'Subscribed', isFreeTrial: false });
    await usage('gb', 4, '2026-12-05T12:00:00Z', 'S14'); // after the trial: billed
    await at('2027-01-02T01:00:00Z');
    const a = await expectInvoice('A', '2026-12', {
      lines: ['installment 83.37 2026-12-31 2026-12-31..2027-01-30 S2/yearly'], // 1000 − 11 × 83.33 = 83.37
      total: '83.37',
      earnings: ['1 installment 83.37 2.5 80.87 available'], // 83.37 × 3% = 2.5011 → 2.50
    });
    expect(a!.lines[0]!.description).toBe('Yearly — annual plan, installment 12 of 12');
    expect(a!.number).toMatch(/^AG-2027-/); // numbered in the year it was issued
    await expectInvoice('B', '2026-12', { lines: [S3('2026-12-12', '2027-01-11'), S8('2026-12-16', '2027-01-15')], total: '143.33', earnings: B_QUIET });
    await expectInvoice('C', '2026-12', { lines: [S6('2026-12-03', '2027-01-02')], total: '100', earnings: C_QUIET });
    await expectInvoice('F', '2026-12', F_MONTHS['2026-12']);
    // November again: (95 − 40) × 10 = 550, 950 invoiced: −400, a correction without quantity or unit price. A credit
    // total is paid back to the customer.
    await expectInvoice('G', '2026-12', undefined);
    const d = await expectInvoice('D', '2026-12', {
      lines: ['usage* -400 2026-11-30 2026-11-01..2026-11-30 S10/base'],
      total: '-400',
      status: 'refunded',
      earnings: ['1 usage -400 -12 -388 available'],
    });
    expect(d!.lines[0]!.description).toBe('Correction: Data — usage 2026-11-01 to 2026-11-30 (per GB)');
    expect(d!.payments.map((p) => `${p.kind} ${p.amount} ${p.status}`)).toEqual(['refund 400 succeeded']);
  });

  it('2027-01: the annual plans renew — upfront whole, paid monthly from its first installment', async () => {
    await at('2027-02-02T01:00:00Z');
    await expectInvoice('A', '2027-01', {
      lines: ['recurring 1000 2027-01-25 2027-01-25..2028-01-24 S9/basic', 'installment 83.33 2027-01-31 2027-01-31..2027-02-27 S2/yearly'],
      total: '1083.33',
      earnings: ['1 recurring 1000 30 970 available', '2 installment 83.33 2.5 80.83 available'],
    });
    await expectInvoice('B', '2027-01', { lines: [S3('2027-01-12', '2027-02-11'), S8('2027-01-16', '2027-02-15')], total: '143.33', earnings: B_QUIET });
    await expectInvoice('C', '2027-01', { lines: [S6('2027-01-03', '2027-02-02')], total: '100', earnings: C_QUIET });
    await expectInvoice('F', '2027-01', F_MONTHS['2027-01']);
    await expectInvoice('D', '2027-01', undefined); // $0 and no usage
    // The cycles of S14 follow its activation on 11-03: 11-03 .. 12-02 (the trial: its 3 GB are free), 12-03 .. 2027-01-02,
    // ended in January: 4 GB × 10 = 40. The term from 12-03 costs $0 (the Base plan).
    await expectInvoice('G', '2027-01', { lines: ['usage 40 2027-01-02 2026-12-03..2027-01-02 S14/base x4 @10'], total: '40', earnings: ['1 usage 40 1.2 38.8 available'] });
    // E 1, A 13, B 13, C 12, D 3 (October to December), F 8 (June to January), G 1
    expect(seen.size).toBe(51);
  });

  it('running every month again issues nothing and changes nothing; a month never run bills nothing already billed', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const c of Object.values(cs))
        for (const i of await customerInvoices(t, c.session)) out[i.invoiceId] = { ...i, detail: (await t.app.inject({ url: `/api/me/invoices/${i.invoiceId}`, headers: c.session.headers })).json() };
      return out;
    };
    const before = await snapshot();
    expect(Object.keys(before).sort()).toEqual([...seen.keys()].sort());
    const counts: Record<string, number> = {};
    for (const inv of seen.values()) counts[inv.periodStart] = (counts[inv.periodStart] ?? 0) + 1;
    for (const period of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/billing/runs', headers: operator.headers, payload: { period } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), period).toMatchObject({ period, compareOnly: true, invoices: [], unchanged: counts[`${period}-01`], pendingAdjustments: 0 });
    }
    // December 2025 was never run (billing was scheduled from January on), and January billed its charge.
    const december = await t.app.inject({ method: 'POST', url: '/api/admin/billing/runs', headers: operator.headers, payload: { period: '2025-12' } });
    expect(december.statusCode, december.body).toBe(200);
    expect(december.json()).toMatchObject({ period: '2025-12', compareOnly: false, invoices: [] });
    await t.runner.drain();
    expect(await snapshot()).toEqual(before);
  });
});
