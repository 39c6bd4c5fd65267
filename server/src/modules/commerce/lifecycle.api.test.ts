import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient, completeSaasTabs } from '../../../../test/helpers/catalog.js';
import { createCustomer, flat, liveSaasOffer, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';

/** The subscription life cycle on the business clock (08 §2.1): renewals, auto-renew off, suspension, trials, refunds. */

let t: TestApp;
let hooks: WebhookReceiver;
let seller: Seller;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date('2026-03-10T09:30:00Z'));
  hooks = await new WebhookReceiver().start();
  seller = await liveSaasOffer(
    t,
    [
      { planId: 'basic', pricing: flat('100.00') },
      { planId: 'pro', pricing: flat('250.00') },
      { planId: 'trial', pricing: flat('40.00', { freeTrial: true }) },
      { planId: 'trialpro', pricing: flat('90.00', { freeTrial: true }) },
    ],
    { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` },
  );
});
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

async function subscribe(customer: Customer, planId: string, termUnit: 'P1M' | 'P1Y' = 'P1M'): Promise<string> {
  const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: customer.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId, termUnit, acceptTerms: true } });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  const a = await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId } });
  expect(a.statusCode, a.body).toBe(200);
  return id;
}
const sub = async (id: string) => (await seller.api.call('GET', `/api/saas/subscriptions/${id}`)).json();
const mine = async (c: Customer, id: string) => (await t.app.inject({ url: `/api/me/subscriptions/${id}`, headers: c.session.headers })).json();
const charges = async (c: Customer, id: string) => ((await mine(c, id)).charges as { kind: string; amount: string; termStart: string; planId: string }[]).map((x) => [x.kind, x.amount, x.termStart.slice(0, 10), x.planId]);
/** Moves business time to `iso` and runs what became due. */
async function at(iso: string) {
  t.clock.set(new Date(iso));
  await t.runner.drain();
}

describe('renewal', () => {
  it('renews at term end: the dates move, the new term is charged, Renew is sent', async () => {
    await at('2026-03-10T09:30:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'basic');
    expect((await sub(id)).term).toEqual({ termUnit: 'P1M', startDate: '2026-03-10T00:00:00.000Z', endDate: '2026-04-09T00:00:00.000Z' });
    await at('2026-04-09T23:59:00Z');
    expect((await sub(id)).term.startDate).toBe('2026-03-10T00:00:00.000Z');
    await at('2026-04-10T00:00:00Z');
    expect((await sub(id)).term).toEqual({ termUnit: 'P1M', startDate: '2026-04-10T00:00:00.000Z', endDate: '2026-05-09T00:00:00.000Z' });
    expect(await charges(c, id)).toEqual([
      ['charge', '100.000000', '2026-03-10', 'basic'],
      ['charge', '100.000000', '2026-04-10', 'basic'],
    ]);
    expect(hooks.of('Renew', id)).toEqual([expect.objectContaining({ status: 'Success', planId: 'basic' })]);
  });

  it('with auto-renew off, cancels at term end instead', async () => {
    await at('2026-03-10T09:30:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'basic');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/me/subscriptions/${id}`, headers: c.session.headers, payload: { autoRenew: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await sub(id)).autoRenew).toBe(false);
    await at('2026-04-10T00:00:00Z');
    expect((await sub(id)).saasSubscriptionStatus).toBe('Unsubscribed');
    expect(hooks.of('Unsubscribe', id)).toHaveLength(1);
    expect(hooks.of('Renew', id)).toHaveLength(0);
    expect(await charges(c, id)).toEqual([['charge', '100.000000', '2026-03-10', 'basic']]);
  });
});

describe('free trial', () => {
  it('runs a month without charge, then converts to paid on the plan active when it ends', async () => {
    await at('2026-03-10T09:30:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'trial');
    expect(await sub(id)).toMatchObject({ isFreeTrial: true, term: { startDate: '2026-03-10T00:00:00.000Z', endDate: '2026-04-09T00:00:00.000Z' } });
    expect(await charges(c, id)).toEqual([]);
    // The customer moves to another plan during the trial; the publisher confirms.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/me/subscriptions/${id}`, headers: c.session.headers, payload: { planId: 'trialpro' } })).statusCode).toBe(202);
    await t.runner.drain();
    const change = hooks.of('ChangePlan', id).at(-1)!;
    expect((await seller.api.call('PATCH', `/api/saas/subscriptions/${id}/operations/${String(change.id)}`, { body: { status: 'Success' } })).statusCode).toBe(200);
    await at('2026-04-10T00:00:00Z');
    expect(await sub(id)).toMatchObject({ isFreeTrial: false, planId: 'trialpro', term: { startDate: '2026-04-10T00:00:00.000Z', endDate: '2026-05-09T00:00:00.000Z' } });
    expect(await charges(c, id)).toEqual([['charge', '90.000000', '2026-04-10', 'trialpro']]);
    expect(hooks.of('Renew', id)).toHaveLength(1);
    // A second purchase of the offer by the same customer has no trial.
    const again = await subscribe(c, 'trial');
    expect((await sub(again)).isFreeTrial).toBe(false);
  });
});

describe('refunds', () => {
  it('refunds a monthly term canceled within 24 hours of activation, not after', async () => {
    await at('2026-03-10T09:30:00Z');
    const c = await createCustomer(t);
    const inside = await subscribe(c, 'basic');
    const outside = await subscribe(c, 'pro');
    await at('2026-03-11T09:29:00Z');
    await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${inside}`, headers: c.session.headers });
    await at('2026-03-11T09:31:00Z');
    await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${outside}`, headers: c.session.headers });
    expect((await charges(c, inside)).map((x) => x[0])).toEqual(['charge', 'refund']);
    expect((await charges(c, outside)).map((x) => x[0])).toEqual(['charge']);
  });

  it('refunds an annual term canceled within 14 days of activation, not after', async () => {
    await at('2026-03-10T09:30:00Z');
    const c = await createCustomer(t);
    const inside = await subscribe(c, 'basic', 'P1Y');
    const outside = await subscribe(c, 'pro', 'P1Y');
    expect((await sub(inside)).term).toEqual({ termUnit: 'P1Y', startDate: '2026-03-10T00:00:00.000Z', endDate: '2027-03-09T00:00:00.000Z' });
    await at(new Date(Date.parse('2026-03-10T09:30:00Z') + 14 * DAY - 60_000).toISOString());
    await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${inside}`, headers: c.session.headers });
    await at(new Date(Date.parse('2026-03-10T09:30:00Z') + 14 * DAY + 60_000).toISOString());
    await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${outside}`, headers: c.session.headers });
    expect(await charges(c, inside)).toEqual([
      ['charge', '1000.000000', '2026-03-10', 'basic'],
      ['refund', '-1000.000000', '2026-03-10', 'basic'],
    ]);
    expect((await charges(c, outside)).map((x) => x[0])).toEqual(['charge']);
  });
});

