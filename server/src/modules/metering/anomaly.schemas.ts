import { Type } from 'typebox';
import { MAX_REASON_LENGTH } from './anomaly.service.js';

/** TypeBox schemas of the anomaly routes (Agora's own API, under the publisher account). */

export const AccountParams = Type.Object({ accountId: Type.String() });
export const AnomalyParams = Type.Object({ accountId: Type.String(), anomalyId: Type.String() });

export const AnomalyStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('expired'), Type.Literal('anomaly'), Type.Literal('notAnomaly')], {
  description: 'open: awaiting a decision; expired: not decided within 30 days; anomaly / notAnomaly: the decision',
});

export const AnomalyListQuery = Type.Object({
  status: Type.Optional(AnomalyStatusSchema),
  subscriptionId: Type.Optional(Type.String({ description: 'The SaaS subscription (usage resourceId)' })),
  offerId: Type.Optional(Type.String({ maxLength: 50 })),
  dimension: Type.Optional(Type.String({ maxLength: 50 })),
  impactOverUsd: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1e12, description: "Only flags whose estimated financial impact, in USD at the operator's exchange rate of the usage day, is above this amount" }),
  ),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('anomaly'), Type.Literal('notAnomaly')]),
    correctedQuantity: Type.Optional(Type.Number({ minimum: 0, description: 'With "anomaly": the correct usage of the day, lower than the reported usage' })),
    reason: Type.Optional(Type.String({ maxLength: 2 * MAX_REASON_LENGTH, description: `With "notAnomaly" (required): why it is not an anomaly, at most ${MAX_REASON_LENGTH} characters` })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AnomalySchema = Type.Object({
  anomalyId: Type.String(),
  subscriptionId: Type.String(),
  offerId: Type.String(),
  planId: Type.String(),
  dimension: Type.String({ description: 'The meter id' }),
  usageDate: Type.String({ description: 'The usage day (UTC), YYYY-MM-DD' }),
  reportedQuantity: Type.Number(),
  expectedQuantity: Type.Number(),
  upperBound: Type.Number({ description: 'The top of the expected range; the reported usage was above it' }),
  deviation: Nullable(Type.Number({ description: 'Robust z-score: (reported − expected) / robust standard deviation' })),
  unitPrice: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  estimatedExtendedCharge: Nullable(Type.String({ description: 'reported × unit price' })),
  estimatedFinancialImpact: Nullable(Type.String({ description: '(reported − expected) × unit price, in the currency' })),
  estimatedImpactUsd: Nullable(Type.String({ description: "The estimated financial impact in USD at the operator's exchange rate in force on the usage day; null without a price or a rate" })),
  exchangeRate: Nullable(
    Type.Object({
      currency: Type.String(),
      rate: Type.String({ description: 'Units of the currency per 1 USD' }),
      effectiveDate: Type.String({ description: 'The day the rate took effect (the latest on or before the usage day)' }),
    }),
  ),
  status: AnomalyStatusSchema,
  detectedAt: Type.String(),
  actionExpiresAt: Type.String(),
  decision: Nullable(
    Type.Object({
      decision: Type.Union([Type.Literal('anomaly'), Type.Literal('notAnomaly')]),
      decidedAt: Type.String(),
      decidedBy: Type.Object({ kind: Type.Union([Type.Literal('user'), Type.Literal('app')]), id: Type.String() }),
      correctedQuantity: Nullable(Type.Number()),
      reason: Nullable(Type.String()),
      adjustment: Nullable(Type.Object({ adjustmentId: Type.String(), quantityDelta: Type.Number(), createdAt: Type.String() })),
    }),
  ),
  model: Type.Object({}, { additionalProperties: true, description: "The model's parameters and details for this flag (ADR 0014)" }),
});
