import type { Subscription, SubscriptionOperation } from './types.js';

/**
 * A change of plan or quantity the customer asked for and the publisher has not confirmed yet (the PATCH answered 202
 * with an operation). The subscription's detail is polled until it shows the change; kept in sessionStorage so a
 * reload of the page still says "Waiting for the publisher".
 */

export interface PendingChange {
  subscriptionId: string;
  operationId: string;
  action: string;
  planId?: string;
  quantity?: number;
  /** Epoch milliseconds (browser time) when the change was accepted. */
  startedAt: number;
}

/** How often the detail is read again while waiting, and after how long the page stops polling on its own. */
export const POLL_INTERVAL_MS = 2_000;
export const POLL_GIVE_UP_MS = 120_000;

export type ChangeState = 'waiting' | 'applied' | 'declined' | 'ended';

/**
 * Whether the change was applied (its operation succeeded, or the subscription shows it), declined by the publisher
 * (its operation failed), can no longer happen ('ended': canceled), or is still waiting.
 */
export function changeState(
  sub: Pick<Subscription, 'planId' | 'quantity' | 'saasSubscriptionStatus'> & { operations?: readonly Pick<SubscriptionOperation, 'id' | 'status'>[] },
  pending: PendingChange,
): ChangeState {
  const op = sub.operations?.find((o) => o.id === pending.operationId);
  if (op?.status === 'Succeeded') return 'applied';
  if (op && (op.status === 'Failed' || op.status === 'Conflict')) return sub.saasSubscriptionStatus === 'Unsubscribed' ? 'ended' : 'declined';
  if (pending.planId !== undefined && sub.planId === pending.planId) return 'applied';
  if (pending.planId === undefined && pending.quantity !== undefined && sub.quantity === pending.quantity) return 'applied';
  if (sub.saasSubscriptionStatus === 'Unsubscribed') return 'ended';
  return 'waiting';
}

export function describeChange(pending: Pick<PendingChange, 'planId' | 'quantity'>, planName?: (planId: string) => string): string {
  if (pending.planId !== undefined) return `the change to the ${planName?.(pending.planId) ?? pending.planId} plan`;
  if (pending.quantity !== undefined) return `the change to ${pending.quantity} user${pending.quantity === 1 ? '' : 's'}`;
  return 'the change';
}

const key = (subscriptionId: string) => `agora.pendingChange.${subscriptionId}`;

function isPending(value: unknown, subscriptionId: string): value is PendingChange {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.subscriptionId === subscriptionId && typeof v.operationId === 'string' && typeof v.action === 'string' && typeof v.startedAt === 'number';
}

export function loadPending(subscriptionId: string, storage: Pick<Storage, 'getItem'> | undefined = safeSession()): PendingChange | undefined {
  try {
    const raw = storage?.getItem(key(subscriptionId));
    const value: unknown = raw ? JSON.parse(raw) : undefined;
    return isPending(value, subscriptionId) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function savePending(pending: PendingChange, storage: Pick<Storage, 'setItem'> | undefined = safeSession()): void {
  try {
    storage?.setItem(key(pending.subscriptionId), JSON.stringify(pending));
  } catch {
    // No storage (private mode): the wait lasts as long as the page.
  }
}

export function clearPending(subscriptionId: string, storage: Pick<Storage, 'removeItem'> | undefined = safeSession()): void {
  try {
    storage?.removeItem(key(subscriptionId));
  } catch {
    // Nothing stored.
  }
}

function safeSession(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}
