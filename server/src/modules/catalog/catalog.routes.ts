import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import {
  AudienceChangeBody,
  AudienceMemberParams,
  AudienceSchema,
  CreateOfferBody,
  CreatePlanBody,
  IfMatchHeaders,
  OfferDetailSchema,
  OfferParams,
  OfferSummarySchema,
  OfferTypeSchema,
  PlanDetailSchema,
  PlanParams,
  TabParams,
} from './catalog.schemas.js';
import type { Actor, CatalogDeps } from './catalog.types.js';
import { createOffer, getOffer, listOffers, saveTab } from './offer.service.js';
import { OFFER_TYPES } from './offer-types/index.js';
import { changeAudience, createPlan, deletePlan, getAudience, getPlan, savePlanSection } from './plan.service.js';
import type { PlanSection } from './plan.shape.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' }, 412: { $ref: 'Error#' }, 428: { $ref: 'Error#' } };
const STATUS = { Locked: 409, PreconditionRequired: 428, PreconditionFailed: 412 };
const can = (action: string) => ({ permission: { account: true as const, action } });
const etag = (reply: FastifyReply, version: number) => reply.header('etag', `"${version}"`);

type OfferP = { accountId: string; offerId: string };

/** The caller as the offer's history names it. */
function actorOf(request: FastifyRequest): Actor {
  const p = request.principal!;
  return p.kind === 'user' ? { id: p.userId, displayName: p.displayName } : { id: p.objectId, displayName: `Application ${p.appId}` };
}
type PlanP = OfferP & { planId: string };

