import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../platform/db/index.js';
import type { CatalogEvent } from '../catalog/index.js';
import { browse, facets, type BrowseQuery } from './browse.service.js';
import { onCatalogEvent, rebuildAll, refreshOffer } from './listing.service.js';
import { offerPage } from './offer-page.service.js';
import { storefrontRoutes } from './storefront.routes.js';
import type { StorefrontDeps } from './storefront.types.js';
import type { Visitor } from './visibility.js';

export type { StorefrontDeps, MediaReader } from './storefront.types.js';
export type { Visitor } from './visibility.js';
export type { BrowseQuery, BrowsePage, OfferCard, Facets } from './browse.service.js';
export type { OfferPage, OfferPlan } from './offer-page.service.js';
export type { PricingSummary } from './pricing.js';
export type { CallToAction } from './call-to-action.js';

/**
 * The storefront: a read model of the offers' published versions (never drafts), its search, and the public
 * listing pages. The catalog's publication events keep it current (`onCatalogEvent`, in the publishing
 * transaction); `rebuildAll` makes it again from the catalog.
 */
export function createStorefront(deps: StorefrontDeps) {
  return {
    /** The storefront's part of the catalog event sink: rebuilds the offer's rows in the caller's transaction. */
    onCatalogEvent: (x: Executor, event: Pick<CatalogEvent, 'kind' | 'offerUid'>) => onCatalogEvent(deps, x, event),
    /** Rebuilds every row from the catalog (startup, after seeding); in one transaction of its own unless given one. */
    rebuildAll: (x: Executor = deps.db) => rebuildAll(deps, x),
    refreshOffer: (x: Executor, offerUid: string) => refreshOffer(deps, x, offerUid),
    browse: (x: Executor, visitor: Visitor, query: BrowseQuery) => browse(deps, x, visitor, query),
    facets: (x: Executor, visitor: Visitor, query: Omit<BrowseQuery, 'page' | 'pageSize' | 'market' | 'sort'>) => facets(deps, x, visitor, query),
    offerPage: (x: Executor, visitor: Visitor, accountId: string, offerId: string, market: string) => offerPage(deps, x, visitor, accountId, offerId, market),
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => storefrontRoutes(scope, deps));
    },
  };
}

export type StorefrontService = ReturnType<typeof createStorefront>;
