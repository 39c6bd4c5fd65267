import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, apiSession, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';
import { marketplaceToken } from '../helpers/sandbox.js';

/**
 * Issue 5's "the portal shows it": a subscription of the demo metered plan reports usage through the Metering API;
 * the publisher sees it per day and its charge in the billing cycle.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('metered usage in the portal', () => {
  it('usage reported through the Metering API shows per day and in the billing cycle', async () => {
    const { baseUrl, credentials } = agora();
    const publisher = await apiSession(credentials.users.publisherOwner);
    const bought = await fetch(`${baseUrl}/api/sandbox/purchases`, {
      method: 'POST',
      headers: publisher,
      body: JSON.stringify({ accountId: credentials.publisher.accountId, offerId: 'contoso-flow', planId: 'metered', customerTenantId: credentials.users.customer.tenantId }),
    });
    expect(bought.status).toBe(201);
    const { subscriptionId } = (await bought.json()) as { subscriptionId: string };
    const bearer = { authorization: `Bearer ${await marketplaceToken()}`, 'content-type': 'application/json' };
    const api = (path: string, body: unknown) => fetch(`${baseUrl}/api/${path}?api-version=2018-08-31`, { method: 'POST', headers: bearer, body: JSON.stringify(body) });
    expect((await api(`saas/subscriptions/${subscriptionId}/activate`, { planId: 'metered' })).status).toBe(200);
    // Usage is reported after it happens: move the marketplace's clock two hours on, then report the hour after activation.
    const operator = await apiSession(credentials.users.operator);
    expect((await fetch(`${baseUrl}/api/admin/clock/advance`, { method: 'POST', headers: operator, body: JSON.stringify({ milliseconds: 2 * 3_600_000 }) })).status).toBe(200);
    const now = new Date(((await (await fetch(`${baseUrl}/api/sandbox/clock`)).json()) as { now: string }).now);
    const usage = await api('batchUsageEvent', {
      request: [{ resourceId: subscriptionId, planId: 'metered', dimension: 'emails', quantity: 1500, effectiveStartTime: new Date(now.getTime() - 90 * 60_000).toISOString() }],
    });
    const result = (await usage.json()) as { result: { status: string }[] };
    expect(result.result.map((r) => r.status)).toEqual(['Accepted']);

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.publisherOwner, `/partner/usage/${subscriptionId}`);
      await page.getByRole('heading', { name: 'Usage per day' }).waitFor();
      await page.getByTestId('usage-chart-emails').waitFor();
      await page
        .getByTestId('cycle-total')
        .getByText('$15.00')
        .waitFor()
        .catch(async (e: unknown) => {
          await screenshot(page, 'portal-usage-failure');
          throw e;
        });
      await screenshot(page, 'portal-usage');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
