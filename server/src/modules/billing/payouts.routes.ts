import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Tx } from '../../platform/db/index.js';
import { AppError, fail, ok, unwrap, type Result } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { PAYOUT_CURRENCIES } from '../accounts/index.js';
import { earningFilter, earningsSummary, listTransactions, transactionsCsv } from './earnings.service.js';
import { THRESHOLD_SETTING, thresholdProblem } from './payout.math.js';
import { payoutThreshold, runPayouts, runResult, runView, type PayoutEnv } from './payout-run.service.js';
import { findRunById, listRuns } from './payout.store.js';
import { waiveTestPurchaseFee } from './payout-waiver.service.js';
import {
  AccountParams,
  EarningsQuery,
  EarningsSummarySchema,
  PageQuery,
  PayoutListSchema,
  PayoutParams,
  RunBody,
  RunResultSchema,
  RunSchema,
  StatementSchema,
  ThresholdBody,
  ThresholdSchema,
  TransactionsQuery,
  TransactionsSchema,
  WaiverBody,
  WaiverSchema,
} from './payouts.schemas.js';
import { putSetting } from './settings.store.js';
import { listPayouts, statement, statementCsv } from './statement.service.js';

/**
 * The publisher's money (finance.read: Owner and Financial contributor): earnings with totals and a monthly series,
 * the transactions behind them, payouts and their statements, CSV exports. The operator's payout runs, the payout
 * threshold and the store fee waiver of test purchases. ADR 0018.
 */

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const finance = { permission: { account: true as const, action: 'finance.read' } };
const operator = { permission: 'operator' as const };
const STATUS = { AlreadyWaived: 409, NotATestPurchase: 409, WaiverWindowClosed: 409, AlreadyPaidOut: 409 };

const accountIdOf = (request: FastifyRequest) => (request.params as { accountId: string }).accountId.toLowerCase();

function operatorOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError(403, 'Forbidden', 'This needs a marketplace operator.');
  return p.userId;
}

const CSV = 'text/csv; charset=utf-8';
const CsvSchema = Type.String({ description: 'text/csv: RFC 4180, a header row, CRLF line ends' });

