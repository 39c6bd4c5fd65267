import { describe, expect, it } from 'vitest';
import { formatMoney, multiplyAmount, priceLabel, sumAmounts, termName } from './money.js';

describe('money', () => {
  it('multiplies a decimal string by a whole number exactly', () => {
    expect(multiplyAmount('12.00', 5)).toBe('60.00');
    expect(multiplyAmount('0.10', 3)).toBe('0.30');
    expect(multiplyAmount('12.000000', 500)).toBe('6000.000000');
    expect(multiplyAmount('7228', 2)).toBe('14456');
    expect(multiplyAmount('-0.05', 2)).toBe('-0.10');
  });
  it('refuses what is not a decimal or not a whole factor', () => {
    expect(multiplyAmount('abc', 2)).toBeUndefined();
    expect(multiplyAmount('1.5', 1.5)).toBeUndefined();
  });
  it('sums amounts of different scales, refunds included', () => {
    expect(sumAmounts(['990.000000', '-990.000000'])).toBe('0.000000');
    expect(sumAmounts(['49', '0.5', '0.25'])).toBe('49.75');
    expect(sumAmounts([])).toBe('0');
    expect(sumAmounts(['1', 'x'])).toBeUndefined();
  });
  it('formats in the currency, and falls back for an unknown one', () => {
    expect(formatMoney('1234.5', 'USD')).toMatch(/1,?234\.50/);
    expect(formatMoney('12', 'NOT-A-CURRENCY')).toBe('12 NOT-A-CURRENCY');
  });
  it('names terms and prices', () => {
    expect(termName('P1Y')).toBe('Annual');
    expect(termName('P1M')).toBe('Monthly');
    expect(priceLabel('12.00', 'USD', 'P1M', true)).toMatch(/12\.00\/user\/month$/);
    expect(priceLabel('490.00', 'USD', 'P1Y', false)).toMatch(/490\.00\/year$/);
  });
});
