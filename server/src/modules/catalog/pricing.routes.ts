import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { IfMatchHeaders, PlanParams } from './catalog.schemas.js';
import type { CatalogDeps } from './catalog.types.js';
import { businessDate, listRates, setRates } from './fx.service.js';
import { EXPORT_FILE_NAME, XLSX_CONTENT_TYPE } from './pricing.sheet.js';
import { exportPrices, importPrices, listPlanPrices, readPriceUpload, recomputePrices } from './pricing.service.js';

const errors = {
  400: { $ref: 'Error#' },
  401: { $ref: 'Error#' },
  403: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  409: { $ref: 'Error#' },
  412: { $ref: 'Error#' },
  413: { $ref: 'Error#' },
  415: { $ref: 'Error#' },
  428: { $ref: 'Error#' },
};
const STATUS = { Locked: 409, PreconditionRequired: 428, PreconditionFailed: 412 };
const can = (action: string) => ({ permission: { account: true as const, action } });
const etag = (reply: FastifyReply, version: number) => reply.header('etag', `"${version}"`);
const ifMatch = (request: FastifyRequest) => request.headers['if-match'];

/** The upload limit of "Import pricing data" (a full sheet of 8,742 rows is about 300 KiB as .xlsx). */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
/** Content types the import takes as the raw file; `application/vnd.ms-excel` is what Windows browsers call a .csv. */
const UPLOAD_TYPES = [XLSX_CONTENT_TYPE, 'text/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

const PriceSchema = Type.Object({
  market: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  marketName: Type.String(),
  currency: Type.String({ description: "The market's transaction currency (ISO 4217)" }),
  term: Type.Union([Type.Literal('P1M'), Type.Literal('P1Y')]),
  dimensionId: Type.Union([Type.String(), Type.Null()], { description: 'null: the base price; otherwise the price per unit of this metered dimension' }),
  amount: Type.String({ description: 'Decimal string in the currency: minor digits for base prices, up to 6 decimals per unit' }),
  usdAmount: Type.String(),
  source: Type.Union([Type.Literal('converted'), Type.Literal('override')]),
  fxRate: Type.Union([Type.String(), Type.Null()], { description: 'Units of the currency per 1 USD used for the conversion (for an override: the conversion it replaces)' }),
  fxDate: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'The effective date of that rate' }),
  locked: Type.Boolean({ description: 'Part of the published plan: can no longer change' }),
  setAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: not stored yet (converted for display at today\'s rate)' }),
});
const PricesSchema = Type.Object({ offerVersion: Type.Integer(), planId: Type.String(), prices: Type.Array(PriceSchema) });

const RateSchema = Type.Object({
  currency: Type.String(),
  rate: Type.String({ description: 'Units of the currency per 1 USD' }),
  effectiveDate: Type.String({ format: 'date' }),
  setBy: Type.Union([Type.String(), Type.Null()], { description: 'The operator; null for the demo defaults' }),
  setAt: Type.String({ format: 'date-time' }),
});
const RatesSchema = Type.Object({ date: Type.String({ format: 'date' }), rates: Type.Array(RateSchema) });

type PlanP = { accountId: string; offerId: string; planId: string };
const BASE = '/api/accounts/:accountId/offers/:offerId/plans/:planId/prices';

