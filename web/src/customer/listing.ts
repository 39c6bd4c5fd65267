import type { OfferPage } from '../storefront/storeApi.js';
import { path } from '../ui/index.js';
import type { TermUnit } from './types.js';

/**
 * What the checkout needs to know about an offer, read from the storefront's listing API
 * (GET /api/store/offers/:accountId/:offerId?market=, schema StoreOfferPage). `checkoutOfferOf` is the one place that
 * knows that API's shape: if the listing changes, only it (and `StoreListing`) change.
 */

export interface CheckoutTerm {
  term: TermUnit;
  /** The base price for the term (per user for per-user plans), a decimal string in the market's currency. */
  amount: string;
  /** Annual terms: paid all at once, or in monthly instalments. */
  paymentOption: 'upfront' | 'monthly' | null;
}

export interface CheckoutDimension {
  id: string;
  displayName: string;
  unitOfMeasure: string;
  prices: { term: TermUnit; amount: string }[];
  included: Partial<Record<TermUnit, number | 'unlimited'>>;
}

export interface CheckoutPlan {
  planId: string;
  name: string;
  description: string;
  isPrivate: boolean;
  perUser: boolean;
  freeTrial: boolean;
  /** The seat limits of a per-user plan (1 and no maximum when the publisher set none). */
  minUsers: number;
  maxUsers: number | null;
  /** Sold in the requested market. */
  available: boolean;
  currency: string | null;
  terms: CheckoutTerm[];
  dimensions: CheckoutDimension[];
}

export interface CheckoutOffer {
  accountId: string;
  offerId: string;
  name: string;
  publisherName: string;
  logoUrl: string | null;
  /** Sold through the marketplace (only then can it be bought here). */
  transactable: boolean;
  /** The preview of the offer, shown to its preview audience: a purchase is a test purchase. */
  preview: boolean;
  market: { code: string; currency: string | null };
  markets: { code: string; currency: string }[];
  plans: CheckoutPlan[];
  privacyPolicyUrl: string | null;
  /** The Standard Contract, or the publisher's own terms (their text). */
  contract: 'StandardContract' | 'CustomTerms' | null;
  termsText: string | null;
  universalAmendment: string | null;
}

/** The part of the storefront's listing (its StoreOfferPage) that the checkout reads. */
export type StoreListing = Pick<OfferPage, 'accountId' | 'offerId' | 'version' | 'name' | 'publisherName' | 'logos' | 'links' | 'legal' | 'transactable' | 'market' | 'markets' | 'plans'>;

export const listingUrl = (accountId: string, offerId: string, market: string): string => `${path`/api/store/offers/${accountId}/${offerId}`}?market=${encodeURIComponent(market)}`;

export function checkoutOfferOf(listing: StoreListing): CheckoutOffer {
  return {
    accountId: listing.accountId,
    offerId: listing.offerId,
    name: listing.name,
    publisherName: listing.publisherName,
    logoUrl: listing.logos.medium ?? listing.logos.small ?? listing.logos.large ?? null,
    transactable: listing.transactable,
    preview: listing.version === 'preview',
    market: listing.market,
    markets: listing.markets,
    plans: listing.plans.map((p) => ({
      planId: p.planId,
      name: p.name,
      description: p.description,
      isPrivate: p.visibility === 'private',
      perUser: p.pricingModel === 'perUser',
      freeTrial: p.freeTrial,
      minUsers: p.userLimits?.min ?? 1,
      maxUsers: p.userLimits?.max ?? null,
      available: p.available && p.pricing.terms.length > 0,
      currency: p.pricing.currency,
      terms: p.pricing.terms.map((t) => ({ term: t.term, amount: t.amount, paymentOption: t.paymentOption })),
      dimensions: p.pricing.dimensions.map((d) => ({ id: d.id, displayName: d.displayName, unitOfMeasure: d.unitOfMeasure, included: d.included, prices: d.prices.map((x) => ({ term: x.term, amount: x.amount })) })),
    })),
    privacyPolicyUrl: listing.links.privacyPolicyUrl,
    contract: listing.legal.contract,
    termsText: listing.legal.termsAndConditions,
    universalAmendment: listing.legal.universalAmendment,
  };
}
