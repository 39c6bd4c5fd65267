import { Type } from 'typebox';

/**
 * TypeBox schemas of the SaaS Fulfillment API v2 responses, following ../shared/openapi/saasapi.v2.json (the tests
 * validate every response against that file too). They also drive serialization: a field missing here is dropped.
 */

const Aad = Type.Object({ emailId: Type.String(), objectId: Type.String(), tenantId: Type.String(), puid: Type.String() });

export const SubscriptionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    publisherId: Type.String(),
    offerId: Type.String(),
    name: Type.String(),
    saasSubscriptionStatus: Type.String({ enum: ['NotStarted', 'PendingFulfillmentStart', 'Subscribed', 'Suspended', 'Unsubscribed'] }),
    beneficiary: Aad,
    purchaser: Aad,
    planId: Type.String(),
    quantity: Type.Optional(Type.Integer()),
    term: Type.Object({ termUnit: Type.String(), startDate: Type.Optional(Type.String()), endDate: Type.Optional(Type.String()) }),
    autoRenew: Type.Boolean(),
    isTest: Type.Boolean(),
    isFreeTrial: Type.Boolean(),
    allowedCustomerOperations: Type.Array(Type.String()),
    sandboxType: Type.String(),
    sessionMode: Type.String(),
    created: Type.String(),
    lastModified: Type.String(),
  },
  { $id: 'SaasSubscription' },
);

export const ResolvedSchema = Type.Object({
  id: Type.String(),
  subscriptionName: Type.String(),
  offerId: Type.String(),
  planId: Type.String(),
  quantity: Type.Optional(Type.Integer()),
  subscription: Type.Unsafe<unknown>({ $ref: 'SaasSubscription#' }),
});

export const SubscriptionsPageSchema = Type.Object({ subscriptions: Type.Array(Type.Unsafe<unknown>({ $ref: 'SaasSubscription#' })), '@nextLink': Type.Optional(Type.String()) });

export const PlansSchema = Type.Object({
  plans: Type.Array(
    Type.Object({
      planId: Type.String(),
      displayName: Type.String(),
      isPrivate: Type.Boolean(),
      description: Type.String(),
      minQuantity: Type.Optional(Type.Integer()),
      maxQuantity: Type.Optional(Type.Integer()),
      hasFreeTrials: Type.Boolean(),
      isPricePerSeat: Type.Boolean(),
      isStopSell: Type.Boolean(),
      market: Type.String(),
      planComponents: Type.Object({
        recurrentBillingTerms: Type.Array(
          Type.Object({
            currency: Type.String(),
            price: Type.Number(),
            termUnit: Type.String(),
            termDescription: Type.String(),
            meteredQuantityIncluded: Type.Array(Type.Object({ dimensionId: Type.String(), units: Type.String() })),
          }),
        ),
        meteringDimensions: Type.Array(Type.Object({ id: Type.String(), currency: Type.String(), pricePerUnit: Type.Number(), unitOfMeasure: Type.String(), displayName: Type.String() })),
      }),
    }),
  ),
});

export const OperationSchema = Type.Object(
  {
    id: Type.String(),
    activityId: Type.String(),
    subscriptionId: Type.String(),
    offerId: Type.String(),
    publisherId: Type.String(),
    planId: Type.String(),
    quantity: Type.Optional(Type.Integer()),
    action: Type.String(),
    timeStamp: Type.String(),
    status: Type.String(),
    errorStatusCode: Type.String(),
    errorMessage: Type.String(),
  },
  { $id: 'SaasOperation' },
);

export const OperationsSchema = Type.Object({ operations: Type.Array(Type.Unsafe<unknown>({ $ref: 'SaasOperation#' })) });

export const MarketplaceErrorSchema = Type.Object(
  {
    message: Type.String(),
    target: Type.String(),
    details: Type.Array(Type.Object({ message: Type.String(), target: Type.String(), code: Type.String() })),
    code: Type.String(),
  },
  { $id: 'MarketplaceError' },
);

export const ApiVersionQuery = Type.Object({ 'api-version': Type.String() });
export const SubscriptionParams = Type.Object({ subscriptionId: Type.String() });
export const OperationParams = Type.Object({ subscriptionId: Type.String(), operationId: Type.String() });
