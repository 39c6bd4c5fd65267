import { describe, expect, it } from 'vitest';
import { bicProblem, formatIban, ibanProblem, ibanRemainder, normalizeIban, routingProblem } from './bankChecks.js';

describe('IBAN in the browser', () => {
  it('accepts a known-good IBAN, typed with spaces or lower case', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 00', 'DE', 22)).toBeUndefined();
    expect(ibanProblem('gb29nwbk60161331926819', 'GB', 22)).toBeUndefined();
    expect(ibanProblem('FR14 2004 1010 0505 0001 3M02 606', 'FR', 27)).toBeUndefined();
    expect(ibanRemainder('DE89370400440532013000')).toBe(1);
  });
  it('catches one digit off, and check digits 99 that MOD 97 alone would pass', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 01', 'DE', 22)).toMatch(/not valid/);
    expect(ibanProblem('DE02370400440532013014', 'DE', 22)).toBeUndefined();
    expect(ibanProblem('DE99370400440532013014', 'DE', 22)).toMatch(/not valid/);
  });
  it("checks the country's prefix and length", () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 00', 'FR', 27)).toMatch(/starts with FR/);
    expect(ibanProblem('DE89 3704 0044 0532 0130 0', 'DE', 22)).toMatch(/22 characters; this one has 21/);
    expect(ibanProblem('', 'DE', 22)).toMatch(/Enter/);
    expect(ibanProblem('DE89-3704', 'DE', 22)).toMatch(/letters and digits/);
  });
  it('formats in groups of four', () => {
    expect(formatIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(normalizeIban(' DE89 3704 ')).toBe('DE893704');
  });
});

describe('routing number and BIC in the browser', () => {
  it('checks the ABA check digit', () => {
    expect(routingProblem('021000021')).toBeUndefined();
    expect(routingProblem(' 011000015 ')).toBeUndefined();
    expect(routingProblem('021000022')).toMatch(/not valid/);
    expect(routingProblem('02100002')).toMatch(/9 digits/);
  });
  it("checks a BIC's layout", () => {
    expect(bicProblem('DEUTDEFF')).toBeUndefined();
    expect(bicProblem('deutdeff500')).toBeUndefined();
    expect(bicProblem('DEUTDEF')).toMatch(/8 or 11/);
    expect(bicProblem('DEU1DEFF')).toMatch(/8 or 11/);
    expect(bicProblem(' ')).toMatch(/Enter/);
  });
});
