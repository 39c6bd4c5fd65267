import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import type { PublishedDocument, PublishedOffer } from '../catalog/index.js';
import { mediaUrl, viewerOf } from './browse.service.js';
import { callsToAction, type CallToAction } from './call-to-action.js';
import { findListedOffer } from './listing.store.js';
import { planFacts, planPricing, pricingSummary, type PlanPricing, type PricingSummary } from './pricing.js';
import { listingOf, mediaIdsOf, propertiesOf, setupOf, type CategoryChoice, type IndustryChoice, type PropertiesView, type PublishedPlan } from './published-draft.js';
import { storesOf } from './store-placement.js';
import type { StorefrontDeps } from './storefront.types.js';
import { plansFor, sellablePlans, versionFor, type VersionKind, type Visitor } from './visibility.js';

/** An offer's listing page (Overview, Plans + Pricing, the buttons: spec/01 §5.2, spec/06 §5) and its public files. */

export interface OfferPlan {
  planId: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  pricingModel: 'flatRate' | 'perUser';
  freeTrial: boolean;
  userLimits: { min: number | null; max: number | null } | null;
  /** Its stop was requested: still sold until the offer is next published (L16633-16634). */
  stopPending: boolean;
  /** Sold in the visitor's market. */
  available: boolean;
  pricing: PlanPricing;
}

export interface OfferPage {
  accountId: string;
  offerId: string;
  offerType: string;
  version: VersionKind;
  name: string;
  publisherName: string;
  summary: string;
  shortDescription: string | null;
  /** Sanitized HTML (allow-listed tags only), as published. */
  descriptionHtml: string;
  gettingStarted: string | null;
  appVersion: string | null;
  stores: string[];
  categories: CategoryChoice[];
  industries: IndustryChoice[];
  logos: { large: string | null; medium: string | null; small: string | null };
  screenshots: { url: string; caption: string | null }[];
  videos: { name: string; url: string; thumbnailUrl: string }[];
  supportingDocuments: { name: string; url: string }[];
  links: { privacyPolicyUrl: string | null; supportUrl: string | null; usefulLinks: { title: string; url: string }[] };
  legal: PropertiesView['legal'];
  transactable: boolean;
  listingOption: string | null;
  market: { code: string; currency: string | null };
  /** The markets the visitor's plans are sold in, with their currencies. */
  markets: { code: string; currency: string }[];
  pricing: PricingSummary;
  plans: OfferPlan[];
  actions: CallToAction[];
}

interface VisibleOffer {
  accountId: string;
  offerId: string;
  version: VersionKind;
  document: PublishedDocument;
  publisherName: string;
  /** The plans of the version this visitor sees (not stopped; private ones only for their audience). */
  plans: PublishedPlan[];
  planStates: PublishedOffer['planStates'];
}

const notFound = (offerId: string) => fail('NotFound', `No offer "${offerId}" of this publisher is on the storefront.`);

/** The version of a listed offer the visitor sees, with their plans; NotFound when they see none. */
async function visibleOffer(deps: StorefrontDeps, x: Executor, visitor: Visitor, accountId: string, offerId: string): Promise<Result<VisibleOffer>> {
  const offerUid = isGuid(accountId) ? await findListedOffer(x, accountId, offerId) : undefined;
  const offer = offerUid ? await deps.catalog.publishedOffer(x, offerUid) : undefined;
  const seen = offer && versionFor(offer, visitor);
  if (!offer || !seen) return notFound(offerId);
  const account = await deps.accounts.getAccount(x, offer.accountId);
  if (!account.ok) return notFound(offerId);
  const viewer = await viewerOf(deps, x, visitor);
  const document = seen.snapshot.document;
  const plans = plansFor(seen.kind, offer.offerUid, sellablePlans(document.plans, offer.planStates), new Set(viewer.privatePlans));
  // A transactable offer whose plans the visitor may not see (only private ones) is not there for them (L2275-2281).
  if (setupOf(document).transactable && plans.length === 0) return notFound(offerId);
  return ok({ accountId: offer.accountId, offerId: offer.offerId, version: seen.kind, document, publisherName: account.value.displayName, plans, planStates: offer.planStates });
}

