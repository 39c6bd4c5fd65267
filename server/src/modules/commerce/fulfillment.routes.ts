import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../platform/db/index.js';
import { AppError, unwrap, type Result } from '../../platform/errors.js';
import { marketplaceScope, type AppPrincipal } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { MARKETPLACE_API_RESOURCE } from '../identity/index.js';
import type { CommerceEnv } from './commerce.types.js';
import {
  activateSubscription,
  changeByPublisher,
  deleteByPublisher,
  getOperation,
  getSubscription,
  listAvailablePlans,
  listOperations,
  listSubscriptions,
  patchOperation,
  resolve,
  type Accepted,
} from './fulfillment.service.js';
import {
  ApiVersionQuery,
  MarketplaceErrorSchema,
  OperationParams,
  OperationSchema,
  OperationsSchema,
  PlansSchema,
  ResolvedSchema,
  SubscriptionParams,
  SubscriptionSchema,
  SubscriptionsPageSchema,
} from './fulfillment.schemas.js';
import { operationLocation } from './views.js';

/**
 * The SaaS Fulfillment API v2 (`/api/saas/subscriptions...`, api-version 2018-08-31; 08 §3.5-3.6): the marketplace
 * dialect (403 for every auth failure, the marketplace error body, request and correlation ids echoed), the caller's
 * publisher account from its token, `Operation-Location` on every 202.
 */

const STATUS = { BadArgument: 400, NotFound: 404, Conflict: 409 };
const errors = { 400: { $ref: 'MarketplaceError#' }, 403: { $ref: 'MarketplaceError#' }, 404: { $ref: 'MarketplaceError#' }, 409: { $ref: 'MarketplaceError#' }, 500: { $ref: 'MarketplaceError#' } };
const permission = { bearer: MARKETPLACE_API_RESOURCE, publisher: true };
const Empty = Type.Null({ description: 'No body' });

const accountOf = (request: FastifyRequest): string => (request.principal as AppPrincipal).accountId!;

