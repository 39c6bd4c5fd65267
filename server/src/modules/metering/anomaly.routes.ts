import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { AccountParams, AnomalyListQuery, AnomalyParams, AnomalySchema, DecisionBody } from './anomaly.schemas.js';
import { actorOf, anomaliesOf, anomalyOf, decideAnomaly, type AnomalyEnv } from './anomaly.service.js';

/**
 * The publisher's metered-usage anomalies (Insights › Usage › Metered usage anomalies, spec 07 §5.11): list, one, and
 * the decision. Reading needs offers.read, deciding offers.publish; a flag of another account is not found. The
 * publisher is told about new flags by the notifications module (the account's inbox and email).
 */

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const can = (action: string) => ({ permission: { account: true as const, action } });
const STATUS = { NotFound: 404, AlreadyDecided: 409, ActionWindowClosed: 409, ValidationFailed: 400, CorrectionNotLower: 400 };

export async function anomalyRoutes(app: FastifyInstance, env: AnomalyEnv): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const tags = ['metering'];
  const base = '/api/accounts/:accountId/metering';

  app.get(`${base}/anomalies`, {
    config: can('offers.read'),
    schema: {
      operationId: 'listMeteringAnomalies',
      tags,
      summary: "Metered usage anomalies of the account's subscriptions, newest usage day first",
      params: AccountParams,
      querystring: AnomalyListQuery,
      response: { 200: Type.Object({ items: Type.Array(AnomalySchema) }), ...errors },
    },
    handler: async (request) => {
      const { accountId } = request.params as Static<typeof AccountParams>;
      return { items: await anomaliesOf(env.db, env, accountId, request.query as Static<typeof AnomalyListQuery>) };
    },
  });

  app.get(`${base}/anomalies/:anomalyId`, {
    config: can('offers.read'),
    schema: { operationId: 'getMeteringAnomaly', tags, summary: 'One metered usage anomaly, with its decision and adjustment', params: AnomalyParams, response: { 200: AnomalySchema, ...errors } },
    handler: async (request) => {
      const p = request.params as Static<typeof AnomalyParams>;
      return unwrap(await anomalyOf(env.db, env, p.accountId, p.anomalyId), STATUS);
    },
  });

  app.post(`${base}/anomalies/:anomalyId/decision`, {
    config: can('offers.publish'),
    schema: {
      operationId: 'decideMeteringAnomaly',
      tags,
      summary:
        'Mark as anomaly (with the lower, correct usage of the day: billing credits the difference) or not an anomaly (with the reason). Within 30 days of the flag; final.',
      params: AnomalyParams,
      body: DecisionBody,
      response: { 200: AnomalySchema, ...errors },
    },
    handler: async (request) => {
      const p = request.params as Static<typeof AnomalyParams>;
      const body = request.body as Static<typeof DecisionBody>;
      const actor = actorOf(request.principal!);
      return unwrap(await transact(env.db, (tx) => decideAnomaly(tx, env, p.accountId, p.anomalyId, body, actor)), STATUS);
    },
  });
}
