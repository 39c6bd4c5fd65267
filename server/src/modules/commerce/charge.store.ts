import type { Executor } from '../../platform/db/index.js';
import { mq, type ChargeRow } from './commerce.tables.js';

/** SQL for term charges, refunds and prorations. */

/**
 * Records a charge, refund or proration; false when it exists (a term's charge or refund, an operation's proration):
 * nothing is written twice.
 */
export async function insertCharge(x: Executor, row: ChargeRow): Promise<boolean> {
  const r = await mq(x)
    .insertInto('commerce_charge')
    .values(row)
    .onConflict((oc) =>
      row.operation_id
        ? oc.column('operation_id').where('operation_id', 'is not', null).doNothing()
        : oc.columns(['subscription_id', 'term_start', 'kind']).where('kind', 'in', ['charge', 'refund']).doNothing(),
    )
    .returning('charge_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function chargesOf(x: Executor, subscriptionId: string): Promise<ChargeRow[]> {
  const rows = await mq(x).selectFrom('commerce_charge').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').orderBy('kind').execute();
  return rows.map((r) => ({ ...r, amount: String(r.amount) }));
}

