import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { createCustomer, flat, liveSaasOffer, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';

/**
 * Billing through the API: the monthly run on the business clock, invoices with numbered lines and tax, the store
 * service fee in the publisher's earnings, collection through the sandbox provider (failures suspend, fixing the
 * instrument reinstates, delayed payments settle), reruns that add nothing, and the customer's invoice pages.
 */

let t: TestApp;
let hooks: WebhookReceiver;
let seller: Seller;
let operator: Session;

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date('2026-03-10T09:30:00Z'));
  hooks = await new WebhookReceiver().start();
  seller = await liveSaasOffer(
    t,
    [
      { planId: 'basic', pricing: flat('100.00', { markets: ['US', 'DE', 'JP', 'AU'] }) },
      { planId: 'pro', pricing: flat('250.00', { markets: ['US', 'DE', 'JP', 'AU'] }) },
    ],
    { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` },
  );
  const org = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops${Date.now()}@agora.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, org.user.objectId);
  operator = await signIn(t.app, org.user.email);
  await t.services.billing.scheduleBillingRun();
});
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

async function subscribe(customer: Customer, planId: string, market = 'US'): Promise<string> {
  const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: customer.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId, termUnit: 'P1M', market, acceptTerms: true } });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  const a = await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId } });
  expect(a.statusCode, a.body).toBe(200);
  return id;
}
const sub = async (id: string) => (await seller.api.call('GET', `/api/saas/subscriptions/${id}`)).json();
const instrument = (tenantId: string, behavior: 'succeed' | 'fail' | 'delay') => t.app.inject({ method: 'PUT', url: `/api/admin/customers/${tenantId}/payment`, headers: operator.headers, payload: { behavior } });
const invoices = async (c: Customer) => (await t.app.inject({ url: '/api/me/invoices', headers: c.session.headers })).json().items as { invoiceId: string; number: string; total: string; status: string; periodStart: string }[];
const invoice = async (c: Customer, id: string) => (await t.app.inject({ url: `/api/me/invoices/${id}`, headers: c.session.headers })).json();
async function at(iso: string) {
  t.clock.set(new Date(iso));
  await t.runner.drain();
}
async function earningsOf(invoiceId: string) {
  const r = await sql<{ line_no: number; gross: string; fee: string; net: string; status: string }>`select line_no, gross::text, fee::text, net::text, status from billing_earning where invoice_id = ${invoiceId} order by line_no`.execute(t.database.db);
  return r.rows;
}

describe('the monthly billing run', () => {
  let c: Customer;
  let id: string;

  it('invoices last month on the 2nd: the plan, the fee 3.00 and the publisher 97.00 of a $100.00 month', async () => {
    await at('2026-03-10T09:30:00Z');
    c = await createCustomer(t);
    id = await subscribe(c, 'basic');
    await at('2026-04-02T00:59:00Z');
    expect(await invoices(c)).toEqual([]);
    await at('2026-04-02T01:00:00Z');
    const [inv] = await invoices(c);
    expect(inv).toMatchObject({ total: '100', status: 'paid', periodStart: '2026-03-01' });
    expect(inv!.number).toMatch(/^AG-2026-\d{6}$/);
    const detail = await invoice(c, inv!.invoiceId);
    expect(detail.lines).toEqual([
      expect.objectContaining({ lineNo: 1, kind: 'recurring', amount: '100', tax: '0', billedOn: '2026-03-10', serviceStart: '2026-03-10', serviceEnd: '2026-04-09', subscriptionId: id }),
    ]);
    expect(detail.payments).toEqual([expect.objectContaining({ attempt: 1, status: 'succeeded', kind: 'charge', amount: '100' })]);
    expect(await earningsOf(inv!.invoiceId)).toEqual([{ line_no: 1, gross: '100.000000', fee: '3.000000', net: '97.000000', status: 'available' }]);
  });

  it('a second run of the same month adds nothing: it recomputes, compares and reports', async () => {
    const before = await invoices(c);
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/billing/runs', headers: operator.headers, payload: { period: '2026-03' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ compareOnly: true, invoices: [], pendingAdjustments: 0 });
    expect(res.json().unchanged).toBeGreaterThanOrEqual(1);
    expect(await invoices(c)).toEqual(before);
  });

  it('refuses a month that has not ended, in the error envelope', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/billing/runs', headers: operator.headers, payload: { period: '2026-04' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'ValidationFailed', target: 'period' });
  });

  it('bills the renewal and a mid-term upgrade prorated by day in the next month', async () => {
    await at('2026-04-10T00:00:00Z'); // renewal: 2026-04-10 .. 2026-05-09 (30 days)
    await at('2026-04-25T12:00:00Z'); // 15 days left, the 25th included
    expect((await seller.api.call('PATCH', `/api/saas/subscriptions/${id}`, { body: { planId: 'pro' } })).statusCode).toBe(202);
    await t.runner.drain();
    expect((await sub(id)).planId).toBe('pro');
    await at('2026-05-02T01:00:00Z');
    const april = (await invoices(c)).find((i) => i.periodStart === '2026-04-01')!;
    const lines = (await invoice(c, april.invoiceId)).lines;
    expect(lines.map((l: { kind: string; amount: string; billedOn: string }) => [l.kind, l.amount, l.billedOn])).toEqual([
      ['recurring', '100', '2026-04-10'],
      ['proration', '75', '2026-04-25'], // (250 − 100) × 15/30
    ]);
    expect(april.total).toBe('175');
  });

  it('the customer downloads the invoice as a document; another organization cannot see it', async () => {
    const [inv] = await invoices(c);
    const doc = await t.app.inject({ url: `/api/me/invoices/${inv!.invoiceId}/document?download=true`, headers: c.session.headers });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toMatch(/text\/html/);
    expect(doc.headers['content-disposition']).toContain(`invoice-${inv!.number}.html`);
    expect(doc.body).toContain(inv!.number);
    expect(doc.body).toContain('175.00 USD');
    const other = await createCustomer(t);
    const res = await t.app.inject({ url: `/api/me/invoices/${inv!.invoiceId}`, headers: other.session.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NotFound');
  });
});

describe('tax', () => {
  it("adds the market's tax rate per line; a later rate change leaves issued invoices alone", async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/billing/tax-rates/AU/2026-01-01', headers: operator.headers, payload: { rate: '0.1', collectedBy: 'platform' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/billing/tax-rates/AU/2026-01-01', headers: operator.headers, payload: { rate: '1.5', collectedBy: 'platform' } })).statusCode).toBe(400);
    await at('2026-05-03T10:00:00Z');
    const c = await createCustomer(t);
    await subscribe(c, 'basic', 'AU');
    await at('2026-06-02T01:00:00Z');
    const [inv] = await invoices(c);
    const detail = await invoice(c, inv!.invoiceId);
    const price = detail.lines[0].amount as string;
    expect(detail.currency).toBe('AUD');
    expect(detail.lines[0]).toMatchObject({ taxRate: '0.1', taxCollectedBy: 'platform' });
    expect(Number(detail.tax)).toBeCloseTo(Number(price) * 0.1, 2);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/billing/tax-rates/AU/2026-01-01', headers: operator.headers, payload: { rate: '0.2', collectedBy: 'platform' } })).statusCode).toBe(200);
    expect(await invoice(c, inv!.invoiceId)).toEqual(detail);
  });
});

describe('payment collection', () => {
  it('a failed collection suspends (Suspend); fixing the instrument retries, and Reinstate follows', async () => {
    await at('2026-06-10T09:00:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'basic');
    await instrument(c.tenantId, 'fail');
    await at('2026-07-02T01:00:00Z');
    const [inv] = await invoices(c);
    expect(inv).toMatchObject({ status: 'failed' });
    expect((await sub(id)).saasSubscriptionStatus).toBe('Suspended');
    expect(hooks.of('Suspend', id)).toEqual([expect.objectContaining({ status: 'Success' })]);
    expect(await earningsOf(inv!.invoiceId)).toEqual([expect.objectContaining({ status: 'pending' })]);

    await at('2026-07-04T00:00:00Z');
    const fixed = await instrument(c.tenantId, 'succeed');
    expect(fixed.json()).toEqual({ tenantId: c.tenantId, behavior: 'succeed', retried: 1 });
    await t.runner.drain();
    expect((await invoices(c))[0]).toMatchObject({ status: 'paid' });
    expect(await earningsOf(inv!.invoiceId)).toEqual([expect.objectContaining({ status: 'available' })]);
    const reinstate = hooks.of('Reinstate', id).at(-1)!;
    expect(reinstate).toMatchObject({ status: 'InProgress' });
    expect((await seller.api.call('PATCH', `/api/saas/subscriptions/${id}/operations/${String(reinstate.id)}`, { body: { status: 'Success' } })).statusCode).toBe(200);
    expect((await sub(id)).saasSubscriptionStatus).toBe('Subscribed');
    expect((await invoice(c, inv!.invoiceId)).payments.map((p: { status: string }) => p.status)).toEqual(['failed', 'succeeded']);
  });

  it('with no payment during the 30-day grace period the subscription is unsubscribed; retries stop after 4 attempts', async () => {
    await at('2026-07-10T09:00:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'basic');
    await instrument(c.tenantId, 'fail');
    await at('2026-08-02T01:00:00Z');
    expect((await sub(id)).saasSubscriptionStatus).toBe('Suspended');
    for (let day = 3; day <= 31; day++) await at(`2026-08-${String(day).padStart(2, '0')}T02:00:00Z`);
    await at('2026-09-01T00:59:00Z');
    expect((await sub(id)).saasSubscriptionStatus).toBe('Suspended');
    await at('2026-09-01T01:00:00Z');
    expect((await sub(id)).saasSubscriptionStatus).toBe('Unsubscribed');
    const [inv] = await invoices(c);
    expect((await invoice(c, inv!.invoiceId)).payments).toHaveLength(4);
  });

  it('a delayed payment is pending for two days, then paid', async () => {
    await at('2026-08-10T09:00:00Z');
    const c = await createCustomer(t);
    const id = await subscribe(c, 'basic');
    await instrument(c.tenantId, 'delay');
    await at('2026-09-02T01:00:00Z');
    expect((await invoices(c))[0]).toMatchObject({ status: 'pending' });
    await at('2026-09-03T01:00:00Z');
    expect((await invoices(c))[0]).toMatchObject({ status: 'pending' });
    await at('2026-09-04T01:00:00Z');
    expect((await invoices(c))[0]).toMatchObject({ status: 'paid' });
    expect((await sub(id)).saasSubscriptionStatus).toBe('Subscribed');
  });

  it('only operators set payment behaviour', async () => {
    const c = await createCustomer(t);
    expect((await t.app.inject({ method: 'PUT', url: `/api/admin/customers/${c.tenantId}/payment`, headers: c.session.headers, payload: { failing: true } })).statusCode).toBe(403);
  });
});
