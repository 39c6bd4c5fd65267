/** The commerce API's shapes the customer pages use (the OpenAPI schemas of /api/store/purchases and /api/me/subscriptions). */

export type TermUnit = 'P1M' | 'P1Y';

export type SubscriptionStatus = 'PendingFulfillmentStart' | 'Subscribed' | 'Suspended' | 'Unsubscribed';

export interface AadIdentity {
  emailId: string;
  objectId: string;
  tenantId: string;
  puid: string;
}

/** The SaaS Fulfillment API's subscription, as POST /api/store/purchases answers it. */
export interface Subscription {
  id: string;
  publisherId: string;
  offerId: string;
  name: string;
  /** A SubscriptionStatus; typed as string so a status added later still renders. */
  saasSubscriptionStatus: string;
  beneficiary: AadIdentity;
  purchaser: AadIdentity;
  planId: string;
  /** Per-user plans only. */
  quantity?: number;
  /** The dates are there once the publisher has activated the subscription. */
  term: { termUnit: string; startDate?: string; endDate?: string };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  allowedCustomerOperations: string[];
  sandboxType: string;
  sessionMode: string;
  created: string;
  lastModified: string;
}

export interface Charge {
  /** 'charge' or 'refund' (a refund's amount is negative). */
  kind: string;
  termStart: string;
  termEnd: string;
  planId: string;
  quantity: number | null;
  /** A decimal string, e.g. "990.000000". */
  amount: string;
  currency: string;
  createdAt: string;
}

/** One of my subscriptions (GET /api/me/subscriptions): the list leaves `charges` empty. */
export interface CustomerSubscription extends Subscription {
  offerName: string;
  planName: string;
  role: 'purchaser' | 'beneficiary' | string;
  /** False for a beneficiary of a CSP purchase and for a canceled subscription. */
  canManage: boolean;
  /** Per user for per-user plans; a decimal string. */
  unitPrice: string;
  currency: string;
  market: string;
  channel: string;
  charges: Charge[];
}

export interface AvailablePlan {
  planId: string;
  name: string;
  isPrivate: boolean;
  /** In the subscription's market and billing term; null when the plan is not sold there. */
  price: string | null;
  currency: string | null;
  minQuantity?: number;
  maxQuantity?: number;
}

/** An operation on the subscription (a change the customer asked for, a renewal, a suspension...). */
export interface SubscriptionOperation {
  id: string;
  action: string;
  /** NotStarted, InProgress, Succeeded, Failed or Conflict. */
  status: string;
  planId: string;
  quantity: number | null;
  createdAt: string;
  completedAt: string | null;
}

export interface SubscriptionDetail extends CustomerSubscription {
  activatedAt: string | null;
  /** Cancel before this time and the current term is refunded; null when no refund is due any more. */
  refundableUntil: string | null;
  /** The latest operations, newest first. */
  operations: SubscriptionOperation[];
  availablePlans: AvailablePlan[];
}

export interface PurchaseResult {
  orderId: string;
  subscriptionId: string;
  status: string;
  purchaseToken: string;
  landingUrl: string;
  subscription: Subscription;
}

export interface PurchaseRequest {
  accountId: string;
  offerId: string;
  planId: string;
  termUnit: TermUnit;
  quantity?: number;
  market?: string;
  name?: string;
  acceptTerms: true;
}

/** PATCH /api/me/subscriptions/:id with a plan or a quantity: accepted, the publisher confirms. */
export interface ChangeAccepted {
  operationId: string;
  action: string;
  status: string;
}

export interface ConfigureResult {
  landingUrl: string;
  purchaseToken: string;
}
