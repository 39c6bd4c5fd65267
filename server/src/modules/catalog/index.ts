import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../platform/db/index.js';
import { catalogRoutes } from './catalog.routes.js';
import { mediaRoutes } from './media.routes.js';
import { pricingRoutes } from './pricing.routes.js';
import { createOffer, saveTab } from './offer.service.js';
import { changeAudience, createPlan, savePlanSection } from './plan.service.js';
import { mediaFile, uploadMedia } from './media.service.js';
import type { PlanSection } from './plan.shape.js';
import {
  draftDocument,
  freezeDraft,
  getSnapshot,
  offerForPublishing,
  promoteToLive,
  promoteToPreview,
  setOfferStatus,
  publishedOffer,
  publishedOffers,
  publishedSnapshotIds,
  setPlanDistribution,
  stopOfferDistribution,
  syncPlanAudience,
} from './publication.service.js';
import { privatePlansForTenant } from './audience.store.js';
import type { Actor, CatalogDeps } from './catalog.types.js';

export type { Actor, CatalogDeps, CatalogEvent, CatalogEventSink, OfferDetail, OfferSummary, PlanDetail, PlanSummary, TabView } from './catalog.types.js';
export type { OfferTypeDefinition, TabDefinition, PlanShape, Issue } from './offer-type.js';
export { OFFER_TYPES } from './offer-types/index.js';
export type { PublishedOffer, Snapshot } from './publication.service.js';
export type { PublishedDocument, PublishedPrice } from './offer.service.js';
export type { OfferStatus, PlanState } from './catalog.tables.js';
export { rateInForce, type ExchangeRate } from './fx.service.js';

/**
 * The offer catalog: offers of every type as definition-driven drafts (tabs, plans, audiences), their validation,
 * statuses and locks, and the snapshots publishing freezes.
 */
export function createCatalog(deps: CatalogDeps) {
  const publicationEvent = async (x: Executor, kind: 'OfferPreview' | 'OfferLive' | 'OfferStopped' | 'AudienceSynced', offerUid: string, planId?: string) => {
    const found = await publishedOffer(x, offerUid);
    if (found) await deps.onEvent?.(x, { kind, offerUid, accountId: found.accountId, ...(planId ? { planId } : {}), actor: null, at: deps.clock.now() });
  };
  return {
    /** The use cases the portal's routes call, for other callers (the demo seed). `If-Match` is `*`. */
    createOffer: (x: Executor, actor: Actor, accountId: string, input: { offerType: string; offerId: string; alias: string }) => createOffer(x, deps.clock.now(), actor, accountId, input, deps.onEvent),
    saveTab: (x: Executor, accountId: string, offerId: string, tabId: string, value: unknown) => saveTab(x, deps, deps.clock.now(), accountId, offerId, tabId, value, '*'),
    createPlan: (x: Executor, actor: Actor, accountId: string, offerId: string, input: { planId: string; name: string }) => createPlan(x, deps.clock.now(), accountId, offerId, input, '*', actor, deps.onEvent),
    savePlanSection: (x: Executor, accountId: string, offerId: string, planId: string, section: PlanSection, value: unknown) =>
      savePlanSection(x, deps.clock.now(), accountId, offerId, planId, section, value, '*'),
    addAudience: (x: Executor, accountId: string, offerId: string, planId: string, members: { tenantId: string; description?: string }[]) =>
      changeAudience(x, deps.clock.now(), accountId, offerId, planId, { kind: 'add', members }, '*'),
    /** Uploads a listing file (writes to storage, then records it: not inside a caller's transaction). */
    uploadMedia: (accountId: string, offerId: string, input: { kind: string; bytes: Buffer; fileName?: string }) => uploadMedia(deps.db, deps.storage, deps.clock.now(), accountId, offerId, input),
    /** For the storefront: a listing file's bytes, with no account check (the storefront serves only files a published listing names). */
    mediaFile: (x: Executor, accountId: string, offerId: string, mediaId: string) => mediaFile(x, deps.storage, accountId, offerId, mediaId),
    /** For publishing: the offer's internal id and its detail (tabs, statuses, readiness). */
    offerForPublishing: (x: Executor, accountId: string, offerId: string) => offerForPublishing(x, accountId, offerId),
    freezeDraft: (x: Executor, offerUid: string) => freezeDraft(x, deps.clock.now(), offerUid),
    draftDocument,
    getSnapshot,
    setOfferStatus,
    promoteToPreview: async (x: Executor, offerUid: string, snapshotId: string) => {
      await promoteToPreview(x, deps.clock.now(), offerUid, snapshotId);
      await publicationEvent(x, 'OfferPreview', offerUid);
    },
    promoteToLive: async (x: Executor, offerUid: string, snapshotId: string) => {
      await promoteToLive(x, deps.clock.now(), offerUid, snapshotId);
      await publicationEvent(x, 'OfferLive', offerUid);
    },
    syncPlanAudience: async (x: Executor, offerUid: string, planId: string) => {
      const synced = await syncPlanAudience(x, deps.clock.now(), offerUid, planId);
      if (synced.ok) await publicationEvent(x, 'AudienceSynced', offerUid, planId);
      return synced;
    },
    stopOfferDistribution: async (x: Executor, offerUid: string) => {
      await stopOfferDistribution(x, offerUid);
      await publicationEvent(x, 'OfferStopped', offerUid);
    },
    /** For the storefront and commerce: the live private plans a tenant may see. */
    privatePlansForTenant,
    /** For the storefront and commerce: an offer's published versions (live and preview), or every offer that has one. */
    publishedOffer,
    publishedOffers,
    publishedSnapshotIds,
    setPlanDistribution,
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => catalogRoutes(scope, deps));
      await app.register(async (scope) => pricingRoutes(scope, deps));
      await app.register(async (scope) => mediaRoutes(scope, deps));
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalog>;
