import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, apiSession, expectPath, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';
import { advanceClock, clockNow, marketplaceToken, startOfNextMonth } from '../helpers/sandbox.js';

/**
 * Invoices: a customer buys a monthly plan in the storefront and the publisher activates it; the month ends on the
 * virtual clock and the operator runs its billing in the console; the customer opens Invoices, finds the invoice
 * with the subscription's line and the total, and downloads it. Then the operator's store service fee and tax rates.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// A plan without a free trial, so its first month is charged (and billed) in the month it is bought: $99.00 a month.
const OFFER_ID = 'contoso-flow';
const PLAN_ID = 'metered';

/** Shared by the steps below (they run in order). */
let subscriptionId = '';
let period = '';
let invoiceNumber = '';

async function activate(id: string): Promise<number> {
  const token = await marketplaceToken();
  const res = await fetch(`${agora().baseUrl}/api/saas/subscriptions/${id}/activate?api-version=2018-08-31`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ planId: PLAN_ID }),
  });
  return res.status;
}

describe('monthly invoices', () => {
  it('the customer buys a monthly plan; before any billing run, Invoices explains they are issued monthly', async () => {
    const { baseUrl, credentials } = agora();
    const operator = await apiSession(credentials.users.operator);
    // Buy well inside a month (never in its last hour), so the month billed below is the one the purchase falls in.
    const now = await clockNow();
    if (startOfNextMonth(now).getTime() - now.getTime() < 3_600_000) await advanceClock(operator, new Date(startOfNextMonth(now).getTime() + 2 * 3_600_000));

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.customer, '/invoices');
      await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
      const customer = await apiSession(credentials.users.customer);
      const mine = (await (await fetch(`${baseUrl}/api/me/invoices`, { headers: customer })).json()) as { items: unknown[] };
      if (mine.items.length === 0) {
        // This journey on its own: nothing billed yet.
        await page.getByTestId('invoices-empty').getByText(/Invoices are issued monthly/).waitFor();
        await screenshot(page, 'invoices-empty');
      } else await page.getByTestId('invoices-table').waitFor();

      await page.goto(`/checkout/${credentials.publisher.accountId}/${OFFER_ID}?plan=${PLAN_ID}`);
      await page.getByLabel('Subscription name').fill('Invoice journey seats');
      await page.getByLabel('Monthly').check();
      await page.getByLabel("I agree to the publisher's terms and privacy policy").check();
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByTestId('purchase-success').waitFor();
      subscriptionId = ((await page.getByTestId('subscription-id').textContent()) ?? '').trim();
      expect(subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
    // The publisher activates it: its first month is charged from today.
    expect(await activate(subscriptionId)).toBe(200);
    period = (await clockNow()).toISOString().slice(0, 7);
  });

  it('the month ends and the operator runs its billing: one invoice for the customer', async () => {
    const { credentials } = agora();
    expect(subscriptionId).not.toBe('');
    const operator = await apiSession(credentials.users.operator);
    // Noon of the 1st: the month has ended, and its scheduled run (the 2nd, 01:00 UTC) has not happened yet.
    await advanceClock(operator, startOfNextMonth(new Date(`${period}-01T00:00:00Z`), 12));

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.operator, '/admin/billing');
      await page.getByRole('heading', { name: 'Billing runs', level: 1 }).waitFor();
      await expect.poll(() => page.getByLabel('Month').inputValue()).toBe(period);
      await page.getByRole('button', { name: 'Run billing' }).click();
      const result = page.getByTestId('run-result');
      await expect.poll(async () => (await result.getByTestId('run-summary').textContent()) ?? '').toMatch(/^Issued \d+ invoices? for /);
      const row = result.getByTestId('run-invoices').locator('tr', { hasText: credentials.users.customer.tenantId });
      await row.waitFor();
      invoiceNumber = ((await row.getByRole('link').textContent()) ?? '').trim();
      expect(invoiceNumber).toMatch(/^AG-\d{4}-\d{6}$/);
      await screenshot(page, 'admin-billing-run-issued');

      // Running the month again adds nothing: it only recomputes and compares.
      await page.getByRole('button', { name: 'Run billing' }).click();
      await expect.poll(async () => (await result.getByTestId('run-summary').textContent()) ?? '').toMatch(/had been billed: this run recomputed and compared only/);
      await expect.poll(() => page.getByTestId(`run-${period}`).count()).toBe(2);

      // The operator finds the invoice among every customer's, filtered by tenant, and opens it.
      await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByLabel('Customer tenant ID').fill(credentials.users.customer.tenantId);
      await page.getByRole('button', { name: 'Filter' }).click();
      await expectPath(page, `/admin/billing/invoices?tenantId=${credentials.users.customer.tenantId}`);
      await page.getByTestId(`admin-invoice-${invoiceNumber}`).getByRole('link').click();
      await page.getByRole('heading', { name: `Invoice ${invoiceNumber}` }).waitFor();
      expect(await page.locator(`[data-subscription="${subscriptionId}"]`).count()).toBe(1);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('the customer opens Invoices, reads the invoice with its line and total, and downloads it', async () => {
    const { baseUrl, credentials } = agora();
    expect(invoiceNumber).not.toBe('');
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.customer, '/subscriptions');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await expectPath(page, '/invoices');
      const row = page.getByTestId(`invoice-${invoiceNumber}`);
      await row.waitFor();
      const listedTotal = ((await row.getByTestId('invoice-row-total').textContent()) ?? '').trim();
      await row.getByRole('link', { name: invoiceNumber }).click();
      await page.getByRole('heading', { name: `Invoice ${invoiceNumber}` }).waitFor();

      // The subscription's line: the month of the plan, $99.00 (a flat rate: no quantity), no tax in the US.
      const line = page.locator(`[data-subscription="${subscriptionId}"]`);
      expect(await line.count()).toBe(1);
      expect(await line.locator('td').nth(1).textContent()).toMatch(/^Metered — monthly plan/);
      expect(((await line.getByTestId('line-amount').textContent()) ?? '').trim()).toBe('$99.00');
      expect(await line.locator('td').nth(3).textContent()).toBe('—');
      expect(await line.locator('td').nth(6).textContent()).toBe('0%');
      expect(await line.locator('td').nth(7).textContent()).toBe('$0.00');
      // The total agrees with the list and with the API.
      const total = ((await page.getByTestId('invoice-total').textContent()) ?? '').trim();
      expect(total).toBe(listedTotal);
      const customer = await apiSession(credentials.users.customer);
      const mine = (await (await fetch(`${baseUrl}/api/me/invoices`, { headers: customer })).json()) as { items: { number: string; total: string }[] };
      const apiTotal = mine.items.find((i) => i.number === invoiceNumber)!.total;
      expect(total).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(apiTotal as `${number}`));
      // Paid by the payment method on file (the collection runs in the background).
      await expect
        .poll(async () => {
          await page.reload();
          await page.getByTestId('invoice-lines').waitFor();
          return page.getByTestId('invoice-status').getAttribute('data-status');
        })
        .toBe('paid');
      expect(await page.getByTestId('payment-status').allTextContents()).toEqual(['succeeded']);
      await screenshot(page, 'invoice');

      // Print / save as PDF opens the document; Download saves it.
      expect(await page.getByTestId('invoice-print').getAttribute('href')).toMatch(/^\/api\/me\/invoices\/[^/]+\/document$/);
      expect(await page.getByTestId('invoice-print').getAttribute('target')).toBe('_blank');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
      expect(download.suggestedFilename()).toBe(`invoice-${invoiceNumber}.html`);
      const html = await readFile((await download.path())!, 'utf8');
      expect(html).toContain(`Invoice ${invoiceNumber}`);
      expect(html).toContain('99.00 USD');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("the operator reads the store service fee and keeps the tax-rate table (a day far ahead, so no invoice changes)", async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.operator, '/admin/billing/fee');
      await page.getByTestId('fee-current').getByText('3%').waitFor();
      await expect.poll(() => page.getByLabel('From').inputValue()).not.toBe('');
      await page.getByLabel('New fee (%)').fill('3.5');
      await page.getByLabel('From').fill('2099-01-01');
      await page.getByRole('button', { name: 'Set fee' }).click();
      await page.getByText(/The store service fee is 3\.5% from/).waitFor();
      await page.getByTestId('fee-2099-01-01').getByText('Scheduled').waitFor();
      expect(await page.getByTestId('fee-current').textContent()).toContain('3%');
      await screenshot(page, 'admin-fee');

      await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Tax rates' }).click();
      await page.getByTestId('tax-AU-2020-01-01').waitFor();
      expect(await page.getByTestId('tax-AU-2020-01-01').textContent()).toContain('10%');
      await expect.poll(() => page.getByLabel('From', { exact: true }).inputValue()).not.toBe('');
      await page.getByRole('textbox', { name: 'Country' }).fill('de');
      await page.getByLabel('From', { exact: true }).fill('2099-01-01');
      await page.getByLabel('Rate (%)').fill('19');
      await page.getByLabel('Collected by').selectOption('publisher');
      await page.getByRole('button', { name: 'Add rate' }).click();
      const de = page.getByTestId('tax-DE-2099-01-01');
      await de.waitFor();
      expect(await de.textContent()).toMatch(/19%.*The publisher.*Scheduled/);

      await de.getByRole('button', { name: 'Edit DE from 2099-01-01' }).click();
      await de.getByLabel('Rate (%)').fill('20');
      await de.getByRole('button', { name: 'Save' }).click();
      await expect.poll(async () => (await de.textContent()) ?? '').toMatch(/20%/);
      await screenshot(page, 'admin-tax-rates');

      await de.getByRole('button', { name: 'Delete DE from 2099-01-01' }).click();
      await de.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText('Deleted the rate of DE from').waitFor();
      await expect.poll(() => page.getByTestId('tax-DE-2099-01-01').count()).toBe(0);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
