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
import { payoutEligibility } from '../accounts/index.js';
import { rateInForce } from '../catalog/index.js';
import { payoutRunHandler, schedulePayoutRun } from './payout.jobs.js';
import { runPayouts, type PayoutEnv, type PayoutRunOptions } from './payout-run.service.js';
import { payoutsRoutes } from './payouts.routes.js';
import { setTaxRate } from './settings.service.js';

export type { BillingDeps } from './billing.types.js';
export type { PaymentProvider, PaymentRequest, PaymentResult } from './payment-provider.js';
export type { RunResult } from './billing-run.service.js';
export type { EarningRow, EarningStatus, InvoiceRow } from './billing.tables.js';
export { BILLING_RUN_TOPIC } from './billing.jobs.js';
export { COLLECT_TOPIC } from './collection.service.js';
export { feeRateOn, feeRates, getSetting, putSetting } from './settings.store.js';
export { parsePeriod, periodOf, type Period } from './dates.js';
export { PAYOUT_RUN_TOPIC } from './payout.jobs.js';
export type { PayoutRunResult, PayoutRunOptions } from './payout-run.service.js';

/**
 * Billing: the monthly billing run (invoices per customer billing account from subscriptions' charges and rated
 * usage, recomputed and compared), tax and the store service fee, payment collection through the payment provider
 * (failures suspend subscriptions), customers' invoices, and the publisher's earnings per invoice line.
 */
export function createBilling(deps: BillingDeps & { seller: { name: string; url: string } }) {
  const env: BillingEnv = { ...deps, provider: deps.paymentProvider ?? new SandboxPaymentProvider(deps.clock) };
  const payoutEnv: PayoutEnv = { db: deps.db, clock: deps.clock, eligibility: payoutEligibility, rateInForce };
  return {
    handlers: [billingRunHandler(env) as OutboxHandler<never>, collectHandler(env) as OutboxHandler<never>, payoutRunHandler(payoutEnv) as OutboxHandler<never>],
    /** Schedules the current month's billing run and payout run if they are not scheduled (idempotent; every process calls it at start). */
    scheduleBillingRun: async (x: Executor = deps.db) => {
      await schedulePayoutRun(x, deps.clock);
      return scheduleBillingRun(x, deps.clock);
    },
    /** Schedules the current month's payout run if it is not scheduled (idempotent). */
    schedulePayoutRun: (x: Executor = deps.db) => schedulePayoutRun(x, deps.clock),
    /** Runs the payouts of a month in the caller's transaction (the sandbox and tests; ADR 0018). */
    runPayouts: (tx: Tx, month: string, options: PayoutRunOptions = { trigger: 'operator' }) => runPayouts(tx, payoutEnv, month, options),
    /** Runs billing for an ended month in the caller's transaction (the sandbox and tests). */
    runBilling: (tx: Tx, period: string) => {
      const p = parsePeriod(period);
      if (!p) throw new RangeError(`Not a billing period: ${period}`);
      return runBilling(tx, env, p);
    },
    /** A country's tax rate from a day on (the demo seed uses it). */
    setTaxRate: (x: Executor, input: { country: string; effectiveFrom: string; rate: string; collectedBy: 'platform' | 'publisher' }) => setTaxRate(x, input, deps.clock.now()),
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => billingRoutes(scope, env, deps.seller));
      await app.register(async (scope) => payoutsRoutes(scope, payoutEnv));
    },
  };
}

export type BillingService = ReturnType<typeof createBilling>;
