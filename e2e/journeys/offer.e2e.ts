import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, pdfSample } from '../../server/src/modules/catalog/media/testing/png.js';
import { agora, expectPath, launchBrowser, openTab, screenshot, signIn, type Tab } from '../helpers/browser.js';
import { ROOT } from '../helpers/server.js';

/**
 * The acceptance journey: the demo publisher owner creates a SaaS offer, fills every page, adds a priced
 * plan and reaches "Publish is enabled"; then (once the publishing API exists on the server) publishes, goes live
 * from the preview, an operator approves certification, and the offer is Live.
 */

const OUTPUT = path.join(ROOT, 'e2e', '.output', 'offer');
const shot = async (page: Page, name: string) => {
  // From the top: the sticky header and navigation then sit where they belong in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  return screenshot(page, name, OUTPUT);
};

let browser: Browser;
/** A small HTTP server on 127.0.0.1 for the offer's landing page, connection webhook and lead destination. */
let local: Server;
let localUrl = '';
const received: { method: string; url: string; body: string }[] = [];
/** The offer the first journey builds, for the publishing journey. */
let builtOfferId: string | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  local = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      if ((req.url ?? '').startsWith('/landing')) res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Contoso Flow</title><h1>Welcome to Contoso Flow</h1>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  localUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (local ? local.close(() => resolve()) : resolve()));
});

/** The status (NotStarted / Incomplete / Complete) the offer's sub-navigation shows for a page. */
const navStatus = (page: Page, id: string) => page.getByTestId(`nav-${id}`).locator('[data-status]').getAttribute('data-status');

async function saveDraft(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByTestId('saved').waitFor();
}

