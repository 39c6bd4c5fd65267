import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.js';
import { createCustomer, flat, liveSaasOffer, type Customer, type Seller } from '../../../../test/helpers/commerce.js';
import { meteringApi } from '../../../../test/helpers/openapi.js';

let t: TestApp;
let seller: Seller;
let other: Seller;
let buyer: Customer;
/** A Subscribed subscription of the metered plan, one pending, one of another publisher. */
let active: string;
let pending: string;
let foreign: string;
const openapi = meteringApi();
const seen = new Set<string>();

const metered = () =>
  flat('20.00', {
    pricing: {
      model: 'flatRate',
      billingTerms: [{ term: 'P1M', priceUsd: '20.00' }],
      dimensions: [
        { id: 'emails', displayName: 'Emails', unitOfMeasure: 'per 1000 emails', priceUsd: '1.50', included: { P1M: 10 } },
        { id: 'reports', displayName: 'Reports', unitOfMeasure: 'per report', priceUsd: '0.10', included: { P1M: 100 } },
        { id: 'storage', displayName: 'Storage', unitOfMeasure: 'per GB', priceUsd: '0.05', included: { P1M: 'unlimited' } },
      ],
    },
  });

async function call(s: Seller, method: 'GET' | 'POST', path: string, body?: unknown): Promise<LightMyRequestResponse> {
  const res = await s.api.call(method, path, body === undefined ? {} : { body });
  seen.add(openapi.check(method, path, res));
  return res;
}

async function subscribed(s: Seller, customer: Customer, planId: string, activate = true): Promise<string> {
  const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: customer.session.headers, payload: { accountId: s.pub.accountId, offerId: s.offerId, planId, termUnit: 'P1M', acceptTerms: true } });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  if (activate) expect((await s.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId } })).statusCode).toBe(200);
  return id;
}

const hoursAgo = (h: number) => new Date(t.clock.now().getTime() - h * 3_600_000).toISOString();
const event = (extra: Record<string, unknown> = {}) => ({ resourceId: active, quantity: 5, dimension: 'emails', effectiveStartTime: hoursAgo(1), planId: 'metered', ...extra });

beforeAll(async () => {
  t = await testApp();
  // The subscriptions are activated a day and a half before the events: usage before activation is refused.
  t.clock.set(new Date('2026-05-19T00:30:00Z'));
  const urls = { landing: 'https://isv.example/landing', webhook: 'https://isv.example/webhook' };
  seller = await liveSaasOffer(t, [{ planId: 'metered', pricing: metered() }, { planId: 'plain', pricing: flat('10.00') }], urls);
  other = await liveSaasOffer(t, [{ planId: 'metered', pricing: metered() }], urls);
  buyer = await createCustomer(t);
  active = await subscribed(seller, buyer, 'metered');
  pending = await subscribed(seller, buyer, 'metered', false);
  foreign = await subscribed(other, buyer, 'metered');
  t.clock.set(new Date('2026-05-20T12:30:00Z'));
});
afterAll(async () => t?.close());

