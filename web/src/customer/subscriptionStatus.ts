import { sumAmounts } from './money.js';
import type { Charge, CustomerSubscription, SubscriptionDetail } from './types.js';

/** How a subscription's state reads to its customer, and what they may do with it. */

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const STATUS: Record<string, { label: string; tone: Tone; help: string }> = {
  PendingFulfillmentStart: { label: 'Pending configuration', tone: 'warn', help: "Configure your account on the publisher's site to start the subscription." },
  Subscribed: { label: 'Active', tone: 'good', help: 'The subscription is active.' },
  Suspended: { label: 'Suspended', tone: 'bad', help: 'A payment failed: the subscription is suspended until payment succeeds.' },
  Unsubscribed: { label: 'Canceled', tone: 'neutral', help: 'The subscription is canceled.' },
};

export function statusInfo(status: string): { label: string; tone: Tone; help: string } {
  return STATUS[status] ?? { label: status, tone: 'info', help: status };
}

export const roleLabel = (role: string): string => (role === 'purchaser' ? 'Purchaser' : role === 'beneficiary' ? 'Beneficiary (read only)' : role);

/** "Configure account now" before the publisher has started the subscription, "Manage account" afterwards. */
export const configureLabel = (status: string): string => (status === 'PendingFulfillmentStart' ? 'Configure account now' : 'Manage account');

/** The landing page can be opened for any subscription that is not canceled (a beneficiary may configure it too). */
export const canConfigure = (sub: Pick<CustomerSubscription, 'saasSubscriptionStatus'>): boolean => sub.saasSubscriptionStatus !== 'Unsubscribed';

/** Plan and quantity change only on an active subscription its purchaser manages. */
export const canChange = (sub: Pick<CustomerSubscription, 'canManage' | 'saasSubscriptionStatus'>): boolean => sub.canManage && sub.saasSubscriptionStatus === 'Subscribed';

/** Auto-renew and cancel: any subscription its purchaser manages that is not canceled. */
export const canCancel = (sub: Pick<CustomerSubscription, 'canManage' | 'saasSubscriptionStatus'>): boolean => sub.canManage && sub.saasSubscriptionStatus !== 'Unsubscribed';

/** The refund rule of a cancel (L25894-25899): within 24 hours of activation for monthly terms, 14 days for annual. */
export const refundWindowText = (termUnit: string): string => (termUnit === 'P1Y' ? '14 days' : '24 hours');

export function refundRule(termUnit: string): string {
  return `Access ends as soon as you cancel. If you cancel within ${refundWindowText(termUnit)} of activation (${termUnit === 'P1Y' ? 'annual' : 'monthly'} billing), the current term's charge is refunded; after that there is no refund.`;
}

/**
 * What the charges add up to: charged (term charges and prorated changes, a downgrade's credit included) and refunded
 * (refunds, as a positive amount), per currency of the first charge.
 */
export function chargeTotals(charges: readonly Charge[]): { currency: string; paid: string; refunded: string } | undefined {
  if (charges.length === 0) return undefined;
  const currency = charges[0]!.currency;
  const paid = sumAmounts(charges.filter((c) => c.kind === 'charge' || c.kind === 'proration').map((c) => c.amount)) ?? '0';
  const refunds = sumAmounts(charges.filter((c) => c.kind === 'refund').map((c) => c.amount)) ?? '0';
  const refunded = refunds.startsWith('-') ? refunds.slice(1) : refunds;
  return { currency, paid, refunded };
}

/** How a charge's kind reads in the table. */
export function chargeKindLabel(kind: string, amount: string): string {
  if (kind === 'charge') return 'Charge';
  if (kind === 'refund') return 'Refund';
  if (kind === 'proration') return amount.startsWith('-') ? 'Credit for a change (prorated)' : 'Change (prorated)';
  return kind;
}

/** After a cancel: the refund the cancel made (refunds that were not there before), if any. */
export function refundOfCancel(before: readonly Charge[], after: SubscriptionDetail | CustomerSubscription): { amount: string; currency: string } | undefined {
  const earlier = new Set(before.filter((c) => c.kind === 'refund').map((c) => `${c.termStart}|${c.createdAt}`));
  const fresh = after.charges.filter((c) => c.kind === 'refund' && !earlier.has(`${c.termStart}|${c.createdAt}`));
  if (fresh.length === 0) return undefined;
  const sum = sumAmounts(fresh.map((c) => c.amount));
  if (sum === undefined) return undefined;
  return { amount: sum.startsWith('-') ? sum.slice(1) : sum, currency: fresh[0]!.currency };
}
