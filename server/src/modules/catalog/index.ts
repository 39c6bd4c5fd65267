import type { FastifyInstance } from 'fastify';
import { catalogRoutes } from './catalog.routes.js';
import type { CatalogDeps } from './catalog.types.js';

export type { CatalogDeps, OfferDetail, OfferSummary, PlanDetail, PlanSummary, TabView } from './catalog.types.js';
export type { OfferTypeDefinition, TabDefinition, PlanShape, Issue } from './offer-type.js';
export { OFFER_TYPES } from './offer-types/index.js';

/**
 * The offer catalog: offers of every type as definition-driven drafts (tabs, plans, audiences), their validation,
 * statuses and locks, and the snapshots publishing freezes.
 */
export function createCatalog(deps: CatalogDeps) {
  return {
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => catalogRoutes(scope, deps));
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalog>;
