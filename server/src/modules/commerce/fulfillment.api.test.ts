import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testApp, type TestApp } from '../../../../test/helpers/app.js';
import { createCustomer, flat, liveSaasOffer, perUser, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';
import { saasApi } from '../../../../test/helpers/openapi.js';
import { MARKETPLACE_API_RESOURCE } from '../identity/index.js';

let t: TestApp;
let hooks: WebhookReceiver;
let seller: Seller;
let seats: Seller;
let other: Seller;
let buyer: Customer;
let vipBuyer: Customer;
const openapi = saasApi();
const seen = new Set<string>();

/** Calls the API and validates the response against the official OpenAPI file. */
async function call(s: Seller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: Parameters<Seller['api']['call']>[2] = {}): Promise<LightMyRequestResponse> {
  const res = await s.api.call(method, path, options);
  seen.add(openapi.check(method, path, res));
  return res;
}

async function buy(s: Seller, customer: Customer, planId: string, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/store/purchases',
    headers: customer.session.headers,
    payload: { accountId: s.pub.accountId, offerId: s.offerId, planId, termUnit: 'P1M', acceptTerms: true, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ subscriptionId: string; purchaseToken: string; landingUrl: string }>();
}

const resolve = (s: Seller, token: string) => call(s, 'POST', '/api/saas/subscriptions/resolve', { headers: { 'x-ms-marketplace-token': token } });
const activate = (s: Seller, id: string, body: unknown) => call(s, 'POST', `/api/saas/subscriptions/${id}/activate`, { body });
const getSub = async (s: Seller, id: string) => (await call(s, 'GET', `/api/saas/subscriptions/${id}`)).json();
const opPath = (res: LightMyRequestResponse) => new URL(String(res.headers['operation-location'])).pathname;

beforeAll(async () => {
  t = await testApp();
  hooks = await new WebhookReceiver().start();
  const urls = { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` };
  buyer = await createCustomer(t);
  vipBuyer = await createCustomer(t);
  seller = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('100.00') }, { planId: 'pro', pricing: flat('250.00') }, { planId: 'vip', pricing: flat('900.00', { visibility: 'private' }), audience: [vipBuyer.tenantId] }], urls);
  seats = await liveSaasOffer(t, [{ planId: 'team', pricing: perUser('10.00', 1, 10) }, { planId: 'business', pricing: perUser('8.00', 5, 100) }], urls, { pub: seller.pub, app: seller.app });
  other = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('10.00') }], urls);
});
afterAll(async () => {
  await t?.close();
  await hooks?.close();
});

describe('resolve and activate', () => {
  it('resolves a purchase token many times, activates once, and starts billing once', async () => {
    const p = await buy(seller, buyer, 'basic');
    expect(p.landingUrl).toBe(`https://isv.example/landing?token=${encodeURIComponent(p.purchaseToken)}`);
    const first = await resolve(seller, p.purchaseToken);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ id: p.subscriptionId, offerId: seller.offerId, planId: 'basic', subscriptionName: expect.any(String) });
    expect(first.json().quantity).toBeUndefined();
    expect(first.json().subscription).toMatchObject({ saasSubscriptionStatus: 'PendingFulfillmentStart', publisherId: seller.pub.publisherId, allowedCustomerOperations: ['Delete', 'Update', 'Read'] });
    expect(first.json().subscription.beneficiary).toMatchObject({ tenantId: buyer.tenantId, emailId: buyer.email, objectId: buyer.userId });
    expect((await resolve(seller, p.purchaseToken)).statusCode).toBe(200);

    expect((await activate(seller, p.subscriptionId, {})).statusCode).toBe(400); // planId missing
    expect((await activate(seller, p.subscriptionId, { planId: 'pro' })).json().message).toMatch(/not the purchased plan/);
    expect((await activate(seller, p.subscriptionId, { planId: 'basic', quantity: 3 })).statusCode).toBe(400);
    const ok = await activate(seller, p.subscriptionId, { planId: 'basic', quantity: '' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toBe('');
    const again = await activate(seller, p.subscriptionId, { planId: 'basic' });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'BadArgument', message: expect.stringMatching(/already Subscribed/) });
    const sub = await getSub(seller, p.subscriptionId);
    expect(sub.saasSubscriptionStatus).toBe('Subscribed');
    const today = new Date(Date.UTC(t.clock.now().getUTCFullYear(), t.clock.now().getUTCMonth(), t.clock.now().getUTCDate()));
    expect(sub.term).toMatchObject({ termUnit: 'P1M', startDate: today.toISOString() });
    // Resolving still works after activation ("Manage account" visits), and tells the state.
    expect((await resolve(seller, p.purchaseToken)).json().subscription.saasSubscriptionStatus).toBe('Subscribed');
    const mine = (await t.app.inject({ url: `/api/me/subscriptions/${p.subscriptionId}`, headers: buyer.session.headers })).json();
    expect(mine.charges).toEqual([expect.objectContaining({ kind: 'charge', amount: '100.000000', currency: 'USD', planId: 'basic' })]);
  });

  it('two activations at once: one starts billing, the other is refused', async () => {
    const p = await buy(seller, buyer, 'pro');
    const both = await Promise.all([activate(seller, p.subscriptionId, { planId: 'pro' }), activate(seller, p.subscriptionId, { planId: 'pro' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const mine = (await t.app.inject({ url: `/api/me/subscriptions/${p.subscriptionId}`, headers: buyer.session.headers })).json();
    expect(mine.charges).toHaveLength(1);
  });

  it('refuses malformed, foreign, forged and expired tokens with 400', async () => {
    const p = await buy(seller, buyer, 'basic');
    expect((await call(seller, 'POST', '/api/saas/subscriptions/resolve')).statusCode).toBe(400);
    expect((await resolve(seller, 'not-a-token')).statusCode).toBe(400);
    const parts = p.purchaseToken.split('.');
    parts[3] = parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await resolve(seller, parts.join('.'))).statusCode).toBe(400);
    const foreign = await resolve(other, p.purchaseToken);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().target).toBe('x-ms-marketplace-token');
  });

  it('answers 404 to activate an Unsubscribed subscription and for unknown or other publishers\' ids', async () => {
    const p = await buy(seller, buyer, 'basic');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${p.subscriptionId}`, headers: buyer.session.headers })).statusCode).toBe(200);
    expect((await activate(seller, p.subscriptionId, { planId: 'basic' })).statusCode).toBe(404);
    expect((await call(seller, 'GET', '/api/saas/subscriptions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await call(seller, 'GET', '/api/saas/subscriptions/not-a-guid')).statusCode).toBe(404);
    expect((await call(other, 'GET', `/api/saas/subscriptions/${p.subscriptionId}`)).statusCode).toBe(404);
  });
});

describe('authorization and conventions', () => {
  it('answers 403 with the marketplace error body for every auth failure, and needs api-version', async () => {
    const none = await t.app.inject({ url: '/api/saas/subscriptions?api-version=2018-08-31' });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ code: 'Forbidden', target: 'Authorization' });
    const garbage = await t.app.inject({ url: '/api/saas/subscriptions?api-version=2018-08-31', headers: { authorization: 'Bearer abc' } });
    expect(garbage.statusCode).toBe(403);
    // (The OpenAPI file declares no 400 for List: these two are checked here only.)
    const version = await seller.api.call('GET', '/api/saas/subscriptions', { apiVersion: '2017-01-01' });
    expect(version.statusCode).toBe(400);
    expect(version.json()).toMatchObject({ code: 'BadArgument', target: 'api-version' });
    expect((await seller.api.call('GET', '/api/saas/subscriptions', { apiVersion: null })).statusCode).toBe(400);
  });

  it('echoes x-ms-requestid and x-ms-correlationid, and generates them when absent', async () => {
    const res = await call(seller, 'GET', '/api/saas/subscriptions', { headers: { 'x-ms-requestid': 'req-1', 'x-ms-correlationid': 'corr-1' } });
    expect([res.headers['x-ms-requestid'], res.headers['x-ms-correlationid']]).toEqual(['req-1', 'corr-1']);
    const gen = await call(seller, 'GET', '/api/saas/subscriptions');
    expect(gen.headers['x-ms-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('list and plans', () => {
  it('lists only the publisher\'s subscriptions, 100 a page, with @nextLink', async () => {
    const empty = await call(other, 'GET', '/api/saas/subscriptions');
    expect(empty.json()).toEqual({ subscriptions: [] });
    const before = (await call(seller, 'GET', '/api/saas/subscriptions')).json().subscriptions.length as number;
    for (let i = before; i < 101; i++) await buy(seller, buyer, 'basic');
    const page1 = await call(seller, 'GET', '/api/saas/subscriptions');
    expect(page1.json().subscriptions).toHaveLength(100);
    const next = page1.json()['@nextLink'] as string;
    expect(next).toMatch(/^http:\/\/agora\.test\/api\/saas\/subscriptions\/\?continuationToken=.+&api-version=2018-08-31$/);
    const u = new URL(next);
    const page2 = await call(seller, 'GET', `${u.pathname}?continuationToken=${encodeURIComponent(u.searchParams.get('continuationToken')!)}`);
    expect(page2.statusCode, page2.body).toBe(200);
    expect(page2.json().subscriptions.length).toBeGreaterThanOrEqual(1);
    expect(page2.json()['@nextLink']).toBeUndefined();
    const ids = new Set([...page1.json().subscriptions, ...page2.json().subscriptions].map((s: { id: string }) => s.id));
    expect(ids.size).toBe(page1.json().subscriptions.length + page2.json().subscriptions.length);
    // (A token this API never issued is a 400, a status the OpenAPI file does not declare for List: ADR 0012.)
    expect((await seller.api.call('GET', '/api/saas/subscriptions?continuationToken=bogus')).statusCode).toBe(400);
  });

  it('lists public plans and the private plans of the customer\'s tenant, the current one included', async () => {
    const a = await buy(seller, buyer, 'basic');
    const plans = (await call(seller, 'GET', `/api/saas/subscriptions/${a.subscriptionId}/listAvailablePlans`)).json().plans as { planId: string; isPrivate: boolean }[];
    expect(plans.map((p) => p.planId)).toEqual(['basic', 'pro']);
    const v = await buy(seller, vipBuyer, 'vip');
    const vip = (await call(seller, 'GET', `/api/saas/subscriptions/${v.subscriptionId}/listAvailablePlans`)).json();
    expect(vip.plans.map((p: { planId: string }) => p.planId)).toEqual(['basic', 'pro', 'vip']);
    expect(vip.plans[2]).toMatchObject({ isPrivate: true, isPricePerSeat: false, market: 'US', planComponents: { recurrentBillingTerms: [{ currency: 'USD', price: 900, termUnit: 'P1M' }, { termUnit: 'P1Y', price: 9000 }] } });
    const one = await call(seller, 'GET', `/api/saas/subscriptions/${v.subscriptionId}/listAvailablePlans?planId=pro`);
    expect(one.json().plans.map((p: { planId: string }) => p.planId)).toEqual(['pro']);
    // A customer outside the audience cannot buy the private plan.
    const refused = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: buyer.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'vip', termUnit: 'P1M', acceptTerms: true } });
    expect(refused.statusCode).toBe(400);
  });
});

describe('publisher-initiated changes', () => {
  async function subscribed(s: Seller, planId: string, extra: Record<string, unknown> = {}) {
    const p = await buy(s, buyer, planId, extra);
    expect((await activate(s, p.subscriptionId, { planId, ...(extra.quantity !== undefined ? { quantity: extra.quantity } : {}) })).statusCode).toBe(200);
    return p.subscriptionId;
  }

  it('changes plan with 202 + Operation-Location, applies it asynchronously, and then notifies the webhook', async () => {
    const id = await subscribed(seller, 'basic');
    const res = await call(seller, 'PATCH', `/api/saas/subscriptions/${id}`, { body: { planId: 'pro' } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.body).toBe('');
    const op = await call(seller, 'GET', opPath(res));
    expect(op.json()).toMatchObject({ subscriptionId: id, action: 'ChangePlan', planId: 'pro', status: 'InProgress' });
    // A second change while the first is in flight is refused.
    const busy = await call(seller, 'PATCH', `/api/saas/subscriptions/${id}`, { body: { planId: 'basic' } });
    expect(busy.statusCode).toBe(400);
    expect(busy.json().message).toMatch(/still in progress/);
    await t.runner.drain();
    expect((await call(seller, 'GET', opPath(res))).json().status).toBe('Succeeded');
    expect((await getSub(seller, id)).planId).toBe('pro');
    const hook = hooks.of('ChangePlan', id).at(-1)!;
    expect(hook).toMatchObject({ id: op.json().id, subscriptionId: id, planId: 'pro', status: 'Success', publisherId: seller.pub.publisherId, offerId: seller.offerId });
    // Acknowledging the completed operation is fine; contradicting it is a conflict.
    expect((await call(seller, 'PATCH', opPath(res), { body: { status: 'Success' } })).statusCode).toBe(200);
    expect((await call(seller, 'PATCH', opPath(res), { body: { status: 'Failure' } })).statusCode).toBe(409);
  });

  it('enforces the change rules with 400', async () => {
    const id = await subscribed(seats, 'team', { quantity: 3 });
    const patch = (body: unknown) => call(seats, 'PATCH', `/api/saas/subscriptions/${id}`, { body });
    expect((await patch({ planId: 'business', quantity: 5 })).json().message).toMatch(/not both/);
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ planId: 'team' })).json().message).toMatch(/already on plan/);
    expect((await patch({ planId: 'nope' })).statusCode).toBe(400);
    expect((await patch({ planId: 'business' })).json().message).toMatch(/5 to 100 users/); // 3 seats is below business's minimum
    expect((await patch({ quantity: 3 })).json().message).toMatch(/already has 3/);
    expect((await patch({ quantity: 11 })).json().message).toMatch(/change the plan first/);
    expect((await patch({ quantity: 0 })).statusCode).toBe(400);
    const ok = await patch({ quantity: 10 });
    expect(ok.statusCode, ok.body).toBe(202);
    await t.runner.drain();
    expect((await getSub(seats, id)).quantity).toBe(10);
    expect(hooks.of('ChangeQuantity', id).at(-1)).toMatchObject({ quantity: 10, status: 'Success' });
  });

  it('only Subscribed subscriptions change', async () => {
    const p = await buy(seller, buyer, 'basic');
    const res = await call(seller, 'PATCH', `/api/saas/subscriptions/${p.subscriptionId}`, { body: { planId: 'pro' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/PendingFulfillmentStart/);
  });

  it('cancels with DELETE: 202, Unsubscribed, refunded inside 24 hours, Unsubscribe webhook', async () => {
    const id = await subscribed(seller, 'basic');
    const res = await call(seller, 'DELETE', `/api/saas/subscriptions/${id}`);
    expect(res.statusCode, res.body).toBe(202);
    await t.runner.drain();
    expect((await call(seller, 'GET', opPath(res))).json()).toMatchObject({ action: 'Unsubscribe', status: 'Succeeded' });
    expect((await getSub(seller, id)).saasSubscriptionStatus).toBe('Unsubscribed');
    expect(hooks.of('Unsubscribe', id)).toHaveLength(1);
    const mine = (await t.app.inject({ url: `/api/me/subscriptions/${id}`, headers: buyer.session.headers })).json();
    expect(mine.charges.map((c: { kind: string; amount: string }) => [c.kind, c.amount])).toEqual([
      ['charge', '100.000000'],
      ['refund', '-100.000000'],
    ]);
    expect((await call(seller, 'DELETE', `/api/saas/subscriptions/${id}`)).statusCode).toBe(404);
  });
});

describe('marketplace-initiated changes', () => {
  async function subscribedBy(customer: Customer, planId: string) {
    const p = await buy(seller, customer, planId);
    expect((await activate(seller, p.subscriptionId, { planId })).statusCode).toBe(200);
    return p.subscriptionId;
  }
  const customerChange = (id: string, body: unknown, who = buyer) => t.app.inject({ method: 'PATCH', url: `/api/me/subscriptions/${id}`, headers: who.session.headers, payload: body as object });

  it('waits for the publisher\'s PATCH: Success applies the new plan', async () => {
    const id = await subscribedBy(buyer, 'basic');
    const res = await customerChange(id, { planId: 'pro' });
    expect(res.statusCode, res.body).toBe(202);
    await t.runner.drain();
    const hook = hooks.of('ChangePlan', id).at(-1)!;
    expect(hook).toMatchObject({ status: 'InProgress', planId: 'pro' });
    const auth = hooks.calls.find((c) => c.body.id === hook.id)!.headers.authorization!;
    const claims = decodeJwt(auth.replace(/^Bearer /, ''));
    expect(claims).toMatchObject({ aud: seller.app.appId, iss: `http://agora.test/${seller.app.tenantId}/`, appid: MARKETPLACE_API_RESOURCE, tid: seller.app.tenantId });
    expect(decodeProtectedHeader(auth.replace(/^Bearer /, '')).alg).toBe('RS256');
    const pending = await call(seller, 'GET', `/api/saas/subscriptions/${id}/operations`);
    expect(pending.json().operations.map((o: { id: string }) => o.id)).toEqual([hook.id]);
    expect((await getSub(seller, id)).planId).toBe('basic'); // not before the PATCH
    const patched = await call(seller, 'PATCH', `/api/saas/subscriptions/${id}/operations/${String(hook.id)}`, { body: { status: 'Success' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await getSub(seller, id)).planId).toBe('pro');
    expect((await call(seller, 'GET', `/api/saas/subscriptions/${id}/operations`)).json()).toEqual({ operations: [] });
  });

  it('Failure keeps the old plan; no PATCH within 10 seconds makes a change of plan Success', async () => {
    const id = await subscribedBy(buyer, 'basic');
    await customerChange(id, { planId: 'pro' });
    await t.runner.drain();
    const first = hooks.of('ChangePlan', id).at(-1)!;
    expect((await call(seller, 'PATCH', `/api/saas/subscriptions/${id}/operations/${String(first.id)}`, { body: { status: 'Failure' } })).statusCode).toBe(200);
    expect((await getSub(seller, id)).planId).toBe('basic');
    expect((await call(seller, 'GET', `/api/saas/subscriptions/${id}/operations/${String(first.id)}`)).json().status).toBe('Failed');
    // The customer sees that the publisher declined it.
    const detail = (await t.app.inject({ url: `/api/me/subscriptions/${id}`, headers: buyer.session.headers })).json();
    expect(detail.operations[0]).toMatchObject({ id: first.id, action: 'ChangePlan', status: 'Failed', planId: 'pro' });
    expect(detail.refundableUntil).toBe(new Date(Date.parse(detail.activatedAt) + 86_400_000).toISOString());

    await customerChange(id, { planId: 'pro' });
    await t.runner.drain();
    t.clock.advance(9_000);
    await t.runner.drain();
    expect((await getSub(seller, id)).planId).toBe('basic');
    t.clock.advance(1_500);
    await t.runner.drain();
    expect((await getSub(seller, id)).planId).toBe('pro');
    const second = hooks.of('ChangePlan', id).at(-1)!;
    expect((await call(seller, 'GET', `/api/saas/subscriptions/${id}/operations/${String(second.id)}`)).json().status).toBe('Succeeded');
    // A late Failure contradicts the outcome.
    expect((await call(seller, 'PATCH', `/api/saas/subscriptions/${id}/operations/${String(second.id)}`, { body: { status: 'Failure' } })).statusCode).toBe(409);
    expect((await call(seller, 'PATCH', `/api/saas/subscriptions/${id}/operations/00000000-0000-4000-8000-000000000000`, { body: { status: 'Success' } })).statusCode).toBe(404);
    expect((await call(seller, 'PATCH', `/api/saas/subscriptions/${id}/operations/${String(second.id)}`, { body: { status: 'Maybe' } })).statusCode).toBe(400);
  });

  it('two changes at once: one operation, a clear error for the other', async () => {
    const id = await subscribedBy(buyer, 'basic');
    const [a, b] = await Promise.all([customerChange(id, { planId: 'pro' }), customerChange(id, { planId: 'pro' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([202, 409]);
    expect((a.statusCode === 409 ? a : b).json().error.message).toMatch(/still waiting for the publisher/);
  });
});

describe('webhook delivery', () => {
  it('retries a refused webhook, and the portal shows each attempt and can replay it', async () => {
    hooks.answer = () => 500;
    const p = await buy(seller, buyer, 'basic');
    await activate(seller, p.subscriptionId, { planId: 'basic' });
    await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${p.subscriptionId}`, headers: buyer.session.headers });
    await t.runner.drain();
    const list = await t.app.inject({ url: `/api/accounts/${seller.pub.accountId}/webhooks?subscriptionId=${p.subscriptionId}`, headers: seller.pub.owner.headers });
    expect(list.statusCode, list.body).toBe(200);
    const [delivery] = list.json().items;
    expect(delivery).toMatchObject({ action: 'Unsubscribe', status: 'pending', attempts: 1, lastError: expect.stringMatching(/answered 500/) });
    hooks.answer = () => 200;
    t.clock.advance(5_000);
    await t.runner.drain();
    const detail = (await t.app.inject({ url: `/api/accounts/${seller.pub.accountId}/webhooks/${delivery.webhookId}`, headers: seller.pub.owner.headers })).json();
    expect(detail.status).toBe('done');
    expect(detail.attemptLog.map((a: { outcome: string; detail: { status?: number } }) => [a.outcome, a.detail?.status])).toEqual([
      ['failed', 500],
      ['succeeded', 200],
    ]);
    expect(detail.payload).toMatchObject({ action: 'Unsubscribe', subscriptionId: p.subscriptionId, status: 'Success' });
    const before = hooks.of('Unsubscribe', p.subscriptionId).length;
    const replay = await t.app.inject({ method: 'POST', url: `/api/accounts/${seller.pub.accountId}/webhooks/${delivery.webhookId}/replay`, headers: seller.pub.owner.headers });
    expect(replay.statusCode, replay.body).toBe(200);
    await t.runner.drain();
    expect(hooks.of('Unsubscribe', p.subscriptionId)).toHaveLength(before + 1);
    const stranger = await t.app.inject({ url: `/api/accounts/${other.pub.accountId}/webhooks/${delivery.webhookId}`, headers: other.pub.owner.headers });
    expect(stranger.statusCode).toBe(404);
  });
});

describe('purchase token lifetime', () => {
  it('expires 24 hours after it was issued; "Manage account" issues a new one for the same subscription', async () => {
    const p = await buy(seller, buyer, 'basic');
    t.securityClock.advance(24 * 3600_000 - 60_000);
    seller.api.resetToken(); // the access token (1 hour) expired long ago
    expect((await resolve(seller, p.purchaseToken)).statusCode).toBe(200);
    t.securityClock.advance(61_000);
    // Security time moved a day: sessions and access tokens expired with the purchase token.
    seller.api.resetToken();
    buyer.session = await signIn(t.app, buyer.email);
    const expired = await resolve(seller, p.purchaseToken);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().message).toMatch(/expired/);
    const fresh = await t.app.inject({ method: 'POST', url: `/api/me/subscriptions/${p.subscriptionId}/configure`, headers: buyer.session.headers });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().landingUrl).toBe(`https://isv.example/landing?token=${encodeURIComponent(fresh.json().purchaseToken)}`);
    expect((await resolve(seller, fresh.json().purchaseToken)).json().id).toBe(p.subscriptionId);
  });
});

describe('the OpenAPI file', () => {
  it('has had every operation called and validated by this file', () => {
    expect([...seen].sort()).toEqual([...new Set(openapi.operationIds)].sort());
  });
});
