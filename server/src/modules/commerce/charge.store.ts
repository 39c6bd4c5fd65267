import type { Executor } from '../../platform/db/index.js';
import { mq, type ChargeRow } from './commerce.tables.js';

/** SQL for term charges and refunds, and customers' payment status. */

/** Records a charge or refund; false when that term already has one of that kind (nothing is written twice). */
export async function insertCharge(x: Executor, row: ChargeRow): Promise<boolean> {
  const r = await mq(x)
    .insertInto('commerce_charge')
    .values(row)
    .onConflict((oc) => oc.columns(['subscription_id', 'term_start', 'kind']).doNothing())
    .returning('charge_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function chargesOf(x: Executor, subscriptionId: string): Promise<ChargeRow[]> {
  const rows = await mq(x).selectFrom('commerce_charge').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').orderBy('kind').execute();
  return rows.map((r) => ({ ...r, amount: String(r.amount) }));
}

export async function paymentFailing(x: Executor, tenantId: string): Promise<boolean> {
  const row = await mq(x).selectFrom('commerce_payment_status').select('failing').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.failing ?? false;
}

export async function setPaymentFailing(x: Executor, tenantId: string, failing: boolean, now: Date): Promise<void> {
  await mq(x)
    .insertInto('commerce_payment_status')
    .values({ tenant_id: tenantId, failing, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ failing, updated_at: now }))
    .execute();
}
