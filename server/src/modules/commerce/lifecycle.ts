import type { Executor } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import { Dec, money, roundMoney } from '../../platform/money.js';
import { enqueue } from '../../platform/outbox/index.js';
import { insertCharge } from './charge.store.js';
import type { OperationAction, OperationRow, OperationSource, OperationStatus, SubscriptionRow } from './commerce.tables.js';
import type { CommerceEnv } from './commerce.types.js';
import { insertOperation, pendingOperations, updateOperation } from './operation.store.js';
import { updateSubscription } from './subscription.store.js';
import { SUSPENSION_GRACE_MS, prorationFactor, refundWindowMs, renewalAt, termFrom } from './term.js';
import { notify } from './webhook.service.js';
import { chargesOf } from './charge.store.js';

/**
 * The subscription life cycle (08 §2.1) as transitions inside the caller's transaction, on a subscription row the
 * caller has locked. Each transition records its operation, sends its webhook, and schedules what follows on the
 * business clock (renewal at term end, the end of a free trial, the end of the suspension grace period).
 */

export const LIFECYCLE_TOPIC = 'commerce.lifecycle';

export type LifecycleJob =
  | { kind: 'renew'; subscriptionId: string; termEnd: string }
  | { kind: 'trial-end'; subscriptionId: string; trialEnd: string }
  | { kind: 'grace'; subscriptionId: string; suspendedAt: string }
  | { kind: 'apply'; subscriptionId: string; operationId: string }
  | { kind: 'ack-timeout'; subscriptionId: string; operationId: string };

export async function schedule(x: Executor, env: CommerceEnv, job: LifecycleJob, runAt: Date): Promise<void> {
  await enqueue(x, env.clock.now(), { topic: LIFECYCLE_TOPIC, payload: job, runAt });
  env.runner?.wake();
}

/** Writes the subscription's changed fields and keeps `row` in step with them. */
async function change(x: Executor, env: CommerceEnv, row: SubscriptionRow, changes: Partial<SubscriptionRow>): Promise<SubscriptionRow> {
  const next = { ...changes, last_modified: env.clock.now() };
  await updateSubscription(x, row.subscription_id, next);
  return Object.assign(row, next);
}

export async function newOperation(
  x: Executor,
  env: CommerceEnv,
  sub: SubscriptionRow,
  input: { action: OperationAction; source: OperationSource; status: OperationStatus; planId?: string; quantity?: number | null },
): Promise<OperationRow> {
  const now = env.clock.now();
  const done = input.status === 'Succeeded' || input.status === 'Failed' || input.status === 'Conflict';
  const row: OperationRow = {
    operation_id: newGuid(),
    subscription_id: sub.subscription_id,
    activity_id: newGuid(),
    action: input.action,
    status: input.status,
    source: input.source,
    plan_id: input.planId ?? sub.plan_id,
    quantity: input.quantity === undefined ? sub.quantity : input.quantity,
    previous_plan_id: sub.plan_id,
    previous_quantity: sub.quantity,
    error_status_code: '',
    error_message: '',
    created_at: now,
    completed_at: done ? now : null,
    patched_at: null,
    patched_status: null,
  };
  await insertOperation(x, row);
  return row;
}

/**
 * Records a term's charge (once: a second attempt for the same term writes nothing). Billing invoices it and collects
 * the payment; a failed payment suspends the subscription through `suspendForPayment` (ADR 0017).
 */
async function chargeTerm(x: Executor, env: CommerceEnv, sub: SubscriptionRow, term: { start: Date; end: Date }): Promise<void> {
  await insertCharge(x, {
    charge_id: newGuid(),
    subscription_id: sub.subscription_id,
    kind: 'charge',
    term_start: term.start,
    term_end: term.end,
    plan_id: sub.plan_id,
    quantity: sub.quantity,
    amount: termAmount(sub.unit_price, sub.quantity).toFixed(6),
    currency: sub.currency,
    created_at: env.clock.now(),
    operation_id: null,
  });
}

/** What a term costs: the plan's price, per seat for per-user plans. */
const termAmount = (unitPrice: string, quantity: number | null): Dec => new Dec(unitPrice).times(quantity ?? 1);

/** Activation (08 §2.1, §4.2 #3): the subscription is Subscribed and billing starts today, or its free trial does. */
export async function activate(x: Executor, env: CommerceEnv, sub: SubscriptionRow): Promise<SubscriptionRow> {
  const now = env.clock.now();
  if (sub.is_free_trial) {
    const trial = termFrom(now, 'P1M');
    const trialEnd = renewalAt(trial.end);
    await change(x, env, sub, { status: 'Subscribed', activated_at: now, term_start: trial.start, term_end: trial.end, trial_end: trialEnd });
    await schedule(x, env, { kind: 'trial-end', subscriptionId: sub.subscription_id, trialEnd: trialEnd.toISOString() }, trialEnd);
    return sub;
  }
  const term = termFrom(now, sub.term_unit);
  await change(x, env, sub, { status: 'Subscribed', activated_at: now, term_start: term.start, term_end: term.end });
  await chargeTerm(x, env, sub, term);
  await schedule(x, env, { kind: 'renew', subscriptionId: sub.subscription_id, termEnd: term.end.toISOString() }, renewalAt(term.end));
  return sub;
}

