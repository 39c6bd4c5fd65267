import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, registerApp, signIn, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient, completeSaasTabs, flatRatePricing } from '../../../../test/helpers/catalog.js';

let t: TestApp;
let pub: Publisher;
let app: { tenantId: string; appId: string };

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  const creds = await registerApp(t, pub);
  app = { tenantId: pub.tenantId, appId: creds.appId };
});
afterAll(async () => t?.close());

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const detailsOf = (res: { json(): unknown }) => (res.json() as { error: { details?: { target: string; code: string }[] } }).error.details ?? [];

async function member(roles: string[]) {
  const email = `${roles[0]!.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: 'M', password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  return signIn(t.app, email);
}

describe('creating offers', () => {
  it('validates the offer id at its boundaries and keeps it unique per account', async () => {
    const create = (offerId: string, alias = 'Alias') =>
      t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/offers`, headers: pub.owner.headers, payload: { offerType: 'SoftwareAsAService', offerId, alias } });
    expect((await create('a'.repeat(50))).statusCode).toBe(201);
    for (const bad of ['a'.repeat(51), 'Has Caps', 'has space', 'dot.ted', '']) {
      const res = await create(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.target).toBe('offerId');
    }
    expect((await create('with-dash_and_underscore9')).statusCode).toBe(201);
    const dup = await create('with-dash_and_underscore9');
    expect(dup.statusCode).toBe(409);
    expect((await create('alias-empty', '  ')).statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/offers`, headers: pub.owner.headers, payload: { offerType: 'Teleport', offerId: 'x1', alias: 'x' } });
    expect(unknown.statusCode).toBe(400);
    // The same offer id in another account is fine.
    const other = await createPublisher(t);
    expect((await t.app.inject({ method: 'POST', url: `/api/accounts/${other.accountId}/offers`, headers: other.owner.headers, payload: { offerType: 'SoftwareAsAService', offerId: 'with-dash_and_underscore9', alias: 'x' } })).statusCode).toBe(201);
  });

  it('a new offer lists its tabs as not started or incomplete with reasons, and is not ready to publish', async () => {
    const offer = await OfferClient.create(t, pub);
    const detail = (await offer.get()).json();
    expect(detail).toMatchObject({ offerType: 'SoftwareAsAService', offerTypeName: 'Software as a Service', status: 'Draft', version: 1, readyToPublish: false, published: false });
    expect(detail.tabs.map((tab: { id: string }) => tab.id)).toEqual(['setup', 'properties', 'listing']);
    const setup = detail.tabs.find((tab: { id: string }) => tab.id === 'setup');
    expect(setup.status).toBe('NotStarted');
    expect(setup.missing.map((m: { target: string }) => m.target)).toContain('sellThroughMicrosoft');
    const listing = detail.tabs.find((tab: { id: string }) => tab.id === 'listing');
    expect(listing.value.name).toBe(`${offer.offerId} alias`.slice(0, 50));
    expect(offer.etag).toBe('"1"');
  });

  it('Marketers and Business contributors read offers but cannot create or edit them', async () => {
    const marketer = await member(['Marketer']);
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/offers`, headers: marketer.headers, payload: { offerType: 'SoftwareAsAService', offerId: 'nope', alias: 'x' } });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/offers`, headers: marketer.headers })).statusCode).toBe(200);
    const financial = await member(['FinancialContributor']);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/offers`, headers: financial.headers })).statusCode).toBe(403);
  });
});

