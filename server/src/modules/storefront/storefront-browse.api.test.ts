import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publisher } from '../../../../test/helpers/app.js';
import type { BrowsePage, Facets } from './index.js';
import { storeTestApp, type Customer, type DraftOffer, type StoreTestApp } from './testing/store-app.js';

let s: StoreTestApp;
let pub: Publisher;
let buyer: Customer;
let otherBuyer: Customer;
let previewer: Customer;
const offers: Record<string, DraftOffer> = {};

const metered = {
  markets: ['US', 'DE'],
  pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '10.00' }], dimensions: [{ id: 'calls', displayName: 'API calls', unitOfMeasure: 'per call', priceUsd: '0.01', included: { P1M: 100 } }] },
  freeTrial: false,
  visibility: 'public',
};
const privatePricing = (price = '900.00') => ({ markets: ['US'], pricing: { model: 'flatRate', billingTerms: [{ term: 'P1Y', priceUsd: price }], dimensions: [] }, freeTrial: false, visibility: 'private' });

beforeAll(async () => {
  s = await storeTestApp();
  pub = await s.publisher();
  [buyer, otherBuyer, previewer] = [await s.customer(), await s.customer(), await s.customer()];
  const live = async (key: string, spec: Parameters<StoreTestApp['draft']>[1]) => {
    offers[key] = await s.draft(pub, spec);
    await s.publish(offers[key]!, 'live');
    s.t.clock.advance(60_000);
  };
  // In this order, so that "newest" is the reverse: each is listed when it first goes live.
  await live('flow', {
    offerId: 'contoso-flow',
    name: 'Contoso Flow',
    summary: 'Approvals for every team',
    keywords: ['workflow'],
    categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: [] }],
    plans: [
      { planId: 'standard', pricing: { markets: ['US', 'DE'], pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '480.00' }], dimensions: [] }, freeTrial: true, visibility: 'public' } },
      { planId: 'vip', pricing: { ...privatePricing(), pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '12.00' }], dimensions: [] } }, audience: [] },
    ],
  });
  await live('ledger', {
    offerId: 'northwind-ledger',
    name: 'Northwind Ledger',
    summary: 'Books that balance themselves',
    description: '<p>Bookkeeping with a cash flow forecast.</p>',
    categories: [{ store: 'AppSource', categoryId: 'finance' }],
    industries: [{ industryId: 'financial-services', verticalIds: ['banking'] }],
  });
  await live('meter', { offerId: 'tailspin-meter', name: 'Tailspin Meter', summary: 'Pay per call', categories: [{ store: 'AzureMarketplace', categoryId: 'analytics' }], plans: [{ planId: 'usage', pricing: metered }] });
  await live('contact', { offerId: 'adatum-advisor', name: 'Adatum Advisor', summary: 'Talk to our experts', categories: [{ store: 'AppSource', categoryId: 'sales' }], listingOnly: { listingOption: 'ContactMe' } });
  await live('private', { offerId: 'fabrikam-deal', name: 'Fabrikam Deal', plans: [{ planId: 'deal', pricing: privatePricing(), audience: [buyer.tenantId] }] });
  await live('stopped', { offerId: 'gone-soon', name: 'Gone Soon' });
  offers.preview = await s.draft(pub, { offerId: 'woodgrove-beta', name: 'Woodgrove Beta', previewAudience: [previewer.email] });
  await s.publish(offers.preview, 'preview');
  // The private plan of Contoso Flow gets its audience only in its draft (no sync): the live audience stays empty.
  await s.t.services.catalog.addAudience(s.t.database.db, pub.accountId, 'contoso-flow', 'vip', [{ tenantId: otherBuyer.tenantId }]);
});
afterAll(async () => s?.close());

const search = async (query: string, who?: Customer) => {
  const res = await s.get(`/api/store/offers${query ? `?${query}` : ''}`, who?.session);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<BrowsePage>();
};
const ids = (page: BrowsePage) => page.offers.map((o) => o.offerId);

