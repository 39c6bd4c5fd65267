import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient, completeSaasTabs } from '../../../../test/helpers/catalog.js';
import { createCustomer, flat, liveSaasOffer, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';

/**
 * Payouts through the API (ADR 0018): the monthly run on the 15th pays earnings whose invoice was paid before the
 * month began, converted into the payout currency at the rates of each purchase day, with withholding on US sales;
 * accounts without profiles, on hold, below the threshold or with a negative balance are carried forward with the
 * reason; a month runs once; statements and CSV exports; the publisher's earnings pages (finance.read only); the
 * store fee waiver of test purchases.
 */

let t: TestApp;
let hooks: WebhookReceiver;
let operator: Session;
let a: Seller; // Contoso GmbH: DE, W-8BEN-E (30% on US sales), paid in EUR
let b: Seller; // no tax or payout profile
let c: Seller; // Fabrikam Inc.: US, W-9, paid in USD
let us: Customer;
let de: Customer;
let jp: Customer;
let tester: Customer;
/** A's offer in preview only: its preview audience (tester@contoso.example) makes test purchases. */
let previewOfferId: string;
const subs: Record<string, string> = {};

const MARKETS = { markets: ['US', 'DE', 'JP'] };

/** Moves the business clock to `iso` a day at a time, running what falls due each day (renewals on their day, billing on the 2nd). */
async function at(iso: string) {
  const target = new Date(iso).getTime();
  for (let next = t.clock.now().getTime() + 86_400_000; next < target; next += 86_400_000) {
    t.clock.set(new Date(next));
    await t.runner.drain();
  }
  t.clock.set(new Date(target));
  await t.runner.drain();
}

async function subscribe(seller: Seller, customer: Customer, planId: string, market: string, termUnit: 'P1M' | 'P1Y' = 'P1M', offerId = seller.offerId): Promise<string> {
  const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: customer.session.headers, payload: { accountId: seller.pub.accountId, offerId, planId, termUnit, market, acceptTerms: true } });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  const activated = await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId } });
  expect(activated.statusCode, activated.body).toBe(200);
  return id;
}

async function previewOffer(seller: Seller, urls: { landing: string; webhook: string }): Promise<string> {
  const offer = await OfferClient.create(t, seller.pub);
  const media = await offer.uploadMedia();
  for (const [tab, value] of Object.entries(completeSaasTabs(seller.app, urls, media))) expect((await offer.saveTab(tab, value)).statusCode).toBe(200);
  expect((await offer.createPlan('basic', 'Basic')).statusCode).toBe(201);
  expect((await offer.savePlan('basic', 'listing', { name: 'Basic', description: 'Basic.' })).statusCode).toBe(200);
  expect((await offer.savePlan('basic', 'pricingAndAvailability', flat('100.00', MARKETS))).statusCode).toBe(200);
  await t.database.db.transaction().execute(async (trx) => {
    const found = unwrap(await t.services.catalog.offerForPublishing(trx, seller.pub.accountId, offer.offerId));
    const snapshot = unwrap(await t.services.catalog.freezeDraft(trx, found.offerUid));
    await t.services.catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
  });
  return offer.offerId;
}

async function profiles(pub: Publisher, country: 'DE' | 'US') {
  const tax =
    country === 'DE'
      ? { entityType: 'Business', legalName: 'Contoso GmbH', countryOfResidence: 'DE', address: { line1: 'Hauptstrasse 1', city: 'Berlin', postalCode: '10115' }, taxForm: 'W-8BEN-E' }
      : { entityType: 'Business', legalName: 'Fabrikam Inc.', countryOfResidence: 'US', address: { line1: '1 Main St', city: 'Seattle', region: 'WA', postalCode: '98101' }, taxForm: 'W-9', taxId: '12-3456789' };
  const payout =
    country === 'DE'
      ? { payoutCurrency: 'EUR', bankAccount: { country: 'DE', accountHolderName: 'Contoso GmbH', iban: 'DE89370400440532013000' } }
      : { payoutCurrency: 'USD', bankAccount: { country: 'US', accountHolderName: 'Fabrikam Inc.', routingNumber: '021000021', accountNumber: '123456789', accountType: 'checking' } };
  const steps = [
    await t.app.inject({ method: 'PUT', url: `/api/accounts/${pub.accountId}/tax-profile`, headers: pub.owner.headers, payload: tax }),
    await t.app.inject({ method: 'POST', url: `/api/admin/accounts/${pub.accountId}/tax-profile/validate`, headers: operator.headers, payload: {} }),
    await t.app.inject({ method: 'PUT', url: `/api/accounts/${pub.accountId}/payout-profile`, headers: pub.owner.headers, payload: payout }),
    await t.app.inject({ method: 'POST', url: `/api/admin/accounts/${pub.accountId}/payout-profile/verify`, headers: operator.headers, payload: {} }),
  ];
  for (const s of steps) expect(s.statusCode, s.body).toBeLessThan(300);
}

