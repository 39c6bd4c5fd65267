import type { Executor } from '../../platform/db/index.js';
import { isGuid } from '../../platform/ids.js';
import { mq, type OperationRow } from './commerce.tables.js';

/** SQL for subscription operations. */

export async function insertOperation(x: Executor, row: OperationRow): Promise<void> {
  await mq(x).insertInto('commerce_operation').values(row).execute();
}

export async function findOperation(x: Executor, subscriptionId: string, operationId: string, forUpdate = false): Promise<OperationRow | undefined> {
  if (!isGuid(operationId)) return undefined;
  let q = mq(x).selectFrom('commerce_operation').selectAll().where('operation_id', '=', operationId.toLowerCase()).where('subscription_id', '=', subscriptionId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateOperation(x: Executor, operationId: string, changes: Partial<OperationRow>): Promise<void> {
  await mq(x).updateTable('commerce_operation').set(changes).where('operation_id', '=', operationId).execute();
}

/** Operations still waiting for the publisher (InProgress), oldest first. */
export async function pendingOperations(x: Executor, subscriptionId: string): Promise<OperationRow[]> {
  return mq(x).selectFrom('commerce_operation').selectAll().where('subscription_id', '=', subscriptionId).where('status', '=', 'InProgress').orderBy('created_at').execute();
}

/** The change or cancel in flight on a subscription, if any. */
export async function changeInFlight(x: Executor, subscriptionId: string): Promise<OperationRow | undefined> {
  return mq(x)
    .selectFrom('commerce_operation')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', ['NotStarted', 'InProgress'])
    .where('action', 'in', ['ChangePlan', 'ChangeQuantity', 'Unsubscribe'])
    .executeTakeFirst();
}

/** The newest operation of a subscription created after `after`, if any (a newer update supersedes an older one). */
export async function newerOperation(x: Executor, subscriptionId: string, after: Date): Promise<OperationRow | undefined> {
  return mq(x).selectFrom('commerce_operation').selectAll().where('subscription_id', '=', subscriptionId).where('created_at', '>', after).orderBy('created_at', 'desc').executeTakeFirst();
}

export async function operationsOf(x: Executor, subscriptionId: string): Promise<OperationRow[]> {
  return mq(x).selectFrom('commerce_operation').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at', 'desc').execute();
}
