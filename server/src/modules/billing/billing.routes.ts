import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Tx } from '../../platform/db/index.js';
import { AppError, fail, unwrap, type Result } from '../../platform/errors.js';
import { agoraErrorHandler, type UserPrincipal } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { runBilling } from './billing-run.service.js';
import {
  AdminInvoiceListQuery,
  FeeRateBody,
  FeeRateSchema,
  InstrumentBody,
  InstrumentSchema,
  InvoiceDetailSchema,
  InvoiceListQuery,
  InvoiceSummarySchema,
  RunBody,
  RunResultSchema,
  RunSummarySchema,
  TaxRateBody,
  TaxRateSchema,
} from './billing.schemas.js';
import type { InstrumentBehavior, InvoiceStatus } from './billing.tables.js';
import type { BillingEnv } from './billing.types.js';
import { retryFailed } from './collection.service.js';
import { parsePeriod } from './dates.js';
import { invoiceHtml } from './invoice-document.js';
import { invoiceDetail, listInvoices } from './invoice.service.js';
import { listRuns } from './invoice.store.js';
import { sandboxBehavior, setSandboxBehavior } from './payment-provider.js';
import { listFeeRates, listTaxRates, removeTaxRate, setFeeRate, setTaxRate } from './settings.service.js';

/**
 * Billing routes: the customer's invoices (list, detail, the document to download), and the operator's billing runs,
 * invoices, store service fee, tax rates and — in the sandbox — customers' payment instruments.
 */

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const InvoiceParams = Type.Object({ invoiceId: Type.String() });
const DocumentQuery = Type.Object({ download: Type.Optional(Type.Boolean()) });

function customerOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError(403, 'Forbidden', 'Sign in as a customer (a person, not an application).');
  return p;
}

function actorOf(request: FastifyRequest): string {
  const p = request.principal!;
  return p.kind === 'user' ? p.userId : p.objectId;
}

