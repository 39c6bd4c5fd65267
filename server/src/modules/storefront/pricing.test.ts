import { describe, expect, it } from 'vitest';
import { formatMoney, pricingSummary, type PlanFacts } from './pricing.js';

const plan = (over: Partial<PlanFacts> & Pick<PlanFacts, 'markets'>): PlanFacts => ({ planId: 'p', visibility: 'public', model: 'flatRate', freeTrial: false, metered: false, ...over });
const transactable = { transactable: true, listingOption: null };

describe('formatMoney', () => {
  it('writes the decimal string as published, with the currency symbol and grouping', () => {
    expect(formatMoney('49.00', 'USD')).toBe('$49.00');
    expect(formatMoney('1234567.50', 'USD')).toBe('$1,234,567.50');
    expect(formatMoney('44.10', 'EUR')).toBe('€44.10');
    expect(formatMoney('7228', 'JPY')).toBe('¥7,228');
    expect(formatMoney('0.015', 'USD')).toBe('$0.015');
    expect(formatMoney('49.00', 'CHF')).toBe('CHF\u00a049.00');
    expect(formatMoney('0.10000001', 'GBP')).toBe('£0.10000001');
  });
});

describe('pricingSummary', () => {
  it('starts at the lowest monthly price, or the lowest annual one when no plan is sold by the month (L2445-2472)', () => {
    const monthly = plan({ markets: { US: { currency: 'USD', P1M: '49.00', P1Y: '470.00' } } });
    const cheaper = plan({ planId: 'c', markets: { US: { currency: 'USD', P1M: '9.50' } } });
    const annual = plan({ planId: 'a', markets: { US: { currency: 'USD', P1Y: '60.00' } } });
    expect(pricingSummary(transactable, [monthly], 'US')).toMatchObject({ kind: 'startingAt', text: 'Starting at $49.00/month', price: { term: 'P1M', amount: '49.00' } });
    expect(pricingSummary(transactable, [monthly, cheaper, annual], 'US').text).toBe('Starting at $9.50/month');
    expect(pricingSummary(transactable, [annual, plan({ markets: { US: { currency: 'USD', P1Y: '1200.00' } } })], 'US')).toMatchObject({ text: 'Starting at $60.00/year', price: { term: 'P1Y' } });
    // Amounts compare as decimals, not as text.
    expect(pricingSummary(transactable, [plan({ markets: { US: { currency: 'USD', P1M: '100.00' } } }), plan({ markets: { US: { currency: 'USD', P1M: '9.00' } } })], 'US').text).toBe('Starting at $9.00/month');
  });

  it('says per user, free, free trial and not available', () => {
    expect(pricingSummary(transactable, [plan({ model: 'perUser', markets: { DE: { currency: 'EUR', P1M: '11.00' } } })], 'DE').text).toBe('Starting at €11.00/user/month');
    expect(pricingSummary(transactable, [plan({ freeTrial: true, markets: { US: { currency: 'USD', P1M: '0.00' } } })], 'US')).toMatchObject({ kind: 'free', text: 'Free', freeTrial: true });
    // A zero base price with metered dimensions is not free.
    expect(pricingSummary(transactable, [plan({ metered: true, markets: { US: { currency: 'USD', P1M: '0.00' } } })], 'US').text).toBe('Starting at $0.00/month');
    expect(pricingSummary(transactable, [plan({ markets: { US: { currency: 'USD', P1M: '5.00' } } })], 'GB')).toMatchObject({ kind: 'notAvailable', text: 'Not available in GB', price: null });
    expect(pricingSummary(transactable, [], 'US').kind).toBe('notAvailable');
  });

  it('follows the listing option of a listing-only offer', () => {
    expect(pricingSummary({ transactable: false, listingOption: 'GetItNowFree' }, [], 'US').text).toBe('Free');
    expect(pricingSummary({ transactable: false, listingOption: 'FreeTrial' }, [], 'US')).toMatchObject({ text: 'Free trial', freeTrial: true });
    expect(pricingSummary({ transactable: false, listingOption: 'ContactMe' }, [], 'US').text).toBe('Price varies');
  });
});
