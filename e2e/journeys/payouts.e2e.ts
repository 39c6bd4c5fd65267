import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, apiSession, launchBrowser, openTab, screenshot, signIn } from '../helpers/browser.js';
import { marketplaceToken } from '../helpers/sandbox.js';

/**
 * Issue 6's publisher side of the money (ADR 0018): the demo publisher gets validated tax and payout profiles, a
 * customer buys its metered plan ($99.00 a month), and the operator moves the marketplace clock past the month's
 * billing (the 2nd) and the payout run two months on (the 15th). The publisher sees the earning, the payout and its
 * statement in the portal, and downloads the statement as CSV; the operator sees the run.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (the server's runner works in the background after the clock moves). */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const monthPlus = (now: Date, months: number, day: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, day, hour));
const monthId = (d: Date) => d.toISOString().slice(0, 7);

describe('payouts in the portal', () => {
  it('after the clock passes billing and the payout run, the publisher sees its earnings and a payout statement', async () => {
    const { baseUrl, credentials } = agora();
    const accountId = credentials.publisher.accountId;
    const owner = await apiSession(credentials.users.publisherOwner);
    const operator = await apiSession(credentials.users.operator);
    const call = async (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };

    // The publisher's tax and payout profiles, decided by the operator.
    await call(owner, 'PUT', `/api/accounts/${accountId}/tax-profile`, {
      entityType: 'Business',
      legalName: 'Contoso Ltd.',
      countryOfResidence: 'US',
      address: { line1: '1 Microsoft Way', city: 'Redmond', region: 'WA', postalCode: '98052' },
      taxForm: 'W-9',
      taxId: '12-3456789',
    });
    await call(operator, 'POST', `/api/admin/accounts/${accountId}/tax-profile/validate`, {});
    await call(owner, 'PUT', `/api/accounts/${accountId}/payout-profile`, {
      payoutCurrency: 'USD',
      bankAccount: { country: 'US', accountHolderName: 'Contoso Ltd.', routingNumber: '021000021', accountNumber: '4455667788', accountType: 'checking' },
    });
    await call(operator, 'POST', `/api/admin/accounts/${accountId}/payout-profile/verify`, {});

    // A purchase of the metered plan, activated by the publisher's backend.
    const bought = await call(owner, 'POST', '/api/sandbox/purchases', { accountId, offerId: 'contoso-flow', planId: 'metered', customerTenantId: credentials.users.customer.tenantId });
    const subscriptionId = bought.subscriptionId as string;
    const activated = await fetch(`${baseUrl}/api/saas/subscriptions/${subscriptionId}/activate?api-version=2018-08-31`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await marketplaceToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ planId: 'metered' }),
    });
    expect(activated.status).toBe(200);

    // Billing on the 2nd of next month collects the invoice; the payout run of the month after pays it.
    const now = new Date(((await (await fetch(`${baseUrl}/api/sandbox/clock`)).json()) as { now: string }).now);
    const billed = monthPlus(now, 1, 2, 3);
    const paid = monthPlus(now, 2, 15, 3);
    await call(operator, 'POST', '/api/admin/clock/advance', { to: billed.toISOString() });
    await until('the earning to be available', async () => {
      const tx = (await call(owner, 'GET', `/api/accounts/${accountId}/transactions?top=200`)) as { items: { subscriptionId: string; status: string }[] };
      return tx.items.find((e) => e.subscriptionId === subscriptionId && e.status === 'available');
    });
    await call(operator, 'POST', '/api/admin/clock/advance', { to: paid.toISOString() });
    const payout = await until('the payout', async () => {
      const list = (await call(owner, 'GET', `/api/accounts/${accountId}/payouts`)) as { items: { payoutId: string; month: string; total: string }[] };
      return list.items.find((p) => p.month === monthId(paid));
    });
    const statement = (await call(owner, 'GET', `/api/accounts/${accountId}/payouts/${payout.payoutId}`)) as { lines: { subscriptionId: string; gross: string; fee: string; net: string; amount: string; withholding: string }[] };
    expect(statement.lines.find((l) => l.subscriptionId === subscriptionId)).toMatchObject({ gross: '99.00', fee: '2.97', net: '96.03', amount: '96.03', withholding: '0.00' });

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.publisherOwner, '/partner/earnings');
      await page.getByRole('heading', { name: 'Earnings', exact: true }).waitFor();
      await page.getByTestId('earnings-total-USD').waitFor();
      await page.getByTestId('earnings-chart-USD').waitFor();
      await screenshot(page, 'portal-earnings');

      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Payouts' }).click();
      await page.getByRole('heading', { name: 'Payouts', exact: true }).waitFor();
      await page.getByTestId('payouts-table').waitFor();
      await page.locator(`a[href="/partner/payouts/${payout.payoutId}"]`).click();
      await page.getByRole('heading', { name: /^Payout statement/ }).waitFor();
      const lines = page.getByTestId('statement-lines');
      await lines.getByText('contoso-flow').first().waitFor();
      await lines
        .getByText('$96.03')
        .first()
        .waitFor()
        .catch(async (e: unknown) => {
          await screenshot(page, 'portal-statement-failure');
          throw e;
        });
      await screenshot(page, 'portal-statement');

      const href = await page.getByTestId('statement-csv').getAttribute('href');
      expect(href).toBe(`/api/accounts/${accountId}/payouts/${payout.payoutId}/statement.csv`);
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
      const body = await csv.text();
      expect(body.split('\r\n')[0]).toContain('transactionDate');
      expect(body).toContain(`,${subscriptionId},contoso-flow,metered,`);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }

    const admin = await openTab(browser);
    try {
      await signIn(admin.page, credentials.users.operator, '/admin/payouts');
      await admin.page.getByRole('heading', { name: 'Payouts', exact: true }).waitFor();
      const runs = admin.page.getByTestId('payout-runs');
      await runs.waitFor();
      expect(await runs.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
      await screenshot(admin.page, 'admin-payouts');
      expect(admin.problems).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
