import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openTab, screenshot } from '../helpers/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('storefront and API docs', () => {
  it('the storefront home lists the published offers and can be searched', async () => {
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Find business apps and Azure solutions' }).waitFor();
      expect(await page.getByRole('searchbox').isEditable()).toBe(true);
      await page.getByTestId('offer-tile').first().waitFor();
      // Signed out: a sign-in link, no operator console.
      const main = page.getByRole('navigation', { name: 'Main' });
      expect(await main.getByRole('link', { name: 'Partner Center' }).count()).toBe(1);
      expect(await main.getByRole('link', { name: 'Admin' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Sign in', exact: true }).count()).toBe(1);
      await screenshot(page, 'storefront-home');

      // Client-side pages load directly too; unknown ones say so.
      await page.goto('/no/such/page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('(d) /docs loads the API documentation', async () => {
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/docs');
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Agora');
      // The operations are listed, e.g. sign-in.
      await page.locator('.opblock-summary-path', { hasText: '/api/auth/sign-in' }).first().waitFor();
      await screenshot(page, 'docs');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
