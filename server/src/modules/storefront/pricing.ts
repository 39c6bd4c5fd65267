import { Dec } from '../../platform/money.js';
import type { PublishedPlan, SetupView } from './published-draft.js';

/**
 * Prices as the storefront shows them: each plan's published market prices (frozen when the version was published;
 * the catalog converts the USD prices into each market's currency), and the pricing summary of a search result or a
 * listing page ("Free", "Starting at $49.00/month", "Price varies": spec/01 §1.14, §1.15, §5.2; L2445-2472).
 */

export type Term = 'P1M' | 'P1Y';
const TERMS: readonly Term[] = ['P1M', 'P1Y'];
const PER: Record<Term, string> = { P1M: 'month', P1Y: 'year' };

/** What a search result needs of a plan to summarize prices in any market (kept in the read model). */
export interface PlanFacts {
  planId: string;
  visibility: 'public' | 'private';
  model: 'flatRate' | 'perUser';
  freeTrial: boolean;
  metered: boolean;
  /** The base price per billing term in each market the plan is sold in, in the market's currency. */
  markets: Record<string, { currency: string } & Partial<Record<Term, string>>>;
}

export function planFacts(plan: PublishedPlan): PlanFacts {
  const markets: PlanFacts['markets'] = {};
  for (const price of plan.prices ?? []) {
    if (price.dimensionId !== null) continue;
    const entry = (markets[price.market] ??= { currency: price.currency });
    entry[price.term] = price.amount;
  }
  return {
    planId: plan.planId,
    visibility: plan.draft.visibility === 'private' ? 'private' : 'public',
    model: plan.draft.pricing?.model === 'perUser' ? 'perUser' : 'flatRate',
    freeTrial: plan.draft.freeTrial === true,
    metered: (plan.draft.pricing?.dimensions.length ?? 0) > 0,
    markets,
  };
}

/**
 * An amount in a currency as en-US writes it ("$49.00", "€44.10", "¥7,228", "CHF 49.00"), from the decimal string
 * as published: the symbol comes from Intl, the digits are never turned into a float.
 */
export function formatMoney(amount: string, currency: string): string {
  const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
  const numeric = new Set(['integer', 'group', 'decimal', 'fraction']);
  const first = parts.findIndex((p) => numeric.has(p.type));
  const last = parts.length - 1 - [...parts].reverse().findIndex((p) => numeric.has(p.type));
  const [whole = '0', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const digits = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  const join = (ps: Intl.NumberFormatPart[]) => ps.map((p) => p.value).join('');
  return `${join(parts.slice(0, first))}${digits}${join(parts.slice(last + 1))}`;
}

/** "$49.00/month", "$12.00/user/month". */
export function priceText(amount: string, currency: string, term: Term, perUser: boolean): string {
  return `${formatMoney(amount, currency)}/${perUser ? 'user/' : ''}${PER[term]}`;
}

export interface PricingSummary {
  kind: 'free' | 'freeTrial' | 'priceVaries' | 'startingAt' | 'notAvailable';
  /** As the storefront writes it: "Free", "Free trial", "Price varies", "Starting at $49.00/month", "Not available in JP". */
  text: string;
  /** startingAt: the lowest price of the plans the visitor sees in the market. */
  price: { amount: string; currency: string; term: Term; perUser: boolean } | null;
  /** A free trial is available: a listing-only Free trial, or a plan with a free trial. */
  freeTrial: boolean;
}

/**
 * The pricing summary of an offer for a visitor in a market. `plans` are the plans the visitor sees. "Starting at" is
 * the lowest monthly price; only when no plan has a monthly price, the lowest annual one. That is how the reference's
 * listing shows plans of $49.00/month or $470.00/year: "Starting at $49.00/month" (L2445-2472).
 */
export function pricingSummary(setup: Pick<SetupView, 'transactable' | 'listingOption'>, plans: readonly PlanFacts[], market: string): PricingSummary {
  if (!setup.transactable) {
    if (setup.listingOption === 'GetItNowFree') return { kind: 'free', text: 'Free', price: null, freeTrial: false };
    if (setup.listingOption === 'FreeTrial') return { kind: 'freeTrial', text: 'Free trial', price: null, freeTrial: true };
    return { kind: 'priceVaries', text: 'Price varies', price: null, freeTrial: false };
  }
  const sold = plans.filter((p) => TERMS.some((term) => p.markets[market]?.[term] !== undefined));
  if (sold.length === 0) return { kind: 'notAvailable', text: `Not available in ${market}`, price: null, freeTrial: false };
  const freeTrial = sold.some((p) => p.freeTrial);
  const free = sold.every((p) => !p.metered && TERMS.every((term) => new Dec(p.markets[market]?.[term] ?? 0).isZero()));
  if (free) return { kind: 'free', text: 'Free', price: null, freeTrial };
  const lowest = (term: Term) => {
    let best: NonNullable<PricingSummary['price']> | undefined;
    for (const plan of sold) {
      const amount = plan.markets[market]![term];
      if (amount !== undefined && (!best || new Dec(amount).lt(best.amount))) best = { amount, currency: plan.markets[market]!.currency, term, perUser: plan.model === 'perUser' };
    }
    return best;
  };
  const price = (lowest('P1M') ?? lowest('P1Y'))!;
  return { kind: 'startingAt', text: `Starting at ${priceText(price.amount, price.currency, price.term, price.perUser)}`, price, freeTrial };
}

export interface PlanPricing {
  /** The market's currency, or null when the plan is not sold in the market. */
  currency: string | null;
  /** The base price per billing term (per user for per-user plans). */
  terms: { term: Term; amount: string; text: string; paymentOption: 'upfront' | 'monthly' | null }[];
  /** Metered dimensions: the price per unit of measure per billing term, and the quantity included in the base price. */
  dimensions: {
    id: string;
    displayName: string;
    unitOfMeasure: string;
    included: Partial<Record<Term, number | 'unlimited'>>;
    prices: { term: Term; amount: string; text: string }[];
  }[];
}

/** A plan's prices in one market. */
export function planPricing(plan: PublishedPlan, market: string): PlanPricing {
  const pricing = plan.draft.pricing;
  const inMarket = (plan.prices ?? []).filter((p) => p.market === market);
  const currency = inMarket[0]?.currency ?? null;
  if (!pricing || currency === null) return { currency: null, terms: [], dimensions: [] };
  const perUser = pricing.model === 'perUser';
  const terms = TERMS.flatMap((term) => {
    const price = inMarket.find((p) => p.term === term && p.dimensionId === null);
    if (!price) return [];
    const option = pricing.billingTerms.find((b) => b.term === term)?.paymentOption;
    return [{ term, amount: price.amount, text: priceText(price.amount, currency, term, perUser), paymentOption: term === 'P1Y' ? (option ?? 'upfront') : null }];
  });
  const dimensions = pricing.dimensions.map((d) => ({
    id: d.id,
    displayName: d.displayName,
    unitOfMeasure: d.unitOfMeasure,
    included: d.included,
    prices: TERMS.flatMap((term) => {
      const price = inMarket.find((p) => p.term === term && p.dimensionId === d.id);
      return price ? [{ term, amount: price.amount, text: formatMoney(price.amount, currency) }] : [];
    }),
  }));
  return { currency, terms, dimensions };
}