const admin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => t.app.inject({ method, url, headers: operator.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const portal = (pub: Publisher, url: string, session: Session = pub.owner) => t.app.inject({ url: `/api/accounts/${pub.accountId}${url}`, headers: session.headers });

async function member(pub: Publisher, roles: string[]): Promise<Session> {
  const email = `m${Math.random().toString(36).slice(2, 9)}@${pub.publisherId}.example`;
  const user = unwrap(await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: 'Member', password: STRONG_PASSWORD }));
  const added = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.objectId], roles } });
  expect(added.statusCode, added.body).toBe(204);
  return signIn(t.app, email);
}

async function counts() {
  const r = await sql<{ runs: number; payouts: number; lines: number; carries: number; paid: number }>`
    select (select count(*)::int from billing_payout_run) as runs, (select count(*)::int from billing_payout) as payouts,
           (select count(*)::int from billing_payout_line) as lines, (select count(*)::int from billing_payout_carry) as carries,
           (select count(*)::int from billing_earning where status = 'paid') as paid`.execute(t.database.db);
  return r.rows[0]!;
}

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date('2026-03-10T09:30:00Z'));
  hooks = await new WebhookReceiver().start();
  const urls = { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` };
  a = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('100.00', MARKETS) }], urls);
  b = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('100.00', MARKETS) }], urls);
  c = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('100.00', MARKETS) }], urls);
  previewOfferId = await previewOffer(a, urls);
  const org = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops${Date.now()}@agora.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, org.user.objectId);
  operator = await signIn(t.app, org.user.email);
  // From the 11th on, 0.90 EUR and 150 JPY per USD (prices were converted and locked at publishing: 85.50 EUR, 14700 JPY).
  expect((await admin('PUT', '/api/admin/exchange-rates/2026-03-11', { rates: { EUR: '0.90', JPY: '150' } })).statusCode).toBe(200);
  await t.services.billing.scheduleBillingRun();
  [us, de, jp] = [await createCustomer(t), await createCustomer(t), await createCustomer(t)];
  const testerOrg = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Contoso QA', email: 'tester@contoso.example', displayName: 'Tester', password: STRONG_PASSWORD }));
  tester = { tenantId: testerOrg.tenant.tenantId, userId: testerOrg.user.objectId, email: 'tester@contoso.example', session: await signIn(t.app, 'tester@contoso.example') };
}, 120_000);
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

describe('the monthly payout run', () => {
  it('March: sales in USD, EUR and JPY, a publisher without profiles, an annual purchase', async () => {
    subs.usA = await subscribe(a, us, 'basic', 'US'); // 2026-03-10: 100.00 USD, EUR at 0.855
    subs.usB = await subscribe(b, us, 'basic', 'US');
    await at('2026-03-12T10:00:00Z');
    subs.deA = await subscribe(a, de, 'basic', 'DE'); // 85.50 EUR
    subs.jpA = await subscribe(a, jp, 'basic', 'JP'); // 14700 JPY, at 150 JPY and 0.90 EUR per USD
    await at('2026-03-30T10:00:00Z');
    subs.usC = await subscribe(c, us, 'basic', 'US', 'P1Y'); // 1000.00 USD
    await profiles(a.pub, 'DE');
    await profiles(c.pub, 'US');
  });

  it('the run of a month is due on the 15th at 02:00 UTC; April pays nothing: the March invoices were paid on April 2', async () => {
    await at('2026-04-02T01:00:00Z'); // billing: March invoices, collected at once
    await at('2026-04-05T10:00:00Z');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${subs.usC}`, headers: us.session.headers })).statusCode).toBe(200); // refunded: 6 days into the year
    await at('2026-04-15T01:59:00Z');
    expect((await admin('GET', '/api/admin/payouts/runs')).json().items.map((r: { month: string }) => r.month)).toEqual(['2026-03']);
    await at('2026-04-15T02:00:00Z');
    const [april] = (await admin('GET', '/api/admin/payouts/runs')).json().items;
    expect(april).toMatchObject({ month: '2026-04', trigger: 'schedule', cutOff: '2026-04-01T00:00:00.000Z', payoutDate: '2026-04-15', payouts: 0, carriedForward: 0, threshold: { amount: '50.00', currency: 'USD' } });
  });

  it('May pays: converted at the purchase day’s rates, 30% withheld on US sales of a W-8BEN-E, none on a W-9; no profile → carried forward', async () => {
    await at('2026-05-15T02:00:00Z');
    const [may] = (await admin('GET', '/api/admin/payouts/runs')).json().items;
    expect(may).toMatchObject({ month: '2026-05', payouts: 2, carriedForward: 1 });
    const detail = (await admin('GET', `/api/admin/payouts/runs/${may.runId}`)).json();
    expect(detail.carriedForward).toEqual([{ accountId: b.pub.accountId, reason: 'NoTaxProfile', currency: null, total: null, threshold: null, earnings: 1 }]);
    // 97.00 USD × 0.855 = 82.935 → 82.94 EUR (30% withheld: 24.88); 85.50 − 2.57 = 82.93 EUR; 14259 JPY × 0.90 / 150 = 85.554 → 85.55 EUR
    expect(detail.payouts).toEqual(
      expect.arrayContaining([
        { payoutId: expect.any(String), accountId: a.pub.accountId, currency: 'EUR', amount: '251.42', withholding: '24.88', total: '226.54', earnings: 3 },
        { payoutId: expect.any(String), accountId: c.pub.accountId, currency: 'USD', amount: '970.00', withholding: '0.00', total: '970.00', earnings: 1 },
      ]),
    );
  });

  it('running a month again adds nothing and answers the first run', async () => {
    const before = await counts();
    const again = await admin('POST', '/api/admin/payouts/runs', { month: '2026-05' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: false, run: { month: '2026-05', trigger: 'schedule', payouts: 2, carriedForward: 1 } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a month that has not begun and a malformed month, in the error envelope', async () => {
    const future = await admin('POST', '/api/admin/payouts/runs', { month: '2026-06' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'ValidationFailed', target: 'month' });
    expect((await admin('POST', '/api/admin/payouts/runs', { month: '2026-6' })).statusCode).toBe(400);
    const customer = await t.app.inject({ method: 'POST', url: '/api/admin/payouts/runs', headers: us.session.headers, payload: { month: '2026-05' } });
    expect(customer.statusCode).toBe(403);
  });

  it('June: a hold set in May holds June’s payout; a refund after a payout leaves a negative balance, carried forward', async () => {
    await at('2026-05-20T10:00:00Z');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/accounts/${a.pub.accountId}/payout-profile`, headers: a.pub.owner.headers, payload: { holdPayment: true } })).statusCode).toBe(200);
    subs.w1 = await subscribe(a, tester, 'basic', 'US', 'P1M', previewOfferId); // test purchases (the preview audience)
    await at('2026-05-21T10:00:00Z');
    subs.w2 = await subscribe(a, tester, 'basic', 'US', 'P1M', previewOfferId);
    await at('2026-06-05T10:00:00Z');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/accounts/${a.pub.accountId}/payout-profile`, headers: a.pub.owner.headers, payload: { holdPayment: false } })).statusCode).toBe(200);
    await at('2026-06-15T02:00:00Z');
    const [june] = (await admin('GET', '/api/admin/payouts/runs')).json().items;
    expect(june).toMatchObject({ month: '2026-06', payouts: 0, carriedForward: 3 });
    const carried = (await admin('GET', `/api/admin/payouts/runs/${june.runId}`)).json().carriedForward;
    // A's April renewals: 97 USD at 0.90 = 87.30 (26.19 withheld), 82.93, 85.55 → 255.78 − 26.19
    expect(carried).toEqual(
      expect.arrayContaining([
        { accountId: a.pub.accountId, reason: 'PayoutHold', currency: 'EUR', total: '229.59', threshold: null, earnings: 3 },
        { accountId: b.pub.accountId, reason: 'NoTaxProfile', currency: null, total: null, threshold: null, earnings: 2 },
        { accountId: c.pub.accountId, reason: 'NegativeBalance', currency: 'USD', total: '-970.00', threshold: '50.00', earnings: 1 },
      ]),
    );
    const notices = (await portal(a.pub, '/payouts')).json().carriedForward;
    expect(notices[0]).toMatchObject({ month: '2026-06', reason: 'PayoutHold', total: '229.59', currency: 'EUR' });
  });
});

