import { createHash } from 'node:crypto';
import type { Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import { chargesOf } from './charge.store.js';
import type { AadIdentity, CustomerOperation, SubscriptionRow, TermUnit } from './commerce.tables.js';
import type { CommerceEnv, SubscriptionJson } from './commerce.types.js';
import { checkChange, type ChangeRequest } from './fulfillment.service.js';
import { newOperation, schedule, unsubscribe } from './lifecycle.js';
import { basePrice, offerVersion, type OfferInfo } from './offer-version.js';
import { changeInFlight, operationsOf } from './operation.store.js';
import { plansForTenant } from './plan-availability.js';
import { findSubscription, hadTrial, insertOrder, insertSubscription, subscriptionsOfTenant, updateSubscription } from './subscription.store.js';
import { CHANGE_PLAN_ACK_MS, refundWindowMs } from './term.js';
import { subscriptionJson } from './views.js';
import { notify } from './webhook.service.js';

/**
 * The customer's side of commerce: buying a SaaS plan (an order and a subscription pending fulfillment start, in one
 * transaction), "Configure account now" / "Manage account" (a fresh purchase token to the landing page), and managing
 * subscriptions from the storefront: change plan or quantity (marketplace-initiated: the publisher acknowledges),
 * cancel, auto-renew.
 */

export interface CustomerIdentity {
  tenantId: string;
  userId: string | null;
  email: string;
}

export interface PurchaseInput {
  accountId: string;
  offerId: string;
  planId: string;
  termUnit: TermUnit;
  quantity?: number | undefined;
  market?: string | undefined;
  name?: string | undefined;
  acceptTerms: boolean;
  purchaser: CustomerIdentity;
  /** A CSP purchase: the partner (purchaser) buys for a customer (beneficiary), who may only read it. */
  beneficiary?: CustomerIdentity | undefined;
}

export interface PurchaseResult {
  orderId: string;
  subscriptionId: string;
  status: string;
  purchaseToken: string;
  landingUrl: string;
  subscription: SubscriptionJson;
}

/** A stable passport-style id for an identity (the API's `puid`), derived from its object id. */
const puidOf = (objectId: string): string => createHash('sha256').update(objectId).digest('hex').slice(0, 16).toUpperCase();

const identity = (c: CustomerIdentity): AadIdentity => {
  const objectId = c.userId ?? newGuid();
  return { emailId: c.email, objectId, tenantId: c.tenantId, puid: puidOf(objectId) };
};

export const landingUrlFor = (landingPageUrl: string, token: string): string => `${landingPageUrl}${landingPageUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

/** The version a customer buys from: the live one, or the preview for the preview audience (a test purchase). */
async function purchasableVersion(x: Executor, env: CommerceEnv, offerUid: string, email: string): Promise<{ offer: OfferInfo; isTest: boolean } | undefined> {
  const live = await offerVersion(x, env.catalog, offerUid, 'live');
  const preview = await offerVersion(x, env.catalog, offerUid, 'preview');
  if (preview && preview.previewAudience.includes(email.toLowerCase())) return { offer: preview, isTest: true };
  return live ? { offer: live, isTest: false } : undefined;
}

export async function purchase(tx: Tx, env: CommerceEnv, input: PurchaseInput): Promise<Result<PurchaseResult>> {
  const now = env.clock.now();
  if (input.acceptTerms !== true) return fail('ValidationFailed', 'Accept the terms of the offer to buy it.', { target: 'acceptTerms' });
  const found = await env.catalog.offerForPublishing(tx, input.accountId, input.offerId);
  if (!found.ok) return fail('NotFound', `No offer "${input.offerId}" of this publisher.`, { target: 'offerId' });
  const beneficiary = input.beneficiary ?? input.purchaser;
  const version = await purchasableVersion(tx, env, found.value.offerUid, beneficiary.email);
  if (!version) return fail('NotFound', 'The offer is not available in the marketplace.', { target: 'offerId' });
  const { offer, isTest } = version;
  if (!offer.transactable || !offer.landingPageUrl) return fail('Conflict', 'This offer is not sold through the marketplace: contact its publisher.', { target: 'offerId' });
  const market = (input.market ?? 'US').toUpperCase();
  const plans = await plansForTenant(tx, env.catalog, offer, beneficiary.tenantId, market);
  const plan = plans.find((p) => p.planId === input.planId);
  if (!plan) return fail('ValidationFailed', `The plan "${input.planId}" is not available to this customer in ${market}.`, { target: 'planId' });
  const term = plan.terms.find((t) => t.term === input.termUnit);
  const price = basePrice(plan, market, input.termUnit);
  if (!term || !price) return fail('ValidationFailed', `The plan "${plan.planId}" is not sold with a ${input.termUnit} billing term in ${market}.`, { target: 'termUnit' });
  let quantity: number | null = null;
  if (plan.model === 'perUser') {
    const min = plan.minQuantity ?? 1;
    const max = plan.maxQuantity;
    if (input.quantity === undefined) return fail('ValidationFailed', `The plan is priced per user: choose the number of users (${min} to ${max ?? 'any number'}).`, { target: 'quantity' });
    if (!Number.isSafeInteger(input.quantity) || input.quantity < min || (max !== undefined && input.quantity > max))
      return fail('ValidationFailed', `The plan is for ${min} to ${max ?? 'any number of'} users.`, { target: 'quantity' });
    quantity = input.quantity;
  } else if (input.quantity !== undefined) return fail('ValidationFailed', 'The plan is a flat rate: it has no number of users.', { target: 'quantity' });
  const name = (input.name ?? `${offer.name} ${plan.name}`).trim().slice(0, 100);
  if (!name) return fail('ValidationFailed', 'The subscription needs a name.', { target: 'name' });
  const trial = plan.freeTrial && !(await hadTrial(tx, beneficiary.tenantId, offer.offerUid));
  const csp = input.beneficiary !== undefined && input.beneficiary.tenantId !== input.purchaser.tenantId;
  const account = await env.accounts.getAccount(tx, offer.accountId);
  if (!account.ok) return fail('NotFound', 'The publisher of this offer is gone.', { target: 'offerId' });

  const orderId = newGuid();
  await insertOrder(tx, {
    order_id: orderId,
    purchaser_tenant_id: input.purchaser.tenantId,
    purchaser_user_id: input.purchaser.userId,
    offer_uid: offer.offerUid,
    plan_id: plan.planId,
    term_unit: input.termUnit,
    quantity,
    market,
    currency: price.currency,
    terms_accepted_at: now,
    created_at: now,
  });
  const row: SubscriptionRow = {
    subscription_id: newGuid(),
    order_id: orderId,
    account_id: offer.accountId,
    publisher_id: account.value.publisherId,
    offer_uid: offer.offerUid,
    offer_id: offer.offerId,
    plan_id: plan.planId,
    name,
    quantity,
    status: 'PendingFulfillmentStart',
    term_unit: input.termUnit,
    payment_option: term.paymentOption ?? 'upfront',
    term_start: null,
    term_end: null,
    auto_renew: true,
    is_free_trial: trial,
    trial_end: null,
    is_test: isTest,
    sandbox_type: 'None',
    session_mode: 'None',
    channel: csp ? 'Csp' : 'Direct',
    allowed_customer_operations: (csp ? ['Read'] : ['Delete', 'Update', 'Read']) as CustomerOperation[],
    market,
    currency: price.currency,
    unit_price: price.amount,
    beneficiary: identity(beneficiary),
    purchaser: identity(input.purchaser),
    beneficiary_tenant_id: beneficiary.tenantId,
    purchaser_tenant_id: input.purchaser.tenantId,
    activated_at: null,
    suspended_at: null,
    suspend_reason: null,
    canceled_at: null,
    created_at: now,
    last_modified: now,
  };
  await insertSubscription(tx, row);
  const token = await env.tokens.issue(tx, row.subscription_id, row.account_id);
  return ok({ orderId, subscriptionId: row.subscription_id, status: row.status, purchaseToken: token, landingUrl: landingUrlFor(offer.landingPageUrl, token), subscription: subscriptionJson(row) });
}

/** A customer's view of one of their subscriptions. */
export interface CustomerSubscriptionView extends SubscriptionJson {
  offerName: string;
  planName: string;
  role: 'purchaser' | 'beneficiary';
  canManage: boolean;
  unitPrice: string;
  currency: string;
  market: string;
  channel: string;
  charges: { kind: string; termStart: string; termEnd: string; planId: string; quantity: number | null; amount: string; currency: string; createdAt: string }[];
}

async function customerView(x: Executor, env: CommerceEnv, sub: SubscriptionRow, tenantId: string, withCharges: boolean): Promise<CustomerSubscriptionView> {
  const offer = await offerVersion(x, env.catalog, sub.offer_uid, sub.is_test ? 'preview' : 'live') ?? (await offerVersion(x, env.catalog, sub.offer_uid, 'live'));
  const role = sub.purchaser_tenant_id === tenantId ? 'purchaser' : 'beneficiary';
  return {
    ...subscriptionJson(sub),
    offerName: offer?.name ?? sub.offer_id,
    planName: offer?.plans.find((p) => p.planId === sub.plan_id)?.name ?? sub.plan_id,
    role,
    canManage: role === 'purchaser' && sub.status !== 'Unsubscribed',
    unitPrice: sub.unit_price,
    currency: sub.currency,
    market: sub.market,
    channel: sub.channel,
    charges: withCharges
      ? (await chargesOf(x, sub.subscription_id)).map((c) => ({
          kind: c.kind,
          termStart: c.term_start.toISOString(),
          termEnd: c.term_end.toISOString(),
          planId: c.plan_id,
          quantity: c.quantity,
          amount: c.amount,
          currency: c.currency,
          createdAt: c.created_at.toISOString(),
        }))
      : [],
  };
}

export async function mySubscriptions(x: Executor, env: CommerceEnv, tenantId: string): Promise<CustomerSubscriptionView[]> {
  const out: CustomerSubscriptionView[] = [];
  for (const sub of await subscriptionsOfTenant(x, tenantId)) out.push(await customerView(x, env, sub, tenantId, false));
  return out;
}

async function mine(x: Executor, tenantId: string, subscriptionId: string, forUpdate: boolean, manage: boolean): Promise<Result<SubscriptionRow>> {
  const sub = isGuid(subscriptionId) ? await findSubscription(x, subscriptionId, forUpdate) : undefined;
  if (!sub || (sub.purchaser_tenant_id !== tenantId && sub.beneficiary_tenant_id !== tenantId)) return fail('NotFound', 'No such subscription of yours.', { target: 'subscriptionId' });
  if (manage && sub.purchaser_tenant_id !== tenantId) return fail('Forbidden', 'This subscription was bought for you by a partner: they manage it.', { target: 'subscriptionId' });
  return ok(sub);
}

export interface CustomerOperationView {
  id: string;
  action: string;
  status: string;
  planId: string;
  quantity: number | null;
  createdAt: string;
  completedAt: string | null;
}

export async function mySubscription(
  x: Executor,
  env: CommerceEnv,
  tenantId: string,
  subscriptionId: string,
): Promise<
  Result<
    CustomerSubscriptionView & {
      activatedAt: string | null;
      refundableUntil: string | null;
      operations: CustomerOperationView[];
      availablePlans: { planId: string; name: string; isPrivate: boolean; price: string | null; currency: string | null; minQuantity?: number; maxQuantity?: number }[];
    }
  >
> {
  const found = await mine(x, tenantId, subscriptionId, false, false);
  if (!found.ok) return found;
  const sub = found.value;
  const offer = await offerVersion(x, env.catalog, sub.offer_uid, sub.is_test ? 'preview' : 'live');
  const plans = offer ? await plansForTenant(x, env.catalog, offer, sub.beneficiary_tenant_id, sub.market) : [];
  const refundable = sub.activated_at && !sub.is_free_trial && sub.status !== 'Unsubscribed' ? new Date(sub.activated_at.getTime() + refundWindowMs(sub.term_unit)) : null;
  return ok({
    ...(await customerView(x, env, sub, tenantId, true)),
    activatedAt: sub.activated_at?.toISOString() ?? null,
    // Cancel before this and the current term is refunded (L25894-25899).
    refundableUntil: refundable && refundable.getTime() > env.clock.now().getTime() ? refundable.toISOString() : null,
    // The latest operations, newest first: a change the customer asked for shows here as Succeeded or Failed.
    operations: (await operationsOf(x, sub.subscription_id)).slice(0, 10).map((o) => ({
      id: o.operation_id,
      action: o.action,
      status: o.status,
      planId: o.plan_id,
      quantity: o.quantity,
      createdAt: o.created_at.toISOString(),
      completedAt: o.completed_at?.toISOString() ?? null,
    })),
    availablePlans: plans.map((p) => {
      const price = basePrice(p, sub.market, sub.term_unit);
      return {
        planId: p.planId,
        name: p.name,
        isPrivate: p.isPrivate,
        price: price?.amount ?? null,
        currency: price?.currency ?? null,
        ...(p.minQuantity !== undefined ? { minQuantity: p.minQuantity } : {}),
        ...(p.maxQuantity !== undefined ? { maxQuantity: p.maxQuantity } : {}),
      };
    }),
  });
}

/** "Configure account now" / "Manage account": a new purchase token to the offer's landing page. */
export async function configure(x: Executor, env: CommerceEnv, tenantId: string, subscriptionId: string): Promise<Result<{ landingUrl: string; purchaseToken: string }>> {
  const found = await mine(x, tenantId, subscriptionId, false, false);
  if (!found.ok) return found;
  const sub = found.value;
  const offer = (await offerVersion(x, env.catalog, sub.offer_uid, sub.is_test ? 'preview' : 'live')) ?? (await offerVersion(x, env.catalog, sub.offer_uid, 'live'));
  if (!offer?.landingPageUrl) return fail('Conflict', 'The offer has no landing page now; contact its publisher.', { target: 'subscriptionId' });
  const token = await env.tokens.issue(x, sub.subscription_id, sub.account_id);
  return ok({ landingUrl: landingUrlFor(offer.landingPageUrl, token), purchaseToken: token });
}

/**
 * The customer changes plan or quantity in the storefront (marketplace-initiated, 08 §2.1): the operation waits for
 * the publisher's PATCH after the webhook; Failure keeps the old plan or quantity, and a change of plan with no PATCH
 * within 10 seconds counts as Success.
 */
export async function changeByCustomer(tx: Tx, env: CommerceEnv, tenantId: string, subscriptionId: string, body: ChangeRequest): Promise<Result<{ operationId: string; action: string; status: string }>> {
  const found = await mine(tx, tenantId, subscriptionId, true, true);
  if (!found.ok) return found;
  const sub = found.value;
  const busy = await changeInFlight(tx, sub.subscription_id);
  if (busy) return fail('Conflict', `A change of this subscription (${busy.action}) is still waiting for the publisher; try again when it completes.`, { target: 'subscriptionId' });
  const checked = await checkChange(tx, env, sub, body);
  if (!checked.ok) return fail('ValidationFailed', checked.error.message, { target: checked.error.target ?? 'request' });
  const op = await newOperation(tx, env, sub, { action: checked.value.action, source: 'Marketplace', status: 'InProgress', planId: checked.value.planId, quantity: checked.value.quantity });
  await notify(tx, env, sub, op, 'InProgress');
  if (op.action === 'ChangePlan')
    await schedule(tx, env, { kind: 'ack-timeout', subscriptionId: sub.subscription_id, operationId: op.operation_id }, new Date(env.clock.now().getTime() + CHANGE_PLAN_ACK_MS));
  return ok({ operationId: op.operation_id, action: op.action, status: op.status });
}

/** The customer cancels: Unsubscribed now (refunded inside the refund window), and the publisher is notified. */
export async function cancelByCustomer(tx: Tx, env: CommerceEnv, tenantId: string, subscriptionId: string): Promise<Result<CustomerSubscriptionView>> {
  const found = await mine(tx, tenantId, subscriptionId, true, true);
  if (!found.ok) return found;
  if (found.value.status === 'Unsubscribed') return fail('Conflict', 'The subscription is already canceled.', { target: 'subscriptionId' });
  await unsubscribe(tx, env, found.value, 'Marketplace');
  return ok(await customerView(tx, env, found.value, tenantId, true));
}

export async function setAutoRenew(tx: Tx, env: CommerceEnv, tenantId: string, subscriptionId: string, autoRenew: boolean): Promise<Result<CustomerSubscriptionView>> {
  const found = await mine(tx, tenantId, subscriptionId, true, true);
  if (!found.ok) return found;
  const sub = found.value;
  if (sub.status === 'Unsubscribed') return fail('Conflict', 'The subscription is canceled.', { target: 'subscriptionId' });
  await updateSubscription(tx, sub.subscription_id, { auto_renew: autoRenew, last_modified: env.clock.now() });
  sub.auto_renew = autoRenew;
  return ok(await customerView(tx, env, sub, tenantId, true));
}