/** Starts the next paid term on `start`: moves the dates, charges, and schedules its renewal (Renew webhook). */
async function nextTerm(x: Executor, env: CommerceEnv, sub: SubscriptionRow, start: Date, changes: Partial<SubscriptionRow> = {}): Promise<SubscriptionRow> {
  const term = termFrom(start, sub.term_unit);
  await change(x, env, sub, { ...changes, term_start: term.start, term_end: term.end });
  await chargeTerm(x, env, sub, term);
  const op = await newOperation(x, env, sub, { action: 'Renew', source: 'Marketplace', status: 'Succeeded' });
  await notify(x, env, sub, op, 'Success');
  await schedule(x, env, { kind: 'renew', subscriptionId: sub.subscription_id, termEnd: term.end.toISOString() }, renewalAt(term.end));
  return sub;
}

/** Term end (08 §2.1 Renewed): renews an active subscription, or cancels it when auto-renew is off. */
export async function renew(x: Executor, env: CommerceEnv, sub: SubscriptionRow, termEnd: Date): Promise<void> {
  if (sub.status !== 'Subscribed' || sub.is_free_trial || sub.term_end?.getTime() !== termEnd.getTime()) return; // stale
  if (!sub.auto_renew) {
    await unsubscribe(x, env, sub, 'Marketplace');
    return;
  }
  await nextTerm(x, env, sub, renewalAt(termEnd));
}

/** The end of the one-month free trial: it converts to paid on the plan active now (or ends, with auto-renew off). */
export async function endTrial(x: Executor, env: CommerceEnv, sub: SubscriptionRow, trialEnd: Date): Promise<void> {
  if (!sub.is_free_trial || sub.trial_end?.getTime() !== trialEnd.getTime() || sub.status === 'Unsubscribed') return;
  if (!sub.auto_renew) {
    await change(x, env, sub, { is_free_trial: false });
    await unsubscribe(x, env, sub, 'Marketplace');
    return;
  }
  if (sub.status === 'Suspended') {
    await change(x, env, sub, { is_free_trial: false });
    return;
  }
  await nextTerm(x, env, sub, trialEnd, { is_free_trial: false });
}

/** Suspends a Subscribed subscription (a failed payment), sends Suspend, and starts the 30-day grace period. */
export async function suspend(x: Executor, env: CommerceEnv, sub: SubscriptionRow, reason: string): Promise<SubscriptionRow> {
  if (sub.status !== 'Subscribed') return sub;
  const now = env.clock.now();
  await change(x, env, sub, { status: 'Suspended', suspended_at: now, suspend_reason: reason });
  const op = await newOperation(x, env, sub, { action: 'Suspend', source: 'Marketplace', status: 'Succeeded' });
  await notify(x, env, sub, op, 'Success');
  await schedule(x, env, { kind: 'grace', subscriptionId: sub.subscription_id, suspendedAt: now.toISOString() }, new Date(now.getTime() + SUSPENSION_GRACE_MS));
  return sub;
}

/** The grace period ended with the subscription still suspended: it is unsubscribed. */
export async function graceEnded(x: Executor, env: CommerceEnv, sub: SubscriptionRow, suspendedAt: Date): Promise<void> {
  if (sub.status !== 'Suspended' || sub.suspended_at?.getTime() !== suspendedAt.getTime()) return;
  await unsubscribe(x, env, sub, 'Marketplace');
}

/** Payment arrived for a suspended subscription: Reinstate is sent and waits for the publisher's PATCH. */
export async function requestReinstate(x: Executor, env: CommerceEnv, sub: SubscriptionRow): Promise<OperationRow | undefined> {
  if (sub.status !== 'Suspended') return undefined;
  if ((await pendingOperations(x, sub.subscription_id)).some((o) => o.action === 'Reinstate')) return undefined;
  const op = await newOperation(x, env, sub, { action: 'Reinstate', source: 'Marketplace', status: 'InProgress' });
  await notify(x, env, sub, op, 'InProgress');
  return op;
}

