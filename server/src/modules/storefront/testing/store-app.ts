import type { LightMyRequestResponse } from 'fastify';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../../test/helpers/app.js';
import { OfferClient, flatRatePricing, type OfferMedia } from '../../../../../test/helpers/catalog.js';
import type { Executor, Tx } from '../../../platform/db/index.js';
import { fail, ok } from '../../../platform/errors.js';
import type { CatalogEvent } from '../../catalog/index.js';
import { createStorefront, type StorefrontDeps, type StorefrontService } from '../index.js';

/**
 * Test support for the storefront: an app with the storefront's routes and event sink, publishers, customers, and
 * offers published straight through the catalog's publication steps (freeze, preview, live), as the demo seed does.
 *
 * When app.ts registers the storefront and binds it to the catalog's event sink, the app is used as it is. Until
 * then, this registers the storefront itself and passes it the publication events the sink would.
 */

export interface Customer {
  tenantId: string;
  email: string;
  session: Session;
}

export interface PlanSpec {
  planId: string;
  name?: string;
  description?: string;
  /** The Pricing and availability section (default: flat rate, 49.00 USD a month, in US, DE and JP). */
  pricing?: object;
  /** Private plans: the tenant ids of the audience. */
  audience?: string[];
}

export interface OfferSpec {
  offerId: string;
  name: string;
  summary?: string;
  description?: string;
  keywords?: string[];
  categories?: { store: 'AppSource' | 'AzureMarketplace'; categoryId: string; subcategoryIds?: string[] }[];
  industries?: { industryId: string; verticalIds: string[] }[];
  /** Listing-only offers: the listing option and its URL (default: transactable). */
  listingOnly?: { listingOption: 'ContactMe' | 'FreeTrial' | 'GetItNowFree'; offerUrl?: string; trialUrl?: string };
  testDrive?: boolean;
  plans?: PlanSpec[];
  previewAudience?: string[];
  /** Upload a logo, a screenshot, a supporting document and a video thumbnail, and name all but the thumbnail. */
  media?: boolean;
}

export interface DraftOffer {
  offerUid: string;
  accountId: string;
  offerId: string;
  media: OfferMedia | undefined;
}

