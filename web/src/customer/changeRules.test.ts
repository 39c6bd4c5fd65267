import { describe, expect, it } from 'vitest';
import { otherPlans, planChangeProblem, quantityChange, userLimits } from './changeRules.js';
import type { AvailablePlan } from './types.js';

const plans: AvailablePlan[] = [
  { planId: 'small', name: 'Small', isPrivate: false, price: '10.00', currency: 'USD', minQuantity: 1, maxQuantity: 10 },
  { planId: 'large', name: 'Large', isPrivate: false, price: '8.00', currency: 'USD', minQuantity: 11 },
  { planId: 'yearly-only', name: 'Yearly only', isPrivate: true, price: null, currency: null },
];
const sub = { planId: 'small', quantity: 5, availablePlans: plans };

describe('change of plan', () => {
  it('offers the other plans', () => {
    expect(otherPlans(sub).map((p) => p.planId)).toEqual(['large', 'yearly-only']);
  });
  it('refuses the current plan, one not sold in the term, and one the users do not fit', () => {
    expect(planChangeProblem(sub, undefined)).toBe('Choose a plan.');
    expect(planChangeProblem(sub, plans[0])).toMatch(/already/);
    expect(planChangeProblem(sub, plans[2])).toMatch(/not sold/);
    expect(planChangeProblem(sub, plans[1])).toBe('This plan is for 11 to any number of users; the subscription has 5.');
    expect(planChangeProblem({ ...sub, quantity: 12 }, plans[1])).toBeUndefined();
    expect(planChangeProblem({ planId: 'flat', availablePlans: plans }, plans[1])).toBeUndefined();
  });
});

describe('change of the number of users', () => {
  it('reads the limits of the current plan', () => {
    expect(userLimits(sub)).toEqual({ min: 1, max: 10 });
    expect(userLimits({ ...sub, planId: 'gone' })).toEqual({ min: 1, max: undefined });
  });
  it('accepts a different number within the limits only', () => {
    expect(quantityChange(sub, '7')).toEqual({ quantity: 7 });
    expect(quantityChange(sub, '5')).toEqual({ problem: 'The subscription already has 5 users.' });
    expect(quantityChange(sub, '11')).toEqual({ problem: 'The plan is for 1 to 10 users; change the plan first.' });
    expect(quantityChange(sub, '0')).toEqual({ problem: 'Enter a whole number of users.' });
    expect(quantityChange(sub, 'x')).toEqual({ problem: 'Enter a whole number of users.' });
    expect(quantityChange({ planId: 'flat', availablePlans: plans }, '3')).toEqual({ problem: 'This plan is not priced per user.' });
  });
});
