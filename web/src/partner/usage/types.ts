/**
 * The usage page's shapes: GET /api/accounts/:accountId/subscriptions (the publisher's SaaS subscriptions) and
 * GET /api/accounts/:accountId/subscriptions/:subscriptionId/usage (schema UsageReport).
 */

export interface AccountSubscription {
  id: string;
  name: string;
  publisherId?: string;
  offerId: string;
  planId: string;
  quantity?: number;
  saasSubscriptionStatus: string;
  term: { termUnit: string; startDate?: string; endDate?: string };
  beneficiary: { emailId?: string; tenantId?: string; objectId?: string };
  purchaser?: { emailId?: string; tenantId?: string };
  isTest?: boolean;
  isFreeTrial?: boolean;
  created: string;
}

export type Included = number | 'unlimited';

export interface UsageDimension {
  id: string;
  displayName: string;
  unitOfMeasure: string;
  /** Included per term: monthly (P1M) and annual (P1Y). */
  included: { P1M?: Included; P1Y?: Included };
  /** In the subscription's currency; null when the plan has no price for it. */
  pricePerUnit: string | null;
}

/** Accepted usage of one dimension on one day (UTC). */
export interface UsageDay {
  date: string;
  dimension: string;
  quantity: number;
  events: number;
}

export interface UsageChargeLine {
  dimension: string;
  quantity: string;
  pricePerUnit: string | null;
  amount: string;
}

/** A monthly billing cycle's usage charges: quantity × price = amount, per dimension. */
export interface UsageCycle {
  start: string;
  /** The cycle's last day. */
  end: string;
  lines: UsageChargeLine[];
  total: string;
}

export interface SubscriptionUsage {
  subscriptionId: string;
  offerId: string;
  planId: string;
  currency: string;
  dimensions: UsageDimension[];
  days: UsageDay[];
  cycles: UsageCycle[];
}
