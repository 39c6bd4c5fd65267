import type { Executor } from '../../platform/db/index.js';
import { isGuid } from '../../platform/ids.js';
import { json, mq, parsed, type CommerceTables, type SubscriptionRow } from './commerce.tables.js';

/** SQL for orders and subscriptions. */

const normalize = (r: SubscriptionRow): SubscriptionRow => ({
  ...r,
  beneficiary: parsed(r.beneficiary),
  purchaser: parsed(r.purchaser),
  allowed_customer_operations: parsed(r.allowed_customer_operations),
  unit_price: String(r.unit_price),
});

export async function insertOrder(x: Executor, row: CommerceTables['commerce_order']): Promise<void> {
  await mq(x).insertInto('commerce_order').values(row).execute();
}

export async function insertSubscription(x: Executor, row: SubscriptionRow): Promise<void> {
  await mq(x)
    .insertInto('commerce_subscription')
    .values({ ...row, beneficiary: json(row.beneficiary), purchaser: json(row.purchaser), allowed_customer_operations: json(row.allowed_customer_operations) })
    .execute();
}

/** A subscription by id; `forUpdate` locks it for the rest of the transaction (every state change does). */
export async function findSubscription(x: Executor, subscriptionId: string, forUpdate = false): Promise<SubscriptionRow | undefined> {
  if (!isGuid(subscriptionId)) return undefined;
  let q = mq(x).selectFrom('commerce_subscription').selectAll().where('subscription_id', '=', subscriptionId.toLowerCase());
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && normalize(row);
}

export async function updateSubscription(x: Executor, subscriptionId: string, changes: Partial<SubscriptionRow>): Promise<void> {
  await mq(x).updateTable('commerce_subscription').set(changes).where('subscription_id', '=', subscriptionId).execute();
}

/** One page of a publisher's subscriptions, oldest first, after the (created, id) position `after`. */
export async function subscriptionsPage(x: Executor, accountId: string, after: { created: Date; id: string } | undefined, limit: number): Promise<SubscriptionRow[]> {
  let q = mq(x).selectFrom('commerce_subscription').selectAll().where('account_id', '=', accountId);
  if (after)
    q = q.where((eb) => eb.or([eb('created_at', '>', after.created), eb.and([eb('created_at', '=', after.created), eb('subscription_id', '>', after.id)])]));
  const rows = await q.orderBy('created_at').orderBy('subscription_id').limit(limit).execute();
  return rows.map(normalize);
}

/** A customer's subscriptions: bought by or for their tenant. */
export async function subscriptionsOfTenant(x: Executor, tenantId: string): Promise<SubscriptionRow[]> {
  const rows = await mq(x)
    .selectFrom('commerce_subscription')
    .selectAll()
    .where((eb) => eb.or([eb('purchaser_tenant_id', '=', tenantId), eb('beneficiary_tenant_id', '=', tenantId)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(normalize);
}

/** Whether the tenant has had a free trial of the offer before (a trial is once per customer and offer). */
export async function hadTrial(x: Executor, tenantId: string, offerUid: string): Promise<boolean> {
  const row = await mq(x)
    .selectFrom('commerce_subscription')
    .select('subscription_id')
    .where('beneficiary_tenant_id', '=', tenantId)
    .where('offer_uid', '=', offerUid)
    .where('trial_end', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function subscriptionsOfPurchaser(x: Executor, tenantId: string, status: SubscriptionRow['status']): Promise<SubscriptionRow[]> {
  const rows = await mq(x).selectFrom('commerce_subscription').selectAll().where('purchaser_tenant_id', '=', tenantId).where('status', '=', status).execute();
  return rows.map(normalize);
}

/** A publisher's subscriptions for the portal, newest first (optionally of one offer). */
export async function subscriptionsOfAccount(x: Executor, accountId: string, filter: { offerId?: string | undefined; limit: number }): Promise<SubscriptionRow[]> {
  let q = mq(x).selectFrom('commerce_subscription').selectAll().where('account_id', '=', accountId);
  if (filter.offerId) q = q.where('offer_id', '=', filter.offerId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('subscription_id').limit(filter.limit).execute();
  return rows.map(normalize);
}