/** Per-market plan prices (list, recompute, xlsx export, xlsx/csv import) and the operator's exchange rates. */
export async function pricingRoutes(app: FastifyInstance, deps: CatalogDeps): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  for (const type of UPLOAD_TYPES) app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  const { db } = deps;

  app.get(BASE, {
    config: can('offers.read'),
    schema: {
      operationId: 'listPlanPrices',
      tags: ['catalog'],
      summary: "The plan's price in each market's currency, per billing term (base price and each metered dimension's price per unit)",
      params: PlanParams,
      response: { 200: PricesSchema, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      const prices = unwrap(await listPlanPrices(db, deps.clock.now(), p.accountId, p.offerId, p.planId));
      return etag(reply, prices.offerVersion).send(prices);
    },
  });

  app.post(`${BASE}/recompute`, {
    config: can('pricing.write'),
    schema: {
      operationId: 'recomputePlanPrices',
      tags: ['catalog'],
      summary: "Convert the plan's USD prices again at today's exchange rates (overrides and published prices stay); If-Match carries the offer's ETag",
      params: PlanParams,
      headers: IfMatchHeaders,
      response: { 200: PricesSchema, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      const prices = unwrap(await transact(db, (trx) => recomputePrices(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, ifMatch(request))), STATUS);
      return etag(reply, prices.offerVersion).send(prices);
    },
  });

  app.get(`${BASE}/export`, {
    config: can('offers.read'),
    schema: {
      operationId: 'exportPlanPrices',
      tags: ['catalog'],
      summary: 'Export prices (xlsx): exportedPrice.xlsx, one row per market, billing term and price',
      params: PlanParams,
      produces: [XLSX_CONTENT_TYPE],
      response: { 200: { description: 'exportedPrice.xlsx', type: 'string', format: 'binary' }, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      const { offerVersion, file } = unwrap(await exportPrices(db, deps.clock.now(), p.accountId, p.offerId, p.planId));
      return etag(reply, offerVersion).type(XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`).send(file);
    },
  });

  app.put(`${BASE}/import`, {
    config: can('pricing.write'),
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      operationId: 'importPlanPrices',
      tags: ['catalog'],
      summary:
        'Import pricing data: the body is the edited .xlsx (or a .csv with the same columns). Every row is checked and every problem listed; nothing is written unless all rows are valid. If-Match carries the offer\'s ETag',
      params: PlanParams,
      headers: IfMatchHeaders,
      consumes: UPLOAD_TYPES,
      response: { 200: PricesSchema, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as PlanP;
      if (!Buffer.isBuffer(request.body))
        throw new AppError(415, 'UnsupportedMediaType', `Send the file itself as the body, with Content-Type ${XLSX_CONTENT_TYPE}, text/csv or application/octet-stream.`);
      const sheet = unwrap(await readPriceUpload(request.body));
      const prices = unwrap(await transact(db, (trx) => importPrices(trx, deps.clock.now(), p.accountId, p.offerId, p.planId, sheet, ifMatch(request))), STATUS);
      return etag(reply, prices.offerVersion).send(prices);
    },
  });

  app.get('/api/admin/exchange-rates', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'listExchangeRates',
      tags: ['admin'],
      summary: 'The exchange rate in force for each market currency on a day (default: today, business time)',
      querystring: Type.Object({ date: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })) }),
      response: { 200: RatesSchema, ...errors },
    },
    handler: async (request) => {
      const { date } = request.query as { date?: string };
      return unwrap(await listRates(db, date ?? businessDate(deps.clock.now())));
    },
  });

  app.put('/api/admin/exchange-rates/:date', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'setExchangeRates',
      tags: ['admin'],
      summary: 'Set the rates in force from a day (units of each currency per 1 USD); prices converted before are not changed',
      params: Type.Object({ date: Type.String({ description: 'YYYY-MM-DD' }) }),
      // Values are checked by the service: decimal strings only (the app's validator would turn a JSON number into a string).
      body: Type.Object(
        { rates: Type.Record(Type.String(), Type.Unknown({ description: 'A decimal string' }), { description: 'Units of each currency per 1 USD, as decimal strings: {"EUR": "0.92", "JPY": "147.5"}' }) },
        { additionalProperties: false },
      ),
      response: { 200: RatesSchema, ...errors },
    },
    handler: async (request) => {
      const { date } = request.params as { date: string };
      const { rates } = request.body as { rates: Record<string, unknown> };
      const principal = request.principal!;
      const actor = principal.kind === 'user' ? principal.userId : principal.objectId;
      return unwrap(await transact(db, (trx) => setRates(trx, deps.clock.now(), actor, date, rates)));
    },
  });
}
