import type { FastifyInstance } from 'fastify';
import type { OutboxHandler } from '../../platform/outbox/index.js';
import { commerceRoutes } from './commerce.routes.js';
import type { CommerceDeps, CommerceEnv } from './commerce.types.js';
import { purchase, type PurchaseInput } from './customer.service.js';
import type { Executor, Tx } from '../../platform/db/index.js';
import { meteringTargets } from './metering-target.js';
import { fulfillmentRoutes } from './fulfillment.routes.js';
import { lifecycleHandler } from './lifecycle.jobs.js';
import { PurchaseTokens } from './purchase-token.js';
import { webhookHandler } from './webhook.service.js';
import { billableSubscriptions } from './billing-view.js';
import { paymentRecovered, suspendForPayment } from './payment.service.js';

export type { CommerceDeps, SubscriptionJson, OperationJson } from './commerce.types.js';
export type { PurchaseInput, PurchaseResult } from './customer.service.js';
export type { MeteringTarget, MeteredDimension } from './metering-target.js';
export type { BillableSubscription, BillableCharge, BillablePlan } from './billing-view.js';
export { prorationFactor, addMonths, startOfDayUtc } from './term.js';
export { WEBHOOK_RETRY, WEBHOOK_TOPIC, type WebhookPayload } from './webhook.service.js';
export { LIFECYCLE_TOPIC } from './lifecycle.js';

/**
 * Commerce: orders and SaaS subscriptions with their whole life cycle, purchase tokens, the SaaS Fulfillment API v2
 * and its operations, webhooks to publishers, and term charges and refunds.
 */
export function createCommerce(deps: CommerceDeps) {
  const env: CommerceEnv = { ...deps, tokens: new PurchaseTokens(deps.securityClock) };
  const handlers: OutboxHandler<never>[] = [webhookHandler(env) as OutboxHandler<never>, lifecycleHandler(env) as OutboxHandler<never>];
  return {
    handlers,
    /** For metering: each subscription's publisher, status, plan and metered dimensions. */
    meteringTargets: (x: Executor, subscriptionIds: readonly string[]) => meteringTargets(x, env, subscriptionIds),
    /** For billing: the activated subscriptions with their charges and plans' metered prices. */
    billableSubscriptions: (x: Executor, filter: { activatedBefore: Date; tenantIds?: readonly string[] | undefined }) => billableSubscriptions(x, env, filter),
    /** For billing: a failed payment suspends these subscriptions (in the caller's transaction). */
    suspendForPayment: (tx: Tx, subscriptionIds: readonly string[]) => suspendForPayment(tx, env, subscriptionIds),
    /** For billing: the customer's payment succeeded again; its subscriptions suspended for payment are offered for reinstatement. */
    paymentRecovered: (tx: Tx, tenantId: string) => paymentRecovered(tx, env, tenantId),
    /** A purchase in the caller's transaction (the demo seed uses it). */
    purchase: (tx: Tx, input: PurchaseInput) => purchase(tx, env, input),
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => fulfillmentRoutes(scope, env));
      await app.register(async (scope) => commerceRoutes(scope, env));
    },
  };
}

export type CommerceService = ReturnType<typeof createCommerce>;
