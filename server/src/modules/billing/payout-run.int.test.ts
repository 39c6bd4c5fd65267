import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { createCustomer, flat, liveSaasOffer, type Seller } from '../../../../test/helpers/commerce.js';
import type { Executor } from '../../platform/db/index.js';
import type { PayoutRunResult } from './index.js';

/**
 * A payout run is one transaction (ADR 0018): a crash after some payouts were written leaves nothing behind — no
 * run, no payout, no statement line, no carried-forward record, every earning still available — and the rerun pays
 * exactly what an undisturbed run pays. Concurrent runs of a month create it once.
 */

let t: TestApp;
let operator: Session;
let x: Seller; // paid in EUR
let y: Seller; // paid in USD
let z: Seller; // no profiles: carried forward

class Crash extends Error {}

async function profiles(pub: Publisher, country: 'DE' | 'US') {
  const de = country === 'DE';
  const steps = [
    await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${pub.accountId}/tax-profile`,
      headers: pub.owner.headers,
      payload: de
        ? { entityType: 'Business', legalName: 'X GmbH', countryOfResidence: 'DE', address: { line1: 'Weg 2', city: 'Bonn', postalCode: '53111' }, taxForm: 'W-8BEN-E', treatyClaim: { country: 'DE', rate: '0' } }
        : { entityType: 'Business', legalName: 'Y Inc.', countryOfResidence: 'US', address: { line1: '2 Main St', city: 'Austin', region: 'TX', postalCode: '73301' }, taxForm: 'W-9', taxId: '12-3456789' },
    }),
    await t.app.inject({ method: 'POST', url: `/api/admin/accounts/${pub.accountId}/tax-profile/validate`, headers: operator.headers, payload: {} }),
    await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${pub.accountId}/payout-profile`,
      headers: pub.owner.headers,
      payload: de
        ? { payoutCurrency: 'EUR', bankAccount: { country: 'DE', accountHolderName: 'X GmbH', iban: 'DE89370400440532013000' } }
        : { payoutCurrency: 'USD', bankAccount: { country: 'US', accountHolderName: 'Y Inc.', routingNumber: '021000021', accountNumber: '987654321', accountType: 'checking' } },
    }),
    await t.app.inject({ method: 'POST', url: `/api/admin/accounts/${pub.accountId}/payout-profile/verify`, headers: operator.headers, payload: {} }),
  ];
  for (const s of steps) expect(s.statusCode, s.body).toBeLessThan(300);
}

async function state() {
  const r = await sql<{ runs: number; payouts: number; lines: number; carries: number; paid: number; available: number }>`
    select (select count(*)::int from billing_payout_run) as runs, (select count(*)::int from billing_payout) as payouts,
           (select count(*)::int from billing_payout_line) as lines, (select count(*)::int from billing_payout_carry) as carries,
           (select count(*)::int from billing_earning where status = 'paid' or payout_id is not null) as paid,
           (select count(*)::int from billing_earning where status = 'available' and payout_id is null) as available`.execute(t.database.db);
  return r.rows[0]!;
}

/** What a run decided, without ids and times: per account, the payout or the carry, and each statement line. */
function decisions(result: PayoutRunResult) {
  return {
    payouts: result.payouts.map(({ payoutId: _id, ...rest }) => rest).sort((a, b) => a.accountId.localeCompare(b.accountId)),
    carried: [...result.carriedForward].sort((a, b) => a.accountId.localeCompare(b.accountId)),
  };
}

