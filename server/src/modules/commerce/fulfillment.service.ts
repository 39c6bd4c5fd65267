import type { Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import type { OperationRow, SubscriptionRow } from './commerce.tables.js';
import type { CommerceEnv, OperationJson, SubscriptionJson } from './commerce.types.js';
import { activate, applyChange, reinstate, schedule } from './lifecycle.js';
import { basePrice, offerVersion, type PlanInfo } from './offer-version.js';
import { changeInFlight, findOperation, newerOperation, pendingOperations, updateOperation } from './operation.store.js';
import { planJson, plansForTenant } from './plan-availability.js';
import { newOperation } from './lifecycle.js';
import { findSubscription, subscriptionsPage } from './subscription.store.js';
import { operationJson, subscriptionJson } from './views.js';

/**
 * The SaaS Fulfillment API v2 use cases (08 §3.5-3.6, §4.2), for the publisher account of the calling app. Another
 * publisher's subscription does not exist for the caller (404).
 */

export const PAGE_SIZE = 100;

async function own(x: Executor, accountId: string, subscriptionId: string, forUpdate = false): Promise<Result<SubscriptionRow>> {
  const sub = await findSubscription(x, subscriptionId, forUpdate);
  if (!sub || sub.account_id !== accountId) return fail('NotFound', `No subscription "${subscriptionId}".`, { target: 'subscriptionId' });
  return ok(sub);
}

export async function resolve(x: Executor, env: CommerceEnv, accountId: string, token: string | undefined) {
  if (!token) return fail('BadArgument', 'The x-ms-marketplace-token header is required.', { target: 'x-ms-marketplace-token' });
  const read = await env.tokens.read(x, token);
  if (!read.ok) return read;
  const sub = await findSubscription(x, read.value.subscriptionId);
  // A token of another publisher's purchase is as good as no token to this caller.
  if (!sub || sub.account_id !== accountId || read.value.accountId !== accountId) return fail('BadArgument', 'The marketplace token is not for a purchase of this publisher.', { target: 'x-ms-marketplace-token' });
  const s = subscriptionJson(sub);
  return ok({ id: s.id, subscriptionName: s.name, offerId: s.offerId, planId: s.planId, ...(s.quantity !== undefined ? { quantity: s.quantity } : {}), subscription: s });
}

const asQuantity = (v: unknown): number | null | 'invalid' => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : 'invalid';
};

/** Activate (08 §3.5 row 2): echoes the purchased plan and quantity; starts billing once. */
export async function activateSubscription(tx: Tx, env: CommerceEnv, accountId: string, subscriptionId: string, body: { planId?: unknown; quantity?: unknown }): Promise<Result<null>> {
  const found = await own(tx, accountId, subscriptionId, true);
  if (!found.ok) return found;
  const sub = found.value;
  if (sub.status === 'Unsubscribed') return fail('NotFound', 'The subscription is Unsubscribed.', { target: 'subscriptionId' });
  if (typeof body.planId !== 'string' || !body.planId) return fail('BadArgument', 'The planId is required.', { target: 'planId' });
  if (body.planId !== sub.plan_id) return fail('BadArgument', `The planId "${body.planId}" is not the purchased plan "${sub.plan_id}".`, { target: 'planId' });
  const quantity = asQuantity(body.quantity);
  if (quantity === 'invalid' || (quantity !== null && quantity !== sub.quantity) || (quantity === null && sub.quantity !== null && body.quantity !== undefined && body.quantity !== ''))
    return fail('BadArgument', `The quantity does not match the purchased quantity${sub.quantity === null ? ' (this plan is not priced per user: send none)' : ` ${sub.quantity}`}.`, { target: 'quantity' });
  if (sub.status !== 'PendingFulfillmentStart') return fail('BadArgument', `The subscription is already ${sub.status}; only a subscription pending fulfillment start can be activated.`, { target: 'subscriptionId' });
  await activate(tx, env, sub);
  return ok(null);
}

