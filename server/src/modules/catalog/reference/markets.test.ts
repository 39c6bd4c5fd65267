import { describe, expect, it } from 'vitest';
import {
  CONSULTING_CURRENCIES,
  MARKETS,
  MARKET_CURRENCIES,
  PURCHASABLE_MARKETS,
  TAX_REMITTED_MARKETS,
  currencyForPurchase,
  marketByCode,
} from './markets.js';

/** The 16 all-offer-type currencies spec/08 §1.12 lists. */
const SPEC_CURRENCIES = ['USD', 'EUR', 'AUD', 'BRL', 'CAD', 'CHF', 'DKK', 'GBP', 'INR', 'JPY', 'KRW', 'NOK', 'NZD', 'RUB', 'SEK', 'TWD'];

describe('markets', () => {
  it('has the 141 purchasable markets plus China, restricted to free and BYOL VM images', () => {
    expect(MARKETS).toHaveLength(142);
    expect(PURCHASABLE_MARKETS).toHaveLength(141);
    expect(PURCHASABLE_MARKETS.every((m) => m.restriction === undefined)).toBe(true);
    const restricted = MARKETS.filter((m) => m.restriction !== undefined);
    expect(restricted.map((m) => [m.code, m.restriction])).toEqual([['CN', 'FreeAndByolVmOnly']]);
    expect(PURCHASABLE_MARKETS.some((m) => m.code === 'CN')).toBe(false);
  });

  it('has unique upper-case ISO-2 codes and unique names', () => {
    const codes = MARKETS.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(MARKETS.map((m) => m.name)).size).toBe(MARKETS.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('uses only the 16 currencies of the reference table, all 3-letter codes', () => {
    for (const m of MARKETS) {
      expect(m.currency).toMatch(/^[A-Z]{3}$/);
      expect(SPEC_CURRENCIES).toContain(m.currency);
    }
    expect(MARKET_CURRENCIES).toEqual([...SPEC_CURRENCIES].sort());
    expect(MARKET_CURRENCIES).toHaveLength(16);
  });

  it('gives consulting currencies as sorted ISO codes that always include EUR and USD', () => {
    for (const m of PURCHASABLE_MARKETS) {
      expect(m.consultingCurrencies).toEqual([...m.consultingCurrencies].sort());
      expect(m.consultingCurrencies).toEqual(expect.arrayContaining(['EUR', 'USD']));
      for (const c of m.consultingCurrencies) expect(c).toMatch(/^[A-Z]{3}$/);
    }
    expect(marketByCode('CN')?.consultingCurrencies).toEqual([]);
    expect(CONSULTING_CURRENCIES).toEqual(expect.arrayContaining(['EUR', 'USD', 'XOF', 'ZAR']));
  });

  it('spot checks the reference table', () => {
    const pick = (code: string) => {
      const m = marketByCode(code);
      return m && { name: m.name, currency: m.currency, consulting: m.consultingCurrencies, tax: m.taxRemitted };
    };
    expect(pick('US')).toEqual({ name: 'United States', currency: 'USD', consulting: ['EUR', 'USD'], tax: false });
    expect(pick('DE')).toEqual({ name: 'Germany', currency: 'EUR', consulting: ['EUR', 'USD'], tax: false });
    expect(pick('JP')).toEqual({ name: 'Japan', currency: 'JPY', consulting: ['EUR', 'JPY', 'USD'], tax: false });
    expect(pick('GB')).toEqual({ name: 'United Kingdom', currency: 'GBP', consulting: ['EUR', 'GBP', 'USD'], tax: false });
    expect(pick('BR')).toEqual({ name: 'Brazil', currency: 'BRL', consulting: ['BRL', 'EUR', 'USD'], tax: false });
    expect(pick('IN')).toEqual({ name: 'India', currency: 'INR', consulting: ['EUR', 'INR', 'USD'], tax: false });
    expect(pick('AU')).toEqual({ name: 'Australia', currency: 'AUD', consulting: ['AUD', 'EUR', 'USD'], tax: true });
    expect(pick('FJ')?.currency).toBe('AUD');
    expect(pick('FO')?.currency).toBe('DKK');
    expect(pick('LI')).toEqual({ name: 'Liechtenstein', currency: 'EUR', consulting: ['CHF', 'EUR', 'USD'], tax: false });
    expect(pick('CI')?.name).toBe("Côte d'Ivoire");
  });

  it('marks as tax remitted exactly the markets the reference names as Microsoft-managed (L945-946)', () => {
    expect(TAX_REMITTED_MARKETS.map((m) => m.code)).toEqual(['AU', 'NG', 'TH']);
    expect(marketByCode('NG')?.taxRemitted).toBe(true);
    expect(marketByCode('TH')?.taxRemitted).toBe(true);
  });

  it('looks markets up case-insensitively', () => {
    expect(marketByCode('us')?.code).toBe('US');
    expect(marketByCode('Gb')?.name).toBe('United Kingdom');
    expect(marketByCode(' de ')?.code).toBe('DE');
    expect(marketByCode('XX')).toBeUndefined();
    expect(marketByCode('')).toBeUndefined();
  });

  it('uses USD for CSP purchases in Brazil only', () => {
    const br = marketByCode('BR')!;
    expect(currencyForPurchase(br)).toBe('BRL');
    expect(currencyForPurchase(br, 'Csp')).toBe('USD');
    expect(currencyForPurchase(marketByCode('JP')!, 'Csp')).toBe('JPY');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(MARKETS)).toBe(true);
    expect(Object.isFrozen(MARKETS[0])).toBe(true);
    expect(Object.isFrozen(MARKETS[0]!.consultingCurrencies)).toBe(true);
  });
});
