import type { CheckoutOffer, CheckoutPlan, CheckoutTerm } from './listing.js';
import { multiplyAmount } from './money.js';
import type { PurchaseRequest, TermUnit } from './types.js';

/** The checkout's choices and the rules the server applies to them (POST /api/store/purchases), checked first here. */

export type CheckoutField = 'planId' | 'termUnit' | 'quantity' | 'market' | 'name' | 'acceptTerms';
export const CHECKOUT_FIELDS: readonly CheckoutField[] = ['planId', 'termUnit', 'quantity', 'market', 'name', 'acceptTerms'];

export interface CheckoutChoice {
  planId: string;
  term: TermUnit | '';
  /** As typed. */
  quantity: string;
  name: string;
  acceptTerms: boolean;
}

/** The server's limits: a quantity is at most 10,000,000 users; a subscription name is 1 to 100 characters. */
export const MAX_QUANTITY = 10_000_000;
export const MAX_NAME = 100;

export const planOf = (offer: CheckoutOffer, planId: string): CheckoutPlan | undefined => offer.plans.find((p) => p.planId === planId);

/** The plan asked for (?plan=) if it can be bought in the market, else the first plan that can. */
export function initialPlanId(offer: CheckoutOffer, requested: string | null | undefined): string {
  const wanted = requested ? planOf(offer, requested) : undefined;
  if (wanted?.available) return wanted.planId;
  return offer.plans.find((p) => p.available)?.planId ?? '';
}

/** Keeps the chosen term if the plan has it; otherwise monthly if offered, else the plan's first term. */
export function termFor(plan: CheckoutPlan | undefined, current: TermUnit | ''): TermUnit | '' {
  if (!plan || plan.terms.length === 0) return '';
  if (current && plan.terms.some((t) => t.term === current)) return current;
  return plan.terms.find((t) => t.term === 'P1M')?.term ?? plan.terms[0]!.term;
}

/** Keeps a typed quantity inside a per-user plan's limits when the plan changes; empty for flat-rate plans. */
export function quantityFor(plan: CheckoutPlan | undefined, current: string): string {
  if (!plan?.perUser) return '';
  const n = parseQuantity(current);
  if (n === undefined) return String(plan.minUsers);
  const max = plan.maxUsers ?? MAX_QUANTITY;
  return String(Math.min(Math.max(n, plan.minUsers), max));
}

/** What the server names a subscription when none is given: the offer and the plan. */
export const defaultSubscriptionName = (offer: Pick<CheckoutOffer, 'name'>, plan: Pick<CheckoutPlan, 'name'> | undefined): string =>
  (plan ? `${offer.name} ${plan.name}` : offer.name).trim().slice(0, MAX_NAME);

/** A whole number of users, or undefined ("", "2.5", "1e3", "-1" are not). */
export function parseQuantity(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const usersRange = (plan: CheckoutPlan): string => (plan.maxUsers === null ? `${plan.minUsers} or more users` : `${plan.minUsers} to ${plan.maxUsers} users`);

/** The problems the server would answer with, per field; empty when the order can be placed. */
export function validateCheckout(offer: CheckoutOffer, choice: CheckoutChoice): Partial<Record<CheckoutField, string>> {
  const errors: Partial<Record<CheckoutField, string>> = {};
  const plan = planOf(offer, choice.planId);
  if (!offer.market.currency) errors.market = 'This offer is not sold in this market: choose another market.';
  if (!plan) errors.planId = 'Choose a plan.';
  else if (!plan.available) errors.planId = 'This plan is not sold in this market.';
  if (plan?.available) {
    if (!choice.term || !plan.terms.some((t) => t.term === choice.term)) errors.termUnit = 'Choose a billing term.';
    if (plan.perUser) {
      const n = parseQuantity(choice.quantity);
      const max = plan.maxUsers ?? MAX_QUANTITY;
      if (n === undefined) errors.quantity = `Enter the number of users, a whole number (${usersRange(plan)}).`;
      else if (n < plan.minUsers || n > max) errors.quantity = `This plan is for ${usersRange(plan)}.`;
    }
  }
  const name = choice.name.trim();
  if (!name) errors.name = 'Give the subscription a name.';
  else if (name.length > MAX_NAME) errors.name = `Use at most ${MAX_NAME} characters.`;
  if (!choice.acceptTerms) errors.acceptTerms = "Agree to the publisher's terms to place the order.";
  return errors;
}

export function purchaseRequestOf(offer: CheckoutOffer, choice: CheckoutChoice): PurchaseRequest {
  const plan = planOf(offer, choice.planId);
  const quantity = plan?.perUser ? parseQuantity(choice.quantity) : undefined;
  return {
    accountId: offer.accountId,
    offerId: offer.offerId,
    planId: choice.planId,
    termUnit: choice.term || 'P1M',
    ...(quantity !== undefined ? { quantity } : {}),
    market: offer.market.code,
    name: choice.name.trim(),
    acceptTerms: true,
  };
}

export interface PriceSummary {
  plan: CheckoutPlan;
  term: CheckoutTerm;
  currency: string;
  /** Per user for per-user plans. */
  unitAmount: string;
  /** Users (per-user plans; 1 for flat rate). */
  quantity: number;
  /** For the whole term (all users). */
  total: string;
}

/** The price of the choice, or undefined while it is incomplete (no plan, term, currency, or users within the plan's limits). */
export function priceSummary(offer: CheckoutOffer, choice: CheckoutChoice): PriceSummary | undefined {
  const plan = planOf(offer, choice.planId);
  const term = plan?.terms.find((t) => t.term === choice.term);
  const currency = plan?.currency ?? offer.market.currency;
  if (!plan || !term || !currency) return undefined;
  const quantity = plan.perUser ? parseQuantity(choice.quantity) : 1;
  if (quantity === undefined || quantity < plan.minUsers || quantity > (plan.maxUsers ?? MAX_QUANTITY)) return undefined;
  const total = multiplyAmount(term.amount, quantity);
  if (total === undefined) return undefined;
  return { plan, term, currency, unitAmount: term.amount, quantity, total };
}
