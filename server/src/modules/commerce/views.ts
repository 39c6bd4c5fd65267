import type { OperationRow, SubscriptionRow } from './commerce.tables.js';
import type { OperationJson, SubscriptionJson } from './commerce.types.js';

/**
 * The API's JSON. Choices (ADR 0012): `quantity` is an integer, and absent when the plan is not priced per user (the
 * OpenAPI file types it int32; the reference's examples show strings); term dates are date-times at 00:00 UTC (the
 * OpenAPI file's format) and are present once the subscription has been activated.
 */
export function subscriptionJson(s: SubscriptionRow): SubscriptionJson {
  return {
    id: s.subscription_id,
    publisherId: s.publisher_id,
    offerId: s.offer_id,
    name: s.name,
    saasSubscriptionStatus: s.status,
    beneficiary: s.beneficiary,
    purchaser: s.purchaser,
    planId: s.plan_id,
    ...(s.quantity !== null ? { quantity: s.quantity } : {}),
    term: {
      termUnit: s.term_unit,
      ...(s.term_start && s.term_end ? { startDate: s.term_start.toISOString(), endDate: s.term_end.toISOString() } : {}),
    },
    autoRenew: s.auto_renew,
    isTest: s.is_test,
    isFreeTrial: s.is_free_trial,
    allowedCustomerOperations: s.allowed_customer_operations,
    sandboxType: s.sandbox_type,
    sessionMode: s.session_mode,
    created: s.created_at.toISOString(),
    lastModified: s.last_modified.toISOString(),
  };
}

export function operationJson(op: OperationRow, s: SubscriptionRow): OperationJson {
  return {
    id: op.operation_id,
    activityId: op.activity_id,
    subscriptionId: op.subscription_id,
    offerId: s.offer_id,
    publisherId: s.publisher_id,
    planId: op.plan_id,
    ...(op.quantity !== null ? { quantity: op.quantity } : {}),
    action: op.action,
    timeStamp: op.created_at.toISOString(),
    status: op.status,
    errorStatusCode: op.error_status_code,
    errorMessage: op.error_message,
  };
}

/** The `Operation-Location` of an operation (08 §3.5: the canonical `/operations/{operationId}` form). */
export const operationLocation = (publicUrl: string, subscriptionId: string, operationId: string): string =>
  `${publicUrl}/api/saas/subscriptions/${subscriptionId}/operations/${operationId}?api-version=2018-08-31`;
