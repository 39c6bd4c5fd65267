import type { Executor } from '../../platform/db/index.js';
import type { CatalogService, PublishedDocument, PublishedPrice } from '../catalog/index.js';
import type { TermUnit } from './commerce.tables.js';

/**
 * What commerce reads of an offer: its live version (never the draft), with each plan's terms, seat limits, trial,
 * visibility, markets and frozen prices. The preview version is used for purchases by the preview audience.
 */

export interface PlanInfo {
  planId: string;
  name: string;
  description: string;
  model: 'flatRate' | 'perUser';
  terms: { term: TermUnit; paymentOption: 'upfront' | 'monthly' | undefined }[];
  minQuantity: number | undefined;
  maxQuantity: number | undefined;
  freeTrial: boolean;
  isPrivate: boolean;
  markets: string[];
  dimensions: { id: string; displayName: string; unitOfMeasure: string; included: Partial<Record<TermUnit, number | 'unlimited'>> }[];
  /** live | stop_pending are sold; stopped is not (existing customers keep it). */
  state: string;
  prices: PublishedPrice[];
}

export interface OfferInfo {
  offerUid: string;
  accountId: string;
  offerId: string;
  name: string;
  transactable: boolean;
  landingPageUrl: string | null;
  webhookUrl: string | null;
  aadTenantId: string | null;
  aadApplicationId: string | null;
  previewAudience: string[];
  plans: PlanInfo[];
}

type Draft = Record<string, Record<string, unknown> | undefined>;

function planInfo(p: PublishedDocument['plans'][number], state: string): PlanInfo {
  const pricing = p.draft.pricing;
  return {
    planId: p.planId,
    name: p.draft.name,
    description: p.draft.description ?? '',
    model: pricing?.model ?? 'flatRate',
    terms: (pricing?.billingTerms ?? []).map((t) => ({ term: t.term, paymentOption: t.paymentOption })),
    minQuantity: pricing?.model === 'perUser' ? (pricing.userLimits?.min ?? 1) : undefined,
    maxQuantity: pricing?.model === 'perUser' ? pricing.userLimits?.max : undefined,
    freeTrial: p.draft.freeTrial,
    isPrivate: p.draft.visibility === 'private',
    markets: p.draft.markets,
    dimensions: (pricing?.dimensions ?? []).map((d) => ({ id: d.id, displayName: d.displayName, unitOfMeasure: d.unitOfMeasure, included: d.included })),
    state,
    prices: p.prices ?? [],
  };
}

export function offerInfoOf(offerUid: string, accountId: string, document: PublishedDocument, planStates: Record<string, string>): OfferInfo {
  const draft = document.offer.draft as Draft;
  const tech = draft.technicalConfiguration ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const members = ((draft.previewAudience?.members as { id: string }[] | undefined) ?? []).map((m) => m.id.toLowerCase());
  return {
    offerUid,
    accountId,
    offerId: document.offer.offerId,
    name: typeof draft.listing?.name === 'string' ? draft.listing.name : document.offer.alias,
    transactable: draft.setup?.sellThroughMicrosoft === true,
    landingPageUrl: str(tech.landingPageUrl),
    webhookUrl: str(tech.connectionWebhookUrl),
    aadTenantId: str(tech.aadTenantId),
    aadApplicationId: str(tech.aadApplicationId),
    previewAudience: members,
    plans: document.plans.map((p) => planInfo(p, planStates[p.planId] ?? 'live')),
  };
}

/** The offer's live version (or, with `preview`, its preview version), or undefined when it has none. */
export async function offerVersion(x: Executor, catalog: CatalogService, offerUid: string, which: 'live' | 'preview' = 'live'): Promise<OfferInfo | undefined> {
  const published = await catalog.publishedOffer(x, offerUid);
  const snapshot = which === 'live' ? published?.live : published?.preview;
  if (!published || !snapshot) return undefined;
  return offerInfoOf(offerUid, published.accountId, snapshot.document, published.planStates);
}

/** The base price of a plan for a market and term (a decimal string in the market's currency), if it has one. */
export function basePrice(plan: PlanInfo, market: string, term: TermUnit): PublishedPrice | undefined {
  return plan.prices.find((p) => p.market === market && p.term === term && p.dimensionId === null);
}
