import type { FastifyInstance } from 'fastify';
import type { Executor, Tx } from '../../platform/db/index.js';
import type { OutboxHandler } from '../../platform/outbox/index.js';
import { runBilling } from './billing-run.service.js';
import { billingRunHandler, scheduleBillingRun } from './billing.jobs.js';
import { billingRoutes } from './billing.routes.js';
import type { BillingDeps, BillingEnv } from './billing.types.js';
import { collectHandler } from './collection.service.js';
import { parsePeriod } from './dates.js';
import { SandboxPaymentProvider } from './payment-provider.js';

export type { BillingDeps } from './billing.types.js';
export type { PaymentProvider, PaymentRequest, PaymentResult } from './payment-provider.js';
export type { RunResult } from './billing-run.service.js';
export type { EarningRow, EarningStatus, InvoiceRow } from './billing.tables.js';
export { BILLING_RUN_TOPIC } from './billing.jobs.js';
export { COLLECT_TOPIC } from './collection.service.js';
export { feeRateOn, feeRates, getSetting, putSetting } from './settings.store.js';
export { parsePeriod, periodOf, type Period } from './dates.js';

/**
 * Billing: the monthly billing run (invoices per customer billing account from subscriptions' charges and rated
 * usage, recomputed and compared), tax and the store service fee, payment collection through the payment provider
 * (failures suspend subscriptions), customers' invoices, and the publisher's earnings per invoice line.
 */
export function createBilling(deps: BillingDeps & { seller: { name: string; url: string } }) {
  const env: BillingEnv = { ...deps, provider: deps.paymentProvider ?? new SandboxPaymentProvider(deps.clock) };
  return {
    handlers: [billingRunHandler(env) as OutboxHandler<never>, collectHandler(env) as OutboxHandler<never>],
    /** Schedules the current month's billing run if it is not scheduled (idempotent; every process calls it at start). */
    scheduleBillingRun: (x: Executor = deps.db) => scheduleBillingRun(x, deps.clock),
    /** Runs billing for an ended month in the caller's transaction (the sandbox and tests). */
    runBilling: (tx: Tx, period: string) => {
      const p = parsePeriod(period);
      if (!p) throw new RangeError(`Not a billing period: ${period}`);
      return runBilling(tx, env, p);
    },
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => billingRoutes(scope, env, deps.seller));
    },
  };
}

export type BillingService = ReturnType<typeof createBilling>;
