import { Type } from 'typebox';
import { SubscriptionSchema } from './fulfillment.schemas.js';

export const PurchaseBody = Type.Object(
  {
    accountId: Type.String({ description: "The publisher account of the offer" }),
    offerId: Type.String({ maxLength: 50 }),
    planId: Type.String({ maxLength: 50 }),
    termUnit: Type.Union([Type.Literal('P1M'), Type.Literal('P1Y')]),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    market: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    acceptTerms: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const SandboxPurchaseBody = Type.Object(
  {
    accountId: Type.Optional(Type.String({ description: "The offer's publisher account (an app's own account when omitted)" })),
    offerId: Type.String({ maxLength: 50 }),
    planId: Type.String({ maxLength: 50 }),
    termUnit: Type.Optional(Type.Union([Type.Literal('P1M'), Type.Literal('P1Y')])),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    market: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    customerTenantId: Type.String({ format: 'uuid' }),
    customerEmail: Type.Optional(Type.String({ maxLength: 254 })),
    /** A CSP purchase: the partner's tenant buys for customerTenantId. */
    partnerTenantId: Type.Optional(Type.String({ format: 'uuid' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** The fields of a subscription as the Fulfillment API shows it (one schema for both APIs). */
export const SubscriptionFields = SubscriptionSchema.properties;

export const PurchaseResultSchema = Type.Object({
  orderId: Type.String(),
  subscriptionId: Type.String(),
  status: Type.String(),
  purchaseToken: Type.String(),
  landingUrl: Type.String(),
  subscription: Type.Object(SubscriptionFields),
});

export const CustomerSubscriptionSchema = Type.Object({
  ...SubscriptionFields,
  offerName: Type.String(),
  planName: Type.String(),
  role: Type.String(),
  canManage: Type.Boolean(),
  unitPrice: Type.String(),
  currency: Type.String(),
  market: Type.String(),
  channel: Type.String(),
  charges: Type.Array(
    Type.Object({
      kind: Type.String(),
      termStart: Type.String(),
      termEnd: Type.String(),
      planId: Type.String(),
      quantity: Type.Union([Type.Integer(), Type.Null()]),
      amount: Type.String(),
      currency: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

export const CustomerSubscriptionDetailSchema = Type.Object({
  ...CustomerSubscriptionSchema.properties,
  activatedAt: Type.Union([Type.String(), Type.Null()]),
  refundableUntil: Type.Union([Type.String(), Type.Null()], { description: 'Cancel before this time and the current term is refunded' }),
  operations: Type.Array(
    Type.Object({
      id: Type.String(),
      action: Type.String(),
      status: Type.String(),
      planId: Type.String(),
      quantity: Type.Union([Type.Integer(), Type.Null()]),
      createdAt: Type.String(),
      completedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  availablePlans: Type.Array(
    Type.Object({
      planId: Type.String(),
      name: Type.String(),
      isPrivate: Type.Boolean(),
      price: Type.Union([Type.String(), Type.Null()]),
      currency: Type.Union([Type.String(), Type.Null()]),
      minQuantity: Type.Optional(Type.Integer()),
      maxQuantity: Type.Optional(Type.Integer()),
    }),
  ),
});

export const CustomerChangeBody = Type.Object(
  {
    planId: Type.Optional(Type.String({ maxLength: 50 })),
    quantity: Type.Optional(Type.Integer({ minimum: 1 })),
    autoRenew: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const WebhookDeliverySchema = Type.Object({
  webhookId: Type.String(),
  subscriptionId: Type.String(),
  operationId: Type.String(),
  action: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Optional(Type.Unknown()),
  attemptLog: Type.Optional(
    Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        startedAt: Type.String(),
        finishedAt: Type.Union([Type.String(), Type.Null()]),
        outcome: Type.String(),
        error: Type.Union([Type.String(), Type.Null()]),
        detail: Type.Unknown(),
      }),
    ),
  ),
});
