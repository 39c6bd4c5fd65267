import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Operation, Subscription } from '../src/marketplace-client.js';
import type { SaasApp } from '../src/server.js';
import { Browser, makeApp } from './helpers.js';
import { startStandIn, type StandIn } from './standin-marketplace.js';

describe('webhook', () => {
  let standIn: StandIn;
  let app: SaasApp;
  beforeAll(async () => {
    standIn = await startStandIn();
    app = await makeApp(standIn);
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });
  beforeEach(() => {
    standIn.calls.length = 0;
  });

  /** The §1.11 payload for an operation, as the marketplace sends it. */
  const payloadOf = (op: Operation, status: 'InProgress' | 'Success') => ({
    id: op.id,
    activityId: op.activityId,
    subscriptionId: op.subscriptionId,
    publisherId: op.publisherId,
    offerId: op.offerId,
    planId: op.planId,
    quantity: op.quantity,
    timeStamp: new Date().toISOString(),
    action: op.action,
    status,
  });

  async function deliver(target: SaasApp, body: unknown, token?: string) {
    const res = await target.inject({
      method: 'POST',
      url: '/webhook',
      headers: { 'content-type': 'application/json', ...(token === '' ? {} : { authorization: `Bearer ${token ?? (await standIn.webhookToken())}` }) },
      payload: JSON.stringify(body),
    });
    await target.saas.webhooks.idle();
    return res;
  }

  function subscribed(fields: Partial<Subscription> = {}) {
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', ...fields });
    app.saas.store.upsertFromMarketplace(structuredClone(subscription));
    return subscription;
  }

  const operationCalls = (subscriptionId: string, operationId: string) =>
    standIn.callLines().filter((l) => l.includes(`/api/saas/subscriptions/${subscriptionId}/operations/${operationId}`));

  it('validates a marketplace change with Get Operation, applies it, then PATCHes Success', async () => {
    const sub = subscribed();
    const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
    const res = await deliver(app, payloadOf(op, 'InProgress'));
    expect(res.statusCode).toBe(200);
    expect(operationCalls(sub.id, op.id)).toEqual([
      `GET /api/saas/subscriptions/${sub.id}/operations/${op.id}`,
      `PATCH /api/saas/subscriptions/${sub.id}/operations/${op.id}`,
    ]);
    expect(standIn.apiCalls('PATCH', `/operations/${op.id}`)[0]?.body).toEqual({ status: 'Success' });
    expect(app.saas.store.get(sub.id)?.planId).toBe('metered');
    expect(app.saas.store.recentWebhookEvents(1)[0]).toMatchObject({ operationId: op.id, outcome: 'acknowledged' });
    // Get Operation, PATCH and the refresh share one correlation id.
    expect(new Set(standIn.calls.map((c) => c.headers['x-ms-correlationid'])).size).toBe(1);
  });

  it('acknowledges ChangeQuantity and Reinstate too', async () => {
    const seats = subscribed({ planId: 'per-seat', quantity: '5' });
    const change = standIn.marketplaceOperation(seats.id, 'ChangeQuantity', { quantity: '9' });
    await deliver(app, payloadOf(change, 'InProgress'));
    expect(app.saas.store.get(seats.id)?.quantity).toBe(9);

    const suspended = subscribed({ saasSubscriptionStatus: 'Suspended' });
    const reinstate = standIn.marketplaceOperation(suspended.id, 'Reinstate');
    await deliver(app, payloadOf(reinstate, 'InProgress'));
    expect(standIn.apiCalls('PATCH', `/operations/${reinstate.id}`)[0]?.body).toEqual({ status: 'Success' });
    expect(app.saas.store.get(suspended.id)?.status).toBe('Subscribed');
  });

  describe('refuses a bad bearer token with 401 and calls nothing', () => {
    const cases: [string, () => Promise<string>][] = [
      ['no token', async () => ''],
      ['not a JWT', async () => 'not-a-jwt'],
      ['another key (same kid)', async () => standIn.webhookToken({ key: (await generateKeyPair('RS256')).privateKey })],
      ['an unknown kid', async () => standIn.webhookToken({ key: (await generateKeyPair('RS256')).privateKey, kid: 'other' })],
      ['the wrong audience', async () => standIn.webhookToken({ claims: { aud: '11111111-1111-1111-1111-111111111111' } })],
      ['the wrong issuer', async () => standIn.webhookToken({ claims: { iss: `${standIn.url}/11111111-1111-1111-1111-111111111111/` } })],
      ['the v2 issuer form', async () => standIn.webhookToken({ claims: { iss: `${standIn.url}/${standIn.tenantId}/v2.0` } })],
      ['an expired token', async () => standIn.webhookToken({ claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200, nbf: Math.floor(Date.now() / 1000) - 7200 } })],
      ['a token not yet valid', async () => standIn.webhookToken({ claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } })],
      ['another tenant', async () => standIn.webhookToken({ claims: { tid: '11111111-1111-1111-1111-111111111111' } })],
      ['another caller than the marketplace', async () => standIn.webhookToken({ claims: { appid: '22222222-2222-2222-2222-222222222222', azp: '22222222-2222-2222-2222-222222222222' } })],
      ['no appid or azp', async () => standIn.webhookToken({ claims: { appid: undefined, azp: undefined } })],
    ];
    for (const [name, token] of cases) {
      it(name, async () => {
        const sub = subscribed();
        const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
        const res = await deliver(app, payloadOf(op, 'InProgress'), await token());
        expect(res.statusCode).toBe(401);
        expect(standIn.calls).toHaveLength(0);
        expect(app.saas.store.get(sub.id)?.planId).toBe('standard');
      });
    }
  });

  it('does not act on a payload that does not match Get Operation', async () => {
    const sub = subscribed();
    const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
    const res = await deliver(app, { ...payloadOf(op, 'InProgress'), planId: 'enterprise' });
    expect(res.statusCode).toBe(200);
    expect(operationCalls(sub.id, op.id)).toEqual([`GET /api/saas/subscriptions/${sub.id}/operations/${op.id}`]);
    expect(app.saas.store.get(sub.id)?.planId).toBe('standard');
    expect(app.saas.store.recentWebhookEvents(1)[0]).toMatchObject({ outcome: 'ignored' });
    expect(app.saas.store.recentWebhookEvents(1)[0]?.detail).toContain('planId');
  });

  it('ignores an operation the marketplace does not know', async () => {
    const sub = subscribed();
    const res = await deliver(app, { id: crypto.randomUUID(), subscriptionId: sub.id, action: 'Unsubscribe', status: 'Success', planId: 'standard', quantity: '' });
    expect(res.statusCode).toBe(200);
    expect(standIn.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(app.saas.store.get(sub.id)?.status).toBe('Subscribed');
  });

  it('answers 400 to a body that is not a webhook payload', async () => {
    expect((await deliver(app, { hello: 'world' })).statusCode).toBe(400);
  });

  it('with SAAS_APP_REJECT_CHANGES, PATCHes Failure and keeps the old plan', async () => {
    const rejecting = await makeApp(standIn, { rejectChanges: true });
    try {
      const sub = subscribed();
      rejecting.saas.store.upsertFromMarketplace(structuredClone(sub));
      const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
      expect((await deliver(rejecting, payloadOf(op, 'InProgress'))).statusCode).toBe(200);
      expect(standIn.apiCalls('PATCH', `/operations/${op.id}`).map((c) => c.body)).toEqual([{ status: 'Failure' }]);
      expect(rejecting.saas.store.get(sub.id)?.planId).toBe('standard');
      expect(rejecting.saas.store.recentWebhookEvents(1)[0]).toMatchObject({ outcome: 'rejected' });
    } finally {
      await rejecting.close();
    }
  });

  it('with the per-subscription switch on the home page, PATCHes Failure for that subscription only', async () => {
    const sub = subscribed();
    const other = subscribed();
    const operator = new Browser(app);
    await operator.get('/');
    expect((await operator.post(`/admin/subscriptions/${sub.id}/reject-changes`, { reject: 'on' })).statusCode).toBe(303);
    const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
    await deliver(app, payloadOf(op, 'InProgress'));
    expect(standIn.apiCalls('PATCH', `/operations/${op.id}`)[0]?.body).toEqual({ status: 'Failure' });
    const otherOp = standIn.marketplaceOperation(other.id, 'ChangePlan', { planId: 'metered' });
    await deliver(app, payloadOf(otherOp, 'InProgress'));
    expect(standIn.apiCalls('PATCH', `/operations/${otherOp.id}`)[0]?.body).toEqual({ status: 'Success' });
  });

  it('only records Success notifications (Suspend, Renew, Unsubscribe): Get Operation, no PATCH', async () => {
    const sub = subscribed();
    for (const [action, status] of [['Renew', 'Subscribed'], ['Suspend', 'Suspended'], ['Unsubscribe', 'Unsubscribed']] as const) {
      const op = standIn.marketplaceOperation(sub.id, action, { status: 'Succeeded' });
      expect((await deliver(app, payloadOf(op, 'Success'))).statusCode).toBe(200);
      expect(operationCalls(sub.id, op.id)).toEqual([`GET /api/saas/subscriptions/${sub.id}/operations/${op.id}`]);
      expect(app.saas.store.get(sub.id)?.status).toBe(status);
    }
    expect(standIn.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(app.saas.store.get(sub.id)?.history.map((h) => h.text)).toEqual(expect.arrayContaining(['renewed for a new term']));
  });

  it('does not act on a Success notification whose operation has not succeeded', async () => {
    const sub = subscribed();
    const op = standIn.marketplaceOperation(sub.id, 'Suspend');
    await deliver(app, payloadOf(op, 'Success'));
    expect(app.saas.store.get(sub.id)?.status).toBe('Subscribed');
    expect(app.saas.store.recentWebhookEvents(1)[0]).toMatchObject({ outcome: 'ignored' });
  });

  it('acknowledges a notification once, even when the marketplace delivers it again', async () => {
    const sub = subscribed();
    const op = standIn.marketplaceOperation(sub.id, 'ChangePlan', { planId: 'metered' });
    await deliver(app, payloadOf(op, 'InProgress'));
    await deliver(app, payloadOf(op, 'InProgress'));
    expect(standIn.apiCalls('PATCH', `/operations/${op.id}`)).toHaveLength(1);
    expect(app.saas.store.recentWebhookEvents(1)[0]).toMatchObject({ outcome: 'duplicate' });
  });

  it("always acknowledges the app's own change with Success, even with changes rejected", async () => {
    const rejecting = await makeApp(standIn, { rejectChanges: true });
    try {
      const { subscription, token } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed' });
      const browser = new Browser(rejecting);
      await browser.get(`/landing?token=${encodeURIComponent(token)}`);
      const posted = await browser.post(`/subscriptions/${subscription.id}/change-plan`, { planId: 'metered' });
      const operationId = String(posted.headers.location).split('/').pop() ?? '';
      const op = standIn.operations.get(operationId);
      expect(op).toBeDefined();
      // Make it look unfinished, as when the marketplace asks the publisher to confirm its own request.
      if (op) Object.assign(op, { status: 'InProgress', planId: 'metered', pollsLeft: Number.POSITIVE_INFINITY });
      standIn.calls.length = 0;
      await deliver(rejecting, payloadOf(op as Operation, 'InProgress'));
      expect(standIn.apiCalls('PATCH', `/operations/${operationId}`)[0]?.body).toEqual({ status: 'Success' });
    } finally {
      await rejecting.close();
    }
  });
});