export async function payoutsRoutes(app: FastifyInstance, env: PayoutEnv): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const run = <T>(fn: (tx: Tx) => Promise<Result<T>>) => transact(env.db, fn);
  const tags = ['billing', 'payouts'];
  const adminTags = ['billing', 'payouts', 'admin'];

  // ---- the publisher ----

  app.get('/api/accounts/:accountId/earnings', {
    config: finance,
    schema: {
      operationId: 'getEarnings',
      tags,
      summary: 'Earnings totals per currency (pending, available, paid out) and per transaction month, filtered by day, offer and status',
      params: AccountParams,
      querystring: EarningsQuery,
      response: { 200: EarningsSummarySchema, ...errors },
    },
    handler: async (request) => earningsSummary(env.db, unwrap(earningFilter(accountIdOf(request), request.query as Static<typeof EarningsQuery>))),
  });

  app.get('/api/accounts/:accountId/transactions', {
    config: finance,
    schema: {
      operationId: 'listEarningTransactions',
      tags,
      summary: 'The earnings, one per invoice line, newest first (paged): gross, store fee, net, status and payout',
      params: AccountParams,
      querystring: TransactionsQuery,
      response: { 200: TransactionsSchema, ...errors },
    },
    handler: async (request) => {
      const q = request.query as Static<typeof TransactionsQuery>;
      return listTransactions(env.db, unwrap(earningFilter(accountIdOf(request), q)), { top: q.top ?? 50, skip: q.skip ?? 0 });
    },
  });

  app.get('/api/accounts/:accountId/transactions.csv', {
    config: finance,
    schema: { operationId: 'exportEarningTransactions', tags, summary: 'The filtered earnings as CSV', params: AccountParams, querystring: TransactionsQuery, response: { 200: CsvSchema, ...errors } },
    handler: async (request, reply) => {
      const q = request.query as Static<typeof TransactionsQuery>;
      const csv = await transactionsCsv(env.db, unwrap(earningFilter(accountIdOf(request), q)));
      return reply.type(CSV).header('content-disposition', 'attachment; filename="transactions.csv"').send(csv);
    },
  });

  app.get('/api/accounts/:accountId/payouts', {
    config: finance,
    schema: {
      operationId: 'listPayouts',
      tags,
      summary: "The account's payouts, newest first, and the recent runs that carried it forward (with the reason)",
      params: AccountParams,
      querystring: PageQuery,
      response: { 200: PayoutListSchema, ...errors },
    },
    handler: async (request) => {
      const q = request.query as Static<typeof PageQuery>;
      return listPayouts(env.db, accountIdOf(request), { top: q.top ?? 50, skip: q.skip ?? 0 });
    },
  });

  app.get('/api/accounts/:accountId/payouts/:payoutId', {
    config: finance,
    schema: { operationId: 'getPayoutStatement', tags, summary: 'A payout statement: every earning it pays, converted, with totals', params: PayoutParams, response: { 200: StatementSchema, ...errors } },
    handler: async (request) => unwrap(await statement(env.db, accountIdOf(request), (request.params as { payoutId: string }).payoutId)),
  });

  app.get('/api/accounts/:accountId/payouts/:payoutId/statement.csv', {
    config: finance,
    schema: { operationId: 'exportPayoutStatement', tags, summary: "A payout statement's lines as CSV", params: PayoutParams, response: { 200: CsvSchema, ...errors } },
    handler: async (request, reply) => {
      const s = unwrap(await statement(env.db, accountIdOf(request), (request.params as { payoutId: string }).payoutId));
      return reply.type(CSV).header('content-disposition', `attachment; filename="payout-${s.month}-${s.payoutId.slice(0, 8)}.csv"`).send(statementCsv(s));
    },
  });

  // ---- the operator ----

  app.get('/api/admin/payouts/runs', {
    config: operator,
    schema: { operationId: 'listPayoutRuns', tags: adminTags, summary: 'Payout runs, newest month first', response: { 200: Type.Object({ items: Type.Array(RunSchema) }), ...errors } },
    handler: async () => ({ items: (await listRuns(env.db, 120)).map(runView) }),
  });

  app.get('/api/admin/payouts/runs/:runId', {
    config: operator,
    schema: { operationId: 'getPayoutRun', tags: adminTags, summary: 'A payout run with its payouts and the accounts it carried forward', params: Type.Object({ runId: Type.String({ format: 'uuid' }) }), response: { 200: RunResultSchema, ...errors } },
    handler: async (request) => {
      const found = await findRunById(env.db, (request.params as { runId: string }).runId.toLowerCase());
      if (!found) throw new AppError(404, 'NotFound', 'No such payout run.', { target: 'runId' });
      return runResult(env.db, found, false);
    },
  });

  app.post('/api/admin/payouts/runs', {
    config: operator,
    schema: {
      operationId: 'runPayouts',
      tags: adminTags,
      summary: 'Run the payouts of a month now (once the month has begun); a month already run is returned as it is, nothing added',
      body: RunBody,
      response: { 200: RunResultSchema, ...errors },
    },
    handler: async (request) => {
      const by = operatorOf(request);
      const { month } = request.body as Static<typeof RunBody>;
      return unwrap(await run((tx) => runPayouts(tx, env, month, { trigger: 'operator', triggeredBy: by })));
    },
  });

  app.get('/api/admin/payouts/threshold', {
    config: operator,
    schema: { operationId: 'getPayoutThreshold', tags: adminTags, summary: 'The minimum payout (default 50 USD), converted into each payout currency on the payout day', response: { 200: ThresholdSchema, ...errors } },
    handler: async () => {
      const t = await payoutThreshold(env.db);
      return { amount: t.amount, currency: t.currency, isDefault: t.isDefault, updatedAt: t.updatedAt?.toISOString() ?? null };
    },
  });

  app.put('/api/admin/payouts/threshold', {
    config: operator,
    schema: { operationId: 'setPayoutThreshold', tags: adminTags, summary: 'Set the minimum payout (later runs use it)', body: ThresholdBody, response: { 200: ThresholdSchema, ...errors } },
    handler: async (request) => {
      operatorOf(request);
      const body = request.body as Static<typeof ThresholdBody>;
      const value = { amount: body.amount.trim(), currency: body.currency.trim().toUpperCase() };
      return unwrap(
        await run(async (tx) => {
          const problem = thresholdProblem(value);
          if (problem) return fail('ValidationFailed', problem.message, { target: problem.target });
          if (value.currency !== 'USD' && !PAYOUT_CURRENCIES.includes(value.currency))
            return fail('ValidationFailed', `currency is USD or a payout currency (${PAYOUT_CURRENCIES.join(', ')}).`, { target: 'currency' });
          const at = env.clock.now();
          await putSetting(tx, THRESHOLD_SETTING, value, at);
          return ok({ ...value, isDefault: false, updatedAt: at.toISOString() });
        }),
      );
    },
  });

  app.post('/api/admin/payouts/fee-waivers', {
    config: operator,
    schema: {
      operationId: 'waiveTestPurchaseFee',
      tags: adminTags,
      summary: "Waive the store fee of a test purchase on the publisher's support ticket, opened within 7 days of the purchase",
      body: WaiverBody,
      response: { 200: WaiverSchema, ...errors },
    },
    handler: async (request) => {
      const by = operatorOf(request);
      const body = request.body as Static<typeof WaiverBody>;
      return unwrap(await run((tx) => waiveTestPurchaseFee(tx, env.clock.now(), body, by)), STATUS);
    },
  });
}