export async function billingRoutes(app: FastifyInstance, env: BillingEnv, seller: { name: string; url: string }): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const run = <T>(fn: (tx: Tx) => Promise<Result<T>>) => transact(env.db, fn);
  const tags = ['billing'];

  // ---- the customer's invoices ----

  app.get('/api/me/invoices', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'myInvoices', tags, summary: "The invoices of the signed-in customer's organization (its billing account), newest first", querystring: InvoiceListQuery, response: { 200: Type.Object({ items: Type.Array(InvoiceSummarySchema) }), ...errors } },
    handler: async (request) => {
      const q = request.query as Static<typeof InvoiceListQuery>;
      return { items: await listInvoices(env.db, { tenantId: customerOf(request).tenantId, status: q.status as InvoiceStatus | undefined, top: q.top ?? 50, skip: q.skip ?? 0 }) };
    },
  });

  app.get('/api/me/invoices/:invoiceId', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'myInvoice', tags, summary: 'One invoice with its numbered lines and payments', params: InvoiceParams, response: { 200: InvoiceDetailSchema, ...errors } },
    handler: async (request) => unwrap(await invoiceDetail(env.db, (request.params as { invoiceId: string }).invoiceId, customerOf(request).tenantId)),
  });

  app.get('/api/me/invoices/:invoiceId/document', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'myInvoiceDocument', tags, summary: 'The invoice as an HTML document (download=true to save it)', params: InvoiceParams, querystring: DocumentQuery },
    handler: async (request, reply) => {
      const me = customerOf(request);
      const invoice = unwrap(await invoiceDetail(env.db, (request.params as { invoiceId: string }).invoiceId, me.tenantId));
      const { download } = request.query as Static<typeof DocumentQuery>;
      if (download) reply.header('content-disposition', `attachment; filename="invoice-${invoice.number}.html"`);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(invoiceHtml(invoice, seller, { name: me.email || me.tenantId }));
    },
  });

  // ---- the operator ----

  app.post('/api/admin/billing/runs', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'runBilling',
      tags: [...tags, 'admin'],
      summary: 'Run billing for an ended month now: the first run issues its invoices; a later run only recomputes and compares',
      body: RunBody,
      response: { 200: RunResultSchema, ...errors },
    },
    handler: async (request) => {
      const period = parsePeriod((request.body as Static<typeof RunBody>).period);
      return unwrap(await run(async (tx) => (period ? runBilling(tx, env, period) : fail('ValidationFailed', 'period is a month, YYYY-MM.', { target: 'period' }))));
    },
  });

  app.get('/api/admin/billing/runs', {
    config: { permission: 'operator' },
    schema: { operationId: 'listBillingRuns', tags: [...tags, 'admin'], summary: 'Billing runs, newest first', response: { 200: Type.Object({ items: Type.Array(RunSummarySchema) }), ...errors } },
    handler: async () => ({
      items: (await listRuns(env.db, 100)).map((r) => ({
        runId: r.run_id,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        startedAt: r.started_at.toISOString(),
        completedAt: r.completed_at.toISOString(),
        invoices: r.invoices,
        unchanged: r.unchanged,
        pendingAdjustments: r.pending_adjustments,
      })),
    }),
  });

  app.get('/api/admin/billing/invoices', {
    config: { permission: 'operator' },
    schema: { operationId: 'listAllInvoices', tags: [...tags, 'admin'], summary: 'Invoices of every billing account (or one tenant)', querystring: AdminInvoiceListQuery, response: { 200: Type.Object({ items: Type.Array(InvoiceSummarySchema) }), ...errors } },
    handler: async (request) => {
      const q = request.query as Static<typeof AdminInvoiceListQuery>;
      return { items: await listInvoices(env.db, { tenantId: q.tenantId?.toLowerCase(), status: q.status as InvoiceStatus | undefined, top: q.top ?? 50, skip: q.skip ?? 0 }) };
    },
  });

  app.get('/api/admin/billing/invoices/:invoiceId', {
    config: { permission: 'operator' },
    schema: { operationId: 'getAnyInvoice', tags: [...tags, 'admin'], summary: 'One invoice with its lines and payments', params: InvoiceParams, response: { 200: InvoiceDetailSchema, ...errors } },
    handler: async (request) => unwrap(await invoiceDetail(env.db, (request.params as { invoiceId: string }).invoiceId)),
  });

  app.get('/api/admin/billing/fee-rates', {
    config: { permission: 'operator' },
    schema: { operationId: 'listFeeRates', tags: [...tags, 'admin'], summary: 'The store service fee by the day it takes effect, newest first', response: { 200: Type.Object({ items: Type.Array(FeeRateSchema) }), ...errors } },
    handler: async () => ({ items: await listFeeRates(env.db) }),
  });

  app.put('/api/admin/billing/fee-rates/:effectiveFrom', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'setFeeRate',
      tags: [...tags, 'admin'],
      summary: 'Set the store service fee from a day on (issued invoices keep their fee)',
      params: Type.Object({ effectiveFrom: Type.String() }),
      body: FeeRateBody,
      response: { 200: Type.Object({ items: Type.Array(FeeRateSchema) }), ...errors },
    },
    handler: async (request) => {
      const { effectiveFrom } = request.params as { effectiveFrom: string };
      const { rate } = request.body as Static<typeof FeeRateBody>;
      return { items: unwrap(await run((tx) => setFeeRate(tx, { effectiveFrom, rate }, actorOf(request), env.clock.now()))) };
    },
  });

  app.get('/api/admin/billing/tax-rates', {
    config: { permission: 'operator' },
    schema: { operationId: 'listTaxRates', tags: [...tags, 'admin'], summary: 'Tax rates by customer country and the day they take effect', querystring: Type.Object({ country: Type.Optional(Type.String()) }), response: { 200: Type.Object({ items: Type.Array(TaxRateSchema) }), ...errors } },
    handler: async (request) => ({ items: await listTaxRates(env.db, (request.query as { country?: string }).country?.toUpperCase()) }),
  });

  app.put('/api/admin/billing/tax-rates/:country/:effectiveFrom', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'setTaxRate',
      tags: [...tags, 'admin'],
      summary: "Set a country's tax rate from a day on, and who collects it",
      params: Type.Object({ country: Type.String(), effectiveFrom: Type.String() }),
      body: TaxRateBody,
      response: { 200: TaxRateSchema, ...errors },
    },
    handler: async (request) => {
      const { country, effectiveFrom } = request.params as { country: string; effectiveFrom: string };
      const body = request.body as Static<typeof TaxRateBody>;
      return unwrap(await run((tx) => setTaxRate(tx, { country, effectiveFrom, rate: body.rate, collectedBy: body.collectedBy }, env.clock.now())));
    },
  });

  app.delete('/api/admin/billing/tax-rates/:country/:effectiveFrom', {
    config: { permission: 'operator' },
    schema: { operationId: 'deleteTaxRate', tags: [...tags, 'admin'], summary: 'Remove a tax rate version', params: Type.Object({ country: Type.String(), effectiveFrom: Type.String() }), response: { 200: Type.Object({ deleted: Type.Literal(true) }), ...errors } },
    handler: async (request) => {
      const { country, effectiveFrom } = request.params as { country: string; effectiveFrom: string };
      return unwrap(await run((tx) => removeTaxRate(tx, country, effectiveFrom)));
    },
  });

  const sandboxOnly = () => {
    if (!env.sandbox) throw new AppError(404, 'NotFound', 'Payment instruments are simulated in sandbox mode only (AGORA_SANDBOX).');
  };

  app.get('/api/admin/customers/:tenantId/payment', {
    config: { permission: 'operator' },
    schema: { operationId: 'getCustomerPayment', tags: ['sandbox', 'admin'], summary: "Sandbox: how a customer's payments behave", params: Type.Object({ tenantId: Type.String({ format: 'uuid' }) }), response: { 200: InstrumentSchema, ...errors } },
    handler: async (request) => {
      sandboxOnly();
      const tenantId = (request.params as { tenantId: string }).tenantId.toLowerCase();
      return { tenantId, behavior: await sandboxBehavior(env.db, tenantId), retried: 0 };
    },
  });

  app.put('/api/admin/customers/:tenantId/payment', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'setCustomerPayment',
      tags: ['sandbox', 'admin'],
      summary: "Sandbox: make a customer's payments succeed, fail (card declined) or settle two days later; fixing them retries failed invoices now",
      params: Type.Object({ tenantId: Type.String({ format: 'uuid' }) }),
      body: InstrumentBody,
      response: { 200: InstrumentSchema, ...errors },
    },
    handler: async (request) => {
      sandboxOnly();
      const tenantId = (request.params as { tenantId: string }).tenantId.toLowerCase();
      const body = request.body as { behavior: InstrumentBehavior } | { failing: boolean };
      const behavior: InstrumentBehavior = 'behavior' in body ? body.behavior : body.failing ? 'fail' : 'succeed';
      return unwrap(
        await run(async (tx) => {
          await setSandboxBehavior(tx, tenantId, behavior, env.clock.now());
          const retried = behavior === 'fail' ? 0 : await retryFailed(tx, env, tenantId);
          return { ok: true as const, value: { tenantId, behavior, retried } };
        }),
      );
    },
  });
}