/** One page of the publisher's subscriptions; the continuation token is the last (created, id) seen, opaque. */
export async function listSubscriptions(x: Executor, env: CommerceEnv, accountId: string, continuationToken: string | undefined): Promise<Result<{ subscriptions: SubscriptionJson[]; '@nextLink'?: string }>> {
  let after: { created: Date; id: string } | undefined;
  if (continuationToken) {
    try {
      const [created, id] = JSON.parse(Buffer.from(continuationToken, 'base64url').toString('utf8')) as [string, string];
      if (typeof created !== 'string' || !isGuid(id) || Number.isNaN(Date.parse(created))) throw new Error('bad');
      after = { created: new Date(created), id };
    } catch {
      return fail('BadArgument', 'The continuationToken is not one this API issued.', { target: 'continuationToken' });
    }
  }
  const rows = await subscriptionsPage(x, accountId, after, PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  if (rows.length <= PAGE_SIZE || !last) return ok({ subscriptions: page.map(subscriptionJson) });
  const token = Buffer.from(JSON.stringify([last.created_at.toISOString(), last.subscription_id])).toString('base64url');
  return ok({ subscriptions: page.map(subscriptionJson), '@nextLink': `${env.publicUrl}/api/saas/subscriptions/?continuationToken=${encodeURIComponent(token)}&api-version=2018-08-31` });
}

export async function getSubscription(x: Executor, accountId: string, subscriptionId: string): Promise<Result<SubscriptionJson>> {
  const found = await own(x, accountId, subscriptionId);
  return found.ok ? ok(subscriptionJson(found.value)) : found;
}

/** The plans the subscription's customer can have, the current one included (08 §3.5 row 5). */
export async function availablePlans(x: Executor, env: CommerceEnv, sub: SubscriptionRow): Promise<PlanInfo[]> {
  const offer = await offerVersion(x, env.catalog, sub.offer_uid);
  if (!offer) return [];
  const plans = await plansForTenant(x, env.catalog, offer, sub.beneficiary_tenant_id, sub.market);
  const current = offer.plans.find((p) => p.planId === sub.plan_id);
  return current && !plans.includes(current) ? [current, ...plans] : plans;
}

export async function listAvailablePlans(x: Executor, env: CommerceEnv, accountId: string, subscriptionId: string, planId: string | undefined) {
  const found = await own(x, accountId, subscriptionId);
  if (!found.ok) return found;
  const plans = (await availablePlans(x, env, found.value)).filter((p) => !planId || p.planId === planId);
  return ok({ plans: plans.map((p) => planJson(p, found.value.market)) });
}

export interface ChangeRequest {
  planId?: unknown;
  quantity?: unknown;
}

/**
 * Checks a change of plan or quantity against the rules (08 §4.2 #4-6) and returns what the change is. Shared by the
 * publisher's PATCH and the customer's change in the storefront.
 */
export async function checkChange(x: Executor, env: CommerceEnv, sub: SubscriptionRow, body: ChangeRequest): Promise<Result<{ action: 'ChangePlan' | 'ChangeQuantity'; planId: string; quantity: number | null; unitPrice: string }>> {
  const hasPlan = body.planId !== undefined && body.planId !== null;
  const hasQuantity = body.quantity !== undefined && body.quantity !== null;
  if (hasPlan && hasQuantity) return fail('BadArgument', 'Change the plan or the quantity, not both in one request.', { target: 'request' });
  if (!hasPlan && !hasQuantity) return fail('BadArgument', 'Send a planId or a quantity.', { target: 'request' });
  if (sub.status !== 'Subscribed') return fail('BadArgument', `Only a Subscribed subscription can change; this one is ${sub.status}.`, { target: 'subscriptionId' });
  const plans = await availablePlans(x, env, sub);
  const current = plans.find((p) => p.planId === sub.plan_id);
  if (hasPlan) {
    if (typeof body.planId !== 'string' || !body.planId) return fail('BadArgument', 'The planId must be a plan id.', { target: 'planId' });
    if (body.planId === sub.plan_id) return fail('BadArgument', `The subscription is already on plan "${sub.plan_id}".`, { target: 'planId' });
    const target = plans.find((p) => p.planId === body.planId && p.state !== 'stopped');
    if (!target) return fail('BadArgument', `The plan "${body.planId}" does not exist or is not available to this customer.`, { target: 'planId' });
    const price = basePrice(target, sub.market, sub.term_unit);
    if (!target.terms.some((t) => t.term === sub.term_unit) || !price) return fail('BadArgument', `The plan "${body.planId}" is not sold with the subscription's ${sub.term_unit} billing term in ${sub.market}.`, { target: 'planId' });
    if (sub.quantity !== null && ((target.minQuantity ?? 1) > sub.quantity || (target.maxQuantity !== undefined && sub.quantity > target.maxQuantity)))
      return fail('BadArgument', `The plan "${body.planId}" is for ${target.minQuantity ?? 1} to ${target.maxQuantity ?? 'any number of'} users; the subscription has ${sub.quantity}.`, { target: 'planId' });
    return ok({ action: 'ChangePlan', planId: target.planId, quantity: sub.quantity, unitPrice: price.amount });
  }
  const quantity = asQuantity(body.quantity);
  if (quantity === null || quantity === 'invalid') return fail('BadArgument', 'The quantity must be a whole number of users above 0.', { target: 'quantity' });
  if (sub.quantity === null) return fail('BadArgument', 'The subscription\'s plan is not priced per user: it has no quantity.', { target: 'quantity' });
  if (quantity === sub.quantity) return fail('BadArgument', `The subscription already has ${quantity} users.`, { target: 'quantity' });
  const min = current?.minQuantity ?? 1;
  const max = current?.maxQuantity;
  if (quantity < min || (max !== undefined && quantity > max))
    return fail('BadArgument', `The plan "${sub.plan_id}" is for ${min} to ${max ?? 'any number of'} users${max !== undefined && quantity > max ? '; change the plan first' : ''}.`, { target: 'quantity' });
  return ok({ action: 'ChangeQuantity', planId: sub.plan_id, quantity, unitPrice: sub.unit_price });
}

export interface Accepted {
  operationId: string;
  subscriptionId: string;
}

/** The publisher changes plan or quantity (08 §2.1 publisher-initiated): 202; the marketplace applies it, then notifies. */
export async function changeByPublisher(tx: Tx, env: CommerceEnv, accountId: string, subscriptionId: string, body: ChangeRequest): Promise<Result<Accepted>> {
  const found = await own(tx, accountId, subscriptionId, true);
  if (!found.ok) return found;
  const sub = found.value;
  if (!sub.allowed_customer_operations.includes('Update')) return fail('BadArgument', 'This subscription does not allow Update (a CSP purchase is changed by its partner).', { target: 'subscriptionId' });
  const busy = await changeInFlight(tx, sub.subscription_id);
  // 400, the status the API declares for a change it refuses (08 §3.5 rows 6-8), with the operation to wait for.
  if (busy) return fail('BadArgument', `Operation ${busy.operation_id} (${busy.action}) is still in progress on this subscription; wait for it to complete.`, { target: 'subscriptionId' });
  const checked = await checkChange(tx, env, sub, body);
  if (!checked.ok) return checked;
  const op = await newOperation(tx, env, sub, { action: checked.value.action, source: 'Publisher', status: 'InProgress', planId: checked.value.planId, quantity: checked.value.quantity });
  await schedule(tx, env, { kind: 'apply', subscriptionId: sub.subscription_id, operationId: op.operation_id }, env.clock.now());
  return ok({ operationId: op.operation_id, subscriptionId: sub.subscription_id });
}

/** The publisher cancels (08 §3.5 row 8): 202; the marketplace unsubscribes, then notifies. */
export async function deleteByPublisher(tx: Tx, env: CommerceEnv, accountId: string, subscriptionId: string): Promise<Result<Accepted>> {
  const found = await own(tx, accountId, subscriptionId, true);
  if (!found.ok) return found;
  const sub = found.value;
  if (sub.status === 'Unsubscribed') return fail('NotFound', 'The subscription is already Unsubscribed.', { target: 'subscriptionId' });
  if (!sub.allowed_customer_operations.includes('Delete')) return fail('BadArgument', 'This subscription does not allow Delete (a CSP purchase is canceled by its partner).', { target: 'subscriptionId' });
  const busy = await changeInFlight(tx, sub.subscription_id);
  // 400, the status the API declares for a change it refuses (08 §3.5 rows 6-8), with the operation to wait for.
  if (busy) return fail('BadArgument', `Operation ${busy.operation_id} (${busy.action}) is still in progress on this subscription; wait for it to complete.`, { target: 'subscriptionId' });
  const op = await newOperation(tx, env, sub, { action: 'Unsubscribe', source: 'Publisher', status: 'InProgress' });
  await schedule(tx, env, { kind: 'apply', subscriptionId: sub.subscription_id, operationId: op.operation_id }, env.clock.now());
  return ok({ operationId: op.operation_id, subscriptionId: sub.subscription_id });
}

export async function listOperations(x: Executor, accountId: string, subscriptionId: string): Promise<Result<{ operations: OperationJson[] }>> {
  const found = await own(x, accountId, subscriptionId);
  if (!found.ok) return found;
  return ok({ operations: (await pendingOperations(x, found.value.subscription_id)).map((op) => operationJson(op, found.value)) });
}

export async function getOperation(x: Executor, accountId: string, subscriptionId: string, operationId: string): Promise<Result<OperationJson>> {
  const found = await own(x, accountId, subscriptionId);
  if (!found.ok) return found;
  const op = await findOperation(x, found.value.subscription_id, operationId);
  if (!op) return fail('NotFound', `No operation "${operationId}" on this subscription.`, { target: 'operationId' });
  return ok(operationJson(op, found.value));
}

/**
 * The publisher's result for an operation (08 §3.6 PATCH): Success applies a marketplace-initiated change or
 * reinstatement, Failure keeps the old state; an operation a newer update superseded, or one already completed
 * differently, is a 409.
 */
export async function patchOperation(tx: Tx, env: CommerceEnv, accountId: string, subscriptionId: string, operationId: string, body: { status?: unknown }): Promise<Result<null>> {
  const found = await own(tx, accountId, subscriptionId, true);
  if (!found.ok) return found;
  const sub = found.value;
  const op = await findOperation(tx, sub.subscription_id, operationId, true);
  if (!op) return fail('NotFound', `No operation "${operationId}" on this subscription.`, { target: 'operationId' });
  const status = body.status;
  if (status !== 'Success' && status !== 'Failure') return fail('BadArgument', 'The status is "Success" or "Failure".', { target: 'status' });
  const now = env.clock.now();
  const patched = { patched_at: now, patched_status: status };
  if (op.status === 'InProgress' && op.source === 'Marketplace') {
    if (await newerOperation(tx, sub.subscription_id, op.created_at)) return conflict(op, 'A newer update of this subscription has superseded this operation.');
    await updateOperation(tx, op.operation_id, patched);
    if (status === 'Failure') {
      await updateOperation(tx, op.operation_id, { status: 'Failed', completed_at: now, error_status_code: '', error_message: 'The publisher reported a failure.' });
      return ok(null);
    }
    if (op.action === 'Reinstate') await reinstate(tx, env, sub, op);
    else if (op.action === 'ChangePlan' || op.action === 'ChangeQuantity') {
      const unitPrice = op.action === 'ChangePlan' ? (await planPrice(tx, env, sub, op.plan_id)) ?? sub.unit_price : sub.unit_price;
      await applyChange(tx, env, sub, op, unitPrice);
    } else await updateOperation(tx, op.operation_id, { status: 'Succeeded', completed_at: now });
    return ok(null);
  }
  if (op.status === 'InProgress' || op.status === 'NotStarted') return conflict(op, 'The marketplace has not completed this operation yet; poll it until it has.');
  // Completed: an acknowledgement that agrees is fine; one that contradicts the outcome is a conflict.
  if ((op.status === 'Succeeded') !== (status === 'Success')) return conflict(op, `The operation already completed as ${op.status}.`);
  await updateOperation(tx, op.operation_id, patched);
  return ok(null);
}

const conflict = (op: OperationRow, message: string) => fail('Conflict', message, { target: op.operation_id });

async function planPrice(x: Executor, env: CommerceEnv, sub: SubscriptionRow, planId: string): Promise<string | undefined> {
  const offer = await offerVersion(x, env.catalog, sub.offer_uid);
  const plan = offer?.plans.find((p) => p.planId === planId);
  return plan ? basePrice(plan, sub.market, sub.term_unit)?.amount : undefined;
}
