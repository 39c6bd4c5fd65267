/** The storefront API's shapes (GET /api/store/...; the OpenAPI schemas StoreOfferCard, StoreOfferPage) and its URLs. */

export type StoreId = 'AppSource' | 'AzureMarketplace';
export type Term = 'P1M' | 'P1Y';

export interface PricingSummary {
  kind: 'free' | 'freeTrial' | 'priceVaries' | 'startingAt' | 'notAvailable';
  text: string;
  price: { amount: string; currency: string; term: Term; perUser: boolean } | null;
  freeTrial: boolean;
}

export interface OfferCard {
  accountId: string;
  offerId: string;
  offerType: string;
  version: 'live' | 'preview';
  name: string;
  publisherName: string;
  summary: string;
  stores: StoreId[];
  categories: { store: string; categoryId: string }[];
  industries: string[];
  logoUrl: string | null;
  pricing: PricingSummary;
  listedAt: string;
}

export interface BrowsePage {
  offers: OfferCard[];
  total: number;
  page: number;
  pageSize: number;
  market: string;
}

export interface Facets {
  stores: { store: string; count: number }[];
  offerTypes: { offerType: string; count: number }[];
  categories: { store: string; categoryId: string; count: number; subcategories: { subcategoryId: string; count: number }[] }[];
  industries: { industryId: string; count: number; verticals: { verticalId: string; count: number }[] }[];
}

export interface PlanPricing {
  currency: string | null;
  terms: { term: Term; amount: string; text: string; paymentOption: 'upfront' | 'monthly' | null }[];
  dimensions: { id: string; displayName: string; unitOfMeasure: string; included: Partial<Record<Term, number | 'unlimited'>>; prices: { term: Term; amount: string; text: string }[] }[];
}

export interface OfferPlan {
  planId: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  pricingModel: 'flatRate' | 'perUser';
  freeTrial: boolean;
  userLimits: { min: number | null; max: number | null } | null;
  stopPending: boolean;
  available: boolean;
  pricing: PlanPricing;
}

export interface CallToAction {
  kind: 'GetItNow' | 'FreeTrial' | 'TestDrive' | 'ContactMe';
  label: string;
  planId: string | null;
  url: string | null;
}

export interface OfferPage {
  accountId: string;
  offerId: string;
  offerType: string;
  version: 'live' | 'preview';
  name: string;
  publisherName: string;
  summary: string;
  shortDescription: string | null;
  descriptionHtml: string;
  gettingStarted: string | null;
  appVersion: string | null;
  stores: StoreId[];
  categories: { store: string; categoryId: string; subcategoryIds: string[] }[];
  industries: { industryId: string; verticalIds: string[] }[];
  logos: { large: string | null; medium: string | null; small: string | null };
  screenshots: { url: string; caption: string | null }[];
  videos: { name: string; url: string; thumbnailUrl: string }[];
  supportingDocuments: { name: string; url: string }[];
  links: { privacyPolicyUrl: string | null; supportUrl: string | null; usefulLinks: { title: string; url: string }[] };
  legal: { contract: 'StandardContract' | 'CustomTerms' | null; universalAmendment: string | null; termsAndConditions: string | null };
  transactable: boolean;
  listingOption: string | null;
  market: { code: string; currency: string | null };
  markets: { code: string; currency: string }[];
  pricing: PricingSummary;
  plans: OfferPlan[];
  actions: CallToAction[];
}

/** The browse state, as it is kept in the page's query string (so a search can be shared and reloaded). */
export interface BrowseState {
  q: string;
  store: StoreId | '';
  category: string;
  industry: string;
  sort: 'relevance' | 'name' | 'newest';
  page: number;
}

export const PAGE_SIZE = 20;

export function browseStateOf(search: URLSearchParams): BrowseState {
  const store = search.get('store');
  const sort = search.get('sort');
  const page = Number(search.get('page') ?? '1');
  return {
    q: search.get('q') ?? '',
    store: store === 'AppSource' || store === 'AzureMarketplace' ? store : '',
    category: search.get('category') ?? '',
    industry: search.get('industry') ?? '',
    sort: sort === 'name' || sort === 'newest' ? sort : 'relevance',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function query(entries: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The storefront page's own URL for a browse state (defaults left out). */
export function browseHref(state: BrowseState): string {
  return `/${query({ q: state.q, store: state.store, category: state.category, industry: state.industry, sort: state.sort === 'relevance' ? '' : state.sort, page: state.page > 1 ? state.page : '' })}`;
}

export function searchUrl(state: BrowseState, market: string): string {
  const { q, store, category, industry, sort, page } = state;
  return `/api/store/offers${query({ q, store, category, industry, sort, page, pageSize: PAGE_SIZE, market })}`;
}

export function facetsUrl(state: BrowseState): string {
  return `/api/store/facets${query({ q: state.q, store: state.store, category: state.category, industry: state.industry })}`;
}

export const offerHref = (accountId: string, offerId: string) => `/offers/${encodeURIComponent(accountId)}/${encodeURIComponent(offerId)}`;

export const offerUrl = (accountId: string, offerId: string, market: string) => `/api/store/offers/${encodeURIComponent(accountId)}/${encodeURIComponent(offerId)}?market=${encodeURIComponent(market)}`;