describe('POST /api/usageEvent', () => {
  it('accepts an event once per resource, plan, dimension and hour: the second in the hour is a 409 quoting the first', async () => {
    const at = new Date('2026-05-20T08:15:00Z').toISOString();
    const first = await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: at, quantity: 2.5 }));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'Accepted', resourceId: active, quantity: 2.5, dimension: 'emails', planId: 'metered', effectiveStartTime: at });
    expect(first.json().messageTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const second = await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: '2026-05-20T08:45:00Z', quantity: 9 }));
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'Conflict', message: 'This usage event already exist.', additionalInfo: { acceptedMessage: { usageEventId: first.json().usageEventId, status: 'Duplicate', quantity: 2.5 } } });
    // Another hour, another dimension: separate buckets.
    expect((await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: '2026-05-20T09:00:00Z' }))).statusCode).toBe(200);
    expect((await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: at, dimension: 'reports' }))).statusCode).toBe(200);
  });

  it('enforces the 24-hour window by the marketplace clock, and refuses the future', async () => {
    const expired = await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: new Date(t.clock.now().getTime() - 24 * 3_600_000 - 1000).toISOString() }));
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'BadArgument', target: 'usageEventRequest', details: [{ code: 'Expired', target: 'EffectiveStartTime' }] });
    expect((await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: new Date(t.clock.now().getTime() - 24 * 3_600_000 + 60_000).toISOString(), dimension: 'reports' }))).statusCode).toBe(200);
    const future = await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }));
    expect(future.json().details[0]).toMatchObject({ code: 'BadArgument', target: 'EffectiveStartTime' });
  });

  it('refuses malformed and unacceptable events with the reason, and writes nothing', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ resourceId: undefined }, 400, 'BadArgument'],
      [{ resourceId: 'nope' }, 400, 'BadArgument'],
      [{ quantity: 0 }, 400, 'InvalidQuantity'],
      [{ quantity: -1 }, 400, 'InvalidQuantity'],
      [{ quantity: '5' }, 400, 'BadArgument'],
      [{ dimension: '' }, 400, 'BadArgument'],
      [{ dimension: 'unknown' }, 400, 'InvalidDimension'],
      [{ dimension: 'storage' }, 400, 'InvalidDimension'],
      [{ planId: 'plain' }, 400, 'BadArgument'],
      [{ effectiveStartTime: 'yesterday' }, 400, 'BadArgument'],
      [{ resourceId: '00000000-0000-4000-8000-000000000000' }, 400, 'ResourceNotFound'],
      [{ resourceId: pending }, 400, 'ResourceNotActive'],
      [{ resourceUri: '/subscriptions/x/resourceGroups/y', resourceId: undefined }, 400, 'BadArgument'],
    ];
    for (const [change, status, code] of cases) {
      const res = await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: hoursAgo(10), ...change }));
      expect(res.statusCode, `${JSON.stringify(change)} ${res.body}`).toBe(status);
      expect(res.json().details[0].code, JSON.stringify(change)).toBe(code);
    }
    // Usage from before the subscription was activated.
    const fresh = await subscribed(seller, buyer, 'metered');
    const early = await call(seller, 'POST', '/api/usageEvent', event({ resourceId: fresh, effectiveStartTime: hoursAgo(2) }));
    expect(early.json().details[0]).toMatchObject({ code: 'ResourceNotActive', target: 'EffectiveStartTime' });
    // None of them took the bucket of 10 hours ago.
    expect((await call(seller, 'POST', '/api/usageEvent', event({ effectiveStartTime: hoursAgo(10) }))).statusCode).toBe(200);
  });

  it("answers 403 for another publisher's resource", async () => {
    const res = await call(seller, 'POST', '/api/usageEvent', event({ resourceId: foreign }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'Forbidden' });
  });

  it('fifty identical events at once: one Accepted, 49 Duplicates', async () => {
    const body = event({ effectiveStartTime: hoursAgo(5) });
    const all = await Promise.all(Array.from({ length: 50 }, () => seller.api.call('POST', '/api/usageEvent', { body })));
    const codes = all.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const id = all.find((r) => r.statusCode === 200)!.json().usageEventId as string;
    expect(new Set(all.filter((r) => r.statusCode === 409).map((r) => r.json().additionalInfo.acceptedMessage.usageEventId))).toEqual(new Set([id]));
  });
});