describe('preview purchases', () => {
  it('lets the preview audience buy a preview-only offer as a test purchase, and nobody else', async () => {
    const preview = await OfferClient.create(t, seller.pub);
    const media = await preview.uploadMedia();
    for (const [tab, value] of Object.entries(completeSaasTabs(seller.app, { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` }, media))) expect((await preview.saveTab(tab, value)).statusCode).toBe(200);
    expect((await preview.createPlan('basic', 'Basic')).statusCode).toBe(201);
    expect((await preview.savePlan('basic', 'listing', { name: 'Basic', description: 'Basic.' })).statusCode).toBe(200);
    expect((await preview.savePlan('basic', 'pricingAndAvailability', flat('10.00'))).statusCode).toBe(200);
    await t.database.db.transaction().execute(async (trx) => {
      const found = unwrap(await t.services.catalog.offerForPublishing(trx, seller.pub.accountId, preview.offerId));
      const snapshot = unwrap(await t.services.catalog.freezeDraft(trx, found.offerUid));
      await t.services.catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
    });
    const tester = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Testers', email: 'tester@contoso.example', displayName: 'Tester', password: STRONG_PASSWORD }));
    const testerSession = await signIn(t.app, tester.user.email);
    const outsider = await createCustomer(t);
    const body = { accountId: seller.pub.accountId, offerId: preview.offerId, planId: 'basic', termUnit: 'P1M', acceptTerms: true };
    const bought = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: testerSession.headers, payload: body });
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json().subscription).toMatchObject({ isTest: true, saasSubscriptionStatus: 'PendingFulfillmentStart' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: outsider.session.headers, payload: body });
    expect(refused.statusCode).toBe(404);
    const noTerms = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: testerSession.headers, payload: { ...body, acceptTerms: false } });
    expect(noTerms.json().error).toMatchObject({ target: 'acceptTerms' });
  });
});

describe('CSP purchases and the sandbox', () => {
  it('scripts a purchase for a customer through a partner: the publisher can read it only', async () => {
    await at('2026-03-10T09:30:00Z');
    const customer = '0a0b0c0d-0000-4000-8000-00000000c0de';
    const partner = '0a0b0c0d-0000-4000-8000-0000000ca5e0';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sandbox/purchases',
      headers: seller.pub.owner.headers,
      payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'basic', customerTenantId: customer, partnerTenantId: partner },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { subscriptionId, purchaseToken, landingUrl } = res.json();
    expect(landingUrl).toContain(encodeURIComponent(purchaseToken));
    const resolved = await seller.api.call('POST', '/api/saas/subscriptions/resolve', { headers: { 'x-ms-marketplace-token': purchaseToken } });
    expect(resolved.json().subscription).toMatchObject({ allowedCustomerOperations: ['Read'], beneficiary: { tenantId: customer }, purchaser: { tenantId: partner } });
    expect((await seller.api.call('POST', `/api/saas/subscriptions/${subscriptionId}/activate`, { body: { planId: 'basic' } })).statusCode).toBe(200);
    expect((await seller.api.call('PATCH', `/api/saas/subscriptions/${subscriptionId}`, { body: { planId: 'pro' } })).json().message).toMatch(/does not allow Update/);
    expect((await seller.api.call('DELETE', `/api/saas/subscriptions/${subscriptionId}`)).json().message).toMatch(/does not allow Delete/);
  });

  it('refuses scripted purchases of another publisher\'s offer', async () => {
    const stranger = await createCustomer(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sandbox/purchases',
      headers: stranger.session.headers,
      payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'basic', customerTenantId: stranger.tenantId },
    });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `/api/admin/customers/${stranger.tenantId}/payment`, headers: stranger.session.headers, payload: { failing: true } })).statusCode).toBe(403);
  });
});