/** The publisher confirmed a Reinstate: service resumes, and the current term is charged if it was not. */
export async function reinstate(x: Executor, env: CommerceEnv, sub: SubscriptionRow, op: OperationRow): Promise<void> {
  const now = env.clock.now();
  await updateOperation(x, op.operation_id, { status: 'Succeeded', completed_at: now });
  if (sub.status !== 'Suspended') return;
  await change(x, env, sub, { status: 'Subscribed', suspended_at: null, suspend_reason: null });
  if (sub.is_free_trial || !sub.term_start || !sub.term_end) return;
  const term = { start: sub.term_start, end: sub.term_end };
  await chargeTerm(x, env, sub, term);
  // A term that ended while suspended renews now; otherwise at its end.
  await schedule(x, env, { kind: 'renew', subscriptionId: sub.subscription_id, termEnd: term.end.toISOString() }, new Date(Math.max(now.getTime(), renewalAt(term.end).getTime())));
}

/**
 * Cancels a subscription (terminal; 08 §2.1 Canceled): access ends now, a cancel within the refund window of its
 * activation refunds the term (L25894-25899), operations still waiting fail, and Unsubscribe is sent.
 */
export async function unsubscribe(x: Executor, env: CommerceEnv, sub: SubscriptionRow, source: OperationSource, existing?: OperationRow): Promise<void> {
  if (sub.status === 'Unsubscribed') return;
  const now = env.clock.now();
  if (sub.activated_at && now.getTime() - sub.activated_at.getTime() <= refundWindowMs(sub.term_unit)) {
    // The refund gives back the term's charge and the prorations of changes made in it.
    const charges = await chargesOf(x, sub.subscription_id);
    for (const c of charges)
      if (c.kind === 'charge') {
        const paid = charges.filter((o) => o.term_start.getTime() === c.term_start.getTime() && o.kind !== 'refund').reduce((sum, o) => sum.plus(o.amount), new Dec(0));
        await insertCharge(x, { ...c, charge_id: newGuid(), kind: 'refund', amount: paid.negated().toFixed(6), created_at: now, operation_id: null });
      }
  }
  for (const pending of await pendingOperations(x, sub.subscription_id))
    if (pending.operation_id !== existing?.operation_id) await updateOperation(x, pending.operation_id, { status: 'Failed', completed_at: now, error_message: 'The subscription was canceled.' });
  await change(x, env, sub, { status: 'Unsubscribed', canceled_at: now });
  let op = existing;
  if (op) await updateOperation(x, op.operation_id, { status: 'Succeeded', completed_at: now });
  else op = await newOperation(x, env, sub, { action: 'Unsubscribe', source, status: 'Succeeded' });
  await notify(x, env, sub, op, 'Success');
}

/**
 * Applies a change of plan or quantity to the subscription and completes its operation. A change inside a paid term
 * is prorated by day (ADR 0017): the difference between the new and the old term price for the days left in the term,
 * today included, is charged (an upgrade) or credited (a downgrade).
 */
export async function applyChange(x: Executor, env: CommerceEnv, sub: SubscriptionRow, op: OperationRow, unitPrice: string): Promise<void> {
  const now = env.clock.now();
  const before = termAmount(sub.unit_price, sub.quantity);
  await change(x, env, sub, op.action === 'ChangePlan' ? { plan_id: op.plan_id, quantity: op.quantity, unit_price: unitPrice } : { quantity: op.quantity });
  await prorate(x, env, sub, op, before, now);
  await updateOperation(x, op.operation_id, { status: 'Succeeded', completed_at: now });
  // A publisher-initiated change is notified once the marketplace has applied it (08 §2.1, publisher-initiated #2).
  if (op.source === 'Publisher') await notify(x, env, sub, { ...op, status: 'Succeeded' }, 'Success');
}

async function prorate(x: Executor, env: CommerceEnv, sub: SubscriptionRow, op: OperationRow, before: Dec, now: Date): Promise<void> {
  if (sub.is_free_trial || sub.status !== 'Subscribed' || !sub.term_start || !sub.term_end) return;
  const termStart = sub.term_start;
  const charged = (await chargesOf(x, sub.subscription_id)).filter((c) => c.term_start.getTime() === termStart.getTime());
  if (!charged.some((c) => c.kind === 'charge') || charged.some((c) => c.kind === 'refund')) return;
  const factor = prorationFactor({ start: termStart, end: sub.term_end }, now);
  const amount = roundMoney(money(termAmount(sub.unit_price, sub.quantity).minus(before).times(factor), sub.currency)).amount;
  if (amount.isZero()) return;
  await insertCharge(x, {
    charge_id: newGuid(),
    subscription_id: sub.subscription_id,
    kind: 'proration',
    term_start: termStart,
    term_end: sub.term_end,
    plan_id: sub.plan_id,
    quantity: sub.quantity,
    amount: amount.toFixed(6),
    currency: sub.currency,
    created_at: now,
    operation_id: op.operation_id,
  });
}
