import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../platform/db/index.js';
import { AppError, unwrap } from '../../platform/errors.js';
import { marketplaceError, marketplaceScope, type AppPrincipal } from '../../platform/http/index.js';
import type { Clock } from '../../platform/clock.js';
import { MARKETPLACE_API_RESOURCE } from '../identity/index.js';
import { DUPLICATE_MESSAGE, acceptedMessage, batchItem, recordUsage, type MeteringEnv } from './usage.service.js';
import { usageByDay, type UsageQuery } from './usage-query.service.js';

/**
 * The Marketplace Metering API (api-version 2018-08-31; spec 08 §3.3-3.4): `POST /api/usageEvent`,
 * `POST /api/batchUsageEvent` and `GET /api/usageEvents`, in the marketplace dialect. An answer is sent only after the
 * accepted events are committed.
 */

export const MAX_BATCH = 25;
const permission = { bearer: MARKETPLACE_API_RESOURCE, publisher: true };
const ErrorBody = Type.Object({ message: Type.String(), target: Type.String(), details: Type.Array(Type.Object({ message: Type.String(), target: Type.String(), code: Type.String() })), code: Type.String() });
const Accepted = Type.Object({
  usageEventId: Type.String(),
  status: Type.String(),
  messageTime: Type.String(),
  resourceId: Type.String(),
  quantity: Type.Number(),
  dimension: Type.String(),
  effectiveStartTime: Type.String(),
  planId: Type.String(),
});
const errors = { 400: ErrorBody, 403: ErrorBody, 500: ErrorBody };
const accountOf = (request: FastifyRequest): string => (request.principal as AppPrincipal).accountId!;

export interface MeteringRouteDeps extends MeteringEnv {
  db: Db;
  clock: Clock;
}

export async function meteringRoutes(app: FastifyInstance, deps: MeteringRouteDeps): Promise<void> {
  marketplaceScope(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError(400, 'BadArgument', 'The request body is not valid JSON.', { target: 'usageEventRequest' }), undefined);
    }
  });
  const tags = ['Marketplace Metering API'];

  app.post('/api/usageEvent', {
    config: { permission },
    schema: {
      operationId: 'MeteringOperations_PostUsageEvent',
      tags,
      summary: 'Report usage of one dimension for one hour',
      querystring: Type.Object({ 'api-version': Type.String() }),
      response: { 200: Accepted, 409: Type.Object({ additionalInfo: Type.Object({ acceptedMessage: Accepted }), message: Type.String(), code: Type.String() }), ...errors },
    },
    handler: async (request, reply) => {
      if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) throw new AppError(400, 'BadArgument', 'The body is a usage event object.', { target: 'usageEventRequest' });
      const accountId = accountOf(request);
      // One INSERT statement decides and commits (autocommit: atomic and durable before the answer); a transaction
      // around it would only add BEGIN and COMMIT round trips.
      const [result] = await recordUsage(deps.db, deps, accountId, [request.body], deps.clock.now());
      if (result!.status === 'Accepted') return reply.status(200).send(acceptedMessage(result!.event));
      if (result!.status === 'Duplicate') return reply.status(409).send({ additionalInfo: { acceptedMessage: acceptedMessage(result!.accepted, 'Duplicate') }, message: DUPLICATE_MESSAGE, code: 'Conflict' });
      const { rejection } = result!;
      if (rejection.status === 'ResourceNotAuthorized') return reply.status(403).send(marketplaceError('Forbidden', rejection.message, 'Authorization'));
      return reply
        .status(400)
        .send(marketplaceError('BadArgument', 'One or more errors have occurred.', 'usageEventRequest', [{ message: rejection.message, target: rejection.target, code: rejection.status }]));
    },
  });

  app.post('/api/batchUsageEvent', {
    config: { permission },
    schema: {
      operationId: 'MeteringOperations_PostBatchUsageEvent',
      tags,
      summary: 'Report up to 25 usage events; each is accepted or rejected on its own',
      querystring: Type.Object({ 'api-version': Type.String() }),
      response: { 200: Type.Object({ count: Type.Integer(), result: Type.Array(Type.Unknown({ description: 'An accepted event, or a rejection with its status and error' })) }), ...errors },
    },
    handler: async (request, reply) => {
      const body = request.body as { request?: unknown } | undefined;
      if (!body || typeof body !== 'object' || !Array.isArray(body.request)) throw new AppError(400, 'BadArgument', 'The body is {"request": [usage events]}.', { target: 'request' });
      if (body.request.length === 0) throw new AppError(400, 'BadArgument', 'The batch has no usage events.', { target: 'request' });
      if (body.request.length > MAX_BATCH) throw new AppError(400, 'BadArgument', `A batch has at most ${MAX_BATCH} usage events; this one has ${body.request.length}.`, { target: 'request' });
      const items = body.request;
      const accountId = accountOf(request);
      const results = await recordUsage(deps.db, deps, accountId, items, deps.clock.now());
      return reply.status(200).send({ count: results.length, result: results.map(batchItem) });
    },
  });

  app.get('/api/usageEvents', {
    config: { permission },
    schema: {
      operationId: 'MeteringOperations_GetUsageEvent',
      tags,
      summary: "The publisher's usage per day, resource and dimension",
      querystring: Type.Object({
        'api-version': Type.String(),
        usageStartDate: Type.Optional(Type.String()),
        UsageEndDate: Type.Optional(Type.String()),
        offerId: Type.Optional(Type.String()),
        planId: Type.Optional(Type.String()),
        dimension: Type.Optional(Type.String()),
        azureSubscriptionId: Type.Optional(Type.String()),
        reconStatus: Type.Optional(Type.String()),
      }),
      response: {
        200: Type.Array(
          Type.Object({
            usageDate: Type.String(),
            usageResourceId: Type.String(),
            dimension: Type.String(),
            planId: Type.String(),
            offerId: Type.String(),
            offerType: Type.String(),
            reconStatus: Type.String(),
            submittedQuantity: Type.Number(),
            processedQuantity: Type.Number(),
            submittedCount: Type.Number(),
          }),
        ),
        ...errors,
      },
    },
    handler: async (request) => unwrap(await usageByDay(deps.db, accountOf(request), request.query as UsageQuery, deps.clock.now()), { BadArgument: 400 }),
  });
}
