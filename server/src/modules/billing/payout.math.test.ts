import { describe, expect, it } from 'vitest';
import { convert, crossRate, cutOffOf, decide, fixed, isMonth, nextMonthOf, payoutDateOf, payoutRunAt, thresholdIn, thresholdProblem, withholdingOn } from './payout.math.js';

describe('conversion through USD at the purchase day’s rates', () => {
  it('converts USD into EUR and rounds half away from zero to the payout currency', () => {
    expect(convert('97', '1', '0.855', 'EUR').toFixed()).toBe('82.94'); // 82.935
    expect(convert('-97', '1', '0.855', 'EUR').toFixed()).toBe('-82.94');
    expect(convert('97', '1', '0.85', 'EUR').toFixed()).toBe('82.45');
  });

  it('crosses two non-USD currencies through their USD rates, not a rounded cross rate', () => {
    // 14259 JPY × 0.90 / 150 = 85.554 EUR
    expect(convert('14259', '150', '0.90', 'EUR').toFixed()).toBe('85.55');
    expect(crossRate('150', '0.90').toFixed()).toBe('0.006');
    // 1 / 3 is not terminating: the amount comes from the full-precision product, the rate is rounded to 12 places
    expect(crossRate('3', '1').toFixed()).toBe('0.333333333333');
    expect(convert('100.00', '3', '1', 'USD').toFixed()).toBe('33.33');
    expect(convert('0.05', '3', '1', 'USD').toFixed()).toBe('0.02'); // 0.01666… rounds to 0.02
  });

  it('rounds to the payout currency’s minor unit: none for JPY, three for KWD', () => {
    expect(convert('82.94', '0.855', '147', 'JPY').toFixed()).toBe('14260'); // 14259.7…
    expect(convert('10', '1', '0.30654', 'KWD').toFixed()).toBe('3.065'); // 3.0654
  });

  it('refuses rates that are not above 0', () => {
    expect(() => convert('1', '0', '1', 'USD')).toThrow(RangeError);
  });
});

describe('withholding', () => {
  it('applies the percent rate only to sales into the US, per line, rounded', () => {
    expect(withholdingOn('82.94', '30.00', 'US', 'EUR').toFixed()).toBe('24.88'); // 24.882
    expect(withholdingOn('82.95', '30.00', 'US', 'EUR').toFixed()).toBe('24.89'); // 24.885
    expect(withholdingOn('82.94', '30.00', 'DE', 'EUR').toFixed()).toBe('0');
    expect(withholdingOn('100', '0.00', 'US', 'USD').toFixed()).toBe('0');
    expect(withholdingOn('-82.94', '30.00', 'US', 'EUR').toFixed()).toBe('-24.88');
  });
});

describe('the threshold and the decision', () => {
  it('converts the threshold into the payout currency on the payout day', () => {
    expect(thresholdIn({ amount: '50', currency: 'USD' }, '1', '0.9', 'EUR').toFixed()).toBe('45');
    expect(thresholdIn({ amount: '50', currency: 'USD' }, '1', '147.3', 'JPY').toFixed()).toBe('7365');
    expect(thresholdIn({ amount: '40', currency: 'EUR' }, '0.9', '0.9', 'EUR').toFixed()).toBe('40');
  });

  it('pays a total at or above the threshold; carries forward a negative total and one below it, zero included', () => {
    expect(decide('45.00', '45')).toBe('pay');
    expect(decide('44.99', '45')).toBe('BelowThreshold');
    expect(decide('0', '0')).toBe('BelowThreshold');
    expect(decide('0.01', '0')).toBe('pay');
    expect(decide('-0.01', '45')).toBe('NegativeBalance');
  });

  it('checks a threshold setting', () => {
    expect(thresholdProblem({ amount: '50.00', currency: 'USD' })).toBeUndefined();
    expect(thresholdProblem({ amount: '50.001', currency: 'USD' })?.target).toBe('amount');
    expect(thresholdProblem({ amount: '50.5', currency: 'JPY' })?.target).toBe('amount');
    expect(thresholdProblem({ amount: '-1', currency: 'USD' })?.target).toBe('amount');
    expect(thresholdProblem({ amount: 50, currency: 'USD' })?.target).toBe('amount');
    expect(thresholdProblem({ amount: '50', currency: 'usd' })?.target).toBe('currency');
  });
});

describe('months', () => {
  it('has the cut-off at the first instant of the month and the run on the 15th at 02:00 UTC', () => {
    expect(cutOffOf('2026-05').toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(payoutDateOf('2026-05')).toBe('2026-05-15');
    expect(payoutRunAt('2026-02').toISOString()).toBe('2026-02-15T02:00:00.000Z');
    expect(nextMonthOf('2026-12')).toBe('2027-01');
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('1999-12')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });

  it('formats amounts with the currency’s minor digits and no negative zero', () => {
    expect(fixed('97.000000', 'USD')).toBe('97.00');
    expect(fixed('14259.000000', 'JPY')).toBe('14259');
    expect(fixed('-0', 'EUR')).toBe('0.00');
  });
});