describe('POST /api/batchUsageEvent', () => {
  it('judges each item on its own, in order, and catches duplicates inside the batch', async () => {
    const h = hoursAgo(7);
    const res = await call(seller, 'POST', '/api/batchUsageEvent', {
      request: [
        event({ effectiveStartTime: h }),
        event({ effectiveStartTime: h, quantity: 3 }),
        event({ effectiveStartTime: h, dimension: 'nope' }),
        event({ effectiveStartTime: hoursAgo(30) }),
        event({ effectiveStartTime: h, resourceId: foreign }),
        event({ effectiveStartTime: h, resourceId: pending }),
        event({ effectiveStartTime: h, quantity: 0 }),
        event({ effectiveStartTime: h, resourceId: '00000000-0000-4000-8000-000000000000' }),
        { quantity: 1 },
        event({ effectiveStartTime: h, dimension: 'reports' }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.count).toBe(10);
    expect(body.result.map((r: { status: string }) => r.status)).toEqual([
      'Accepted',
      'Duplicate',
      'InvalidDimension',
      'Expired',
      'ResourceNotAuthorized',
      'ResourceNotActive',
      'InvalidQuantity',
      'ResourceNotFound',
      'BadArgument',
      'Accepted',
    ]);
    expect(body.result[1]).toMatchObject({ quantity: 3, error: { code: 'Conflict', additionalInfo: { acceptedMessage: { usageEventId: body.result[0].usageEventId } } } });
    expect(body.result[2]).toMatchObject({ messageTime: '0001-01-01T00:00:00Z', error: { code: 'InvalidDimension' }, dimension: 'nope' });
  });

  it('takes at most 25 events', async () => {
    const many = Array.from({ length: 26 }, (_, i) => event({ effectiveStartTime: hoursAgo(i % 20), dimension: 'emails' }));
    const res = await call(seller, 'POST', '/api/batchUsageEvent', { request: many });
    expect(res.statusCode).toBe(400);
    expect((await call(seller, 'POST', '/api/batchUsageEvent', { request: many.slice(0, 25).map((e, i) => ({ ...e, effectiveStartTime: hoursAgo(i * 0.5 + 0.1) })) })).statusCode).toBe(200);
    expect((await call(seller, 'POST', '/api/batchUsageEvent', {})).statusCode).toBe(400);
  });
});

describe('GET /api/usageEvents', () => {
  it("gives the publisher's usage per day, resource and dimension", async () => {
    const res = await call(seller, 'GET', '/api/usageEvents?usageStartDate=2026-05-19');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json() as { usageDate: string; usageResourceId: string; dimension: string; submittedQuantity: number; submittedCount: number; reconStatus: string }[];
    expect(rows.every((r) => r.usageResourceId === active)).toBe(true);
    const may20 = rows.find((r) => r.usageDate === '2026-05-20T00:00:00.000Z' && r.dimension === 'emails')!;
    expect(may20.reconStatus).toBe('Accepted');
    expect(may20.submittedCount).toBeGreaterThan(2);
    const only = await call(seller, 'GET', '/api/usageEvents?usageStartDate=2026-05-19&dimension=disabled-later');
    expect((only.json() as { dimension: string }[]).every((r) => r.dimension === 'reports')).toBe(true);
    expect((await call(other, 'GET', '/api/usageEvents?usageStartDate=2026-05-19')).json()).toEqual([]);
    expect((await call(seller, 'GET', '/api/usageEvents')).statusCode).toBe(400);
    expect((await call(seller, 'GET', '/api/usageEvents?usageStartDate=2026-05-20&UsageEndDate=2026-05-01')).statusCode).toBe(400);
  });
});

describe("the portal's usage report", () => {
  it('shows the plan\'s dimensions, usage per day and the charges of each billing cycle', async () => {
    const url = `/api/accounts/${seller.pub.accountId}/subscriptions/${active}/usage?from=2026-05-01&to=2026-05-31`;
    const res = await t.app.inject({ url, headers: seller.pub.owner.headers });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ subscriptionId: active, planId: 'metered', currency: 'USD' });
    expect(report.dimensions.map((d: { id: string; pricePerUnit: string }) => [d.id, d.pricePerUnit])).toEqual([
      ['emails', '1.50'],
      ['reports', '0.10'],
      ['storage', '0.05'],
    ]);
    const emailsByDay = (report.days as { dimension: string; quantity: number }[]).filter((d) => d.dimension === 'emails').reduce((s, d) => s + d.quantity, 0);
    const emailLines = (report.cycles as { lines: { dimension: string; quantity: string; amount: string }[] }[]).flatMap((c) => c.lines.filter((l) => l.dimension === 'emails'));
    expect(emailLines.reduce((s, l) => s + Number(l.quantity), 0)).toBeCloseTo(emailsByDay, 6);
    for (const l of emailLines) expect(Number(l.amount)).toBeCloseTo(Number(l.quantity) * 1.5, 6);
    // The cycle is the subscription's month, from its activation day.
    expect(report.cycles).toHaveLength(1);
    expect(report.cycles[0]).toMatchObject({ start: '2026-05-19', end: '2026-06-18' });

    const list = await t.app.inject({ url: `/api/accounts/${seller.pub.accountId}/subscriptions?offerId=${seller.offerId}`, headers: seller.pub.owner.headers });
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([active, pending]));
    expect(list.json().items.map((s: { id: string }) => s.id)).not.toContain(foreign);
    expect((await t.app.inject({ url: `/api/accounts/${seller.pub.accountId}/subscriptions/${foreign}/usage`, headers: seller.pub.owner.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/accounts/${other.pub.accountId}/subscriptions/${active}/usage`, headers: seller.pub.owner.headers })).statusCode).toBe(403);
  });
});

describe('the OpenAPI file', () => {
  it('has had every operation called and validated by this file', () => {
    expect([...seen].sort()).toEqual([...new Set(openapi.operationIds)].sort());
  });
});
