import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';

/**
 * The customer's journey: the checkout of the demo per-user offer (its storefront listing), "My subscriptions", the
 * publisher activating it, a change of users the publisher (the sample SaaS app) confirms, auto-renew, cancel; then
 * the publisher's webhook log of it and the operator's failing payments.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const OFFER_ID = 'contoso-seats';
const PLAN_ID = 'per-seat';
const API_VERSION = 'api-version=2018-08-31';

/** The subscription the journey buys, shared by the steps below (they run in order). */
let subscriptionId = '';

async function appToken(): Promise<string> {
  const { app } = agora().credentials;
  const res = await fetch(app.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, resource: app.resource }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The publisher's side, through the SaaS Fulfillment API as the demo app. */
async function fulfillment(method: string, path: string, body?: unknown): Promise<Response> {
  const token = await appToken();
  return fetch(`${agora().baseUrl}/api/saas/subscriptions/${path}${path.includes('?') ? '&' : '?'}${API_VERSION}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('a customer buys a SaaS plan and manages it', () => {
  it('checks out a per-user plan: limits on the field, terms required, then the landing page link', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      const checkout = `/checkout/${credentials.publisher.accountId}/${OFFER_ID}?plan=${PLAN_ID}`;
      // Signed out: the checkout sends to sign-in and back.
      await page.goto(checkout);
      await expectPath(page, `/signin?next=${encodeURIComponent(checkout)}`);
      await signIn(page, credentials.users.customer, checkout);

      await page.getByLabel('Number of users').waitFor();
      expect(await page.getByLabel('Subscription name').inputValue()).toBe('Contoso Seats Per seat');
      await page.getByLabel('Number of users').fill('501');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByText('This plan is for 1 to 500 users.').waitFor();
      await page.getByText("Agree to the publisher's terms to place the order.").waitFor();
      expect(await page.getByLabel('Number of users').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Number of users').fill('5');
      await page.getByLabel('Monthly').check();
      await page.getByLabel("I agree to the publisher's terms and privacy policy").check();
      expect(await page.getByTestId('price-total').textContent()).toContain('60.00');
      await screenshot(page, 'checkout');
      await page.getByRole('button', { name: 'Place order' }).click();

      await page.getByTestId('purchase-success').waitFor();
      subscriptionId = (await page.getByTestId('subscription-id').textContent()) ?? '';
      expect(subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await page.getByTestId('configure-now').getAttribute('href')).toMatch(/[?&]token=/);
      expect(await page.getByTestId('configure-now').getAttribute('target')).toBe('_blank');
      await screenshot(page, 'checkout-success');

      await page.getByRole('link', { name: 'My subscriptions' }).first().click();
      await expectPath(page, '/subscriptions');
      const row = page.getByTestId(`subscription-${subscriptionId}`);
      await row.waitFor();
      expect(await row.getByTestId('subscription-status').getAttribute('data-status')).toBe('PendingFulfillmentStart');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('once the publisher activates it: a change of users waits for the publisher, then auto-renew and cancel', async () => {
    const { credentials } = agora();
    expect(subscriptionId).not.toBe('');
    expect((await fulfillment('POST', `${subscriptionId}/activate`, { planId: PLAN_ID, quantity: 5 })).status).toBe(200);

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.customer, `/subscriptions/${subscriptionId}`);
      await page.getByRole('heading', { name: 'Details' }).waitFor();
      expect(await page.getByTestId('subscription-status').getAttribute('data-status')).toBe('Subscribed');
      await page.getByRole('button', { name: /Manage account/ }).waitFor();

      await page.getByLabel('Users', { exact: true }).fill('7');
      await page.getByRole('button', { name: 'Change users' }).click();
      await page.getByTestId('change-pending').getByText('Waiting for the publisher to confirm the change to 7 users').waitFor();
      // The publisher accepts the marketplace's operation: the sample app does on the webhook; if it has not yet, the
      // journey answers for it (an acknowledgement that agrees with one already given is fine).
      const ops = (await (await fulfillment('GET', `${subscriptionId}/operations`)).json()) as { operations: { id: string; action: string }[] };
      const op = ops.operations.find((o) => o.action === 'ChangeQuantity');
      if (op) expect((await fulfillment('PATCH', `${subscriptionId}/operations/${op.id}`, { status: 'Success' })).status).toBe(200);
      await page.getByText('The publisher confirmed the change to 7 users.').waitFor({ timeout: 20_000 });

      await page.getByLabel('Renew automatically at the end of each term').uncheck();
      await page.getByText('Auto-renew is off.').waitFor();

      await page.getByRole('button', { name: 'Cancel subscription' }).click();
      await page.getByText(/within 24 hours of activation/).waitFor();
      await page.getByRole('button', { name: 'Yes, cancel it' }).click();
      // Canceled inside the refund window: a free trial had nothing to refund, a paid term is refunded.
      await page.getByText(/is canceled\. (No refund was due: nothing had been charged|.* is refunded)\./).waitFor();
      await expect.poll(() => page.getByTestId('subscription-status').getAttribute('data-status')).toBe('Unsubscribed');
      await screenshot(page, 'subscription-canceled');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("the publisher finds the subscription's notifications in the webhook log", async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.publisherOwner, '/partner/webhooks');
      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Webhooks' }).waitFor();
      await page.getByLabel('Subscription ID').fill(subscriptionId);
      await page.getByRole('button', { name: 'Filter' }).click();
      await expectPath(page, `/partner/webhooks?subscriptionId=${subscriptionId}`);
      const rows = page.getByTestId('webhooks-table').locator('tbody tr');
      await rows.first().waitFor();
      const actions = await page.getByTestId('webhooks-table').locator('tbody code').allTextContents();
      expect(actions).toEqual(expect.arrayContaining(['ChangeQuantity', 'Unsubscribe']));
      await rows.first().getByRole('link').click();
      await page.getByTestId('webhook-payload').waitFor();
      expect(await page.getByTestId('webhook-payload').textContent()).toContain(subscriptionId);
      await page.getByRole('heading', { name: 'Attempts' }).waitFor();
      await screenshot(page, 'partner-webhook');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("the operator makes the customer's payments fail, then work again", async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.operator, '/admin/payments');
      await page.getByLabel('Customer tenant ID').fill(credentials.users.customer.tenantId);
      await page.getByRole('button', { name: 'Make payments fail' }).click();
      await page.getByTestId('payment-result').getByText(/now fail: \d+ active subscriptions? suspended/).waitFor();
      await page.getByRole('button', { name: 'Make payments work' }).click();
      await page.getByTestId('payment-result').getByText(/work again/).waitFor();
      expect(await page.getByTestId('payment-history').locator('tbody tr').count()).toBe(2);
      await screenshot(page, 'admin-payments');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
