import { parseQuantity } from './checkout.js';
import type { AvailablePlan, SubscriptionDetail } from './types.js';

/**
 * The rules of a change of plan or number of users (the server's checkChange), checked before asking: one plan the
 * subscription is not on, sold in its billing term, that fits its users; a different number of users within the
 * current plan's limits.
 */

type Sub = Pick<SubscriptionDetail, 'planId' | 'quantity' | 'availablePlans'>;

/** Why a plan cannot be chosen, or undefined when it can. */
export function planChangeProblem(sub: Sub, plan: AvailablePlan | undefined): string | undefined {
  if (!plan) return 'Choose a plan.';
  if (plan.planId === sub.planId) return 'The subscription is already on this plan.';
  if (plan.price === null) return "This plan is not sold with the subscription's billing term in its market.";
  if (sub.quantity !== undefined) {
    const min = plan.minQuantity ?? 1;
    const max = plan.maxQuantity;
    if (sub.quantity < min || (max !== undefined && sub.quantity > max))
      return `This plan is for ${min} to ${max ?? 'any number of'} users; the subscription has ${sub.quantity}.`;
  }
  return undefined;
}

/** The plans to offer in "Change plan": every available plan but the current one. */
export const otherPlans = (sub: Sub): AvailablePlan[] => sub.availablePlans.filter((p) => p.planId !== sub.planId);

/** The current plan's user limits (1 and no maximum when unknown). */
export function userLimits(sub: Sub): { min: number; max: number | undefined } {
  const current = sub.availablePlans.find((p) => p.planId === sub.planId);
  return { min: current?.minQuantity ?? 1, max: current?.maxQuantity };
}

/** The new number of users, or why it is refused. */
export function quantityChange(sub: Sub, text: string): { quantity: number } | { problem: string } {
  if (sub.quantity === undefined) return { problem: 'This plan is not priced per user.' };
  const n = parseQuantity(text);
  const { min, max } = userLimits(sub);
  if (n === undefined || n < 1) return { problem: 'Enter a whole number of users.' };
  if (n === sub.quantity) return { problem: `The subscription already has ${n} user${n === 1 ? '' : 's'}.` };
  if (n < min || (max !== undefined && n > max)) return { problem: `The plan is for ${min} to ${max ?? 'any number of'} users${max !== undefined && n > max ? '; change the plan first' : ''}.` };
  return { quantity: n };
}
