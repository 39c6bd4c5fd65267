import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SaasApp } from '../src/server.js';
import { Browser, makeApp } from './helpers.js';
import { startStandIn, type StandIn } from './standin-marketplace.js';

describe('manage account (publisher-initiated operations)', () => {
  let standIn: StandIn;
  let app: SaasApp;
  beforeAll(async () => {
    standIn = await startStandIn({ pollsUntilDone: 3 });
    app = await makeApp(standIn);
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });
  beforeEach(() => {
    standIn.calls.length = 0;
  });

  async function managing(fields: Parameters<StandIn['purchase']>[0] = {}) {
    const { subscription, token } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', ...fields });
    const browser = new Browser(app);
    await browser.get(`/landing?token=${encodeURIComponent(token)}`);
    standIn.calls.length = 0;
    return { subscription, browser };
  }

  it('changes the plan: PATCH, then polls the Operation-Location until Succeeded and shows the result', async () => {
    const { subscription, browser } = await managing();
    const posted = await browser.post(`/subscriptions/${subscription.id}/change-plan`, { planId: 'metered' });
    expect(posted.statusCode).toBe(303);
    const patch = standIn.apiCalls('PATCH', `/api/saas/subscriptions/${subscription.id}`);
    expect(patch).toHaveLength(1);
    expect(patch[0]?.body).toEqual({ planId: 'metered' });
    const [operationId] = [...standIn.operations.values()].filter((o) => o.subscriptionId === subscription.id).map((o) => o.id);
    const polls = standIn.apiCalls('GET', `/operations/${operationId}`);
    expect(polls).toHaveLength(3);
    expect(String(posted.headers.location)).toBe(`/subscriptions/${subscription.id}/operations/${operationId}`);

    const page = await browser.get(String(posted.headers.location));
    expect(page.body).toContain('Succeeded');
    expect(page.body).toContain('Done.');
    expect(page.body).not.toContain('http-equiv="refresh"');
    expect(app.saas.store.get(subscription.id)?.planId).toBe('metered');
  });

  it('changes the quantity with a number', async () => {
    const { subscription, browser } = await managing({ planId: 'per-seat', quantity: '5' });
    const page = await browser.submit(`/subscriptions/${subscription.id}/change-quantity`, { quantity: '8' });
    expect(standIn.apiCalls('PATCH', `/api/saas/subscriptions/${subscription.id}`)[0]?.body).toEqual({ quantity: 8 });
    expect(page.body).toContain('Succeeded');
    expect(app.saas.store.get(subscription.id)?.quantity).toBe(8);
  });

  it('cancels with DELETE once confirmed', async () => {
    const { subscription, browser } = await managing();
    let page = await browser.submit(`/subscriptions/${subscription.id}/cancel`);
    expect(page.body).toContain('Confirm that you want to cancel.');
    expect(standIn.apiCalls('DELETE', subscription.id)).toHaveLength(0);
    page = await browser.submit(`/subscriptions/${subscription.id}/cancel`, { confirm: 'yes' });
    expect(standIn.apiCalls('DELETE', subscription.id)).toHaveLength(1);
    expect(page.body).toContain('Unsubscribe');
    expect(page.body).toContain('Succeeded');
    const account = await browser.get(`/subscriptions/${subscription.id}`);
    expect(account.body).toContain('This subscription was canceled');
  });

  it('keeps polling from the request page while the operation is in progress', async () => {
    const slow = await makeApp(standIn, { operationWaitMs: 0 });
    try {
      const { subscription, token } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed' });
      const browser = new Browser(slow);
      await browser.get(`/landing?token=${encodeURIComponent(token)}`);
      const posted = await browser.post(`/subscriptions/${subscription.id}/change-plan`, { planId: 'enterprise' });
      let page = await browser.get(String(posted.headers.location));
      expect(page.body).toContain('InProgress');
      expect(page.body).toContain('http-equiv="refresh"');
      page = await browser.get(String(posted.headers.location));
      expect(page.body).toContain('Succeeded');
      expect(slow.saas.store.get(subscription.id)?.planId).toBe('enterprise');
    } finally {
      await slow.close();
    }
  });

  it('shows the marketplace refusal of a change', async () => {
    const { subscription, browser } = await managing();
    subscription.saasSubscriptionStatus = 'Suspended';
    standIn.subscriptions.set(subscription.id, subscription);
    // The page still showed "Subscribed" when the user submitted the form.
    app.saas.store.update(subscription.id, (a) => { a.status = 'Subscribed'; });
    const page = await browser.submit(`/subscriptions/${subscription.id}/change-plan`, { planId: 'metered' });
    expect(page.body).toContain('ChangePlan was not accepted');
    expect(page.body).toContain('The subscription is not active.');
  });

  it('offers no plan or quantity change for a reseller (CSP) subscription', async () => {
    const { browser, subscription } = await managing({ allowedCustomerOperations: ['Read'], planId: 'per-seat', quantity: '3' });
    const page = await browser.get(`/subscriptions/${subscription.id}`);
    expect(page.body).toContain('Your reseller manages');
    expect(page.body).not.toContain('/change-plan"');
    expect(page.body).not.toContain('/change-quantity"');
  });
});