describe('saving tabs', () => {
  it('needs If-Match; a stale ETag is 412 and writes nothing', async () => {
    const offer = await OfferClient.create(t, pub);
    const setup = { sellThroughMicrosoft: false, listingOption: 'ContactMe', testDrive: { enabled: false } };
    expect((await offer.saveTab('setup', setup, null)).statusCode).toBe(428);
    const first = await offer.saveTab('setup', setup);
    expect(first.statusCode).toBe(200);
    expect(offer.etag).toBe('"2"');
    const stale = await offer.saveTab('setup', { ...setup, listingOption: 'FreeTrial' }, '"1"');
    expect(stale.statusCode).toBe(412);
    const now = (await offer.get()).json();
    expect(now.version).toBe(2);
    expect(now.tabs[0].value.listingOption).toBe('ContactMe');
    expect((await offer.saveTab('setup', setup, '*')).statusCode).toBe(200);
    expect((await offer.saveTab('nonsense', {})).statusCode).toBe(404);
  });

  it('refuses a listing option on a transactable offer, naming the field; a rejected save writes nothing', async () => {
    const offer = await OfferClient.create(t, pub);
    const res = await offer.saveTab('setup', { sellThroughMicrosoft: true, listingOption: 'ContactMe', testDrive: { enabled: false } });
    expect(res.statusCode).toBe(400);
    expect(detailsOf(res)).toEqual([expect.objectContaining({ target: 'listingOption', code: 'NotAllowed' })]);
    expect((await offer.get()).json().version).toBe(1);
    const unknownField = await offer.saveTab('setup', { sellThroughMicrosoft: true, testDrive: { enabled: false }, colour: 'blue' });
    expect(unknownField.statusCode).toBe(400);
    expect(detailsOf(unknownField)[0]!.target).toBe('colour');
  });

  it('enforces listing limits at their boundaries', async () => {
    const offer = await OfferClient.create(t, pub);
    const media = await offer.uploadMedia();
    const base = completeSaasTabs(app, undefined, media).listing;
    const cases: [string, object, boolean][] = [
      ['summary 50', { searchResultsSummary: 's'.repeat(50) }, true],
      ['summary 51', { searchResultsSummary: 's'.repeat(51) }, false],
      ['name 50', { name: 'n'.repeat(50) }, true],
      ['name 51', { name: 'n'.repeat(51) }, false],
      ['short description 256', { shortDescription: 'd'.repeat(256) }, true],
      ['short description 257', { shortDescription: 'd'.repeat(257) }, false],
      ['keywords 3', { searchKeywords: ['a', 'b', 'c'] }, true],
      ['keywords 4', { searchKeywords: ['a', 'b', 'c', 'd'] }, false],
      ['getting started 3000', { gettingStartedInstructions: 'g'.repeat(3000) }, true],
      ['getting started 3001', { gettingStartedInstructions: 'g'.repeat(3001) }, false],
      ['description 3000 with markup', { description: `<p>${'x'.repeat(2993)}</p>` }, true],
      ['description 3001 with markup', { description: `<p>${'x'.repeat(2994)}</p>` }, false],
      ['useful link title 255', { usefulLinks: [{ title: 't'.repeat(255), url: 'https://x.example' }] }, true],
      ['useful link title 256', { usefulLinks: [{ title: 't'.repeat(256), url: 'https://x.example' }] }, false],
      ['useful link http', { usefulLinks: [{ title: 'x', url: 'http://x.example' }] }, false],
      ['privacy policy http', { privacyPolicyUrl: 'http://contoso.example/privacy' }, false],
      ['support email', { contacts: { ...base.contacts, support: { ...base.contacts.support, email: 'not-an-email' } } }, false],
      ['3 documents', { supportingDocuments: [1, 2, 3].map((i) => ({ name: `Doc ${i}`, mediaId: media.document })) }, true],
      ['4 documents', { supportingDocuments: [1, 2, 3, 4].map((i) => ({ name: `Doc ${i}`, mediaId: media.document })) }, false],
      ['5 screenshots', { media: { ...base.media, screenshots: [1, 2, 3, 4, 5].map(() => ({ mediaId: media.screenshot })) } }, true],
      ['6 screenshots', { media: { ...base.media, screenshots: [1, 2, 3, 4, 5, 6].map(() => ({ mediaId: media.screenshot })) } }, false],
      ['4 videos', { media: { ...base.media, videos: [1, 2, 3, 4].map((i) => ({ name: `V${i}`, url: `https://www.youtube.com/watch?v=${i}`, thumbnailMediaId: media.thumbnail })) } }, true],
      ['5 videos', { media: { ...base.media, videos: [1, 2, 3, 4, 5].map((i) => ({ name: `V${i}`, url: `https://vimeo.com/${i}`, thumbnailMediaId: media.thumbnail })) } }, false],
      ['video elsewhere', { media: { ...base.media, videos: [{ name: 'V', url: 'https://videos.example/1', thumbnailMediaId: media.thumbnail }] } }, false],
      ['a file never uploaded', { media: { ...base.media, logoLarge: guid(9) } }, false],
      ['a screenshot used as the logo', { media: { ...base.media, logoLarge: media.screenshot } }, false],
      ['a thumbnail used as a screenshot', { media: { ...base.media, screenshots: [{ mediaId: media.thumbnail }] } }, false],
    ];
    for (const [label, patch, accepted] of cases) {
      const res = await offer.saveTab('listing', { ...base, ...patch });
      expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(accepted ? 200 : 400);
      if (!accepted) expect(detailsOf(res).length, label).toBeGreaterThan(0);
    }
  });

  it('stores the sanitized description, and that is what is read back', async () => {
    const offer = await OfferClient.create(t, pub);
    const base = completeSaasTabs(app, undefined, await offer.uploadMedia()).listing;
    const res = await offer.saveTab('listing', { ...base, description: '<p onclick="x()">Hi <strong>there</strong><script>alert(1)</script> <a href="https://evil.example">link</a></p>' });
    expect(res.statusCode).toBe(200);
    const stored = res.json().tabs.find((tab: { id: string }) => tab.id === 'listing').value.description;
    expect(stored).toBe('<p>Hi <b>there</b> link</p>');
  });

  it('enforces properties limits: categories 1–2, industries ≤2 with 1–2 verticals, amendments ≤10 with ≤20 tenants and ≤4000 characters, own terms ≤10000', async () => {
    const offer = await OfferClient.create(t, pub);
    const legal = { contract: 'StandardContract', customAmendments: [] as object[] };
    const props = (patch: object) => ({ categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: [] }], industries: [], legal, ...patch });
    const amendment = (tenants: number, chars = 10) => ({ terms: 't'.repeat(chars), tenants: Array.from({ length: tenants }, (_, i) => ({ tenantId: guid(i + 1) })) });
    const cases: [string, object, boolean][] = [
      ['2 categories', { categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: [] }, { store: 'AppSource', categoryId: 'sales', subcategoryIds: ['crm'] }] }, true],
      ['3 categories', { categories: ['productivity', 'sales', 'finance'].map((c) => ({ store: 'AppSource', categoryId: c, subcategoryIds: [] })) }, false],
      ['unknown category', { categories: [{ store: 'AppSource', categoryId: 'time-travel', subcategoryIds: [] }] }, false],
      ['3 subcategories', { categories: [{ store: 'AppSource', categoryId: 'sales', subcategoryIds: ['crm', 'telesales', 'contract-management'] }] }, false],
      ['10 amendments', { legal: { ...legal, customAmendments: Array.from({ length: 10 }, () => amendment(1)) } }, true],
      ['11 amendments', { legal: { ...legal, customAmendments: Array.from({ length: 11 }, () => amendment(1)) } }, false],
      ['20 tenants', { legal: { ...legal, customAmendments: [amendment(20)] } }, true],
      ['21 tenants', { legal: { ...legal, customAmendments: [amendment(21)] } }, false],
      ['4000 characters', { legal: { ...legal, customAmendments: [amendment(1, 4000)] } }, true],
      ['4001 characters', { legal: { ...legal, customAmendments: [amendment(1, 4001)] } }, false],
      ['terms 10000', { legal: { contract: 'CustomTerms', customAmendments: [], termsAndConditions: 't'.repeat(10_000) } }, true],
      ['terms 10001', { legal: { contract: 'CustomTerms', customAmendments: [], termsAndConditions: 't'.repeat(10_001) } }, false],
      ['amendments without the Standard Contract', { legal: { contract: 'CustomTerms', customAmendments: [amendment(1)], termsAndConditions: 'x' } }, false],
      ['3 industries', { industries: [1, 2, 3].map(() => ({ industryId: 'x', verticalIds: ['y'] })) }, false],
      ['industry without verticals', { industries: [{ industryId: 'x', verticalIds: [] }] }, false],
    ];
    for (const [label, patch, accepted] of cases) {
      const res = await offer.saveTab('properties', props(patch));
      expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(accepted ? 200 : 400);
    }
  });

  it('checks technical configuration: https landing page without "#", and an app registration of this account', async () => {
    const offer = await OfferClient.create(t, pub);
    await offer.saveTab('setup', completeSaasTabs(app).setup);
    const tech = completeSaasTabs(app).technicalConfiguration;
    expect((await offer.saveTab('technicalConfiguration', tech)).statusCode).toBe(200);
    const http = await offer.saveTab('technicalConfiguration', { ...tech, landingPageUrl: 'http://contoso.example/signup' });
    expect(detailsOf(http)).toEqual([expect.objectContaining({ target: 'landingPageUrl', code: 'HttpsRequired' })]);
    const fragment = await offer.saveTab('technicalConfiguration', { ...tech, landingPageUrl: 'https://contoso.example/#/signup' });
    expect(detailsOf(fragment)).toEqual([expect.objectContaining({ target: 'landingPageUrl', code: 'FragmentNotAllowed' })]);
    const loopback = await offer.saveTab('technicalConfiguration', { ...tech, landingPageUrl: 'http://127.0.0.1:8080/signup' });
    expect(loopback.statusCode).toBe(200);
    const foreign = await offer.saveTab('technicalConfiguration', { ...tech, aadApplicationId: guid(77) });
    expect(detailsOf(foreign)).toEqual([expect.objectContaining({ target: 'aadApplicationId', code: 'NotAnAccountApp' })]);
  });

  it('preview audience: only for transactable offers; at most 20', async () => {
    const offer = await OfferClient.create(t, pub);
    await offer.saveTab('setup', { sellThroughMicrosoft: false, listingOption: 'ContactMe', testDrive: { enabled: false } });
    expect((await offer.saveTab('previewAudience', { members: [{ id: 'a@b.example' }] })).statusCode).toBe(409);
    await offer.saveTab('setup', completeSaasTabs(app).setup);
    const twenty = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}@contoso.example` }));
    expect((await offer.saveTab('previewAudience', { members: twenty })).statusCode).toBe(200);
    expect((await offer.saveTab('previewAudience', { members: [...twenty, { id: 'extra@contoso.example' }] })).statusCode).toBe(400);
    expect((await offer.saveTab('previewAudience', { members: [{ id: 'not-an-email' }] })).statusCode).toBe(400);
  });

  it('a complete offer with a complete plan is ready to publish', async () => {
    const offer = await OfferClient.create(t, pub);
    await offer.complete(app);
    const detail = (await offer.get()).json();
    for (const tab of detail.tabs) expect(tab.missing, tab.id).toEqual([]);
    expect(detail.tabs.map((tab: { id: string; status: string }) => `${tab.id}:${tab.status}`)).toEqual([
      'setup:Complete',
      'properties:Complete',
      'listing:Complete',
      'previewAudience:Complete',
      'technicalConfiguration:Complete',
    ]);
    expect(detail.planOverview).toEqual({ status: 'Complete', missing: [] });
    expect(detail.readyToPublish).toBe(true);
    expect(detail.stores).toEqual(['AppSource']);
  });
});

describe('plans', () => {
  it('plan ids, names, pricing-model consistency, dimensions and trials', async () => {
    const offer = await OfferClient.create(t, pub);
    expect((await offer.createPlan('Bad Plan')).statusCode).toBe(400);
    expect((await offer.createPlan('p'.repeat(51))).statusCode).toBe(400);
    expect((await offer.createPlan('basic', 'Basic')).statusCode).toBe(201);
    expect((await offer.createPlan('basic', 'Other')).statusCode).toBe(409);
    expect((await offer.createPlan('basic2', 'basic')).statusCode).toBe(400);
    expect((await offer.createPlan('pro', 'Pro')).statusCode).toBe(201);
    expect((await offer.savePlan('basic', 'pricingAndAvailability', flatRatePricing())).statusCode).toBe(200);
    const perUser = { markets: ['US'], pricing: { model: 'perUser', billingTerms: [{ term: 'P1M', priceUsd: '5.00' }], userLimits: { min: 1, max: 10 }, dimensions: [] }, freeTrial: false, visibility: 'public' };
    const mismatch = await offer.savePlan('pro', 'pricingAndAvailability', perUser);
    expect(detailsOf(mismatch)).toEqual([expect.objectContaining({ target: 'pricing.model', code: 'PricingModelMismatch' })]);
    const dimension = { id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per 100 emails', priceUsd: '0.50', included: { P1M: 1000 } };
    const withDims = { ...flatRatePricing(), pricing: { ...flatRatePricing().pricing, dimensions: [dimension] } };
    expect((await offer.savePlan('pro', 'pricingAndAvailability', withDims)).statusCode).toBe(200);
    const trialWithDims = await offer.savePlan('pro', 'pricingAndAvailability', { ...withDims, freeTrial: true });
    expect(detailsOf(trialWithDims)).toEqual([expect.objectContaining({ target: 'freeTrial', code: 'NotAllowed' })]);
    const annualQuantityWithoutAnnualTerm = await offer.savePlan('pro', 'pricingAndAvailability', { ...withDims, pricing: { ...withDims.pricing, dimensions: [{ ...dimension, included: { P1Y: 'unlimited' } }] } });
    expect(detailsOf(annualQuantityWithoutAnnualTerm)[0]!.code).toBe('TermNotOffered');
    const thirtyOne = Array.from({ length: 31 }, (_, i) => ({ ...dimension, id: `d${i}` }));
    expect((await offer.savePlan('pro', 'pricingAndAvailability', { ...withDims, pricing: { ...withDims.pricing, dimensions: thirtyOne } })).statusCode).toBe(400);
    expect((await offer.savePlan('pro', 'pricingAndAvailability', { ...withDims, pricing: { ...withDims.pricing, dimensions: thirtyOne.slice(0, 30) } })).statusCode).toBe(200);
    const unknownMarket = await offer.savePlan('basic', 'pricingAndAvailability', { ...flatRatePricing(), markets: ['US', 'XX'] });
    expect(detailsOf(unknownMarket)).toEqual([expect.objectContaining({ target: 'markets.1', code: 'UnknownMarket' })]);
    const china = await offer.savePlan('basic', 'pricingAndAvailability', { ...flatRatePricing(), markets: ['CN'] });
    expect(china.statusCode).toBe(400);
    const threeDecimals = await offer.savePlan('basic', 'pricingAndAvailability', flatRatePricing('9.999'));
    expect(threeDecimals.statusCode).toBe(400);
    const limits = await offer.savePlan('basic', 'pricingAndAvailability', { ...perUser, pricing: { ...perUser.pricing, model: 'flatRate' } });
    expect(detailsOf(limits)[0]).toMatchObject({ target: 'pricing.userLimits', code: 'NotAllowed' });
  });

  it('an offer has at most 100 plans, of which at most 45 private', async () => {
    const offer = await OfferClient.create(t, pub);
    for (let i = 0; i < 100; i++) expect((await offer.createPlan(`p${i}`)).statusCode).toBe(201);
    expect((await offer.createPlan('p100')).statusCode).toBe(400);
    const priv = { markets: ['US'], freeTrial: false, visibility: 'private' };
    for (let i = 0; i < 45; i++) expect((await offer.savePlan(`p${i}`, 'pricingAndAvailability', priv)).statusCode).toBe(200);
    const forty6 = await offer.savePlan('p45', 'pricingAndAvailability', priv);
    expect(detailsOf(forty6)).toEqual([expect.objectContaining({ target: 'visibility', code: 'MaxPrivatePlans' })]);
  }, 60_000);

  it('private audiences: ≤10 by hand, ≤20,000 by import, GUIDs only, private plans only', async () => {
    const offer = await OfferClient.create(t, pub);
    await offer.createPlan('vip');
    expect((await offer.audience('vip', 'POST', [{ tenantId: guid(1) }])).statusCode).toBe(409);
    await offer.savePlan('vip', 'pricingAndAvailability', { markets: ['US'], freeTrial: false, visibility: 'private' });
    const ten = Array.from({ length: 10 }, (_, i) => ({ tenantId: guid(i + 1), description: `Customer ${i}` }));
    expect((await offer.audience('vip', 'POST', ten)).statusCode).toBe(200);
    expect((await offer.audience('vip', 'POST', [...ten, { tenantId: guid(11) }])).statusCode).toBe(400);
    expect((await offer.audience('vip', 'POST', [{ tenantId: 'not-a-guid' }])).statusCode).toBe(400);
    const many = Array.from({ length: 20_000 }, (_, i) => ({ tenantId: guid(100_000 + i) }));
    const imported = await offer.audience('vip', 'PUT', many);
    expect(imported.statusCode).toBe(200);
    expect(imported.json().members).toHaveLength(20_000);
    expect((await offer.audience('vip', 'PUT', [...many, { tenantId: guid(1) }])).statusCode).toBe(400);
    const plan = (await t.app.inject({ url: `${offer.base}/plans/vip`, headers: pub.owner.headers })).json();
    expect(plan.audienceSize).toBe(20_000);
  }, 60_000);

  it('a draft plan can be deleted', async () => {
    const offer = await OfferClient.create(t, pub);
    await offer.createPlan('temp');
    expect((await offer.deletePlan('temp')).statusCode).toBe(204);
    expect((await offer.deletePlan('temp')).statusCode).toBe(404);
    // Creating the offer and the plan and deleting the plan are in the offer's history, with who did it.
    const history = (await t.app.inject({ url: `${offer.base}/history`, headers: pub.owner.headers })).json().events;
    expect(history.map((e: { event: string; initiatedBy: { displayName: string } }) => `${e.event} by ${e.initiatedBy.displayName}`)).toEqual([
      'Deleted plan: temp by Owner',
      'Created plan: temp by Owner',
      'Created offer by Owner',
    ]);
  });
});

describe('locks after publishing', () => {
  async function published(): Promise<OfferClient> {
    const offer = await OfferClient.create(t, pub);
    await offer.complete(app);
    await offer.createPlan('private-one', 'Private one');
    await offer.savePlan('private-one', 'listing', { name: 'Private one', description: 'For one customer.' });
    await offer.savePlan('private-one', 'pricingAndAvailability', { ...flatRatePricing(), visibility: 'private' });
    await offer.audience('private-one', 'POST', [{ tenantId: guid(5) }]);
    const trial = await offer.savePlan('standard', 'pricingAndAvailability', { ...flatRatePricing(), freeTrial: true, pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '490.00' }], dimensions: [] } });
    expect(trial.statusCode).toBe(200);
    // What the publishing pipeline does when a version reaches Preview.
    const catalog = t.services.catalog;
    const found = await catalog.offerForPublishing(t.database.db, pub.accountId, offer.offerId);
    if (!found.ok) throw new Error(found.error.message);
    const snap = await catalog.freezeDraft(t.database.db, found.value.offerUid);
    if (!snap.ok) throw new Error(snap.error.message);
    await catalog.promoteToPreview(t.database.db, found.value.offerUid, snap.value.snapshotId);
    await offer.get();
    return offer;
  }

  it('refuses, with 409 Locked, every change the reference locks', async () => {
    const offer = await published();
    const standard = { markets: ['US', 'DE', 'JP'], freeTrial: true, visibility: 'public', pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '490.00' }], dimensions: [] } };
    expect((await offer.savePlan('standard', 'pricingAndAvailability', standard)).statusCode).toBe(200);
    const locked: [string, object][] = [
      ['price change', { ...standard, pricing: { ...standard.pricing, billingTerms: [{ term: 'P1M', priceUsd: '59.00' }, { term: 'P1Y', priceUsd: '490.00' }] } }],
      ['term removed', { ...standard, pricing: { ...standard.pricing, billingTerms: [{ term: 'P1M', priceUsd: '49.00' }] } }],
      ['trial turned off', { ...standard, freeTrial: false }],
      ['public to private', { ...standard, visibility: 'private' }],
      ['pricing model', { ...standard, pricing: { ...standard.pricing, model: 'perUser' } }],
    ];
    for (const [label, value] of locked) {
      const res = await offer.savePlan('standard', 'pricingAndAvailability', value);
      expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(409);
      expect(res.json().error.code, label).toBe('Locked');
    }
    // A private plan can become public.
    const priv = await offer.savePlan('private-one', 'pricingAndAvailability', { ...flatRatePricing(), visibility: 'public' });
    expect(priv.statusCode).toBe(200);
    // A new plan after publish must use the offer's published pricing model (L17204).
    await offer.createPlan('per-user');
    const perUser = await offer.savePlan('per-user', 'pricingAndAvailability', { markets: ['US'], freeTrial: false, visibility: 'public', pricing: { model: 'perUser', billingTerms: [{ term: 'P1M', priceUsd: '5.00' }], dimensions: [] } });
    expect(perUser.statusCode).toBe(409);
    // Offer tabs.
    const setup = await offer.saveTab('setup', { sellThroughMicrosoft: false, listingOption: 'ContactMe', testDrive: { enabled: false }, leadDestination: completeSaasTabs(app).setup.leadDestination });
    expect(setup.statusCode).toBe(409);
    const legal = await offer.saveTab('properties', { ...completeSaasTabs(app).properties, legal: { contract: 'CustomTerms', customAmendments: [], termsAndConditions: 'Our terms.' } });
    expect(legal.statusCode).toBe(409);
    // A published plan is stopped, not deleted.
    expect((await offer.deletePlan('standard')).statusCode).toBe(409);
    // Edits that are not locked still go to the draft.
    const listing = await offer.saveTab('listing', { ...(await offer.listing()), name: 'Contoso Flow 2' });
    expect(listing.statusCode).toBe(200);
    expect((await offer.get()).json()).toMatchObject({ status: 'Preview', published: true });
  });
});
