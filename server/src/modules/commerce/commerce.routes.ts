import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Tx } from '../../platform/db/index.js';
import { AppError, unwrap, type Result } from '../../platform/errors.js';
import { agoraErrorHandler, type UserPrincipal } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import type { CommerceEnv } from './commerce.types.js';
import { cancelByCustomer, changeByCustomer, configure, mySubscription, mySubscriptions, purchase, setAutoRenew } from './customer.service.js';
import {
  CustomerChangeBody,
  CustomerSubscriptionDetailSchema,
  CustomerSubscriptionSchema,
  PurchaseBody,
  PurchaseResultSchema,
  SandboxPurchaseBody,
  SubscriptionFields,
  WebhookDeliverySchema,
} from './customer.schemas.js';
import { getDelivery, listDeliveries, replayDelivery } from './webhook.service.js';
import { subscriptionsOfAccount } from './subscription.store.js';
import { subscriptionJson } from './views.js';

/**
 * Agora's own commerce routes: purchases from the storefront, the customer's subscriptions, the sandbox's scripted
 * purchases and failing payments, and the publisher's webhook delivery log.
 */

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const SubscriptionIdParams = Type.Object({ subscriptionId: Type.String() });

function customerOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError(403, 'Forbidden', 'Sign in as a customer (a person, not an application).');
  return p;
}

