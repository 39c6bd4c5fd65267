import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const DAY = 86_400_000;

describe('operator console', () => {
  it('(c) the operator advances the virtual clock by a day and sees the new time', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/admin');
      await expectPath(page, '/signin?next=%2Fadmin');
      await signIn(page, credentials.users.operator, '/admin');
      await page.getByRole('heading', { name: 'Operator console' }).waitFor();
      // The header offers the console to operators.
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(1);

      const now = page.getByTestId('clock-now');
      await now.waitFor();
      const before = Date.parse((await now.getAttribute('data-iso')) ?? '');
      expect(Number.isNaN(before)).toBe(false);
      // Other journeys move the clock too (in any order): compare the offset before and after, not its absolute value.
      const offset = () => page.evaluate(async () => ((await (await fetch('/api/sandbox/clock')).json()) as { offsetMs: number }).offsetMs);
      const offsetBefore = await offset();

      await page.getByLabel('Advance by').fill('1');
      await page.getByLabel('Unit').selectOption('days');
      await page.getByRole('button', { name: 'Advance' }).click();
      await page.getByText('Moved forward by 1 day').waitFor();
      const after = Date.parse((await now.getAttribute('data-iso')) ?? '');
      expect(after - before).toBeGreaterThanOrEqual(DAY);
      expect(after - before).toBeLessThan(DAY + 5 * 60_000);
      const moved = (await offset()) - offsetBefore;
      expect(moved).toBeGreaterThanOrEqual(DAY);
      expect(moved).toBeLessThan(DAY + 5 * 60_000);
      expect(await page.getByTestId('clock-offset').textContent()).toMatch(/day/);

      // The time shown after a reload is the server's, not a client-side guess.
      await page.reload();
      await now.waitFor();
      expect(Date.parse((await now.getAttribute('data-iso')) ?? '')).toBeGreaterThanOrEqual(after);
      await page.getByText(/No messages|Topic/).first().waitFor();
      await screenshot(page, 'admin');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('the operator sets an exchange rate from a day and reads it back', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/signin?next=%2Fadmin%2Fexchange-rates');
      await signIn(page, credentials.users.operator, '/admin/exchange-rates');
      await page.getByRole('heading', { name: 'Exchange rates' }).waitFor();
      // The page first loads today's rates and sets its day: choose the day only after that, or the two race.
      await expect.poll(() => page.getByLabel('On the day').inputValue()).not.toBe('');
      // A day far ahead, so the other journeys' conversions (today's rates) are not affected.
      await page.getByLabel('On the day').fill('2099-01-01');
      const eur = page.getByLabel('EUR rate');
      await eur.waitFor();
      await eur.fill('0.9');
      await page.getByRole('button', { name: /Set 1 rate from 2099-01-01/ }).click();
      await page.getByText('1 rate in force from 2099-01-01.').waitFor();
      await page.reload();
      await expect.poll(() => page.getByLabel('On the day').inputValue()).not.toBe('');
      await page.getByLabel('On the day').fill('2099-01-01');
      await page.waitForFunction(() => (document.querySelector('input[aria-label="EUR rate"]') as HTMLInputElement | null)?.value === '0.9');
      expect(await page.getByLabel('USD rate').isDisabled()).toBe(true);
      await screenshot(page, 'admin-exchange-rates');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('(c) a publisher developer visiting /admin is told it is for operators only', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.publisherDeveloper, '/admin');
      await page.getByRole('heading', { name: 'Operators only' }).waitFor();
      expect(await page.getByTestId('clock-now').count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
      await screenshot(page, 'admin-operators-only');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
