import { describe, expect, it } from 'vitest';
import {
  defaultSubscriptionName,
  initialPlanId,
  parseQuantity,
  priceSummary,
  purchaseRequestOf,
  quantityFor,
  termFor,
  validateCheckout,
  type CheckoutChoice,
} from './checkout.js';
import type { CheckoutOffer, CheckoutPlan } from './listing.js';

const seats: CheckoutPlan = {
  planId: 'per-seat',
  name: 'Per seat',
  description: '',
  isPrivate: false,
  perUser: true,
  freeTrial: true,
  minUsers: 2,
  maxUsers: 500,
  available: true,
  currency: 'USD',
  terms: [
    { term: 'P1M', amount: '12.00', paymentOption: null },
    { term: 'P1Y', amount: '120.00', paymentOption: 'upfront' },
  ],
  dimensions: [],
};
const annualOnly: CheckoutPlan = { ...seats, planId: 'enterprise', name: 'Enterprise', perUser: false, minUsers: 1, maxUsers: null, terms: [{ term: 'P1Y', amount: '4990.00', paymentOption: 'monthly' }] };
const notHere: CheckoutPlan = { ...seats, planId: 'elsewhere', available: false, currency: null, terms: [] };

const offer: CheckoutOffer = {
  accountId: 'acc',
  offerId: 'contoso',
  name: 'Contoso',
  publisherName: 'Contoso Ltd.',
  logoUrl: null,
  transactable: true,
  preview: false,
  market: { code: 'US', currency: 'USD' },
  markets: [{ code: 'US', currency: 'USD' }],
  plans: [notHere, seats, annualOnly],
  privacyPolicyUrl: null,
  contract: 'StandardContract',
  termsText: null,
  universalAmendment: null,
};

const choice = (patch: Partial<CheckoutChoice> = {}): CheckoutChoice => ({ planId: 'per-seat', term: 'P1M', quantity: '5', name: 'Contoso Per seat', acceptTerms: true, ...patch });

describe('checkout choices', () => {
  it('starts with the plan asked for if it is sold, else the first that is', () => {
    expect(initialPlanId(offer, 'enterprise')).toBe('enterprise');
    expect(initialPlanId(offer, 'elsewhere')).toBe('per-seat');
    expect(initialPlanId(offer, null)).toBe('per-seat');
    expect(initialPlanId({ ...offer, plans: [notHere] }, 'elsewhere')).toBe('');
  });
  it('keeps a term the plan has, else monthly, else its first', () => {
    expect(termFor(seats, 'P1Y')).toBe('P1Y');
    expect(termFor(seats, '')).toBe('P1M');
    expect(termFor(annualOnly, 'P1M')).toBe('P1Y');
    expect(termFor(notHere, 'P1M')).toBe('');
  });
  it('keeps the number of users within the new plan', () => {
    expect(quantityFor(seats, '1')).toBe('2');
    expect(quantityFor(seats, '900')).toBe('500');
    expect(quantityFor(seats, '')).toBe('2');
    expect(quantityFor(annualOnly, '5')).toBe('');
  });
  it('names the subscription as the server would', () => {
    expect(defaultSubscriptionName(offer, seats)).toBe('Contoso Per seat');
    expect(defaultSubscriptionName({ name: 'x'.repeat(120) }, seats)).toHaveLength(100);
  });
  it('reads whole numbers of users only', () => {
    expect(parseQuantity(' 12 ')).toBe(12);
    for (const bad of ['', '2.5', '1e3', '-1', 'ten']) expect(parseQuantity(bad)).toBeUndefined();
  });
});

describe('validateCheckout mirrors the server', () => {
  it('accepts a complete order', () => {
    expect(validateCheckout(offer, choice())).toEqual({});
  });
  it('checks the users against the plan limits', () => {
    expect(validateCheckout(offer, choice({ quantity: '1' })).quantity).toBe('This plan is for 2 to 500 users.');
    expect(validateCheckout(offer, choice({ quantity: '501' })).quantity).toBe('This plan is for 2 to 500 users.');
    expect(validateCheckout(offer, choice({ quantity: '2.5' })).quantity).toMatch(/whole number/);
    expect(validateCheckout(offer, choice({ planId: 'enterprise', term: 'P1Y', quantity: '' }))).toEqual({});
  });
  it('needs a plan sold in the market, one of its terms, a name and the terms accepted', () => {
    expect(validateCheckout(offer, choice({ planId: 'elsewhere' })).planId).toMatch(/not sold/);
    expect(validateCheckout(offer, choice({ planId: 'enterprise', term: 'P1M' })).termUnit).toBe('Choose a billing term.');
    expect(validateCheckout(offer, choice({ name: '  ' })).name).toBeDefined();
    expect(validateCheckout(offer, choice({ name: 'n'.repeat(101) })).name).toMatch(/100/);
    expect(validateCheckout(offer, choice({ acceptTerms: false })).acceptTerms).toBeDefined();
    expect(validateCheckout({ ...offer, market: { code: 'JP', currency: null } }, choice()).market).toBeDefined();
  });
});

describe('the order and its price', () => {
  it('sends a quantity for per-user plans only', () => {
    expect(purchaseRequestOf(offer, choice())).toEqual({ accountId: 'acc', offerId: 'contoso', planId: 'per-seat', termUnit: 'P1M', quantity: 5, market: 'US', name: 'Contoso Per seat', acceptTerms: true });
    expect(purchaseRequestOf(offer, choice({ planId: 'enterprise', term: 'P1Y', quantity: '5' }))).not.toHaveProperty('quantity');
  });
  it('prices the term for all users', () => {
    expect(priceSummary(offer, choice({ term: 'P1Y', quantity: '3' }))).toMatchObject({ unitAmount: '120.00', quantity: 3, total: '360.00', currency: 'USD' });
    expect(priceSummary(offer, choice({ planId: 'enterprise', term: 'P1Y', quantity: '' }))).toMatchObject({ quantity: 1, total: '4990.00' });
    expect(priceSummary(offer, choice({ quantity: 'x' }))).toBeUndefined();
    expect(priceSummary(offer, choice({ quantity: '1' }))).toBeUndefined();
    expect(priceSummary(offer, choice({ quantity: '501' }))).toBeUndefined();
    expect(priceSummary(offer, choice({ term: '' }))).toBeUndefined();
  });
});
