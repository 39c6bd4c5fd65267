import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { newGuid } from '../../platform/ids.js';
import { findAnomaly } from './anomaly.store.js';
import { anomalyNotification } from './anomaly.service.js';

/**
 * The estimated financial impact of a flag in USD, at the operator's exchange rate of the flag's usage day, and the
 * "impact over N USD" filter: the same impact in EUR is over 100 USD on a day of a strong euro and under it on
 * another; flags without a price or a rate have no USD impact and never pass the filter.
 */

let t: TestApp;
let pub: Publisher;
let operator: Session;
const ids: Record<string, string> = {};

interface Flag {
  anomalyId: string;
  currency: string | null;
  estimatedFinancialImpact: string | null;
  estimatedImpactUsd: string | null;
  exchangeRate: { currency: string; rate: string; effectiveDate: string } | null;
}

async function flag(name: string, f: { date: string; observed: string; expected: string; price: string | null; currency: string | null; status?: string }): Promise<void> {
  const id = newGuid();
  ids[name] = id;
  const created = new Date(`${f.date}T00:00:00Z`);
  created.setUTCDate(created.getUTCDate() + 2);
  await sql`insert into metering_anomaly (anomaly_id, account_id, resource_id, offer_id, plan_id, dimension, usage_date, observed_quantity, expected_quantity,
              upper_bound, deviation, model, unit_price, currency, created_at, action_expires_at)
            values (${id}, ${pub.accountId}, ${newGuid()}, ${`offer-${name}`}, 'metered', 'calls', ${f.date}, ${f.observed}, ${f.expected}, ${f.expected}, 5, '{}',
              ${f.price}, ${f.currency}, ${created}, ${new Date(created.getTime() + 30 * 86_400_000)})`.execute(t.database.db);
}

