import { describe, expect, it } from 'vitest';
import { Dec, addMoney, formatAmount, minorDigits, money, roundMoney } from './money.js';

const fmt = (amount: string | number, currency: string) => formatAmount(roundMoney(money(amount, currency)));

describe('money', () => {
  it('knows the minor digits of a currency (JPY 0, KWD 3, USD 2, unknown 2)', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('BHD')).toBe(3);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('jpy')).toBe(0);
  });

  it('rounds to the minor unit of each currency, half away from zero', () => {
    expect(fmt('100.5', 'JPY')).toBe('101');
    expect(fmt('100.49', 'JPY')).toBe('100');
    expect(fmt('-100.5', 'JPY')).toBe('-101');
    expect(fmt('1.2345', 'KWD')).toBe('1.235');
    expect(fmt('1.2344', 'KWD')).toBe('1.234');
    expect(fmt('2.5', 'KWD')).toBe('2.500');
    expect(fmt('1.005', 'USD')).toBe('1.01'); // 1.005 as a float is 1.00499999…, which rounds to 1.00
    expect(fmt('-1.005', 'USD')).toBe('-1.01');
    expect(fmt('0.125', 'USD')).toBe('0.13'); // half-up, not banker's rounding (which gives 0.12)
    expect(fmt('0.135', 'USD')).toBe('0.14');
    expect(roundMoney(money('1.005', 'USD')).amount.toString()).toBe('1.01');
  });

  it('formats with exactly the minor digits, rounding half-up itself', () => {
    expect(formatAmount(money('7', 'USD'))).toBe('7.00');
    expect(formatAmount(money('7', 'JPY'))).toBe('7');
    expect(formatAmount(money('7', 'KWD'))).toBe('7.000');
    expect(formatAmount(money('2.675', 'USD'))).toBe('2.68'); // (2.675).toFixed(2) === '2.67' with floats
    expect(formatAmount(money('123456789012345678901234567890.125', 'USD'))).toBe('123456789012345678901234567890.13');
    expect(formatAmount(money('0.0000001', 'USD'))).toBe('0.00');
  });

  it('has no negative zero: a tiny negative amount rounds to 0.00, not -0.00', () => {
    expect(formatAmount(money('-0.001', 'USD'))).toBe('0.00');
    expect(fmt('-0.4', 'JPY')).toBe('0');
    expect(roundMoney(money('-0.0004', 'KWD')).amount.isNegative()).toBe(false);
  });

  it('adds without floats: 0.1 + 0.2 is exactly 0.3', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the float trap this module exists to avoid
    const sum = addMoney(money('0.1', 'USD'), money('0.2', 'USD'));
    expect(sum.amount.equals(new Dec('0.3'))).toBe(true);
    expect(sum.amount.toString()).toBe('0.3');
    expect(sum.currency).toBe('USD');
    // Number inputs are taken by their shortest decimal representation, not their binary value.
    expect(addMoney(money(0.1, 'USD'), money(0.2, 'USD')).amount.toString()).toBe('0.3');
    let total = money('0', 'USD');
    for (let i = 0; i < 1000; i++) total = addMoney(total, money('0.01', 'USD'));
    expect(formatAmount(total)).toBe('10.00');
  });

  it('refuses to add different currencies', () => {
    expect(() => addMoney(money('1', 'USD'), money('1', 'EUR'))).toThrow(RangeError);
    expect(() => addMoney(money('1', 'USD'), money('1', 'EUR'))).toThrow(/USD.*EUR/);
  });

  it('rejects amounts that are not finite numbers and currencies that are not ISO codes', () => {
    expect(() => money(Number.NaN, 'USD')).toThrow(RangeError);
    expect(() => money(Number.POSITIVE_INFINITY, 'USD')).toThrow(RangeError);
    expect(() => money('abc', 'USD')).toThrow();
    expect(() => money('1', 'usd')).toThrow(RangeError);
    expect(() => money('1', 'US')).toThrow(RangeError);
  });

  it('keeps its decimal settings to itself', async () => {
    const { Decimal } = await import('decimal.js');
    expect(Dec.precision).toBe(40);
    expect(Decimal.precision).toBe(20); // the library default, untouched
    expect(new Dec('1').div(3).toString()).toHaveLength(42); // '0.' + 40 digits
  });
});