describe('what is listed', () => {
  it('lists only live versions to everyone, and not offers with only private plans', async () => {
    const page = await search('sort=name');
    expect(ids(page)).toEqual(['adatum-advisor', 'contoso-flow', 'gone-soon', 'northwind-ledger', 'tailspin-meter']);
    expect(page.total).toBe(5);
    expect(page.offers.every((o) => o.version === 'live' && o.publisherName === `${pub.publisherId} Ltd.`)).toBe(true);
  });

  it('shows the version in preview only to its preview audience', async () => {
    expect(ids(await search('q=woodgrove'))).toEqual([]);
    expect(ids(await search('q=woodgrove', buyer))).toEqual([]);
    const seen = await search('q=woodgrove', previewer);
    expect(seen.offers).toMatchObject([{ offerId: 'woodgrove-beta', version: 'preview', name: 'Woodgrove Beta' }]);
  });

  it('shows a private-only offer to the tenants of its live audience only', async () => {
    expect(ids(await search('q=fabrikam'))).toEqual([]);
    expect(ids(await search('q=fabrikam', otherBuyer))).toEqual([]);
    const page = await search('q=fabrikam', buyer);
    expect(page.offers).toMatchObject([{ offerId: 'fabrikam-deal', stores: ['AzureMarketplace'], pricing: { text: 'Starting at $900.00/year' } }]);
  });

  it('prices a result from the plans the visitor sees, in their market', async () => {
    // Contoso Flow's private plan (12.00 a month) has no one in its live audience yet.
    const [flow] = (await search('q=contoso flow', otherBuyer)).offers;
    expect(flow!.pricing).toMatchObject({ kind: 'startingAt', text: 'Starting at $49.00/month', freeTrial: true, price: { amount: '49.00', currency: 'USD', term: 'P1M' } });
    const [de] = (await search('q=contoso flow&market=DE')).offers;
    expect(de!.pricing.price!.currency).toBe('EUR');
    expect(de!.pricing.text).toMatch(/^Starting at €[\d,]+\.\d\d\/month$/);
    const [jp] = (await search('q=contoso flow&market=jp')).offers;
    expect(jp!.pricing).toMatchObject({ kind: 'notAvailable', text: 'Not available in JP' });
    const [advisor] = (await search('q=adatum')).offers;
    expect(advisor!.pricing).toMatchObject({ kind: 'priceVaries', text: 'Price varies', freeTrial: false });
  });

  it('shows a private plan once Sync private audience puts the tenant in its live audience', async () => {
    await s.syncAudience(offers.flow!, 'vip');
    const [flow] = (await search('q=contoso flow', otherBuyer)).offers;
    expect(flow!.pricing.text).toBe('Starting at $12.00/month');
    expect((await search('q=contoso flow')).offers[0]!.pricing.text).toBe('Starting at $49.00/month');
  });

  it('drops an offer when its distribution stops', async () => {
    expect(ids(await search('q=gone'))).toEqual(['gone-soon']);
    await s.stopOffer(offers.stopped!);
    expect(ids(await search('q=gone'))).toEqual([]);
    expect((await s.get('/api/store/offers/' + pub.accountId + '/gone-soon')).statusCode).toBe(404);
    // The other offers are where they were.
    expect((await search('')).total).toBe(4);
  });
});

describe('search', () => {
  it('ranks a name match above a description match, and finds words by their beginning', async () => {
    expect(ids(await search('q=flow'))).toEqual(['contoso-flow', 'northwind-ledger']);
    expect(ids(await search('q=FLOWS'))).toEqual(['contoso-flow', 'northwind-ledger']);
    expect(ids(await search('q=conto'))).toEqual(['contoso-flow']);
    // Keywords and the summary are searched; every word must match.
    expect(ids(await search('q=workflow'))).toEqual(['contoso-flow']);
    expect(ids(await search('q=balance books'))).toEqual(['northwind-ledger']);
    expect(ids(await search('q=balance workflow'))).toEqual([]);
    // The publisher's name is searched too.
    expect((await search(`q=${pub.publisherId}`)).total).toBe(4);
    // Text that is no query syntax at all is just text.
    expect(ids(await search(`q=${encodeURIComponent("'&|!:*()")}`))).toEqual([]);
  });

  it('boosts names that start with the query', async () => {
    const page = await search('q=meter');
    expect(ids(page)).toEqual(['tailspin-meter']);
    const both = await search('q=t');
    expect(ids(both)[0]).toBe('tailspin-meter');
  });
});