export async function commerceRoutes(app: FastifyInstance, env: CommerceEnv): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const run = <T>(fn: (tx: Tx) => Promise<Result<T>>) => transact(env.db, fn);
  const tags = ['commerce'];

  app.post('/api/store/purchases', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'purchase', tags, summary: 'Buy a plan of a SaaS offer: an order and a subscription pending fulfillment start', body: PurchaseBody, response: { 201: PurchaseResultSchema, ...errors } },
    handler: async (request, reply) => {
      const me = customerOf(request);
      const body = request.body as Static<typeof PurchaseBody>;
      const result = unwrap(await run((tx) => purchase(tx, env, { ...body, purchaser: { tenantId: me.tenantId, userId: me.userId, email: me.email } })));
      return reply.status(201).send(result);
    },
  });

  app.get('/api/me/subscriptions', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'mySubscriptions', tags, summary: "The signed-in customer's SaaS subscriptions (bought by or for their organization)", response: { 200: Type.Object({ items: Type.Array(CustomerSubscriptionSchema) }), ...errors } },
    handler: async (request) => ({ items: await mySubscriptions(env.db, env, customerOf(request).tenantId) }),
  });

  app.get('/api/me/subscriptions/:subscriptionId', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'mySubscription', tags, summary: 'One of my subscriptions, with its charges and the plans it can change to', params: SubscriptionIdParams, response: { 200: CustomerSubscriptionDetailSchema, ...errors } },
    handler: async (request) => unwrap(await mySubscription(env.db, env, customerOf(request).tenantId, (request.params as { subscriptionId: string }).subscriptionId)),
  });

  app.post('/api/me/subscriptions/:subscriptionId/configure', {
    config: { permission: 'signed-in' },
    schema: {
      operationId: 'configureSubscription',
      tags,
      summary: '"Configure account now" / "Manage account": a new purchase token and the landing page URL with it',
      params: SubscriptionIdParams,
      response: { 200: Type.Object({ landingUrl: Type.String(), purchaseToken: Type.String() }), ...errors },
    },
    handler: async (request) => unwrap(await configure(env.db, env, customerOf(request).tenantId, (request.params as { subscriptionId: string }).subscriptionId)),
  });

  app.patch('/api/me/subscriptions/:subscriptionId', {
    config: { permission: 'signed-in' },
    schema: {
      operationId: 'changeMySubscription',
      tags,
      summary: 'Change the plan or the number of users (the publisher confirms), or turn auto-renew on or off',
      params: SubscriptionIdParams,
      body: CustomerChangeBody,
      response: { 200: CustomerSubscriptionSchema, 202: Type.Object({ operationId: Type.String(), action: Type.String(), status: Type.String() }), ...errors },
    },
    handler: async (request, reply) => {
      const me = customerOf(request);
      const { subscriptionId } = request.params as { subscriptionId: string };
      const body = request.body as Static<typeof CustomerChangeBody>;
      if (body.autoRenew !== undefined) {
        if (body.planId !== undefined || body.quantity !== undefined) throw new AppError(400, 'BadRequest', 'Change auto-renew on its own, not with a plan or quantity.', { target: 'autoRenew' });
        return unwrap(await run((tx) => setAutoRenew(tx, env, me.tenantId, subscriptionId, body.autoRenew!)));
      }
      return reply.status(202).send(unwrap(await run((tx) => changeByCustomer(tx, env, me.tenantId, subscriptionId, body))));
    },
  });

  app.delete('/api/me/subscriptions/:subscriptionId', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'cancelMySubscription', tags, summary: 'Cancel: access ends now; refunded within 24 hours (monthly) or 14 days (yearly) of activation', params: SubscriptionIdParams, response: { 200: CustomerSubscriptionSchema, ...errors } },
    handler: async (request) => unwrap(await run((tx) => cancelByCustomer(tx, env, customerOf(request).tenantId, (request.params as { subscriptionId: string }).subscriptionId))),
  });

  // ---- sandbox ----

  app.post('/api/sandbox/purchases', {
    config: { permission: 'signed-in' },
    schema: {
      operationId: 'sandboxPurchase',
      tags: ['sandbox'],
      summary: 'Sandbox: script a purchase of your offer for a customer tenant; returns the subscription id, purchase token and landing URL',
      body: SandboxPurchaseBody,
      response: { 201: PurchaseResultSchema, ...errors },
    },
    handler: async (request, reply) => {
      if (!env.sandbox) throw new AppError(404, 'NotFound', 'Scripted purchases exist in sandbox mode only (AGORA_SANDBOX).');
      const body = request.body as Static<typeof SandboxPurchaseBody>;
      const principal = request.principal!;
      const accountId = body.accountId ?? (principal.kind === 'app' ? principal.accountId : null);
      if (!accountId) throw new AppError(400, 'BadRequest', 'Name the accountId of the offer.', { target: 'accountId' });
      const allowed = (principal.kind === 'user' && principal.isOperator) || (await env.accounts.authorizer.can(principal, accountId, 'offers.read'));
      if (!allowed) throw new AppError(403, 'Forbidden', 'You can script purchases of your own account\'s offers only.');
      const customer = { tenantId: body.customerTenantId.toLowerCase(), userId: null, email: body.customerEmail ?? `customer@${body.customerTenantId.slice(0, 8)}.example.com` };
      const partner = body.partnerTenantId ? { tenantId: body.partnerTenantId.toLowerCase(), userId: null, email: `partner@${body.partnerTenantId.slice(0, 8)}.example.com` } : undefined;
      const result = unwrap(
        await run((tx) =>
          purchase(tx, env, {
            accountId,
            offerId: body.offerId,
            planId: body.planId,
            termUnit: body.termUnit ?? 'P1M',
            quantity: body.quantity,
            market: body.market,
            name: body.name,
            acceptTerms: true,
            purchaser: partner ?? customer,
            beneficiary: partner ? customer : undefined,
          }),
        ),
      );
      return reply.status(201).send(result);
    },
  });

  // ---- the publisher's subscriptions ----

  app.get('/api/accounts/:accountId/subscriptions', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: {
      operationId: 'listAccountSubscriptions',
      tags,
      summary: "The SaaS subscriptions of your offers, newest first (the portal's view; the Fulfillment API lists them too)",
      params: Type.Object({ accountId: Type.String() }),
      querystring: Type.Object({ offerId: Type.Optional(Type.String({ maxLength: 50 })), top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object(SubscriptionFields)) }), ...errors },
    },
    handler: async (request) => {
      const { accountId } = request.params as { accountId: string };
      const q = request.query as { offerId?: string; top?: number };
      return { items: (await subscriptionsOfAccount(env.db, accountId, { offerId: q.offerId, limit: q.top ?? 200 })).map(subscriptionJson) };
    },
  });

  // ---- the publisher's webhook deliveries ----

  app.get('/api/accounts/:accountId/webhooks', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: {
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'Webhook notifications sent to your offers’ connection webhooks, newest first, with their delivery state',
      params: Type.Object({ accountId: Type.String() }),
      querystring: Type.Object({ subscriptionId: Type.Optional(Type.String({ format: 'uuid' })), top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      response: { 200: Type.Object({ items: Type.Array(WebhookDeliverySchema) }), ...errors },
    },
    handler: async (request) => {
      const { accountId } = request.params as { accountId: string };
      const q = request.query as { subscriptionId?: string; top?: number };
      return { items: await listDeliveries(env.db, accountId, { subscriptionId: q.subscriptionId, limit: q.top ?? 50 }) };
    },
  });

  app.get('/api/accounts/:accountId/webhooks/:webhookId', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: { operationId: 'getWebhookDelivery', tags, summary: 'One webhook notification: its payload and every attempt with its response', params: Type.Object({ accountId: Type.String(), webhookId: Type.String({ format: 'uuid' }) }), response: { 200: WebhookDeliverySchema, ...errors } },
    handler: async (request) => {
      const p = request.params as { accountId: string; webhookId: string };
      return unwrap(await getDelivery(env.db, p.accountId, p.webhookId));
    },
  });

  app.post('/api/accounts/:accountId/webhooks/:webhookId/replay', {
    config: { permission: { account: true, action: 'offers.publish' } },
    schema: { operationId: 'replayWebhookDelivery', tags, summary: 'Send a delivered or failed webhook notification again', params: Type.Object({ accountId: Type.String(), webhookId: Type.String({ format: 'uuid' }) }), response: { 200: WebhookDeliverySchema, ...errors } },
    handler: async (request) => {
      const p = request.params as { accountId: string; webhookId: string };
      return unwrap(await run((tx) => replayDelivery(tx, env, p.accountId, p.webhookId)));
    },
  });
}