/** Headers for API calls as the browser's own session: its cookies, and the CSRF token the session hands out. */
async function browserSession(tab: Tab): Promise<Record<string, string>> {
  const { baseUrl } = agora();
  const cookie = (await tab.context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  const me = (await (await fetch(`${baseUrl}/api/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
}

/** Whether the server has a route, from its OpenAPI document. */
async function hasRoute(route: RegExp): Promise<boolean> {
  const doc = (await (await fetch(`${agora().baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  return Object.keys(doc.paths).some((p) => route.test(p));
}

describe('offer publishing', () => {
  it('the owner creates a SaaS offer, fills every page and a priced plan, and Publish is enabled', async () => {
    const { baseUrl, credentials } = agora();
    const accountId = credentials.publisher.accountId;
    const offerId = `contoso-flow-${Date.now().toString(36)}`;
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await signIn(page, credentials.users.publisherOwner, '/partner');

      // Offers, from the portal's navigation.
      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Offers' }).click();
      await expectPath(page, '/partner/offers');
      await page.getByRole('heading', { name: 'Marketplace offers' }).waitFor();
      await shot(page, '01-offers');

      // New offer: the types come from /api/offer-types; a bad id is refused next to its field.
      await page.getByRole('button', { name: '+ New offer' }).click();
      await page.getByRole('menuitem', { name: 'Software as a Service' }).click();
      const dialog = page.getByTestId('new-offer-dialog');
      await dialog.getByLabel('Offer ID').fill('Contoso Flow');
      await dialog.getByLabel('Offer alias').fill('Contoso Flow');
      expect(await dialog.textContent()).toContain('Use only lowercase letters');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => dialog.locator('[data-field-target="offerId"] [data-testid="field-error"]').textContent()).toContain('lowercase letters');
      await shot(page, '02-new-offer-refused');
      await dialog.getByLabel('Offer ID').fill(offerId);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expectPath(page, `/partner/offers/${offerId}/setup`);

      // Offer setup: transactable, leads to an HTTPS endpoint (the local server: sandbox mode takes loopback http).
      await page.getByRole('heading', { name: 'Offer setup' }).waitFor();
      expect(await navStatus(page, 'setup')).toBe('NotStarted');
      await page.getByLabel('Yes, I would like to sell through the marketplace (transactable)').check();
      await page.getByLabel('Lead destination').selectOption('HttpsEndpoint');
      await page.getByLabel('HTTPS endpoint URL').fill(`${localUrl}/leads`);
      await page.getByLabel('Contact emails').fill('sales@contoso.example');
      await saveDraft(page);
      await expect.poll(() => navStatus(page, 'setup')).toBe('Complete');
      // Transactable offers get the preview audience and technical configuration pages.
      await page.getByTestId('nav-previewAudience').waitFor();
      await page.getByTestId('nav-technicalConfiguration').waitFor();
      await shot(page, '03-setup');

      // Properties: an AppSource category with a subcategory, an industry, the Standard Contract.
      await page.getByTestId('nav-properties').click();
      await page.getByRole('heading', { name: 'Properties' }).waitFor();
      await page.getByRole('button', { name: '+ Add a category' }).click();
      await page.locator('#cat-store-0').selectOption('AppSource');
      await page.locator('#cat-0').selectOption('productivity');
      await page.getByLabel('Workflow Automation').check();
      await page.getByRole('button', { name: '+ Add an industry' }).click();
      await page.locator('#ind-0').selectOption('financial-services');
      await page.getByLabel('Banking').check();
      await page.getByLabel("Use the Standard Contract for Microsoft's commercial marketplace").check();
      await saveDraft(page);
      await expect.poll(() => navStatus(page, 'properties')).toBe('Complete');
      await shot(page, '04-properties');

      // Offer listing: a wrong email is refused next to its field; then everything customers see.
      await page.getByTestId('nav-listing').click();
      await page.getByRole('heading', { name: 'Offer listing' }).waitFor();
      expect(await page.getByTestId('missing').textContent()).toContain('The description is required.');
      await page.locator('#support-email').fill('not-an-email');
      await page.getByRole('button', { name: 'Save draft' }).click();
      const emailError = page.locator('[data-field-target="contacts.support.email"] [data-testid="field-error"]');
      await emailError.waitFor();
      expect(await emailError.textContent()).toContain('must be an email address');
      await shot(page, '05-listing-field-error');
      await page.locator('#listing-name').fill('Contoso Flow');
      await page.locator('#listing-searchResultsSummary').fill('Automate approvals across your teams');
      await page.locator('#listing-shortDescription').fill('Approvals, automated.');
      await page.locator('#listing-description').fill('<p>Contoso Flow automates approvals.</p><ul><li>Fast</li><li>Secure</li></ul>');
      await page.locator('#listing-gettingStarted').fill('Sign in with your work account and connect your tenant.');
      await page.getByLabel('Search keyword 1').fill('workflow');
      await page.locator('#listing-privacyPolicyUrl').fill('https://contoso.example/privacy');
      await page.locator('#support-name').fill('Contoso Support');
      await page.locator('#support-email').fill('support@contoso.example');
      await page.locator('#support-phone').fill('+1 425 555 0100');
      await page.locator('#support-url').fill('https://contoso.example/support');
      await page.locator('#engineering-name').fill('Contoso Engineering');
      await page.locator('#engineering-email').fill('eng@contoso.example');
      await page.locator('#engineering-phone').fill('+1 425 555 0101');
      await saveDraft(page);

      // Media: uploaded through the page when the server has the upload route; otherwise (the route still being
      // built) the listing's media ids are set through the catalog API directly, with this browser's session, and
      // the page is reloaded — the ids are placeholders the catalog accepts until uploads exist.
      if (await hasRoute(/\/offers\/\{offerId\}\/media$/)) {
        await page.getByTestId('upload-logoLarge').locator('input[type=file]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: encodePng(300, 300) });
        await page.getByTestId('media-logoLarge').locator('code').waitFor();
        // A wrong size is refused with the server's message.
        await page.getByTestId('upload-screenshot').locator('input[type=file]').setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: encodePng(640, 360) });
        await page.getByTestId('upload-error').waitFor();
        await shot(page, '06-listing-upload-refused');
        await page.getByTestId('upload-screenshot').locator('input[type=file]').setInputFiles({ name: 'dashboard.png', mimeType: 'image/png', buffer: encodePng(1280, 720) });
        await page.getByTestId('media-screenshots').locator('code').waitFor();
        await page.locator('#doc-name').fill('Overview');
        await page.getByTestId('upload-supportingDocument').locator('input[type=file]').setInputFiles({ name: 'overview.pdf', mimeType: 'application/pdf', buffer: pdfSample() });
        await page.getByTestId('documents').locator('code').waitFor();
        await saveDraft(page);
      } else {
        await page.getByTestId('uploads-soon').first().waitFor();
        const headers = await browserSession(tab);
        const url = `${baseUrl}/api/accounts/${accountId}/offers/${offerId}`;
        const offer = await fetch(url, { headers });
        const detail = (await offer.json()) as { tabs: { id: string; value: Record<string, unknown> }[] };
        const listing = detail.tabs.find((t) => t.id === 'listing')!.value;
        const put = await fetch(`${url}/tabs/listing`, {
          method: 'PUT',
          headers: { ...headers, 'if-match': offer.headers.get('etag')! },
          body: JSON.stringify({
            ...listing,
            supportingDocuments: [{ name: 'Overview', mediaId: crypto.randomUUID() }],
            media: { logoLarge: crypto.randomUUID(), screenshots: [{ mediaId: crypto.randomUUID(), caption: 'Dashboard' }], videos: [] },
          }),
        });
        expect(put.status).toBe(200);
        await page.reload();
        await page.getByTestId('media-logoLarge').locator('code').waitFor();
      }
      await expect.poll(() => navStatus(page, 'listing')).toBe('Complete');
      expect(await page.getByTestId('missing').count()).toBe(0);
      await shot(page, '07-listing');

      // Preview audience. Meanwhile the offer changes elsewhere (the same publisher saving Offer setup through the
      // API): saving is refused as "changed since you opened it", and Reload brings the page up to date.
      await page.getByTestId('nav-previewAudience').click();
      await page.getByRole('heading', { name: 'Preview audience' }).waitFor();
      await page.getByRole('button', { name: '+ Add an email' }).click();
      await page.getByLabel('Email 1').fill('someone@contoso.example');
      {
        const headers = await browserSession(tab);
        const url = `${baseUrl}/api/accounts/${accountId}/offers/${offerId}`;
        const offer = await fetch(url, { headers });
        const setup = ((await offer.json()) as { tabs: { id: string; value: unknown }[] }).tabs.find((t) => t.id === 'setup')!.value;
        const put = await fetch(`${url}/tabs/setup`, { method: 'PUT', headers: { ...headers, 'if-match': offer.headers.get('etag')! }, body: JSON.stringify(setup) });
        expect(put.status).toBe(200);
      }
      await page.getByRole('button', { name: 'Save draft' }).click();
      const conflict = page.getByTestId('conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('This offer changed since you opened it — reload');
      await shot(page, '08-conflict');
      await conflict.getByRole('button', { name: 'Reload' }).click();
      await conflict.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: '+ Add an email' }).click();
      await page.getByLabel('Email 1').fill('Tester@Contoso.example');
      await page.getByLabel('Description 1').fill('QA');
      await saveDraft(page);
      await expect.poll(() => navStatus(page, 'previewAudience')).toBe('Complete');
      // The server stores emails in lower case; the page shows what it stored.
      expect(await page.getByLabel('Email 1').inputValue()).toBe('tester@contoso.example');
      await shot(page, '09-preview-audience');

      // Technical configuration: the local server, and the demo app registration from the picker.
      await page.getByTestId('nav-technicalConfiguration').click();
      await page.getByRole('heading', { name: 'Technical configuration' }).waitFor();
      await page.locator('#landingPageUrl').fill(`${localUrl}/landing`);
      await page.locator('#connectionWebhookUrl').fill(`${localUrl}/webhook`);
      await page.locator('#appPicker').selectOption(credentials.app.clientId);
      expect(await page.locator('#aadTenantId').inputValue()).toBe(credentials.app.tenantId);
      expect(await page.locator('#aadApplicationId').inputValue()).toBe(credentials.app.clientId);
      await saveDraft(page);
      await expect.poll(() => navStatus(page, 'technicalConfiguration')).toBe('Complete');
      await shot(page, '10-technical-configuration');

      // A flat-rate plan: listing, then markets and prices.
      await page.getByTestId('nav-plans').click();
      await page.getByRole('heading', { name: 'Plan overview' }).waitFor();
      await page.getByRole('button', { name: '+ Create new plan' }).click();
      const planDialog = page.getByTestId('new-plan-dialog');
      await planDialog.getByLabel('Plan ID').fill('standard');
      await planDialog.getByLabel('Plan name').fill('Standard');
      await planDialog.getByRole('button', { name: 'Create' }).click();
      await expectPath(page, `/partner/offers/${offerId}/plans/standard/listing`);
      await page.locator('#planDescription').fill('Everything a team needs: unlimited approval flows.');
      await saveDraft(page);
      await page.getByRole('navigation', { name: 'Offer pages' }).getByRole('link', { name: 'Pricing and availability' }).click();
      await expectPath(page, `/partner/offers/${offerId}/plans/standard/pricing`);
      await page.getByRole('heading', { name: 'Pricing and availability' }).waitFor();
      await page.getByRole('button', { name: 'Edit markets' }).click();
      await page.getByRole('button', { name: 'Select all', exact: true }).click();
      expect(await page.getByTestId('market-picker').textContent()).toContain('141 of 141 selected');
      await page.getByRole('button', { name: 'Unselect all', exact: true }).click();
      for (const market of ['United States', 'Germany', 'Japan']) {
        await page.getByLabel('Search markets').fill(market);
        await page.getByRole('group', { name: 'Markets' }).getByRole('checkbox').first().check();
      }
      await page.getByLabel('Search markets').fill('');
      expect(await page.getByTestId('market-picker').textContent()).toContain('3 of 141 selected');
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByLabel('Flat rate').check();
      await page.getByLabel('Monthly (1 month)').check();
      await page.getByLabel('Monthly price (USD)').fill('49');
      await page.getByLabel('Annual (1 year)').check();
      await page.getByLabel('Annual price (USD)').fill('499.00');
      // A metered dimension disables the free trial, with the reason shown.
      await page.getByRole('button', { name: '+ Add a dimension' }).click();
      expect(await page.getByLabel('Allow a one-month free trial').isDisabled()).toBe(true);
      expect(await page.getByTestId('plan-pricing').textContent()).toContain('a plan with metered dimensions cannot have a free trial');
      await page.getByTestId('dimensions').getByRole('button', { name: 'Remove' }).click();
      expect(await page.getByLabel('Allow a one-month free trial').isDisabled()).toBe(false);
      await saveDraft(page);
      expect(await page.getByTestId('market-summary').textContent()).toContain('United States');
      await expect.poll(() => navStatus(page, 'plans')).toBe('Complete');
      // The per-market price grid (or, while the prices route is being built, a notice saying so).
      const grid = page.getByTestId('price-grid');
      await expect.poll(async () => (await grid.getByTestId('price-table').count()) + (await grid.getByTestId('not-yet-available').count())).toBe(1);
      if (await grid.getByTestId('price-table').count()) {
        const us = grid.getByTestId('price-table').getByRole('row').filter({ hasText: 'United States' });
        expect(await us.textContent()).toContain('49');
        expect(await us.textContent()).toContain('USD');
      }
      await shot(page, '11-plan-pricing');

      // A private plan: its audience by hand and by CSV import; then Delete draft removes it again.
      await page.getByTestId('nav-plans').click();
      await page.getByRole('button', { name: '+ Create new plan' }).click();
      await planDialog.getByLabel('Plan ID').fill('private-pilot');
      await planDialog.getByLabel('Plan name').fill('Private pilot');
      await planDialog.getByRole('button', { name: 'Create' }).click();
      await expectPath(page, `/partner/offers/${offerId}/plans/private-pilot/listing`);
      await page.getByRole('navigation', { name: 'Offer pages' }).getByRole('link', { name: 'Pricing and availability' }).click();
      await page.getByRole('heading', { name: 'Pricing and availability' }).waitFor();
      await page.getByRole('button', { name: 'Edit markets' }).click();
      await page.getByLabel('Search markets').fill('United States');
      await page.getByRole('group', { name: 'Markets' }).getByRole('checkbox').first().check();
      await page.getByLabel('Flat rate').check();
      await page.getByLabel('Monthly (1 month)').check();
      await page.getByLabel('Monthly price (USD)').fill('10');
      await page.getByLabel('Private', { exact: true }).check();
      await saveDraft(page);
      const audience = page.getByTestId('private-audience');
      await audience.waitFor();
      const tenants = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      await audience.getByLabel('Tenant ID 1').fill(tenants[0]!);
      await audience.getByLabel('Tenant description 1').fill('Fabrikam pilot');
      await audience.getByRole('button', { name: 'Add to audience' }).click();
      await expect.poll(() => audience.getByTestId('audience-table').getByRole('row').count()).toBe(2);
      // With a tenant in its audience the private plan is complete.
      await expect.poll(() => page.getByTestId('plan-pricing').getByTestId('missing').count()).toBe(0);
      const csv = ['ID,Description,Type', `${tenants[1]},Northwind,TenantID`, `${tenants[2]},"Tailspin, Inc.",TenantID`, 'someone@example.com,Not a tenant,Email'].join('\r\n');
      await audience.locator('input[type=file]').setInputFiles({ name: 'audience.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      expect(await audience.getByRole('alert').textContent()).toContain('with the 2 tenant ids in audience.csv');
      await audience.getByRole('button', { name: 'Replace audience' }).click();
      await expect.poll(() => audience.getByTestId('audience-table').getByRole('row').count()).toBe(3);
      expect(await audience.getByTestId('audience-table').textContent()).toContain('Tailspin, Inc.');
      await audience.getByTestId('audience-table').getByRole('row').filter({ hasText: 'Northwind' }).getByRole('button', { name: 'Remove' }).click();
      await audience.getByRole('button', { name: 'Remove tenant' }).click();
      await expect.poll(() => audience.getByTestId('audience-table').getByRole('row').count()).toBe(2);
      await shot(page, '12-private-plan-audience');
      await page.getByTestId('nav-plans').click();
      const pilot = page.getByTestId('plans-table').getByRole('row').filter({ hasText: 'private-pilot' });
      expect(await pilot.textContent()).toContain('Private');
      await pilot.getByRole('button', { name: 'Delete draft' }).click();
      await pilot.getByRole('button', { name: 'Delete Private pilot' }).click();
      await expect.poll(() => page.getByTestId('plans-table').getByRole('row').filter({ hasText: 'private-pilot' }).count()).toBe(0);

      await page.getByTestId('nav-plans').click();
      const plans = page.getByTestId('plans-table');
      await expect.poll(() => plans.textContent()).toContain('Standard');
      expect(await plans.textContent()).toContain('Flat rate');
      expect(await plans.textContent()).toContain('Public');
      await shot(page, '13-plan-overview');

      // Review and publish: every page complete, so Publish is enabled.
      await page.getByRole('navigation', { name: 'Offer pages' }).getByRole('link', { name: 'Review and publish' }).click();
      await expectPath(page, `/partner/offers/${offerId}/review`);
      const review = page.getByTestId('review-table');
      await review.waitFor();
      for (const id of ['setup', 'properties', 'listing', 'previewAudience', 'technicalConfiguration'])
        expect(await review.getByTestId(`review-${id}`).locator('[data-status]').getAttribute('data-status')).toBe('Complete');
      expect(await review.getByTestId('review-plans').locator('[data-status]').getAttribute('data-status')).toBe('Complete');
      await expect.poll(() => page.getByTestId('publish').isEnabled()).toBe(true);
      await shot(page, '14-review-publish-enabled');

      // The offers list shows it.
      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Offers' }).click();
      await expect.poll(() => page.getByTestId('offers-table').textContent()).toContain(offerId);
      expect(await page.getByTestId('offers-table').getByRole('row').filter({ hasText: offerId }).textContent()).toContain('Draft');
      expect(tab.problems).toEqual([]);
      builtOfferId = offerId;
    } finally {
      await tab.close();
    }
  });

  it('publish → preview → go live → the operator approves certification → the offer is Live', async () => {
    const { baseUrl, credentials } = agora();
    const accountId = credentials.publisher.accountId;
    const offerId = builtOfferId;
    if (!offerId) throw new Error('the first journey did not build an offer to publish (see its failure)');

    // Decided at run time: the publishing API is being built alongside these pages. Until the server has its routes
    // (GET .../submissions answers 404 "No route"), this journey stops here; the first one already showed Publish enabled.
    const owner = await fetch(`${baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials.users.publisherOwner),
    });
    const cookie = owner.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const probe = await fetch(`${baseUrl}/api/accounts/${accountId}/offers/${offerId}/submissions`, { headers: { cookie } });
    if (probe.status === 404) {
      console.log(`offer journey: the publishing API is not on this server yet (GET .../submissions answered 404: ${await probe.text()}); the publish → live part was not run.`);
      return;
    }
    expect(probe.status).toBe(200);

    const publisher = await openTab(browser);
    const operator = await openTab(browser);
    try {
      const { page } = publisher;
      await signIn(page, credentials.users.publisherOwner, `/partner/offers/${offerId}/review`);
      await page.getByLabel('Notes for certification (optional)').fill('Sign in with any work account; the landing page is the local test server.');
      await page.getByTestId('publish').click();
      const status = page.getByTestId('submission').getByTestId('submission-status');
      await status.waitFor();
      await shot(page, '15-publish-started');

      // The server's outbox runs the steps; the page follows the submission until the preview is ready.
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toBe('WaitingForSignOff');
      await expect.poll(() => page.getByTestId('offer-status').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('Preview');
      expect(await page.getByTestId('steps').locator('[data-status="Completed"]').count()).toBeGreaterThan(0);
      await shot(page, '16-preview-ready');
      await page.getByTestId('go-live').click();
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('InCertification');
      await shot(page, '17-in-certification');

      // The operator, in another browser context: the certification queue, the snapshot, approve.
      const op = operator.page;
      await signIn(op, credentials.users.operator, '/admin/certification');
      const row = op.getByTestId('certification-row').filter({ hasText: offerId });
      await row.waitFor({ timeout: 30_000 });
      await shot(op, '18-certification-queue');
      await row.getByRole('link', { name: 'Review' }).click();
      await op.getByTestId('snapshot-link').waitFor();
      // Rejecting needs a report: the page says so before sending anything.
      await op.getByTestId('reject').click();
      await op.getByText('A rejection needs a report').waitFor();
      await op.getByLabel('Report to the publisher').fill('Checked the listing, plans and landing page.');
      await shot(op, '19-certification-review');
      await op.getByTestId('approve').click();
      await op.getByText('Approved').first().waitFor();

      // Back to the publisher: the offer is Live.
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toBe('Completed');
      await expect.poll(() => page.getByTestId('offer-status').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('Live');
      await shot(page, '20-live');

      // History: the publish, the sign-off and the certification; Compare: the draft is the live version.
      await page.getByRole('navigation', { name: 'Offer pages' }).getByRole('link', { name: 'History' }).click();
      const history = page.getByTestId('history-table');
      await expect.poll(() => history.textContent()).toContain('Submitted offer to preview');
      expect(await history.textContent()).toContain('Sign-off to go live');
      await shot(page, '21-history');
      await page.getByRole('navigation', { name: 'Offer pages' }).getByRole('link', { name: 'Compare' }).click();
      await page.getByRole('heading', { name: 'Compare' }).waitFor();
      await page.getByTestId('compare-section').first().waitFor();
      await shot(page, '22-compare');

      await page.goto('/partner/offers');
      await expect.poll(() => page.getByTestId('offers-table').getByRole('row').filter({ hasText: offerId }).textContent()).toContain('Live');
      expect(publisher.problems).toEqual([]);
      expect(operator.problems).toEqual([]);
    } finally {
      await publisher.close();
      await operator.close();
    }
  });

  it('while the publishing, prices and upload routes are missing, the pages say so and keep working', async () => {
    const { credentials } = agora();
    const offerId = builtOfferId;
    if (!offerId) throw new Error('the first journey did not build an offer (see its failure)');
    const publisher = await openTab(browser);
    const operator = await openTab(browser);
    try {
      // The server's answer for a route it does not have (its not-found handler), for the routes other engineers
      // were still building when these pages were written; and an OpenAPI document without the upload route.
      const noRoute = (tab: Tab) => async (pattern: RegExp) =>
        tab.context.route(pattern, (route) => {
          const url = new URL(route.request().url());
          return route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'NotFound', message: `No route for ${route.request().method()} ${url.pathname}.` } }) });
        });
      for (const pattern of [/\/api\/accounts\/[^/]+\/offers\/[^/]+\/(submissions|history|compare|media)\b/, /\/api\/accounts\/[^/]+\/offers\/[^/]+\/plans\/[^/]+\/prices\b/])
        await noRoute(publisher)(pattern);
      await noRoute(operator)(/\/api\/admin\/certification\b/);
      await publisher.context.route('**/openapi.json', async (route) => {
        const doc = (await (await route.fetch()).json()) as { paths: Record<string, unknown> };
        for (const p of Object.keys(doc.paths)) if (/\/media/.test(p)) delete doc.paths[p];
        await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(doc) });
      });

      const { page } = publisher;
      const root = `/partner/offers/${offerId}`;
      await signIn(page, credentials.users.publisherOwner, `${root}/review`);
      await page.getByTestId('not-yet-available').waitFor();
      expect(await page.getByTestId('not-yet-available').textContent()).toContain('Publishing is not available on this server yet');
      // Publish stays enabled for a complete offer; pressing it says the same, and nothing breaks.
      await page.getByTestId('publish').click();
      expect(await page.getByTestId('not-yet-available').count()).toBe(1);
      await shot(page, '30-degraded-review');

      await page.goto(`${root}/history`);
      expect(await page.getByTestId('not-yet-available').textContent()).toContain('The offer history is not available on this server yet');
      await page.goto(`${root}/compare`);
      expect(await page.getByTestId('not-yet-available').textContent()).toContain('Compare is not available on this server yet');
      await page.goto(`${root}/plans/standard/pricing`);
      await page.getByTestId('price-grid').getByTestId('not-yet-available').waitFor();
      expect(await page.getByTestId('price-grid').textContent()).toContain('The per-market price list is not available on this server yet');
      await shot(page, '31-degraded-prices');
      await page.goto(`${root}/listing`);
      await page.getByTestId('uploads-soon').first().waitFor();
      expect(await page.getByTestId('upload-logoLarge').locator('input[type=file]').isDisabled()).toBe(true);
      // The media ids already on the listing are listed.
      await page.getByTestId('media-logoLarge').locator('code').waitFor();
      await shot(page, '32-degraded-uploads');

      const op = operator.page;
      await signIn(op, credentials.users.operator, '/admin/certification');
      await op.getByTestId('not-yet-available').waitFor();
      expect(await op.getByTestId('not-yet-available').textContent()).toContain('Certification is not available on this server yet');
      await shot(op, '33-degraded-certification');
      expect(publisher.problems).toEqual([]);
      expect(operator.problems).toEqual([]);
    } finally {
      await publisher.close();
      await operator.close();
    }
  });
});
