import type { Tx } from '../../platform/db/index.js';
import type { CommerceEnv } from './commerce.types.js';
import { requestReinstate, suspend } from './lifecycle.js';
import { findSubscription, subscriptionsOfPurchaser } from './subscription.store.js';

/**
 * What billing's payment collection does to subscriptions (ADR 0017): a failed payment suspends the subscriptions it
 * was for (Suspend webhook, 30-day grace); a payment that succeeds again offers reinstatement of the customer's
 * subscriptions suspended for payment (Reinstate, confirmed by the publisher's PATCH).
 */

/** Suspends those of the subscriptions that are Subscribed; returns how many it suspended. */
export async function suspendForPayment(tx: Tx, env: CommerceEnv, subscriptionIds: readonly string[]): Promise<number> {
  let suspended = 0;
  for (const id of [...new Set(subscriptionIds)].sort()) {
    const locked = await findSubscription(tx, id, true);
    if (locked?.status === 'Subscribed') {
      await suspend(tx, env, locked, 'payment');
      suspended++;
    }
  }
  return suspended;
}

/** The customer's payments work again: each subscription suspended for payment is offered for reinstatement. */
export async function paymentRecovered(tx: Tx, env: CommerceEnv, tenantId: string): Promise<number> {
  let reinstating = 0;
  for (const sub of await subscriptionsOfPurchaser(tx, tenantId, 'Suspended')) {
    const locked = await findSubscription(tx, sub.subscription_id, true);
    if (locked?.status === 'Suspended' && locked.suspend_reason === 'payment' && (await requestReinstate(tx, env, locked))) reinstating++;
  }
  return reinstating;
}
