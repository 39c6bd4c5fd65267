import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MarketplaceApiError, MarketplaceClient, TokenRequestError, operationIdFrom, parseQuantity } from '../src/marketplace-client.js';
import { MARKETPLACE, startStandIn, type StandIn } from './standin-marketplace.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('marketplace client', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn({ pageSize: 2, pollsUntilDone: 3 });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.calls.length = 0;
    standIn.tokenRequests.length = 0;
  });

  const client = (options: { now?: () => number; warnings?: string[] } = {}) =>
    new MarketplaceClient({ agoraUrl: standIn.url, credentials: async () => standIn.credentials, now: options.now, onWarning: (m) => options.warnings?.push(m) });

  it('gets a v1 client-credentials token with the marketplace resource, and caches it until 5 minutes before it expires', async () => {
    let now = Date.now();
    const c = client({ now: () => now });
    const { subscription } = standIn.purchase();
    await c.getSubscription(subscription.id);
    await c.getSubscription(subscription.id);
    expect(standIn.tokenRequests).toHaveLength(1);
    expect(standIn.tokenRequests[0]).toEqual({
      tenant: standIn.tenantId,
      contentType: 'application/x-www-form-urlencoded',
      form: { grant_type: 'client_credentials', client_id: standIn.clientId, client_secret: standIn.clientSecret, resource: MARKETPLACE },
    });
    const [first, second] = standIn.calls;
    expect(first?.headers.authorization).toMatch(/^Bearer standin-token-\d+$/);
    expect(second?.headers.authorization).toBe(first?.headers.authorization);

    now += 54 * 60_000; // 6 minutes left: still cached
    await c.getSubscription(subscription.id);
    expect(standIn.tokenRequests).toHaveLength(1);
    now += 2 * 60_000; // 4 minutes left: renewed
    await c.getSubscription(subscription.id);
    expect(standIn.tokenRequests).toHaveLength(2);
    expect(standIn.calls[3]?.headers.authorization).not.toBe(first?.headers.authorization);
  });

  it('shares one token request between concurrent calls', async () => {
    const c = client();
    const { subscription } = standIn.purchase();
    await Promise.all([c.getSubscription(subscription.id), c.getSubscription(subscription.id), c.listAvailablePlans(subscription.id)]);
    expect(standIn.tokenRequests).toHaveLength(1);
  });

  it('reports a refused token request with the Azure AD error', async () => {
    const c = new MarketplaceClient({ agoraUrl: standIn.url, credentials: async () => ({ ...standIn.credentials, clientSecret: 'wrong' }) });
    const error = await c.getSubscription('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).error).toBe('invalid_client');
    expect((error as Error).message).toContain('AADSTS7000215');
  });

  it('sends the marketplace headers and api-version on every call', async () => {
    const c = client();
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed' });
    await c.getSubscription(subscription.id, { correlationId: 'corr-1' });
    await c.listAvailablePlans(subscription.id, { correlationId: 'corr-1' });
    await c.changePlan(subscription.id, 'metered');
    expect(standIn.calls).toHaveLength(3);
    for (const call of standIn.calls) {
      expect(call.query['api-version']).toBe('2018-08-31');
      expect(call.headers.authorization).toMatch(/^Bearer standin-token-\d+$/);
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-ms-requestid']).toMatch(GUID);
      expect(call.headers['x-ms-correlationid']).toBeTruthy();
    }
    const requestIds = new Set(standIn.calls.map((c) => c.headers['x-ms-requestid']));
    expect(requestIds.size).toBe(3);
    expect(standIn.calls[0]?.headers['x-ms-correlationid']).toBe('corr-1');
    expect(standIn.calls[1]?.headers['x-ms-correlationid']).toBe('corr-1');
    expect(standIn.calls[2]?.headers['x-ms-correlationid']).toMatch(GUID);
    expect(standIn.calls[2]?.body).toEqual({ planId: 'metered' });
  });

  it('sends the purchase token as it is in x-ms-marketplace-token, with no body', async () => {
    const c = client();
    const { subscription, token } = standIn.purchase({}, 'ab+cd/ef%2Bgh==');
    const resolved = await c.resolve(token);
    expect(resolved.id).toBe(subscription.id);
    expect(standIn.calls[0]).toMatchObject({ method: 'POST', path: '/api/saas/subscriptions/resolve', body: undefined });
    expect(standIn.calls[0]?.headers['x-ms-marketplace-token']).toBe('ab+cd/ef%2Bgh==');
  });

  it('turns error answers into MarketplaceApiError with the marketplace message', async () => {
    const c = client();
    const error = await c.resolve('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    expect((error as MarketplaceApiError).status).toBe(400);
    expect((error as MarketplaceApiError).detail).toBe('The token is invalid or expired.');
  });

  it('lists every subscription by following @nextLink', async () => {
    const c = client();
    for (let i = 0; i < 4; i++) standIn.purchase();
    const total = standIn.subscriptions.size;
    const all = await c.listAllSubscriptions();
    expect(all.map((s) => s.id)).toEqual([...standIn.subscriptions.keys()]);
    const pages = standIn.apiCalls('GET', '/api/saas/subscriptions');
    expect(pages).toHaveLength(Math.ceil(total / 2));
    expect(pages[0]?.query.continuationToken).toBeUndefined();
    expect(pages[1]?.query).toEqual({ continuationToken: '2', 'api-version': '2018-08-31' });
  });

  it('polls the Operation-Location of a change until the operation is Succeeded', async () => {
    const c = client();
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', quantity: '5', planId: 'per-seat' });
    const accepted = await c.changeQuantity(subscription.id, 7);
    expect(accepted.operationLocation).toBe(`${standIn.url}/api/saas/subscriptions/${subscription.id}/operations/${accepted.operationId}?api-version=2018-08-31`);
    standIn.calls.length = 0;
    const { operation, done } = await c.pollOperation(accepted.operationLocation, { intervalMs: 5, timeoutMs: 5000 });
    expect(done).toBe(true);
    expect(operation).toMatchObject({ id: accepted.operationId, action: 'ChangeQuantity', status: 'Succeeded', quantity: '7' });
    expect(standIn.callLines()).toEqual(Array(3).fill(`GET /api/saas/subscriptions/${subscription.id}/operations/${accepted.operationId}`));
    expect(new Set(standIn.calls.map((call) => call.headers['x-ms-correlationid'])).size).toBe(1);
    expect(subscription.quantity).toBe('7');
  });

  it('stops polling at the timeout and says the operation is not done', async () => {
    const c = client();
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed' });
    const accepted = await c.deleteSubscription(subscription.id);
    const { operation, done } = await c.pollOperation(accepted.operationLocation, { intervalMs: 5, timeoutMs: 0 });
    expect(done).toBe(false);
    expect(operation.status).toBe('InProgress');
  });

  it('never sends the token to another origin: an Operation-Location elsewhere is called on agoraUrl', async () => {
    const warnings: string[] = [];
    const c = client({ warnings });
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed' });
    const accepted = await c.deleteSubscription(subscription.id);
    const elsewhere = `https://marketplaceapi.microsoft.com/api/saas/subscriptions/${subscription.id}/operations/${accepted.operationId}?api-version=2018-08-31`;
    const op = await c.getOperationAt(elsewhere);
    expect(op.id).toBe(accepted.operationId);
    expect(warnings[0]).toContain('https://marketplaceapi.microsoft.com');
  });

  it('reads an empty answer as no subscriptions and no plans', async () => {
    const empty = await startStandIn();
    try {
      const c = new MarketplaceClient({ agoraUrl: empty.url, credentials: async () => empty.credentials });
      expect(await c.listAllSubscriptions()).toEqual([]);
      expect(await c.listAvailablePlans('00000000-0000-0000-0000-000000000000')).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('parses quantities and Operation-Location ids', () => {
    expect(parseQuantity('10')).toBe(10);
    expect(parseQuantity(10)).toBe(10);
    expect(parseQuantity('')).toBeUndefined();
    expect(parseQuantity(null)).toBeUndefined();
    expect(operationIdFrom('https://m.example/api/saas/subscriptions/s/operations/abc-1?api-version=2018-08-31')).toBe('abc-1');
    expect(operationIdFrom('/api/saas/subscriptions/s')).toBeUndefined();
  });
});