export interface StoreTestApp {
  t: TestApp;
  storefront: StorefrontService;
  publisher(name?: string): Promise<Publisher>;
  customer(name?: string): Promise<Customer>;
  /** Creates an offer with its tabs and plans (a draft). */
  draft(pub: Publisher, spec: OfferSpec): Promise<DraftOffer>;
  /** Freezes the draft and makes it the preview version, and (`live`) then the live one. */
  publish(offer: DraftOffer, to: 'preview' | 'live'): Promise<void>;
  /** Makes the version in preview live (Go live). */
  goLive(offer: DraftOffer): Promise<void>;
  stopOffer(offer: DraftOffer): Promise<void>;
  /** Requests stop distribution of a live plan (stopped at the next Go live). */
  stopPlan(offer: DraftOffer, planId: string): Promise<void>;
  /** Sync private audience: the plan's draft audience becomes its live one. */
  syncAudience(offer: DraftOffer, planId: string): Promise<void>;
  saveTab(offer: DraftOffer, tab: string, value: unknown): Promise<void>;
  get(url: string, session?: Session): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;

export async function storeTestApp(): Promise<StoreTestApp> {
  const late: { t?: TestApp } = {};
  const sessions = new Map<string, Session>();
  const services = () => late.t!.services;
  // The storefront's dependencies, read when a request needs them (the services exist only once the app is built).
  const deps: StorefrontDeps = {
    get db() {
      return late.t!.database.db;
    },
    catalog: {
      publishedOffer: (x, offerUid) => services().catalog.publishedOffer(x, offerUid),
      publishedOffers: (x) => services().catalog.publishedOffers(x),
      privatePlansForTenant: (x, tenantId) => services().catalog.privatePlansForTenant(x, tenantId),
    },
    accounts: { getAccount: (x, accountId) => services().accounts.getAccount(x, accountId) },
    // The publisher's own download route, as its owner.
    mediaFile: async (_x, accountId, offerId, mediaId) => {
      const res = await late.t!.app.inject({ url: `/api/accounts/${accountId}/offers/${offerId}/media/${mediaId}`, headers: sessions.get(accountId)?.headers ?? {} });
      if (res.statusCode !== 200) return fail('NotFound', 'No such file on this offer.');
      return ok({ bytes: res.rawPayload, contentType: String(res.headers['content-type']), fileName: null });
    },
  };
  let own: StorefrontService | undefined;
  const t = await testApp({
    register: async (app) => {
      if (app.hasRoute({ method: 'GET', url: '/api/store/offers' })) return;
      own = createStorefront(deps);
      await own.register(app);
    },
  });
  late.t = t;
  const storefront = own ?? (t.services as unknown as { storefront: StorefrontService }).storefront;
  const { catalog } = t.services;
  const db = t.database.db;
  /** What the catalog's event sink does once app.ts wires the storefront to it. */
  const sink = async (x: Executor, kind: CatalogEvent['kind'], offerUid: string) => {
    if (own) await own.onCatalogEvent(x, { kind, offerUid });
  };
  const inTx = <T>(fn: (trx: Tx) => Promise<T>) => db.transaction().execute(fn);
  const actorOf = (pub: Publisher) => ({ id: pub.ownerId, displayName: 'Owner' });

  const publish = async (offer: DraftOffer, to: 'preview' | 'live') =>
    inTx(async (trx) => {
      const snapshot = unwrap(await catalog.freezeDraft(trx, offer.offerUid));
      await catalog.promoteToPreview(trx, offer.offerUid, snapshot.snapshotId);
      await sink(trx, 'OfferPreview', offer.offerUid);
      if (to === 'live') {
        await catalog.promoteToLive(trx, offer.offerUid, snapshot.snapshotId);
        await sink(trx, 'OfferLive', offer.offerUid);
      }
    });

  return {
    t,
    storefront,
    publisher: async (name) => {
      const pub = await createPublisher(t, name ?? `store${++counter}${Math.floor(Math.random() * 1e6)}`);
      sessions.set(pub.accountId, pub.owner);
      return pub;
    },
    customer: async (name) => {
      const org = name ?? `cust${++counter}${Math.floor(Math.random() * 1e6)}`;
      const email = `buyer@${org}.example`;
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: { organizationName: org, email, displayName: 'Buyer', password: STRONG_PASSWORD } });
      if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.body}`);
      return { tenantId: res.json<{ tenant: { tenantId: string } }>().tenant.tenantId, email, session: await signIn(t.app, email) };
    },
    draft: async (pub, spec) => {
      const { accountId } = pub;
      await inTx(async (trx) => unwrap(await catalog.createOffer(trx, actorOf(pub), accountId, { offerType: 'SoftwareAsAService', offerId: spec.offerId, alias: spec.name })));
      const media = spec.media ? await new OfferClient(t, pub, spec.offerId).uploadMedia() : undefined;
      await inTx(async (trx) => {
        const save = async (tab: string, value: unknown) => unwrap(await catalog.saveTab(trx, accountId, spec.offerId, tab, value));
        await save('setup', {
          ...(spec.listingOnly ? { sellThroughMicrosoft: false, ...spec.listingOnly } : { sellThroughMicrosoft: true }),
          testDrive: { enabled: spec.testDrive === true },
          leadDestination: { type: 'HttpsEndpoint', settings: { url: 'https://contoso.example/leads' }, contactEmails: ['sales@contoso.example'] },
        });
        await save('properties', {
          categories: (spec.categories ?? [{ store: 'AppSource', categoryId: 'productivity' }]).map((c) => ({ subcategoryIds: [], ...c })),
          industries: spec.industries ?? [],
          appVersion: '2.1',
          legal: { contract: 'StandardContract', customAmendments: [] },
        });
        await save('listing', {
          name: spec.name,
          searchResultsSummary: spec.summary ?? `${spec.name} in one line`,
          description: spec.description ?? `<p>${spec.name} helps teams.</p>`,
          searchKeywords: spec.keywords ?? [],
          privacyPolicyUrl: 'https://contoso.example/privacy',
          usefulLinks: [{ title: 'Documentation', url: 'https://contoso.example/docs' }],
          contacts: { support: { name: 'Support', email: 'support@contoso.example', phone: '+1 425 555 0100', url: 'https://contoso.example/support' } },
          supportingDocuments: media ? [{ name: 'Overview', mediaId: media.document }] : [],
          media: media ? { logoLarge: media.logo, screenshots: [{ mediaId: media.screenshot, caption: 'Dashboard' }], videos: [] } : { screenshots: [], videos: [] },
        });
        if (!spec.listingOnly) await save('previewAudience', { members: (spec.previewAudience ?? ['tester@contoso.example']).map((id) => ({ id })) });
        for (const plan of spec.listingOnly ? [] : (spec.plans ?? [{ planId: 'standard' }])) {
          unwrap(await catalog.createPlan(trx, actorOf(pub), accountId, spec.offerId, { planId: plan.planId, name: plan.name ?? plan.planId }));
          unwrap(await catalog.savePlanSection(trx, accountId, spec.offerId, plan.planId, 'listing', { name: plan.name ?? plan.planId, description: plan.description ?? `The ${plan.planId} plan.` }));
          unwrap(await catalog.savePlanSection(trx, accountId, spec.offerId, plan.planId, 'pricingAndAvailability', plan.pricing ?? flatRatePricing()));
          if (plan.audience) unwrap(await catalog.addAudience(trx, accountId, spec.offerId, plan.planId, plan.audience.map((tenantId) => ({ tenantId }))));
        }
      });
      const offerUid = unwrap(await catalog.offerForPublishing(db, accountId, spec.offerId)).offerUid;
      return { offerUid, accountId, offerId: spec.offerId, media };
    },
    publish,
    goLive: (offer) =>
      inTx(async (trx) => {
        const preview = (await catalog.publishedOffer(trx, offer.offerUid))?.preview;
        if (!preview) throw new Error(`${offer.offerId} has no version in preview`);
        await catalog.promoteToLive(trx, offer.offerUid, preview.snapshotId);
        await sink(trx, 'OfferLive', offer.offerUid);
      }),
    stopOffer: (offer) =>
      inTx(async (trx) => {
        await catalog.stopOfferDistribution(trx, offer.offerUid);
        await sink(trx, 'OfferStopped', offer.offerUid);
      }),
    stopPlan: async (offer, planId) => {
      unwrap(await inTx((trx) => catalog.setPlanDistribution(trx, offer.offerUid, planId, 'stop')));
    },
    syncAudience: (offer, planId) =>
      inTx(async (trx) => {
        unwrap(await catalog.syncPlanAudience(trx, offer.offerUid, planId));
        await sink(trx, 'AudienceSynced', offer.offerUid);
      }),
    saveTab: async (offer, tab, value) => {
      unwrap(await inTx((trx) => catalog.saveTab(trx, offer.accountId, offer.offerId, tab, value)));
    },
    get: (url, session) => t.app.inject({ url, headers: session?.headers ?? {} }),
    close: () => t.close(),
  };
}
