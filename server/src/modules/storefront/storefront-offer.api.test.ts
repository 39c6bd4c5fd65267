import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type Publisher } from '../../../../test/helpers/app.js';
import type { BrowsePage, OfferPage } from './index.js';
import { storeTestApp, type Customer, type DraftOffer, type StoreTestApp } from './testing/store-app.js';

let s: StoreTestApp;
let pub: Publisher;
let buyer: Customer;
let previewer: Customer;
let flow: DraftOffer;

const pricing = (model: 'flatRate' | 'perUser', terms: object[], extra: object = {}) => ({
  markets: ['US', 'DE', 'JP'],
  pricing: { model, billingTerms: terms, dimensions: [], ...extra },
  freeTrial: false,
  visibility: 'public',
});

beforeAll(async () => {
  s = await storeTestApp();
  pub = await s.publisher();
  [buyer, previewer] = [await s.customer(), await s.customer()];
  flow = await s.draft(pub, {
    offerId: 'contoso-flow',
    name: 'Contoso Flow',
    summary: 'Approvals for every team',
    description: '<p>Contoso Flow automates <strong>approvals</strong>.</p><script>alert(1)</script>',
    media: true,
    testDrive: true,
    previewAudience: [previewer.email],
    plans: [
      { planId: 'standard', name: 'Standard', pricing: { ...pricing('flatRate', [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '470.00', paymentOption: 'monthly' }]), freeTrial: true } },
      {
        planId: 'metered',
        name: 'Metered',
        pricing: pricing('flatRate', [{ term: 'P1M', priceUsd: '0.00' }], {
          dimensions: [{ id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per email', priceUsd: '0.015', included: { P1M: 'unlimited' } }],
        }),
      },
      { planId: 'us-only', name: 'US only', pricing: { ...pricing('flatRate', [{ term: 'P1M', priceUsd: '10.00' }]), markets: ['US'] } },
      { planId: 'enterprise', name: 'Enterprise', pricing: { ...pricing('flatRate', [{ term: 'P1Y', priceUsd: '5000.00' }]), visibility: 'private' }, audience: [buyer.tenantId] },
    ],
  });
  await s.publish(flow, 'live');
});
afterAll(async () => s?.close());

const page = async (path: string, who?: Customer) => {
  const res = await s.get(`/api/store/offers/${pub.accountId}/${path}`, who?.session);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<OfferPage>();
};

describe('the listing page', () => {
  it('has the overview as published: sanitized description, media, links, legal, publisher', async () => {
    const p = await page('contoso-flow');
    expect(p).toMatchObject({
      offerId: 'contoso-flow',
      version: 'live',
      name: 'Contoso Flow',
      summary: 'Approvals for every team',
      publisherName: `${pub.publisherId} Ltd.`,
      appVersion: '2.1',
      transactable: true,
      listingOption: null,
      stores: ['AzureMarketplace'],
      categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: [] }],
      links: { privacyPolicyUrl: 'https://contoso.example/privacy', supportUrl: 'https://contoso.example/support', usefulLinks: [{ title: 'Documentation', url: 'https://contoso.example/docs' }] },
      legal: { contract: 'StandardContract', universalAmendment: null, termsAndConditions: null },
    });
    // As stored: the catalog sanitized it when the listing was saved (the script is gone, strong became b).
    expect(p.descriptionHtml).toBe('<p>Contoso Flow automates <b>approvals</b>.</p>');
    // The support contact's name, email and phone are not public.
    expect(JSON.stringify(p)).not.toContain('support@contoso.example');
    expect(p.screenshots).toEqual([{ url: expect.stringMatching(/\/media\//), caption: 'Dashboard' }]);
    expect(p.supportingDocuments).toEqual([{ name: 'Overview', url: expect.stringMatching(/\/media\//) }]);
    // Medium and Small logos were made from the Large one when it was uploaded.
    expect(Object.values(p.logos).every((u) => typeof u === 'string')).toBe(true);
  });

  it('serves the files the published listing names, and no others', async () => {
    const p = await page('contoso-flow');
    const logo = await s.get(p.logos.small!);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['cache-control']).toBe('public, max-age=3600');
    expect(logo.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await s.get(p.supportingDocuments[0]!.url)).headers['content-type']).toBe('application/pdf');
    // The uploaded video thumbnail is not in the listing: not public.
    const base = `/api/store/offers/${pub.accountId}/contoso-flow/media`;
    expect((await s.get(`${base}/${flow.media!.thumbnail}`)).statusCode).toBe(404);
    expect((await s.get(`${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await s.get(`${base}/not-a-guid`)).statusCode).toBe(404);
  });

  it('answers 404 in the error envelope for offers that are not on the storefront', async () => {
    for (const path of [`${pub.accountId}/no-such-offer`, `not-a-guid/contoso-flow`, `00000000-0000-4000-8000-000000000000/contoso-flow`]) {
      const res = await s.get(`/api/store/offers/${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code).toBe('NotFound');
    }
    const draftOnly = await s.draft(pub, { offerId: 'draft-only', name: 'Draft only' });
    expect((await s.get(`/api/store/offers/${pub.accountId}/${draftOnly.offerId}`)).statusCode).toBe(404);
    expect((await s.get(`/api/store/offers/${pub.accountId}/contoso-flow?market=USA`)).statusCode).toBe(400);
  });
});

describe('plans and prices', () => {
  it("shows each plan's price per billing term in the visitor's market and currency", async () => {
    const us = await page('contoso-flow');
    expect(us.market).toEqual({ code: 'US', currency: 'USD' });
    expect(us.markets.map((m) => m.code)).toEqual(['DE', 'JP', 'US']);
    const standard = us.plans.find((p) => p.planId === 'standard')!;
    expect(standard).toMatchObject({ name: 'Standard', pricingModel: 'flatRate', freeTrial: true, available: true, visibility: 'public', stopPending: false });
    expect(standard.pricing.terms).toEqual([
      { term: 'P1M', amount: '49.00', text: '$49.00/month', paymentOption: null },
      { term: 'P1Y', amount: '470.00', text: '$470.00/year', paymentOption: 'monthly' },
    ]);
    const metered = us.plans.find((p) => p.planId === 'metered')!;
    expect(metered.pricing.dimensions).toEqual([
      { id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per email', included: { P1M: 'unlimited' }, prices: [{ term: 'P1M', amount: '0.015', text: '$0.015' }] },
    ]);
    expect(us.pricing).toMatchObject({ kind: 'startingAt', text: 'Starting at $0.00/month', freeTrial: true });

    const de = await page('contoso-flow?market=de');
    expect(de.market).toEqual({ code: 'DE', currency: 'EUR' });
    const deStandard = de.plans.find((p) => p.planId === 'standard')!;
    expect(deStandard.pricing.currency).toBe('EUR');
    expect(deStandard.pricing.terms[0]!.text).toMatch(/^€\d+\.\d\d\/month$/);
    expect(deStandard.pricing.terms[0]!.amount).not.toBe('49.00');
    expect(de.plans.find((p) => p.planId === 'us-only')).toMatchObject({ available: false, pricing: { currency: null, terms: [], dimensions: [] } });
    expect((await page('contoso-flow?market=JP')).plans.find((p) => p.planId === 'standard')!.pricing.terms[0]!.text).toMatch(/^¥[\d,]+\/month$/);
    const fr = await page('contoso-flow?market=FR');
    expect(fr.market).toEqual({ code: 'FR', currency: null });
    expect(fr.pricing.kind).toBe('notAvailable');
    expect(fr.actions.map((a) => a.kind)).toEqual(['TestDrive']);
  });

  it('shows a private plan only to a tenant in its live audience', async () => {
    expect((await page('contoso-flow')).plans.map((p) => p.planId)).toEqual(['standard', 'metered', 'us-only']);
    const mine = await page('contoso-flow', buyer);
    expect(mine.plans.map((p) => p.planId)).toEqual(['standard', 'metered', 'us-only', 'enterprise']);
    expect(mine.plans.at(-1)).toMatchObject({ visibility: 'private', pricing: { terms: [{ term: 'P1Y', text: '$5,000.00/year' }] } });
  });

  it('keeps a plan whose stop is pending, and hides it once stopped at the next publish', async () => {
    await s.stopPlan(flow, 'us-only');
    const pending = await page('contoso-flow');
    expect(pending.plans.find((p) => p.planId === 'us-only')).toMatchObject({ stopPending: true, available: true });
    await s.publish(flow, 'live');
    const after = await page('contoso-flow');
    expect(after.plans.map((p) => p.planId)).toEqual(['standard', 'metered']);
    expect(after.version).toBe('live');
  });

  it('prices per-user plans per user', async () => {
    const seats = await s.draft(pub, {
      offerId: 'contoso-seats',
      name: 'Contoso Seats',
      plans: [{ planId: 'seat', pricing: pricing('perUser', [{ term: 'P1M', priceUsd: '12.00' }], { userLimits: { min: 5, max: 500 } }) }],
    });
    await s.publish(seats, 'live');
    const p = await page('contoso-seats');
    expect(p.stores).toEqual(['AppSource']);
    expect(p.pricing.text).toBe('Starting at $12.00/user/month');
    expect(p.plans[0]).toMatchObject({ pricingModel: 'perUser', userLimits: { min: 5, max: 500 }, pricing: { terms: [{ text: '$12.00/user/month' }] } });
  });
});

describe('call-to-action buttons', () => {
  it('offers Get it now and Free trial on plans of a transactable offer, and Test drive when enabled', async () => {
    expect((await page('contoso-flow')).actions).toEqual([
      { kind: 'GetItNow', label: 'Get it now', planId: 'standard', url: null },
      { kind: 'FreeTrial', label: 'Free trial', planId: 'standard', url: null },
      { kind: 'TestDrive', label: 'Test drive', planId: null, url: null },
    ]);
  });

  it("follows a listing-only offer's listing option", async () => {
    const cases = [
      { listingOption: 'GetItNowFree' as const, offerUrl: 'https://contoso.example/app', actions: [{ kind: 'GetItNow', url: 'https://contoso.example/app' }], pricing: 'Free' },
      { listingOption: 'FreeTrial' as const, trialUrl: 'https://contoso.example/trial', actions: [{ kind: 'FreeTrial', url: 'https://contoso.example/trial' }], pricing: 'Free trial' },
      { listingOption: 'ContactMe' as const, actions: [{ kind: 'ContactMe', url: null }], pricing: 'Price varies' },
    ];
    for (const { actions, pricing: text, ...listingOnly } of cases) {
      const offer = await s.draft(pub, { offerId: `list-${listingOnly.listingOption.toLowerCase()}`, name: `List ${listingOnly.listingOption}`, listingOnly });
      await s.publish(offer, 'live');
      const p = await page(offer.offerId);
      expect(p).toMatchObject({ transactable: false, listingOption: listingOnly.listingOption, plans: [], actions, pricing: { text } });
    }
  });
});

describe('preview', () => {
  it('shows the version in preview to its audience in place of the live one, and the live one to everyone else', async () => {
    await s.saveTab(flow, 'listing', { ...(await listingOf(flow)), name: 'Contoso Flow 2' });
    await s.publish(flow, 'preview');
    expect((await page('contoso-flow')).name).toBe('Contoso Flow');
    expect((await page('contoso-flow', buyer)).name).toBe('Contoso Flow');
    const preview = await page('contoso-flow', previewer);
    expect(preview).toMatchObject({ version: 'preview', name: 'Contoso Flow 2' });
    // The preview audience sees every plan, private ones too (L2555).
    expect(preview.plans.map((p) => p.planId)).toContain('enterprise');
    const found = (await s.get('/api/store/offers?q=contoso', previewer.session)).json<BrowsePage>();
    expect(found.offers.map((o) => [o.offerId, o.version, o.name])).toContainEqual(['contoso-flow', 'preview', 'Contoso Flow 2']);
    // A file of the preview only is served to the preview audience only, and not cached publicly.
    const logo = preview.logos.large!;
    expect((await s.get(logo, previewer.session)).headers['cache-control']).toBe('private, max-age=300');

    await s.goLive(flow);
    expect((await page('contoso-flow')).name).toBe('Contoso Flow 2');
    expect((await s.get('/api/store/offers?q=contoso', previewer.session)).json<BrowsePage>().offers.filter((o) => o.offerId === 'contoso-flow')).toMatchObject([{ version: 'live' }]);
  });
});

async function listingOf(offer: DraftOffer): Promise<Record<string, unknown>> {
  const detail = unwrap(await s.t.services.catalog.offerForPublishing(s.t.database.db, offer.accountId, offer.offerId));
  return detail.detail.tabs.find((t) => t.id === 'listing')!.value as Record<string, unknown>;
}