describe('test purchases: the store fee waived on a ticket opened within 7 days', () => {
  it('waives the fee of a test purchase’s earnings: net = gross, the fee it had kept', async () => {
    const res = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w1, ticketOpenedAt: '2026-05-26T10:00:00Z', note: 'Ticket 4711' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      subscriptionId: subs.w1,
      accountId: a.pub.accountId,
      purchaseDate: '2026-05-20',
      note: 'Ticket 4711',
      paidOutBefore: 0,
      earnings: [{ transactionDate: '2026-05-20', currency: 'USD', gross: '100.00', feeBefore: '3.00', fee: '0.00', net: '100.00' }],
    });
    const tx = (await portal(a.pub, `/transactions?status=available&from=2026-05-20&to=2026-05-21`)).json().items;
    expect(tx.map((e: { subscriptionId: string; fee: string; net: string; feeWaived: boolean; isTest: boolean }) => [e.subscriptionId, e.fee, e.net, e.feeWaived, e.isTest])).toEqual([
      [subs.w2, '3.00', '97.00', false, true],
      [subs.w1, '0.00', '100.00', true, true],
    ]);
  });

  it('409 when asked twice, after the 7 days, for a purchase that is not a test; 400/404 for bad input', async () => {
    const twice = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w1, ticketOpenedAt: '2026-05-26T10:00:00Z' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'AlreadyWaived']);
    const late = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w2, ticketOpenedAt: '2026-05-29T10:00:00Z' }); // 8 days after the 21st
    expect([late.statusCode, late.json().error.code, late.json().error.target]).toEqual([409, 'WaiverWindowClosed', 'ticketOpenedAt']);
    const notTest = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.usA });
    expect([notTest.statusCode, notTest.json().error.code]).toEqual([409, 'NotATestPurchase']);
    const future = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w2, ticketOpenedAt: '2026-07-01T00:00:00Z' });
    expect([future.statusCode, future.json().error.target]).toEqual([400, 'ticketOpenedAt']);
    const before = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w2, ticketOpenedAt: '2026-05-20T00:00:00Z' });
    expect([before.statusCode, before.json().error.target]).toEqual([400, 'ticketOpenedAt']);
    expect((await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: 'nope' })).statusCode).toBe(400);
    expect((await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});

