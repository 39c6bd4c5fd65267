import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { facetCounts, searchListings, type ListingFilter, type ListingSort, type ListingSummaryRow, type Viewer } from './listing.store.js';
import { pricingSummary, type PricingSummary } from './pricing.js';
import { searchText } from './search-text.js';
import type { StoreName } from './store-placement.js';
import type { StorefrontDeps } from './storefront.types.js';
import { planKey, type VersionKind, type Visitor } from './visibility.js';

/** Browsing the storefront: search with filters, sorting and paging, and the counts behind the filters. */

export interface BrowseQuery {
  store?: StoreName | undefined;
  q?: string | undefined;
  category?: string | undefined;
  subcategory?: string | undefined;
  industry?: string | undefined;
  vertical?: string | undefined;
  type?: string | undefined;
  sort?: ListingSort | undefined;
  page: number;
  pageSize: number;
  market: string;
}

export interface OfferCard {
  accountId: string;
  offerId: string;
  offerType: string;
  /** 'preview' when the visitor is in the preview audience and sees the version in preview. */
  version: VersionKind;
  name: string;
  publisherName: string;
  summary: string;
  stores: string[];
  categories: { store: string; categoryId: string }[];
  industries: string[];
  /** The small logo (48×48, for search results: L16382), or null. */
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

export const offerPath = (accountId: string, offerId: string) => `/api/store/offers/${accountId}/${encodeURIComponent(offerId)}`;
export const mediaUrl = (accountId: string, offerId: string, mediaId: string) => `${offerPath(accountId, offerId)}/media/${mediaId}`;

/** The viewer behind a visitor: their email, and the private plans their tenant is in the live audience of. */
export async function viewerOf(deps: StorefrontDeps, x: Executor, visitor: Visitor): Promise<Viewer> {
  const plans = visitor.tenantId ? await deps.catalog.privatePlansForTenant(x, visitor.tenantId) : [];
  return { email: visitor.email, privatePlans: plans.map((p) => planKey(p.offerUid, p.planId)) };
}

function filterOf(query: Omit<BrowseQuery, 'page' | 'pageSize' | 'market' | 'sort'>): Result<ListingFilter> {
  if (query.subcategory && !query.category) return fail('ValidationFailed', 'A subcategory is chosen within a category: set category too.', { target: 'subcategory' });
  if (query.vertical && !query.industry) return fail('ValidationFailed', 'A vertical is chosen within an industry: set industry too.', { target: 'vertical' });
  return ok({
    store: query.store,
    categoryId: query.category,
    subcategoryId: query.subcategory,
    industryId: query.industry,
    verticalId: query.vertical,
    offerType: query.type,
    text: searchText(query.q),
  });
}

function cardOf(row: ListingSummaryRow, viewer: Viewer, market: string): OfferCard {
  const seen = new Set(viewer.privatePlans);
  const plans = row.version === 'preview' ? row.plans : row.plans.filter((p) => p.visibility === 'public' || seen.has(planKey(row.offer_uid, p.planId)));
  return {
    accountId: row.account_id,
    offerId: row.offer_id,
    offerType: row.offer_type,
    version: row.version,
    name: row.name,
    publisherName: row.publisher_name,
    summary: row.summary,
    stores: row.stores,
    categories: row.categories.map((key) => {
      const [store = '', categoryId = ''] = key.split('/');
      return { store, categoryId };
    }),
    industries: row.industries,
    logoUrl: row.logo_small ? mediaUrl(row.account_id, row.offer_id, row.logo_small) : null,
    pricing: pricingSummary({ transactable: row.transactable, listingOption: row.listing_option as 'ContactMe' | 'FreeTrial' | 'GetItNowFree' | null }, plans, market),
    listedAt: new Date(row.listed_at).toISOString(),
  };
}

export async function browse(deps: StorefrontDeps, x: Executor, visitor: Visitor, query: BrowseQuery): Promise<Result<BrowsePage>> {
  const filter = filterOf(query);
  if (!filter.ok) return filter;
  const viewer = await viewerOf(deps, x, visitor);
  const sort = query.sort ?? 'relevance';
  const found = await searchListings(x, viewer, filter.value, sort, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return ok({ offers: found.rows.map((r) => cardOf(r, viewer, query.market)), total: found.total, page: query.page, pageSize: query.pageSize, market: query.market });
}

export interface Facets {
  stores: { store: string; count: number }[];
  offerTypes: { offerType: string; count: number }[];
  categories: { store: string; categoryId: string; count: number; subcategories: { subcategoryId: string; count: number }[] }[];
  industries: { industryId: string; count: number; verticals: { verticalId: string; count: number }[] }[];
}

const byCount = <T extends { count: number }>(key: (t: T) => string) => (a: T, b: T) => b.count - a.count || key(a).localeCompare(key(b));

/**
 * How many offers the visitor would find under each store, offer type, category (and subcategory) and industry
 * (and vertical), given the other filters: a facet's counts ignore its own choice, so the alternatives stay visible.
 */
export async function facets(deps: StorefrontDeps, x: Executor, visitor: Visitor, query: Omit<BrowseQuery, 'page' | 'pageSize' | 'market' | 'sort'>): Promise<Result<Facets>> {
  const filter = filterOf(query);
  if (!filter.ok) return filter;
  const viewer = await viewerOf(deps, x, visitor);
  const count = (column: Parameters<typeof facetCounts>[3]) => facetCounts(x, viewer, filter.value, column);
  const [stores, types, categories, subcategories, industries, verticals] = [
    await count('stores'),
    await count('offer_type'),
    await count('categories'),
    await count('subcategories'),
    await count('industries'),
    await count('verticals'),
  ];
  const inStore = (key: string) => !query.store || key.startsWith(`${query.store}/`);
  return ok({
    stores: [...stores].map(([store, n]) => ({ store, count: n })).sort(byCount((s) => s.store)),
    offerTypes: [...types].map(([offerType, n]) => ({ offerType, count: n })).sort(byCount((s) => s.offerType)),
    categories: [...categories]
      .filter(([key]) => inStore(key))
      .map(([key, n]) => {
        const [store = '', categoryId = ''] = key.split('/');
        const subs = [...subcategories]
          .filter(([sub]) => sub.startsWith(`${key}/`))
          .map(([sub, m]) => ({ subcategoryId: sub.slice(key.length + 1), count: m }))
          .sort(byCount((s) => s.subcategoryId));
        return { store, categoryId, count: n, subcategories: subs };
      })
      .sort(byCount((c) => `${c.store}/${c.categoryId}`)),
    industries: [...industries]
      .map(([industryId, n]) => ({
        industryId,
        count: n,
        verticals: [...verticals]
          .filter(([v]) => v.startsWith(`${industryId}/`))
          .map(([v, m]) => ({ verticalId: v.slice(industryId.length + 1), count: m }))
          .sort(byCount((v) => v.verticalId)),
      }))
      .sort(byCount((i) => i.industryId)),
  });
}
