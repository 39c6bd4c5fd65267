import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PURCHASE_NOT_IDENTIFIED } from '../src/pages.js';
import type { SaasApp } from '../src/server.js';
import { asHtml, Browser, makeApp } from './helpers.js';
import { startStandIn, type StandIn } from './standin-marketplace.js';

describe('landing page', () => {
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

  const landing = (token: string) => `/landing?token=${encodeURIComponent(token)}`;

  it('resolves a token with + / = and % decoded exactly once, and shows the purchase', async () => {
    const raw = 'AbC+dEf/GhI%2BjK==';
    const { subscription } = standIn.purchase({ planId: 'per-seat', quantity: '5', name: 'Fabrikam <team>' }, raw);
    const res = await new Browser(app).get(landing(raw));
    expect(res.statusCode).toBe(200);
    const resolve = standIn.apiCalls('POST', '/resolve');
    expect(resolve).toHaveLength(1);
    expect(resolve[0]?.headers['x-ms-marketplace-token']).toBe(raw);
    expect(res.body).toContain(subscription.id);
    expect(res.body).toContain('contoso-flow');
    expect(res.body).toContain('per-seat');
    expect(res.body).toContain('5 seats');
    expect(res.body).toContain('buyer@fabrikam.example');
    expect(res.body).toContain('PendingFulfillmentStart');
    expect(res.body).toContain('Fabrikam &lt;team&gt;');
    expect(res.body).not.toContain('<team>');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['set-cookie']).toMatch(/HttpOnly/);
  });

  it("shows Microsoft's message when the token does not resolve", async () => {
    const res = await new Browser(app).get(landing('expired-or-invalid'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(asHtml(PURCHASE_NOT_IDENTIFIED));
  });

  it('explains itself when opened without a token', async () => {
    const res = await new Browser(app).get('/landing');
    expect(res.statusCode).toBe(400);
    expect(standIn.calls).toHaveLength(0);
  });

  it('signs the user in, then activates echoing the purchased plan and quantity, and shows the active subscription', async () => {
    const { subscription, token } = standIn.purchase({ planId: 'per-seat', quantity: '12' });
    const browser = new Browser(app);
    let page = await browser.get(landing(token));
    expect(page.body).toContain('Sign in');
    expect(page.body).not.toContain('action="/subscriptions/' + subscription.id + '/activate"');

    // Activating before signing in is refused.
    page = await browser.submit(`/subscriptions/${subscription.id}/activate`);
    expect(page.body).toContain('Sign in before activating.');
    expect(standIn.apiCalls('POST', '/activate')).toHaveLength(0);

    page = await browser.submit(`/subscriptions/${subscription.id}/sign-in`, { email: 'BUYER@fabrikam.example' });
    expect(page.body).toContain('Signed in as');
    expect(page.body).not.toContain('not the subscription');
    standIn.calls.length = 0;

    page = await browser.submit(`/subscriptions/${subscription.id}/activate`);
    expect(page.statusCode).toBe(200);
    const activate = standIn.apiCalls('POST', '/activate');
    expect(activate).toHaveLength(1);
    expect(activate[0]?.body).toEqual({ planId: 'per-seat', quantity: 12 });
    // Then the app reads the subscription again and shows it.
    expect(standIn.callLines()).toContain(`GET /api/saas/subscriptions/${subscription.id}`);
    expect(page.body).toContain('is active');
    expect(page.body).toContain('Subscribed');
    expect(page.body).toContain('Manage your Contoso Flow account');
    expect(app.saas.store.get(subscription.id)).toMatchObject({ status: 'Subscribed', planId: 'per-seat', quantity: 12, activatedBy: 'BUYER@fabrikam.example' });
  });

  it('omits the quantity when the plan is not per seat, and warns a user who is not the beneficiary', async () => {
    const { subscription, token } = standIn.purchase({ planId: 'standard', quantity: '' });
    const browser = new Browser(app);
    await browser.get(landing(token));
    const page = await browser.submit(`/subscriptions/${subscription.id}/sign-in`, { email: 'someone.else@contoso.example' });
    expect(page.body).toContain('You are not the subscription');
    await browser.submit(`/subscriptions/${subscription.id}/activate`);
    expect(standIn.apiCalls('POST', '/activate')[0]?.body).toEqual({ planId: 'standard' });
    expect(subscription.saasSubscriptionStatus).toBe('Subscribed');
  });

  it('shows the marketplace error when activation fails', async () => {
    const { subscription, token } = standIn.purchase({ planId: 'standard' });
    const browser = new Browser(app);
    await browser.get(landing(token));
    await browser.submit(`/subscriptions/${subscription.id}/sign-in`, { email: 'buyer@fabrikam.example' });
    subscription.planId = 'changed-meanwhile';
    const page = await browser.submit(`/subscriptions/${subscription.id}/activate`);
    expect(page.body).toContain('Activation failed');
    expect(page.body).toContain('planId does not match the purchase');
  });

  it('opens the manage page for a subscription that is already active', async () => {
    const { subscription, token } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', term: { startDate: '2026-11-01', endDate: '2026-11-30', termUnit: 'P1M' } });
    const page = await new Browser(app).get(landing(token));
    expect(page.body).toContain('Manage your Contoso Flow account');
    expect(page.body).toContain('2026-11-01 → 2026-11-30 (P1M)');
    expect(page.body).toContain('<option value="metered">');
    expect(page.body).not.toContain('<option value="standard">'); // the current plan
    expect(standIn.callLines()).toContain(`GET /api/saas/subscriptions/${subscription.id}/listAvailablePlans`);
  });

  it('lets only a browser that resolved a token, with the form token, act on a subscription', async () => {
    const { subscription, token } = standIn.purchase();
    const stranger = new Browser(app);
    await stranger.get('/');
    expect((await stranger.get(`/subscriptions/${subscription.id}`)).statusCode).toBe(403);
    expect((await stranger.post(`/subscriptions/${subscription.id}/sign-in`, { email: 'a@b.example' })).statusCode).toBe(403);

    const owner = new Browser(app);
    await owner.get(landing(token));
    expect((await owner.post(`/subscriptions/${subscription.id}/sign-in`, { email: 'a@b.example' }, { csrf: 'forged' })).statusCode).toBe(403);
    expect((await owner.post(`/subscriptions/${subscription.id}/sign-in`, { email: 'a@b.example' })).statusCode).toBe(303);
  });
});