describe('the threshold', () => {
  it('is 50 USD by default; an operator sets it, validated', async () => {
    expect((await admin('GET', '/api/admin/payouts/threshold')).json()).toEqual({ amount: '50', currency: 'USD', isDefault: true, updatedAt: null });
    for (const bad of [{ amount: '-5', currency: 'USD' }, { amount: '10.001', currency: 'USD' }, { amount: '10', currency: 'XYZ' }, { amount: 'ten', currency: 'USD' }]) {
      const res = await admin('PUT', '/api/admin/payouts/threshold', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('ValidationFailed');
    }
    const set = await admin('PUT', '/api/admin/payouts/threshold', { amount: '1000', currency: 'usd' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ amount: '1000', currency: 'USD', isDefault: false });
  });

  it('July: a total below the threshold (converted on the payout day) is carried forward', async () => {
    await at('2026-07-15T02:00:00Z');
    const [july] = (await admin('GET', '/api/admin/payouts/runs')).json().items;
    expect(july).toMatchObject({ month: '2026-07', payouts: 0, threshold: { amount: '1000.00', currency: 'USD' } });
    const carried = (await admin('GET', `/api/admin/payouts/runs/${july.runId}`)).json().carriedForward;
    // April and May renewals (2 × 229.59) + the test purchases: 100 USD → 90.00 (27.00 withheld), 97 → 87.30 (26.19)
    expect(carried.find((x: { accountId: string }) => x.accountId === a.pub.accountId)).toEqual({ accountId: a.pub.accountId, reason: 'BelowThreshold', currency: 'EUR', total: '583.29', threshold: '900.00', earnings: 8 });
  });

  it('August: back at 50 USD, everything carried forward is paid in one statement', async () => {
    expect((await admin('PUT', '/api/admin/payouts/threshold', { amount: '50.00', currency: 'USD' })).statusCode).toBe(200);
    await at('2026-08-15T02:00:00Z');
    const payouts = (await portal(a.pub, '/payouts')).json();
    expect(payouts.items.map((p: { month: string }) => p.month)).toEqual(['2026-08', '2026-05']);
    const [aug] = payouts.items;
    // April, May and June renewals of 3 subscriptions, the 2 test purchases and their June renewals
    expect(aug).toMatchObject({ currency: 'EUR', earnings: 13, bankReference: expect.stringContaining('3000'), withholdingRate: '30.00' });
    const s = (await portal(a.pub, `/payouts/${aug.payoutId}`)).json();
    expect(s.lines).toHaveLength(13);
    const sum = (k: 'amount' | 'withholding') => s.lines.reduce((acc: number, l: Record<string, string>) => acc + Math.round(Number(l[k]) * 100), 0) / 100;
    expect(sum('amount').toFixed(2)).toBe(s.totals.amount);
    expect(sum('withholding').toFixed(2)).toBe(s.totals.withholding);
    expect((Number(s.totals.amount) - Number(s.totals.withholding)).toFixed(2)).toBe(s.total);
    const waived = s.lines.find((l: { subscriptionId: string; transactionDate: string }) => l.subscriptionId === subs.w1 && l.transactionDate === '2026-05-20');
    expect(waived).toMatchObject({ gross: '100.00', fee: '0.00', net: '100.00', currency: 'USD', market: 'US', rate: '0.9', amount: '90.00', withholding: '27.00', isTest: true });
    const jpy = s.lines.find((l: { currency: string }) => l.currency === 'JPY');
    expect(jpy).toMatchObject({ gross: '14700', fee: '441', net: '14259', rate: '0.006', customerUsdRate: '150', payoutUsdRate: '0.9', amount: '85.55', withholding: '0.00', market: 'JP' });
    expect(s.totals.byCurrency.map((x: { currency: string }) => x.currency)).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('a test purchase already paid out keeps its fee (409)', async () => {
    const res = await admin('POST', '/api/admin/payouts/fee-waivers', { subscriptionId: subs.w2, ticketOpenedAt: '2026-05-22T08:00:00Z' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'AlreadyPaidOut']);
  });
});

describe('statements and earnings in the portal', () => {
  it('the May statement has every earning with its invoice line, rate and withholding, and totals', async () => {
    const may = (await portal(a.pub, '/payouts')).json().items.find((p: { month: string }) => p.month === '2026-05');
    const s = (await portal(a.pub, `/payouts/${may.payoutId}`)).json();
    expect(s).toMatchObject({ month: '2026-05', payoutDate: '2026-05-15', currency: 'EUR', amount: '251.42', withholding: '24.88', total: '226.54', withholdingRate: '30.00' });
    // Lines are in transaction-date, invoice number and line order (the DE and JP invoices' numbers follow their tenants).
    const rows = s.lines.map((l: Record<string, string>) => [l.transactionDate, l.market, l.currency, l.gross, l.fee, l.net, l.rate, l.amount, l.withholding]);
    expect(rows[0][0]).toBe('2026-03-10');
    expect([...rows].sort((x: string[], y: string[]) => `${x[0]}${x[2]}`.localeCompare(`${y[0]}${y[2]}`))).toEqual([
      ['2026-03-10', 'US', 'USD', '100.00', '3.00', '97.00', '0.855', '82.94', '24.88'],
      ['2026-03-12', 'DE', 'EUR', '85.50', '2.57', '82.93', '1', '82.93', '0.00'],
      ['2026-03-12', 'JP', 'JPY', '14700', '441', '14259', '0.006', '85.55', '0.00'],
    ]);
    expect(s.lines[0]).toMatchObject({ customerTenantId: us.tenantId, offerId: a.offerId, planId: 'basic', invoiceNumber: expect.stringMatching(/^AG-2026-\d{6}$/), kind: 'recurring' });
    expect(s.lines[0].invoiceLine).toBeGreaterThanOrEqual(1);
    expect(s.totals).toEqual({
      byCurrency: [
        { currency: 'EUR', earnings: 1, gross: '85.50', fee: '2.57', net: '82.93', taxToPublisher: '0.00' },
        { currency: 'JPY', earnings: 1, gross: '14700', fee: '441', net: '14259', taxToPublisher: '0' },
        { currency: 'USD', earnings: 1, gross: '100.00', fee: '3.00', net: '97.00', taxToPublisher: '0.00' },
      ],
      amount: '251.42',
      withholding: '24.88',
      total: '226.54',
    });

    const csv = await portal(a.pub, `/payouts/${may.payoutId}/statement.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="payout-2026-05-/);
    const csvRows = csv.body.trimEnd().split('\r\n');
    expect(csvRows).toHaveLength(4);
    expect(csvRows[0]!.split(',')).toContain('withholding');
    expect(csvRows[1]).toContain(',2026-03-10,');
    expect(csvRows[1]!.endsWith(',EUR,82.94,24.88')).toBe(true);
  });

  it("another account's payout is not found; a malformed id is not found", async () => {
    const may = (await portal(c.pub, '/payouts')).json().items[0];
    const res = await portal(a.pub, `/payouts/${may.payoutId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NotFound');
    expect((await portal(a.pub, '/payouts/xyz')).statusCode).toBe(404);
  });

  it('earnings: totals per currency by status, a monthly series, filters', async () => {
    const all = (await portal(a.pub, '/earnings')).json();
    const eur = all.totals.find((x: { currency: string }) => x.currency === 'EUR');
    // 85.50 EUR a month from March to August: March–June paid (4 × 82.93), July pending… (invoiced August 2, paid)
    expect(eur).toMatchObject({ currency: 'EUR', earnings: 5, gross: '427.50', fee: '12.85', net: '414.65', paid: '331.72', available: '82.93', pending: '0.00' });
    expect(all.months.filter((m: { currency: string }) => m.currency === 'EUR').map((m: { month: string; net: string }) => [m.month, m.net])).toEqual([
      ['2026-03', '82.93'],
      ['2026-04', '82.93'],
      ['2026-05', '82.93'],
      ['2026-06', '82.93'],
      ['2026-07', '82.93'],
    ]);
    const march = (await portal(a.pub, '/earnings?from=2026-03-01&to=2026-03-31')).json();
    expect(march.totals.map((x: { currency: string; earnings: number }) => [x.currency, x.earnings])).toEqual([
      ['EUR', 1],
      ['JPY', 1],
      ['USD', 1],
    ]);
    const none = (await portal(a.pub, `/earnings?offerId=${b.offerId}`)).json();
    expect(none.totals).toEqual([]);
    const bad = await portal(a.pub, '/earnings?from=2026-02-30');
    expect([bad.statusCode, bad.json().error.target]).toEqual([400, 'from']);
    const reversed = await portal(a.pub, '/earnings?from=2026-04-01&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect((await portal(a.pub, '/earnings?status=lost')).statusCode).toBe(400);
  });

  it('transactions are paged and filtered; the CSV has them all', async () => {
    const page1 = (await portal(a.pub, '/transactions?top=4')).json();
    const page2 = (await portal(a.pub, '/transactions?top=4&skip=4')).json();
    expect(page1.items).toHaveLength(4);
    expect(page1.total).toBe(page2.total);
    const ids = new Set([...page1.items, ...page2.items].map((e: { earningId: string }) => e.earningId));
    expect(ids.size).toBe(8);
    expect(page1.items[0].transactionDate >= page1.items[3].transactionDate).toBe(true);
    const may = (await portal(a.pub, '/payouts')).json().items.find((p: { month: string }) => p.month === '2026-05');
    const ofPayout = (await portal(a.pub, `/transactions?payoutId=${may.payoutId}`)).json();
    expect(ofPayout.total).toBe(3);
    expect(ofPayout.items.every((e: { status: string; payoutId: string }) => e.status === 'paid' && e.payoutId === may.payoutId)).toBe(true);
    const csv = await portal(a.pub, '/transactions.csv?from=2026-03-01&to=2026-03-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="transactions.csv"');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('transactionDate,earningId,status,customerTenantId,subscriptionId,offerId,planId,kind,invoiceNumber,invoiceLine,currency,gross,feeRate,fee,net,taxToPublisher,isTest,feeWaived,availableAt,payoutId');
    expect(lines).toHaveLength(4);
  });

  it('only Owners and Financial contributors see the money: a Developer or a Manager gets 403', async () => {
    const financial = await member(a.pub, ['FinancialContributor']);
    expect((await portal(a.pub, '/earnings', financial)).statusCode).toBe(200);
    expect((await portal(a.pub, '/payouts', financial)).statusCode).toBe(200);
    for (const role of ['Developer', 'Manager']) {
      const session = await member(a.pub, [role]);
      for (const url of ['/earnings', '/transactions', '/transactions.csv', '/payouts']) {
        const res = await portal(a.pub, url, session);
        expect(res.statusCode, `${role} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('Forbidden');
      }
    }
    expect((await portal(a.pub, '/earnings', b.pub.owner)).statusCode).toBe(403);
  });
});
