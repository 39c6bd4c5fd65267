import { describe, expect, it } from 'vitest';
import { businessDate, convertUsd, formatPrice, formatRate, isIsoDate, priceDigits, rateIssues } from './fx.service.js';
import { MARKET_CURRENCIES } from './reference/index.js';

describe('converting USD prices', () => {
  it('rounds a base price to the currency minor unit, half away from zero', () => {
    expect(formatPrice(convertUsd('49.00', '0.9', 'EUR', 'base'), 'EUR', 'base')).toBe('44.10');
    expect(formatPrice(convertUsd('49.00', '147.5', 'JPY', 'base'), 'JPY', 'base')).toBe('7228'); // 7227.5 -> 7228
    expect(formatPrice(convertUsd('49.00', '147.49', 'JPY', 'base'), 'JPY', 'base')).toBe('7227'); // 7227.01
    expect(formatPrice(convertUsd('0.99', '1389.99', 'KRW', 'base'), 'KRW', 'base')).toBe('1376'); // 1376.0901
    expect(formatPrice(convertUsd('10.00', '0.855', 'EUR', 'base'), 'EUR', 'base')).toBe('8.55');
    expect(formatPrice(convertUsd('0.01', '0.5', 'GBP', 'base'), 'GBP', 'base')).toBe('0.01'); // 0.005 -> 0.01
    expect(formatPrice(convertUsd('0.01', '0.4', 'GBP', 'base'), 'GBP', 'base')).toBe('0.00');
    expect(formatPrice(convertUsd('49.00', '1', 'USD', 'base'), 'USD', 'base')).toBe('49.00');
  });

  it('is exact where floating point is not', () => {
    // 0.1 * 3 in doubles is 0.30000000000000004; 1.005 * 100 rounds wrongly in doubles.
    expect(convertUsd('0.10', '3', 'EUR', 'base').toFixed()).toBe('0.3');
    expect(formatPrice(convertUsd('1.005', '1', 'EUR', 'base'), 'EUR', 'base')).toBe('1.01');
    expect(formatPrice(convertUsd('9999999.99', '1390', 'KRW', 'base'), 'KRW', 'base')).toBe('13899999986');
  });

  it('keeps up to 6 decimals for a price per unit, in any currency', () => {
    expect(formatPrice(convertUsd('0.00015', '150', 'JPY', 'unit'), 'JPY', 'unit')).toBe('0.0225');
    expect(formatPrice(convertUsd('0.000001', '0.855', 'EUR', 'unit'), 'EUR', 'unit')).toBe('0.000001'); // 0.000000855 -> 0.000001
    expect(formatPrice(convertUsd('0.000001', '0.4', 'EUR', 'unit'), 'EUR', 'unit')).toBe('0.00');
    expect(formatPrice(convertUsd('2', '147', 'JPY', 'unit'), 'JPY', 'unit')).toBe('294');
    expect(formatPrice(convertUsd('1.5', '1', 'USD', 'unit'), 'USD', 'unit')).toBe('1.50');
    expect(formatPrice('0.123400', 'EUR', 'unit')).toBe('0.1234');
  });

  it('allows the minor digits for a base price and 6 per unit', () => {
    expect(priceDigits('USD', 'base')).toBe(2);
    expect(priceDigits('JPY', 'base')).toBe(0);
    expect(priceDigits('KRW', 'base')).toBe(0);
    expect(priceDigits('JPY', 'unit')).toBe(6);
  });
});

describe('rates', () => {
  it('validates what an operator types', () => {
    expect(rateIssues('EUR', '0.92')).toEqual([]);
    expect(rateIssues('JPY', '147.5')).toEqual([]);
    expect(rateIssues('USD', '1.000')).toEqual([]);
    expect(rateIssues('USD', '1.1')[0]!.code).toBe('Fixed');
    expect(rateIssues('EUR', '0')[0]!.code).toBe('Minimum');
    expect(rateIssues('EUR', '-1')[0]!.code).toBe('NotADecimal');
    expect(rateIssues('EUR', 0.92)[0]!.code).toBe('NotADecimal');
    expect(rateIssues('EUR', '1e3')[0]!.code).toBe('NotADecimal');
    expect(rateIssues('EUR', '0.12345678901')[0]!.code).toBe('NotADecimal');
    expect(rateIssues('XAF', '600')[0]!.code).toBe('UnknownCurrency');
    expect(rateIssues('eur', '1')[0]!.code).toBe('UnknownCurrency');
  });

  it('knows the 16 market currencies, days and canonical rates', () => {
    expect(MARKET_CURRENCIES).toHaveLength(16);
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('1999-12-31')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(businessDate(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(formatRate('0.9000000000')).toBe('0.9');
    expect(formatRate('147.0000000000')).toBe('147');
  });
});
