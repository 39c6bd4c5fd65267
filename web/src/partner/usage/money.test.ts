import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, formatPrice, formatQuantity, isDecimal, sumDecimals } from './money.js';

describe('money', () => {
  it("formats amounts with the currency's decimals, and more when a price has them", () => {
    expect(formatMoney('2.500000', 'USD', 'en-US')).toBe('$2.50');
    expect(formatMoney('0.01', 'USD', 'en-US')).toBe('$0.01');
    expect(formatMoney('0.005', 'USD', 'en-US')).toBe('$0.005');
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney('0.1234567', 'USD', 'en-US')).toBe('$0.123457');
    expect(formatMoney('-3', 'USD', 'en-US')).toBe('-$3.00');
    expect(formatMoney('1500', 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney('12.5', 'EUR', 'de-DE')).toMatch(/^12,50\s€$/);
  });
  it('never rounds through a binary float', () => {
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney(0.1 + 0.2, 'USD', 'en-US')).toBe('$0.30');
  });
  it('falls back for an unknown currency code and a non-number', () => {
    expect(formatMoney('12', 'XXXX', 'en-US')).toBe('12.00 XXXX');
    expect(formatMoney('n/a', 'USD', 'en-US')).toBe('n/a');
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('??')).toBe(2);
  });
  it('shows a missing price as such', () => {
    expect(formatPrice(null, 'USD', 'en-US')).toBe('No price');
    expect(formatPrice('0.50', 'USD', 'en-US')).toBe('$0.50');
  });
  it('formats quantities exactly', () => {
    expect(formatQuantity('1250', 'en-US')).toBe('1,250');
    expect(formatQuantity('2.500000', 'en-US')).toBe('2.5');
    expect(formatQuantity(1e-7, 'en-US')).toBe('0.0000001');
    expect(formatQuantity(1000000, 'en-US')).toBe('1,000,000');
    expect(isDecimal('1.5')).toBe(true);
    expect(isDecimal('1e3')).toBe(false);
  });
  it('adds decimal strings exactly', () => {
    expect(sumDecimals(['2.500000', '0.1', '0.2'])).toBe('2.8');
    expect(sumDecimals(['1', '-1.25'])).toBe('-0.25');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['0.000001', 'x'])).toBe('0.000001');
  });
});
