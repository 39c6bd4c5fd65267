import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, apiSession, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';
import { advanceClock, clockNow, marketplaceToken, startOfNextMonth } from '../helpers/sandbox.js';

/**
 * The customer's journey: the checkout of the demo per-user offer (its storefront listing), "My subscriptions", the
 * publisher activating it, a change of users the publisher (the sample SaaS app) confirms, auto-renew, cancel; then
 * the publisher's webhook log of it; then a payment that fails: the operator makes the customer's card decline, the
 * month ends on the virtual clock and the operator runs its billing, the collection fails and suspends the
 * subscription, the operator fixes the card, the invoice is collected again and reinstatement is offered.
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
/** The plan the billing run bills: no free trial, so its first month is charged on activation. */
const BILLED_OFFER_ID = 'contoso-flow';
const BILLED_PLAN_ID = 'metered';
const API_VERSION = 'api-version=2018-08-31';

/** The subscription the journey buys, shared by the steps below (they run in order). */
let subscriptionId = '';
/** The subscription the billing run bills (and the failed payment suspends). */
let billedId = '';

/** The publisher's side, through the SaaS Fulfillment API as the demo app. */
async function fulfillment(method: string, path: string, body?: unknown): Promise<Response> {
  const token = await marketplaceToken();
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

  it('a failed collection in the monthly billing run suspends a subscription; fixing the payment method retries it and offers reinstatement', async () => {
    const { baseUrl, credentials } = agora();
    const tenantId = credentials.users.customer.tenantId;
    const operator = await apiSession(credentials.users.operator);

    // A purchase well inside a month (never in its last hour), so the month billed below is the one it falls in.
    let now = await clockNow();
    if (startOfNextMonth(now).getTime() - now.getTime() < 3_600_000) now = await advanceClock(operator, new Date(startOfNextMonth(now).getTime() + 2 * 3_600_000));
    // An active subscription for the run to bill, charged from today: the customer buys a monthly plan without a free
    // trial (Contoso Flow's metered plan), the publisher activates it.
    const customer = await apiSession(credentials.users.customer);
    const bought = await fetch(`${baseUrl}/api/store/purchases`, {
      method: 'POST',
      headers: customer,
      body: JSON.stringify({ accountId: credentials.publisher.accountId, offerId: BILLED_OFFER_ID, planId: BILLED_PLAN_ID, termUnit: 'P1M', name: 'Billing journey', acceptTerms: true }),
    });
    expect(bought.status).toBe(201);
    billedId = ((await bought.json()) as { subscriptionId: string }).subscriptionId;
    expect((await fulfillment('POST', `${billedId}/activate`, { planId: BILLED_PLAN_ID })).status).toBe(200);
    const period = (await clockNow()).toISOString().slice(0, 7);

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      // The operator makes the customer's card decline; nothing happens until an invoice is collected.
      await signIn(page, credentials.users.operator, '/admin/payments');
      await page.getByLabel('Customer tenant ID').fill(tenantId);
      await page.getByTestId('payment-current').waitFor();
      await page.getByLabel('Fail', { exact: true }).check();
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByTestId('payment-result').getByText(/now fail: the next collection is declined/).waitFor();
      expect(await (await fulfillment('GET', billedId)).json()).toMatchObject({ saasSubscriptionStatus: 'Subscribed' });

      // The month ends (the virtual clock moves to noon of the 1st, before the scheduled run on the 2nd), and the
      // operator runs billing for it now.
      await advanceClock(operator, startOfNextMonth(now, 12));
      await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Billing runs' }).click();
      await expectPath(page, '/admin/billing');
      await expect.poll(() => page.getByLabel('Month').inputValue()).toBe(period);
      await page.getByRole('button', { name: 'Run billing' }).click();
      const result = page.getByTestId('run-result');
      await expect.poll(async () => (await result.getByTestId('run-summary').textContent()) ?? '').toMatch(/^Issued \d+ invoices? for /);
      await result.getByTestId('run-invoices').getByText(tenantId).waitFor();
      await page.getByTestId(`run-${period}`).first().waitFor();
      await screenshot(page, 'admin-billing-run');

      // Collecting the invoice fails: the subscription it bills is suspended (the collection runs in the background).
      await expect.poll(async () => ((await (await fulfillment('GET', billedId)).json()) as { saasSubscriptionStatus: string }).saasSubscriptionStatus, { timeout: 30_000 }).toBe('Suspended');
      // The customer sees it: the subscription suspended, the month's invoice failed.
      const customerTab = await openTab(browser);
      try {
        const cpage = customerTab.page;
        await signIn(cpage, credentials.users.customer, `/subscriptions/${billedId}`);
        await expect.poll(() => cpage.getByTestId('subscription-status').getAttribute('data-status')).toBe('Suspended');
        await cpage.getByText(/Suspended: a payment failed/).waitFor();
        await cpage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
        await cpage.getByTestId('invoices-table').locator('tbody tr').first().getByTestId('invoice-status').and(cpage.locator('[data-status="failed"]')).waitFor();
        await screenshot(cpage, 'invoices-payment-failed');
        expect(customerTab.problems).toEqual([]);
      } finally {
        await customerTab.close();
      }

      // The operator fixes the card: the failed invoice is collected again at once.
      await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Customer payments' }).click();
      await page.getByLabel('Customer tenant ID').fill(tenantId);
      await expect.poll(() => page.getByTestId('payment-current').getAttribute('data-behavior')).toBe('fail');
      await page.getByLabel('Succeed', { exact: true }).check();
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByTestId('payment-result').getByText(/now succeed: 1 failed invoice collected again now/).waitFor();
      expect(await page.getByTestId('payment-retried').first().textContent()).toBe('1');
      await screenshot(page, 'admin-payments');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }

    // Paid: the publisher is offered the subscription's reinstatement (a Reinstate webhook), which the sample app accepts.
    const publisher = await apiSession(credentials.users.publisherOwner);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${baseUrl}/api/accounts/${credentials.publisher.accountId}/webhooks?subscriptionId=${billedId}`, { headers: publisher });
          return ((await res.json()) as { items: { action: string }[] }).items.map((w) => w.action);
        },
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(['Suspend', 'Reinstate']));
    await expect.poll(async () => ((await (await fulfillment('GET', billedId)).json()) as { saasSubscriptionStatus: string }).saasSubscriptionStatus, { timeout: 30_000 }).toBe('Subscribed');
  });

  it("the customer sees the month's invoice: its failed attempt and the payment that followed", async () => {
    const { credentials } = agora();
    expect(billedId).not.toBe('');
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.customer, '/invoices');
      const table = page.getByTestId('invoices-table');
      await table.waitFor();
      await table.locator('tbody tr').first().getByRole('link').click();
      await page.getByTestId('invoice-lines').waitFor();
      expect(await page.locator(`[data-subscription="${billedId}"]`).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('payment-status').allTextContents()).toEqual(['failed', 'succeeded']);
      expect(await page.getByTestId('invoice-status').getAttribute('data-status')).toBe('paid');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
