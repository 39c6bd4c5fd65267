import { describe, expect, it } from 'vitest';
import { canCancel, canChange, canConfigure, chargeKindLabel, chargeTotals, configureLabel, refundOfCancel, refundRule, statusInfo } from './subscriptionStatus.js';
import type { Charge, CustomerSubscription } from './types.js';

const charge = (kind: string, amount: string, createdAt = '2026-01-01T00:00:00.000Z'): Charge => ({ kind, amount, currency: 'USD', termStart: '2026-01-01T00:00:00.000Z', termEnd: '2026-01-31T00:00:00.000Z', planId: 'p', quantity: null, createdAt });

describe('subscription status', () => {
  it('labels the four statuses and keeps unknown ones', () => {
    expect(statusInfo('PendingFulfillmentStart')).toMatchObject({ label: 'Pending configuration', tone: 'warn' });
    expect(statusInfo('Subscribed').tone).toBe('good');
    expect(statusInfo('Unsubscribed').label).toBe('Canceled');
    expect(statusInfo('Later').label).toBe('Later');
  });
  it('offers configure before activation and manage after', () => {
    expect(configureLabel('PendingFulfillmentStart')).toBe('Configure account now');
    expect(configureLabel('Subscribed')).toBe('Manage account');
    expect(canConfigure({ saasSubscriptionStatus: 'Unsubscribed' })).toBe(false);
  });
  it('lets only the purchaser change an active subscription, and cancel any that is not canceled', () => {
    expect(canChange({ canManage: true, saasSubscriptionStatus: 'Subscribed' })).toBe(true);
    expect(canChange({ canManage: true, saasSubscriptionStatus: 'Suspended' })).toBe(false);
    expect(canChange({ canManage: false, saasSubscriptionStatus: 'Subscribed' })).toBe(false);
    expect(canCancel({ canManage: true, saasSubscriptionStatus: 'PendingFulfillmentStart' })).toBe(true);
    expect(canCancel({ canManage: true, saasSubscriptionStatus: 'Unsubscribed' })).toBe(false);
  });
  it('states the refund window of the term', () => {
    expect(refundRule('P1M')).toMatch(/24 hours/);
    expect(refundRule('P1Y')).toMatch(/14 days/);
  });
});

describe('charges', () => {
  it('totals charges and refunds', () => {
    expect(chargeTotals([])).toBeUndefined();
    expect(chargeTotals([charge('charge', '49.000000'), charge('charge', '49.000000'), charge('refund', '-49.000000')])).toEqual({ currency: 'USD', paid: '98.000000', refunded: '49.000000' });
  });
  it('counts prorated changes as charged, a downgrade as a credit', () => {
    expect(chargeTotals([charge('charge', '100.000000'), charge('proration', '75.000000'), charge('proration', '-20.000000')])).toEqual({ currency: 'USD', paid: '155.000000', refunded: '0' });
    expect(chargeKindLabel('proration', '75.000000')).toBe('Change (prorated)');
    expect(chargeKindLabel('proration', '-20.000000')).toBe('Credit for a change (prorated)');
    expect(chargeKindLabel('charge', '1')).toBe('Charge');
  });
  it('finds the refund a cancel made', () => {
    const before = [charge('charge', '990.000000')];
    const after = { charges: [...before, charge('refund', '-990.000000', '2026-01-01T05:00:00.000Z')] } as CustomerSubscription;
    expect(refundOfCancel(before, after)).toEqual({ amount: '990.000000', currency: 'USD' });
    expect(refundOfCancel(before, { charges: before } as CustomerSubscription)).toBeUndefined();
  });
});
