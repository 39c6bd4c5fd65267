import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';

/**
 * Issue 4's journey, end to end with the sample ISV app: a customer buys in the storefront → "Configure account now"
 * lands on the sample app → it resolves and activates → the customer changes plan in the storefront → the
 * marketplace's webhook reaches the sample app → it PATCHes Success → the plan has changed.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('buy in the storefront, set up in the SaaS app, change plan', () => {
  it('goes from the listing to an active subscription on the sample app, then a plan change the app confirms', async () => {
    const { credentials, sampleAppUrl } = agora();
    const listing = `/offers/${credentials.publisher.accountId}/contoso-flow`;
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.customer, listing);
      await page.getByRole('heading', { name: 'Contoso Flow', level: 1 }).waitFor();
      await page.getByRole('tab', { name: 'Plans + Pricing' }).click();
      // The demo customer's tenant is in the private Enterprise plan's audience.
      await page.getByTestId('plan-enterprise').waitFor();
      await page.getByTestId('plan-standard').getByRole('button').click();
      await expectPath(page, `/checkout/${credentials.publisher.accountId}/contoso-flow?plan=standard`);

      await page.getByLabel("I agree to the publisher's terms and privacy policy").check();
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByTestId('purchase-success').waitFor();
      const subscriptionId = (await page.getByTestId('subscription-id').textContent()) ?? '';
      expect(subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
      await screenshot(page, 'saas-purchase-ordered');

      // "Configure account now" opens the landing page of the sample app in a new tab.
      const [landing] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('configure-now').click()]);
      await landing.waitForLoadState();
      expect(landing.url().startsWith(`${sampleAppUrl}/landing?token=`)).toBe(true);
      await landing.getByRole('heading', { name: 'Welcome to Contoso Flow' }).waitFor();
      await landing.getByLabel('Work email').fill(credentials.users.customer.email);
      await landing.getByRole('button', { name: 'Sign in' }).click();
      await landing.getByRole('button', { name: 'Activate' }).click();
      await landing.getByRole('heading', { name: /Manage your Contoso Flow account/ }).waitFor();
      await screenshot(landing, 'saas-purchase-activated-in-app');
      await landing.close();

      // Back in the storefront: the subscription is active; change its plan.
      await page.goto(`/subscriptions/${subscriptionId}`);
      await expect.poll(() => page.getByTestId('subscription-status').getAttribute('data-status')).toBe('Subscribed');
      await page.getByLabel('New plan').selectOption('metered');
      await page.getByRole('button', { name: 'Change plan' }).click();
      // The webhook reaches the sample app, which calls Get Operation and PATCHes Success.
      await page
        .getByText(/The publisher confirmed/)
        .waitFor({ timeout: 30_000 })
        .catch(async (e: unknown) => {
          await screenshot(page, 'saas-purchase-failure');
          throw e;
        });
      await screenshot(page, 'saas-purchase-plan-changed');

      const { app } = credentials;
      const token = await fetch(app.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, resource: app.resource }),
      }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
      const sub = (await fetch(`${agora().baseUrl}/api/saas/subscriptions/${subscriptionId}?api-version=2018-08-31`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as {
        planId: string;
        saasSubscriptionStatus: string;
      };
      expect(sub).toMatchObject({ planId: 'metered', saasSubscriptionStatus: 'Subscribed' });
      // The app's own record agrees: it applied the change from the webhook.
      const appHome = await (await fetch(sampleAppUrl)).text();
      expect(appHome).toContain(subscriptionId);
      expect(appHome).toContain('plan changed to metered; acknowledged with Success');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