function marketsOf(plans: readonly PublishedPlan[]): { code: string; currency: string }[] {
  const out = new Map<string, string>();
  for (const plan of plans) for (const price of plan.prices ?? []) if (price.dimensionId === null) out.set(price.market, price.currency);
  return [...out].map(([code, currency]) => ({ code, currency })).sort((a, b) => a.code.localeCompare(b.code));
}

export async function offerPage(deps: StorefrontDeps, x: Executor, visitor: Visitor, accountId: string, offerId: string, market: string): Promise<Result<OfferPage>> {
  const found = await visibleOffer(deps, x, visitor, accountId, offerId);
  if (!found.ok) return found;
  const { document, plans, planStates } = found.value;
  const setup = setupOf(document);
  const properties = propertiesOf(document);
  const listing = listingOf(document);
  const url = (mediaId: string | null) => (mediaId ? mediaUrl(found.value.accountId, found.value.offerId, mediaId) : null);
  const offerPlans: OfferPlan[] = plans.map((p) => {
    const pricing = planPricing(p, market);
    const limits = p.draft.pricing?.model === 'perUser' ? p.draft.pricing.userLimits : undefined;
    return {
      planId: p.planId,
      name: p.draft.name,
      description: p.draft.description ?? '',
      visibility: p.draft.visibility === 'private' ? 'private' : 'public',
      pricingModel: p.draft.pricing?.model === 'perUser' ? 'perUser' : 'flatRate',
      freeTrial: p.draft.freeTrial === true,
      userLimits: limits ? { min: limits.min ?? null, max: limits.max ?? null } : null,
      stopPending: planStates[p.planId] === 'stop_pending',
      available: pricing.terms.length > 0,
      pricing,
    };
  });
  const markets = marketsOf(plans);
  return ok({
    accountId: found.value.accountId,
    offerId: found.value.offerId,
    offerType: document.offer.offerType,
    version: found.value.version,
    name: listing.name,
    publisherName: found.value.publisherName,
    summary: listing.summary,
    shortDescription: listing.shortDescription,
    descriptionHtml: listing.description,
    gettingStarted: listing.gettingStarted,
    appVersion: properties.appVersion,
    stores: storesOf(document, plans),
    categories: properties.categories,
    industries: properties.industries,
    logos: { large: url(listing.logos.large), medium: url(listing.logos.medium), small: url(listing.logos.small) },
    screenshots: listing.screenshots.map((s) => ({ url: url(s.mediaId)!, caption: s.caption })),
    videos: listing.videos.map((v) => ({ name: v.name, url: v.url, thumbnailUrl: url(v.thumbnailMediaId)! })),
    supportingDocuments: listing.supportingDocuments.map((d) => ({ name: d.name, url: url(d.mediaId)! })),
    links: { privacyPolicyUrl: listing.privacyPolicyUrl, supportUrl: listing.supportUrl, usefulLinks: listing.usefulLinks },
    legal: properties.legal,
    transactable: setup.transactable,
    listingOption: setup.listingOption,
    market: { code: market, currency: markets.find((m) => m.code === market)?.currency ?? null },
    markets,
    pricing: pricingSummary(setup, plans.map(planFacts), market),
    plans: offerPlans,
    actions: callsToAction(setup, plans.filter((p, i) => offerPlans[i]!.available)),
  });
}

/** A file the version the visitor sees names (logo, screenshot, video thumbnail, supporting document). */
export async function offerMedia(
  deps: StorefrontDeps,
  x: Executor,
  visitor: Visitor,
  accountId: string,
  offerId: string,
  mediaId: string,
): Promise<Result<{ bytes: Buffer; contentType: string; version: VersionKind }>> {
  const found = await visibleOffer(deps, x, visitor, accountId, offerId);
  if (!found.ok) return found;
  if (!mediaIdsOf(listingOf(found.value.document)).has(mediaId)) return fail('NotFound', 'This offer\'s listing has no such file.');
  const file = await deps.mediaFile(x, found.value.accountId, found.value.offerId, mediaId);
  if (!file.ok) return file;
  return ok({ bytes: file.value.bytes, contentType: file.value.contentType, version: found.value.version });
}
