import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../platform/db/index.js';
import type { Clock } from '../../platform/clock.js';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import type { CommerceService } from '../commerce/index.js';
import { usageReport } from './usage-report.service.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' } };
const Included = Type.Union([Type.Number(), Type.Literal('unlimited')]);

export const UsageReportSchema = Type.Object({
  subscriptionId: Type.String(),
  offerId: Type.String(),
  planId: Type.String(),
  currency: Type.String(),
  dimensions: Type.Array(
    Type.Object({
      id: Type.String(),
      displayName: Type.String(),
      unitOfMeasure: Type.String(),
      included: Type.Object({ P1M: Type.Optional(Included), P1Y: Type.Optional(Included) }),
      pricePerUnit: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  days: Type.Array(Type.Object({ date: Type.String(), dimension: Type.String(), quantity: Type.Number(), events: Type.Integer() })),
  cycles: Type.Array(
    Type.Object({
      start: Type.String(),
      end: Type.String(),
      lines: Type.Array(Type.Object({ dimension: Type.String(), quantity: Type.String(), pricePerUnit: Type.Union([Type.String(), Type.Null()]), amount: Type.String() })),
      total: Type.String(),
    }),
  ),
});

/** The publisher's view of a subscription's usage (portal and API). */
export async function usageReportRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; commerce: Pick<CommerceService, 'meteringTargets'> }): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  app.get('/api/accounts/:accountId/subscriptions/:subscriptionId/usage', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: {
      operationId: 'subscriptionUsage',
      tags: ['metering'],
      summary: "A subscription's accepted usage per day and dimension, and its usage charges per billing cycle",
      params: Type.Object({ accountId: Type.String(), subscriptionId: Type.String() }),
      querystring: Type.Object({ from: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default: 31 days ago)' })), to: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive (default: now)' })) }),
      response: { 200: UsageReportSchema, ...errors },
    },
    handler: async (request) => {
      const p = request.params as { accountId: string; subscriptionId: string };
      const q = request.query as { from?: string; to?: string };
      return unwrap(await usageReport(deps.db, deps.commerce, p.accountId, p.subscriptionId, q, deps.clock.now()));
    },
  });
}