describe('filters, sorting and paging', () => {
  it('filters by store: metered plans keep an offer out of AppSource (L6227-6229)', async () => {
    expect(ids(await search('store=AppSource&sort=name'))).toEqual(['adatum-advisor', 'contoso-flow', 'northwind-ledger']);
    expect(ids(await search('store=AzureMarketplace'))).toEqual(['tailspin-meter']);
    expect(ids(await search('store=AzureMarketplace&sort=name', buyer))).toEqual(['fabrikam-deal', 'tailspin-meter']);
  });

  it('filters by category, subcategory, industry, vertical and offer type', async () => {
    expect(ids(await search('category=finance'))).toEqual(['northwind-ledger']);
    expect(ids(await search('store=AppSource&category=finance'))).toEqual(['northwind-ledger']);
    expect(ids(await search('store=AzureMarketplace&category=finance'))).toEqual([]);
    expect(ids(await search('industry=financial-services&vertical=banking'))).toEqual(['northwind-ledger']);
    expect(ids(await search('industry=financial-services&vertical=insurance'))).toEqual([]);
    expect((await search('type=SoftwareAsAService')).total).toBe(4);
    expect(ids(await search('category=productivity&subcategory=workflow-automation'))).toEqual([]);
  });

  it('sorts by name, by newest and by relevance', async () => {
    expect(ids(await search('sort=newest'))).toEqual(['adatum-advisor', 'tailspin-meter', 'northwind-ledger', 'contoso-flow']);
    expect(ids(await search('sort=name&q=flow'))).toEqual(['contoso-flow', 'northwind-ledger']);
    expect(ids(await search('sort=relevance'))).toEqual(['adatum-advisor', 'contoso-flow', 'northwind-ledger', 'tailspin-meter']);
  });

  it('pages with a total, up to 100 a page', async () => {
    const pages = [await search('sort=name&pageSize=3&page=1'), await search('sort=name&pageSize=3&page=2'), await search('sort=name&pageSize=3&page=3')];
    expect(pages.map(ids)).toEqual([['adatum-advisor', 'contoso-flow', 'northwind-ledger'], ['tailspin-meter'], []]);
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4]);
    expect(await search('')).toMatchObject({ page: 1, pageSize: 20, market: 'US' });
    expect((await search('pageSize=100')).pageSize).toBe(100);
  });

  it('refuses bad query parameters with 400', async () => {
    for (const query of ['pageSize=101', 'pageSize=0', 'page=0', 'page=x', 'sort=popular', 'store=Teams', 'type=Teleport', 'market=USA', 'category=Bad Id', 'subcategory=chat', 'vertical=banking', 'colour=blue']) {
      const res = await s.get(`/api/store/offers?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('ValidationFailed');
    }
  });
});

describe('the read model', () => {
  it('is rebuilt from the catalog to what the publication events made of it', async () => {
    const before = await search('sort=newest', buyer);
    const rebuilt = await s.storefront.rebuildAll();
    expect(rebuilt.offers).toBe(6);
    expect(await search('sort=newest', buyer)).toEqual(before);
  });
});

describe('facets', () => {
  it('counts offers per store, category and industry as the visitor sees them', async () => {
    const res = await s.get('/api/store/facets');
    expect(res.statusCode).toBe(200);
    const f = res.json<Facets>();
    expect(f.stores).toEqual([
      { store: 'AppSource', count: 3 },
      { store: 'AzureMarketplace', count: 1 },
    ]);
    expect(f.offerTypes).toEqual([{ offerType: 'SoftwareAsAService', count: 4 }]);
    expect(f.categories).toContainEqual({ store: 'AppSource', categoryId: 'finance', count: 1, subcategories: [] });
    expect(f.industries).toEqual([{ industryId: 'financial-services', count: 1, verticals: [{ verticalId: 'banking', count: 1 }] }]);
    const mine = (await s.get('/api/store/facets?store=AzureMarketplace', buyer.session)).json<Facets>();
    // Fabrikam Deal is in Azure Marketplace for its private-only plans, but its category is an AppSource one.
    expect(mine.stores).toEqual([
      { store: 'AppSource', count: 3 },
      { store: 'AzureMarketplace', count: 2 },
    ]);
    expect(mine.categories).toEqual([{ store: 'AzureMarketplace', categoryId: 'analytics', count: 1, subcategories: [] }]);
    // A chosen category still shows the others' counts.
    const chosen = (await s.get('/api/store/facets?store=AppSource&category=finance')).json<Facets>();
    expect(chosen.categories.map((c) => c.categoryId).sort()).toEqual(['finance', 'productivity', 'sales']);
    expect((await s.get('/api/store/facets?page=2')).statusCode).toBe(400);
  });
});