async function lines(db: Executor) {
  const r = await sql<Record<string, unknown>>`
    select p.account_id, l.line_no, l.earning_id, l.market, l.rate::text, l.base::text, l.amount::text, l.withholding::text
      from billing_payout_line l join billing_payout p using (payout_id) order by p.account_id, l.line_no`.execute(db);
  return r.rows;
}

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date('2026-03-10T09:00:00Z'));
  const urls = { landing: 'https://isv.example/landing', webhook: 'http://127.0.0.1:9/webhook' };
  [x, y, z] = [
    await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('80.00', { markets: ['US', 'DE'] }) }], urls),
    await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('120.00', { markets: ['US', 'DE'] }) }], urls),
    await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('60.00', { markets: ['US', 'DE'] }) }], urls),
  ];
  const org = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops${Date.now()}@agora.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, org.user.objectId);
  operator = await signIn(t.app, org.user.email);
  await profiles(x.pub, 'DE');
  await profiles(y.pub, 'US');
  const customer = await createCustomer(t);
  const german = await createCustomer(t);
  for (const [seller, who, market] of [
    [x, customer, 'US'],
    [x, german, 'DE'],
    [y, customer, 'US'],
    [y, german, 'DE'],
    [z, customer, 'US'],
  ] as const) {
    const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: who.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'basic', termUnit: 'P1M', market, acceptTerms: true } });
    expect(p.statusCode, p.body).toBe(201);
    expect((await seller.api.call('POST', `/api/saas/subscriptions/${p.json().subscriptionId as string}/activate`, { body: { planId: 'basic' } })).statusCode).toBe(200);
  }
  t.clock.set(new Date('2026-04-02T02:00:00Z'));
  unwrap(await t.database.db.transaction().execute((tx) => t.services.billing.runBilling(tx, '2026-03')));
  await t.runner.drain(); // collection: the invoices are paid
  t.clock.set(new Date('2026-05-01T00:00:00Z'));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('a payout run is all or nothing', () => {
  let rehearsal: { decided: ReturnType<typeof decisions>; lines: Record<string, unknown>[] };

  it('an undisturbed run, rolled back, says what the run pays', async () => {
    const before = await state();
    expect(before).toMatchObject({ runs: 0, payouts: 0, paid: 0, available: 5 });
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        const result = unwrap(await t.services.billing.runPayouts(tx, '2026-05'));
        rehearsal = { decided: decisions(result), lines: await lines(tx) };
        throw new Crash('rehearsal');
      }),
    ).rejects.toBeInstanceOf(Crash);
    expect(rehearsal.decided.payouts.map((p) => [p.accountId, p.currency, p.earnings])).toEqual(
      [
        [x.pub.accountId, 'EUR', 2],
        [y.pub.accountId, 'USD', 2],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(rehearsal.decided.carried).toEqual([{ accountId: z.pub.accountId, reason: 'NoTaxProfile', currency: null, total: null, threshold: null, earnings: 1 }]);
    expect(rehearsal.lines).toHaveLength(4);
    expect(await state()).toEqual(before);
  });

  it('a crash after the first payout was written leaves nothing: no run, payout, line or carry; the earnings stay available', async () => {
    const before = await state();
    let written = 0;
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await t.services.billing.runPayouts(tx, '2026-05', {
          trigger: 'schedule',
          afterPayout: async (inner, payout) => {
            written++;
            // The payout is in the transaction when the crash comes.
            const seen = await sql<{ n: number }>`select count(*)::int as n from billing_payout_line where payout_id = ${payout.payoutId}`.execute(inner);
            expect(seen.rows[0]!.n).toBe(2);
            if (written === 2) throw new Crash('power cut');
          },
        });
      }),
    ).rejects.toBeInstanceOf(Crash);
    expect(written).toBe(2);
    expect(await state()).toEqual(before);
    expect((await t.app.inject({ url: '/api/admin/payouts/runs', headers: operator.headers })).json().items).toEqual([]);
  });

  it('the rerun produces the identical result, and concurrent runs create the month once', async () => {
    const [first, second] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/admin/payouts/runs', headers: operator.headers, payload: { month: '2026-05' } }),
      t.app.inject({ method: 'POST', url: '/api/admin/payouts/runs', headers: operator.headers, payload: { month: '2026-05' } }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect([first.json().created, second.json().created].sort()).toEqual([false, true]);
    expect(first.json().run.runId).toBe(second.json().run.runId);
    const result = (first.json().created ? first : second).json() as PayoutRunResult;
    expect(decisions(result)).toEqual(rehearsal.decided);
    expect(await lines(t.database.db)).toEqual(rehearsal.lines);
    expect(await state()).toMatchObject({ runs: 1, payouts: 2, lines: 4, carries: 1, paid: 4, available: 1 });
  });
});