export async function fulfillmentRoutes(app: FastifyInstance, env: CommerceEnv): Promise<void> {
  marketplaceScope(app);
  // Clients send content-type: application/json on every call (08 §3.1), DELETE and activate without a body too.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError(400, 'BadArgument', 'The request body is not valid JSON.', { target: 'request' }), undefined);
    }
  });
  app.addSchema(SubscriptionSchema);
  app.addSchema(OperationSchema);
  app.addSchema(MarketplaceErrorSchema);
  const tags = ['SaaS Fulfillment API v2'];
  const run = <T>(fn: (tx: Tx) => Promise<Result<T>>) => transact(env.db, fn);
  const accepted = (reply: FastifyReply, a: Accepted) => reply.status(202).header('operation-location', operationLocation(env.publicUrl, a.subscriptionId, a.operationId)).send();

  app.post('/api/saas/subscriptions/resolve', {
    config: { permission },
    schema: {
      operationId: 'FulfillmentOperations_Resolve',
      tags,
      summary: 'Resolve a purchase token (x-ms-marketplace-token) to its subscription',
      querystring: ApiVersionQuery,
      response: { 200: ResolvedSchema, ...errors },
    },
    handler: async (request) => {
      const header = request.headers['x-ms-marketplace-token'];
      return unwrap(await resolve(env.db, env, accountOf(request), Array.isArray(header) ? header[0] : header), STATUS);
    },
  });

  const listRoute = (url: string, hide: boolean) =>
    app.get(url, {
    config: { permission },
    schema: {
      hide,
      operationId: hide ? 'FulfillmentOperations_ListSubscriptions_TrailingSlash' : 'FulfillmentOperations_ListSubscriptions',
      tags,
      summary: "The publisher's subscriptions, 100 a page, with @nextLink",
      querystring: Type.Object({ 'api-version': Type.String(), continuationToken: Type.Optional(Type.String()) }),
      response: { 200: SubscriptionsPageSchema, ...errors },
    },
    handler: async (request) => unwrap(await listSubscriptions(env.db, env, accountOf(request), (request.query as { continuationToken?: string }).continuationToken), STATUS),
  });
  listRoute('/api/saas/subscriptions', false);
  // The OpenAPI file's path and the @nextLink end in a slash.
  listRoute('/api/saas/subscriptions/', true);

  app.get('/api/saas/subscriptions/:subscriptionId', {
    config: { permission },
    schema: { operationId: 'FulfillmentOperations_GetSubscription', tags, summary: 'A subscription', params: SubscriptionParams, querystring: ApiVersionQuery, response: { 200: { $ref: 'SaasSubscription#' }, ...errors } },
    handler: async (request) => unwrap(await getSubscription(env.db, accountOf(request), (request.params as { subscriptionId: string }).subscriptionId), STATUS),
  });

  app.get('/api/saas/subscriptions/:subscriptionId/listAvailablePlans', {
    config: { permission },
    schema: {
      operationId: 'FulfillmentOperations_ListAvailablePlans',
      tags,
      summary: "The plans the subscription's customer can have (the current one included)",
      params: SubscriptionParams,
      querystring: Type.Object({ 'api-version': Type.String(), planId: Type.Optional(Type.String()) }),
      response: { 200: PlansSchema, ...errors },
    },
    handler: async (request) =>
      unwrap(await listAvailablePlans(env.db, env, accountOf(request), (request.params as { subscriptionId: string }).subscriptionId, (request.query as { planId?: string }).planId), STATUS),
  });

  app.post('/api/saas/subscriptions/:subscriptionId/activate', {
    config: { permission },
    schema: { operationId: 'FulfillmentOperations_ActivateSubscription', tags, summary: 'Activate: billing starts', params: SubscriptionParams, querystring: ApiVersionQuery, response: { 200: Empty, ...errors } },
    handler: async (request, reply) => {
      const { subscriptionId } = request.params as { subscriptionId: string };
      unwrap(await run((tx) => activateSubscription(tx, env, accountOf(request), subscriptionId, (request.body ?? {}) as object)), STATUS);
      return reply.status(200).send();
    },
  });

  app.patch('/api/saas/subscriptions/:subscriptionId', {
    config: { permission },
    schema: { operationId: 'FulfillmentOperations_UpdateSubscription', tags, summary: 'Change the plan or the quantity (not both): 202 + Operation-Location', params: SubscriptionParams, querystring: ApiVersionQuery, response: { 202: Empty, ...errors } },
    handler: async (request, reply) => {
      const { subscriptionId } = request.params as { subscriptionId: string };
      return accepted(reply, unwrap(await run((tx) => changeByPublisher(tx, env, accountOf(request), subscriptionId, (request.body ?? {}) as object)), STATUS));
    },
  });

  app.delete('/api/saas/subscriptions/:subscriptionId', {
    config: { permission },
    schema: { operationId: 'FulfillmentOperations_DeleteSubscription', tags, summary: 'Cancel the subscription: 202 + Operation-Location', params: SubscriptionParams, querystring: ApiVersionQuery, response: { 202: Empty, ...errors } },
    handler: async (request, reply) => {
      const { subscriptionId } = request.params as { subscriptionId: string };
      return accepted(reply, unwrap(await run((tx) => deleteByPublisher(tx, env, accountOf(request), subscriptionId)), STATUS));
    },
  });

  app.get('/api/saas/subscriptions/:subscriptionId/operations', {
    config: { permission },
    schema: { operationId: 'SubscriptionOperations_ListOperations', tags, summary: 'Operations waiting for the publisher (InProgress)', params: SubscriptionParams, querystring: ApiVersionQuery, response: { 200: OperationsSchema, ...errors } },
    handler: async (request) => unwrap(await listOperations(env.db, accountOf(request), (request.params as { subscriptionId: string }).subscriptionId), STATUS),
  });

  app.get('/api/saas/subscriptions/:subscriptionId/operations/:operationId', {
    config: { permission },
    schema: { operationId: 'SubscriptionOperations_GetOperationStatus', tags, summary: 'An operation', params: OperationParams, querystring: ApiVersionQuery, response: { 200: { $ref: 'SaasOperation#' }, ...errors } },
    handler: async (request) => {
      const p = request.params as { subscriptionId: string; operationId: string };
      return unwrap(await getOperation(env.db, accountOf(request), p.subscriptionId, p.operationId), STATUS);
    },
  });

  app.patch('/api/saas/subscriptions/:subscriptionId/operations/:operationId', {
    config: { permission },
    schema: { operationId: 'SubscriptionOperations_UpdateOperationStatus', tags, summary: 'Report Success or Failure of an operation', params: OperationParams, querystring: ApiVersionQuery, response: { 200: Empty, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { subscriptionId: string; operationId: string };
      unwrap(await run((tx) => patchOperation(tx, env, accountOf(request), p.subscriptionId, p.operationId, (request.body ?? {}) as { status?: unknown })), STATUS);
      return reply.status(200).send();
    },
  });
}