const list = async (query = '') => {
  const res = await t.app.inject({ url: `/api/accounts/${pub.accountId}/metering/anomalies${query}`, headers: pub.owner.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Flag[] }>().items;
};
const byName = (items: Flag[]) => Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, items.find((f) => f.anomalyId === id)]));
const names = (items: Flag[]) => items.map((f) => Object.entries(ids).find(([, id]) => id === f.anomalyId)![0]).sort();

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops@${pub.publisherId}.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops@${pub.publisherId}.example`);
  // 0.9 EUR per USD from 2030-05-01, 1.25 from 2030-05-03 (the rate of 2030-05-02 is still 0.9).
  for (const [date, rates] of [
    ['2030-05-01', { EUR: '0.9', JPY: '150' }],
    ['2030-05-03', { EUR: '1.25' }],
  ] as const) {
    const res = await t.app.inject({ method: 'PUT', url: `/api/admin/exchange-rates/${date}`, headers: operator.headers, payload: { rates } });
    expect(res.statusCode, res.body).toBe(200);
  }
  // 100 EUR of impact each: (1000 − 900) × 1.
  await flag('eurWeak', { date: '2030-05-03', observed: '1000', expected: '900', price: '1', currency: 'EUR' });
  await flag('eurStrong', { date: '2030-05-02', observed: '1000', expected: '900', price: '1', currency: 'EUR' });
  // 0.1 of a unit at 0.00015 per unit: tiny, in JPY.
  await flag('jpy', { date: '2030-05-02', observed: '2000000', expected: '1000000.5', price: '0.015', currency: 'JPY' });
  // Exactly 100 USD: (250 − 50) × 0.5.
  await flag('usd100', { date: '2030-05-04', observed: '250', expected: '50', price: '0.5', currency: 'USD' });
  // No rate for the currency, and no price at all.
  await flag('noRate', { date: '2030-05-04', observed: '1000000', expected: '1', price: '10', currency: 'XTS' });
  await flag('noPrice', { date: '2030-05-04', observed: '1000000', expected: '1', price: null, currency: null });
});
afterAll(async () => t?.close());

describe('the estimated impact in USD', () => {
  it('converts the impact at the rate in force on the usage day, with exact decimals', async () => {
    const f = byName(await list());
    expect(f.eurStrong).toMatchObject({ currency: 'EUR', estimatedFinancialImpact: '100.00', estimatedImpactUsd: '111.11', exchangeRate: { currency: 'EUR', rate: '0.9', effectiveDate: '2030-05-01' } });
    expect(f.eurWeak).toMatchObject({ currency: 'EUR', estimatedFinancialImpact: '100.00', estimatedImpactUsd: '80.00', exchangeRate: { currency: 'EUR', rate: '1.25', effectiveDate: '2030-05-03' } });
    // 999999.5 × 0.015 = 14999.9925 JPY (shown 15000) / 150 = 99.99995 USD (shown 100.00)
    expect(f.jpy).toMatchObject({ estimatedFinancialImpact: '15000', estimatedImpactUsd: '100.00', exchangeRate: { currency: 'JPY', rate: '150' } });
    expect(f.usd100).toMatchObject({ estimatedFinancialImpact: '100.00', estimatedImpactUsd: '100.00', exchangeRate: { currency: 'USD', rate: '1' } });
    expect(f.noRate).toMatchObject({ estimatedFinancialImpact: '9999990.00', estimatedImpactUsd: null, exchangeRate: null });
    expect(f.noPrice).toMatchObject({ estimatedFinancialImpact: null, estimatedImpactUsd: null, exchangeRate: null });
  });

  it('"over 100 USD" compares the exact amount: strictly above, rate of the day, priced flags with a rate only', async () => {
    expect(names(await list('?impactOverUsd=100'))).toEqual(['eurStrong']);
    // Exactly 100 USD is not over 100; the JPY flag's 99.99995 USD (shown 100.00) is over 99.9999, not over 99.99996.
    expect(names(await list('?impactOverUsd=99.99996'))).toEqual(['eurStrong', 'usd100']);
    expect(names(await list('?impactOverUsd=99.9999'))).toEqual(['eurStrong', 'jpy', 'usd100']);
    expect(names(await list('?impactOverUsd=0'))).toEqual(['eurStrong', 'eurWeak', 'jpy', 'usd100']);
    // Paging counts the matching flags only (newest usage day first).
    expect(names(await list('?impactOverUsd=0&top=2'))).toEqual(['eurWeak', 'usd100']);
    expect(names(await list('?impactOverUsd=0&top=2&skip=2'))).toEqual(['eurStrong', 'jpy']);
    expect(await list('?impactOverUsd=0&skip=4')).toEqual([]);
    // With the other filters.
    expect(names(await list('?impactOverUsd=50&offerId=offer-eurWeak'))).toEqual(['eurWeak']);
    expect(await list('?impactOverUsd=50&status=anomaly')).toEqual([]);
  });

  it("the publisher's notification states the impact in its currency and in USD", async () => {
    const row = (await findAnomaly(t.database.db, pub.accountId, ids.eurStrong!))!;
    const note = await anomalyNotification(t.database.db, row, new Map());
    expect(note).toMatchObject({
      accountId: pub.accountId,
      kind: 'anomalyDetected',
      subject: 'Usage anomaly: calls of offer-eurStrong on 2030-05-02',
      link: `/partner/usage/anomalies?anomalyId=${ids.eurStrong}`,
      dedupeKey: `anomaly:${ids.eurStrong}`,
      data: { anomalyId: ids.eurStrong, currency: 'EUR', estimatedImpact: '100.00', estimatedImpactUsd: '111.11', reportedQuantity: '1000', expectedQuantity: '900', usageDate: '2030-05-02' },
    });
    expect(note.body).toContain('Estimated impact: 100.00 EUR (about 111.11 USD)');
    expect(note.body).toContain('Reported: 1000\nExpected: 900 (range up to 900)');
    expect(note.body).toContain('By 2030-06-03, mark it as an anomaly');
    const noPrice = await anomalyNotification(t.database.db, (await findAnomaly(t.database.db, pub.accountId, ids.noPrice!))!, new Map());
    expect(noPrice.body).not.toContain('Estimated impact');
    expect(noPrice.data).toMatchObject({ estimatedImpact: null, estimatedImpactUsd: null });
  });
});
