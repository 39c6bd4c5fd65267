import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Where the result tiles link to (other journeys publish offers on the same server, some also named Contoso Flow). */
const tileLinks = async (page: Page) => page.getByTestId('offer-tile').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));

describe('storefront: browse, search and the listing page', () => {
  it('a visitor browses by store, searches, opens a listing, reads plans in another currency, and a customer sees their private plan', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      // The demo catalog: Contoso Flow has metered dimensions, so it is in Azure Marketplace only; Contoso Seats (per
      // user, AppSource category) is in AppSource.
      const flow = `/offers/${credentials.publisher.accountId}/contoso-flow`;
      const seats = `/offers/${credentials.publisher.accountId}/contoso-seats`;
      await page.goto('/');
      await page.getByRole('heading', { name: 'Find business apps and Azure solutions' }).waitFor();
      await page.getByText(/^Showing 1 to \d+ of \d+ results$/).waitFor();
      await expect.poll(() => tileLinks(page)).toEqual(expect.arrayContaining([flow, seats]));
      await screenshot(page, 'storefront-browse');

      const stores = page.getByRole('group', { name: 'Store' });
      await stores.getByRole('button', { name: 'AppSource' }).click();
      await expectPath(page, '/?store=AppSource');
      await expect.poll(async () => (await tileLinks(page)).includes(flow)).toBe(false);
      expect(await tileLinks(page)).toContain(seats);
      await page.locator(`[data-testid="offer-tile"]:has(a[href="${seats}"])`).getByText('Starting at $12.00/user/month').waitFor();
      await stores.getByRole('button', { name: 'Azure Marketplace' }).click();
      await expectPath(page, '/?store=AzureMarketplace');
      await expect.poll(() => tileLinks(page)).toContain(flow);
      expect(await tileLinks(page)).not.toContain(seats);
      await stores.getByRole('button', { name: 'All stores' }).click();
      await expect.poll(() => tileLinks(page)).toEqual(expect.arrayContaining([flow, seats]));

      // Search: words are matched by their beginning.
      await page.getByRole('searchbox').fill('approv');
      await page.getByRole('button', { name: 'Search' }).click();
      await expectPath(page, '/?q=approv');
      await expect.poll(() => tileLinks(page)).toContain(flow);
      expect(await tileLinks(page)).not.toContain(seats);
      await page.getByRole('searchbox').fill('no such thing');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('No offers match "no such thing" with these filters.').waitFor();
      await page.getByRole('link', { name: 'Clear the search and filters' }).click();
      await expect.poll(() => tileLinks(page)).toEqual(expect.arrayContaining([flow, seats]));

      // The listing page.
      await page.locator(`[data-testid="offer-tile"] a[href="${flow}"]`).click();
      await expectPath(page, flow);
      await page.getByRole('heading', { name: 'Contoso Flow', level: 1 }).waitFor();
      await page.getByText(credentials.publisher.displayName, { exact: true }).first().waitFor();
      expect(await page.getByTestId('offer-description').textContent()).toContain('Contoso Flow is the demo offer of the Agora sandbox.');
      // The logo is served from the published listing.
      await expect.poll(() => page.locator('.store-offer-head img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Get it now' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Free trial' }).count()).toBe(1);
      await screenshot(page, 'storefront-listing');

      await page.getByRole('tab', { name: 'Plans + Pricing' }).click();
      const plans = page.getByTestId('plans-table');
      await plans.waitFor();
      await expect.poll(() => plans.locator('tbody tr').count()).toBe(2);
      await page.getByTestId('plan-standard').getByText('$49.00/month').waitFor();
      expect(await page.getByTestId('plan-enterprise').count()).toBe(0);
      await page.getByLabel('Market').selectOption('DE');
      await page.getByTestId('market-currency').getByText('Prices in EUR').waitFor();
      await expect.poll(async () => (await page.getByTestId('plan-standard').textContent()) ?? '').toMatch(/€[\d,]+\.\d\d\/month/);
      await screenshot(page, 'storefront-plans-de');
      await page.getByLabel('Market').selectOption('US');
      await page.getByTestId('market-currency').getByText('Prices in USD').waitFor();

      // The demo customer's tenant is in the private plan's audience.
      await signIn(page, credentials.users.customer, flow);
      await page.getByRole('tab', { name: 'Plans + Pricing' }).click();
      await page.getByTestId('plan-enterprise').getByText('Private plan').waitFor();

      // Get it now (at the top of the page) starts the purchase of the first plan.
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Get it now' }).click();
      await expectPath(page, `/checkout/${credentials.publisher.accountId}/contoso-flow?plan=standard`);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