export async function catalogRoutes(app: FastifyInstance, deps: CatalogDeps): Promise<void> {
  app.addSchema(OfferSummarySchema);
  app.addSchema(OfferDetailSchema);
  app.addSchema(PlanDetailSchema);
  app.setErrorHandler(agoraErrorHandler);
  const { db } = deps;
  const ifMatch = (headers: Record<string, unknown>) => headers['if-match'] as string | undefined;

  app.get('/api/offer-types', {
    config: { permission: 'public' },
    schema: { operationId: 'listOfferTypes', tags: ['catalog'], summary: 'Offer types: their tabs (with JSON schemas) and plan shapes', response: { 200: Type.Object({ offerTypes: Type.Array(OfferTypeSchema) }) } },
    handler: async () => ({
      offerTypes: Object.values(OFFER_TYPES).map((d) => ({
        type: d.type,
        displayName: d.displayName,
        tabs: d.tabs.map((t) => ({ id: t.id, title: t.title, schema: t.schema })),
        plans: d.plans && { ...d.plans, audienceKind: undefined },
      })),
    }),
  });

  app.post('/api/accounts/:accountId/offers', {
    config: can('offers.write'),
    schema: { operationId: 'createOffer', tags: ['catalog'], summary: 'Create an offer (New offer dialog)', params: Type.Object({ accountId: Type.String() }), body: CreateOfferBody, response: { 201: { $ref: 'OfferDetail#' }, ...errors } },
    handler: async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      const offer = unwrap(await transact(db, (trx) => createOffer(trx, deps.clock.now(), actorOf(request), accountId, request.body as { offerType: string; offerId: string; alias: string }, deps.onEvent)));
      return etag(reply, offer.version).status(201).send(offer);
    },
  });

  app.get('/api/accounts/:accountId/offers', {
    config: can('offers.read'),
    schema: { operationId: 'listOffers', tags: ['catalog'], params: Type.Object({ accountId: Type.String() }), response: { 200: Type.Object({ offers: Type.Array(Type.Ref('OfferSummary')) }), ...errors } },
    handler: async (request) => ({ offers: await listOffers(db, (request.params as { accountId: string }).accountId) }),
  });

  app.get('/api/accounts/:accountId/offers/:offerId', {
    config: can('offers.read'),
    schema: { operationId: 'getOffer', tags: ['catalog'], summary: 'An offer with its tabs, their statuses and reasons, and its plans', params: OfferParams, response: { 200: { $ref: 'OfferDetail#' }, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as OfferP;
      const offer = unwrap(await getOffer(db, p.accountId, p.offerId));
      return etag(reply, offer.version).send(offer);
    },
  });

  app.put('/api/accounts/:accountId/offers/:offerId/tabs/:tabId', {
    config: can('offers.write'),
    schema: {
      operationId: 'saveOfferTab',
      tags: ['catalog'],
      summary: "Save a tab of the offer's draft (Save draft); If-Match carries the offer's ETag",
      params: TabParams,
      headers: IfMatchHeaders,
      body: Type.Unknown({ description: "The tab's content: see GET /api/offer-types for each tab's schema." }),
      response: { 200: { $ref: 'OfferDetail#' }, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as OfferP & { tabId: string };
      const offer = unwrap(await transact(db, (trx) => saveTab(trx, deps, deps.clock.now(), p.accountId, p.offerId, p.tabId, request.body, ifMatch(request.headers))), STATUS);
      return etag(reply, offer.version).send(offer);
    },
  });

  app.post('/api/accounts/:accountId/offers/:offerId/plans', {
    config: can('offers.write'),
    schema: { operationId: 'createPlan', tags: ['catalog'], summary: 'Create a plan (plan id and name)', params: OfferParams, headers: IfMatchHeaders, body: CreatePlanBody, response: { 201: { $ref: 'PlanDetail#' }, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as OfferP;
      const plan = unwrap(await transact(db, (trx) => createPlan(trx, deps.clock.now(), p.accountId, p.offerId, request.body as { planId: string; name: string }, ifMatch(request.headers), actorOf(request), deps.onEvent)), STATUS);
      return etag(reply, plan.offerVersion).status(201).send(plan);
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/plans/:planId', {
    config: can('offers.read'),
    schema: { operationId: 'getPlan', tags: ['catalog'], params: PlanParams, response: { 200: { $ref: 'PlanDetail#' }, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      const plan = unwrap(await getPlan(db, p.accountId, p.offerId, p.planId));
      return etag(reply, plan.offerVersion).send(plan);
    },
  });

  for (const [section, action] of [
    ['listing', 'offers.write'],
    ['pricingAndAvailability', 'pricing.write'],
  ] as const) {
    app.put(`/api/accounts/:accountId/offers/:offerId/plans/:planId/${section}`, {
      config: can(action),
      schema: {
        operationId: section === 'listing' ? 'savePlanListing' : 'savePlanPricing',
        tags: ['catalog'],
        summary: section === 'listing' ? 'Save the plan listing (name, description)' : 'Save pricing and availability (markets, pricing model, prices, dimensions, trial, visibility)',
        params: PlanParams,
        headers: IfMatchHeaders,
        body: Type.Unknown(),
        response: { 200: { $ref: 'PlanDetail#' }, ...errors },
      },
      handler: async (request, reply) => {
        const p = request.params as PlanP;
        const plan = unwrap(await transact(db, (trx) => savePlanSection(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, section as PlanSection, request.body, ifMatch(request.headers))), STATUS);
        return etag(reply, plan.offerVersion).send(plan);
      },
    });
  }

  app.delete('/api/accounts/:accountId/offers/:offerId/plans/:planId', {
    config: can('offers.write'),
    schema: { operationId: 'deletePlanDraft', tags: ['catalog'], summary: 'Delete a plan that was never published', params: PlanParams, headers: IfMatchHeaders, response: { 204: { type: 'null' }, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      const { offerVersion } = unwrap(await transact(db, (trx) => deletePlan(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, ifMatch(request.headers), actorOf(request), deps.onEvent)), STATUS);
      return etag(reply, offerVersion).status(204).send();
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/plans/:planId/audience', {
    config: can('offers.read'),
    schema: { operationId: 'getPlanAudience', tags: ['catalog'], summary: "A private plan's audience (tenant ids)", params: PlanParams, response: { 200: AudienceSchema, ...errors } },
    handler: async (request) => {
      const p = request.params as PlanP;
      return { members: unwrap(await getAudience(db, p.accountId, p.offerId, p.planId)) };
    },
  });

  const audienceRoute = (kind: 'add' | 'replace') => async (request: { params: unknown; body: unknown; headers: Record<string, unknown> }, reply: FastifyReply) => {
    const p = request.params as PlanP;
    const members = (request.body as { members: { tenantId: string; description?: string }[] }).members;
    const r = unwrap(await transact(db, (trx) => changeAudience(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, { kind, members }, ifMatch(request.headers))), STATUS);
    return etag(reply, r.offerVersion).send({ offerVersion: r.offerVersion, members: r.audience });
  };
  app.post('/api/accounts/:accountId/offers/:offerId/plans/:planId/audience', {
    config: can('pricing.write'),
    schema: { operationId: 'addPlanAudience', tags: ['catalog'], summary: 'Add up to 10 tenant ids to a private plan by hand', params: PlanParams, headers: IfMatchHeaders, body: AudienceChangeBody, response: { 200: AudienceSchema, ...errors } },
    handler: audienceRoute('add'),
  });
  app.put('/api/accounts/:accountId/offers/:offerId/plans/:planId/audience', {
    config: can('pricing.write'),
    schema: { operationId: 'replacePlanAudience', tags: ['catalog'], summary: "Replace a private plan's audience (import: up to 20,000 tenant ids)", params: PlanParams, headers: IfMatchHeaders, body: AudienceChangeBody, response: { 200: AudienceSchema, ...errors } },
    bodyLimit: 4 * 1024 * 1024,
    handler: audienceRoute('replace'),
  });
  app.delete('/api/accounts/:accountId/offers/:offerId/plans/:planId/audience/:tenantId', {
    config: can('pricing.write'),
    schema: { operationId: 'removePlanAudienceMember', tags: ['catalog'], params: AudienceMemberParams, headers: IfMatchHeaders, response: { 200: AudienceSchema, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as PlanP & { tenantId: string };
      const r = unwrap(await transact(db, (trx) => changeAudience(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, { kind: 'remove', tenantId: p.tenantId }, ifMatch(request.headers))), STATUS);
      return etag(reply, r.offerVersion).send({ offerVersion: r.offerVersion, members: r.audience });
    },
  });
}
