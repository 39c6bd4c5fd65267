import { describe, expect, it } from 'vitest';
import { CITIZENSHIP_COUNTRIES, NON_PUBLISHER_COUNTRIES, PAYOUT_CURRENCIES, PUBLISHER_COUNTRIES, PUBLISHER_COUNTRY_ENTRIES, US_STATES } from './finance.countries.js';
import { PAYOUT_TRANSITIONS, TAX_TRANSITIONS, bankChangeAction, payoutTransition, taxTransition } from './finance.state.js';

describe('supported publisher countries (spec/08 §1.16)', () => {
  it("has the reference's 245 entries on 243 codes (Saba and Sint Eustatius are in BQ)", () => {
    expect(PUBLISHER_COUNTRY_ENTRIES).toHaveLength(245);
    expect(new Set(PUBLISHER_COUNTRY_ENTRIES.map(([name]) => name)).size).toBe(245);
    expect(PUBLISHER_COUNTRIES.size).toBe(243);
    expect(PUBLISHER_COUNTRIES.get('BQ')).toBe('Bonaire, Sint Eustatius and Saba');
    expect(PUBLISHER_COUNTRIES.get('XK')).toBe('Kosovo');
    for (const code of PUBLISHER_COUNTRIES.keys()) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('leaves out China, Cuba, Iran, North Korea, Sudan and Syria, which citizenship still accepts', () => {
    for (const code of Object.keys(NON_PUBLISHER_COUNTRIES)) {
      expect(PUBLISHER_COUNTRIES.has(code)).toBe(false);
      expect(CITIZENSHIP_COUNTRIES.has(code)).toBe(true);
    }
    expect(CITIZENSHIP_COUNTRIES.size).toBe(249);
  });

  it('pays in the 16 marketplace currencies; US states have 57 codes', () => {
    expect([...PAYOUT_CURRENCIES].sort()).toEqual(['AUD', 'BRL', 'CAD', 'CHF', 'DKK', 'EUR', 'GBP', 'INR', 'JPY', 'KRW', 'NOK', 'NZD', 'RUB', 'SEK', 'TWD', 'USD']);
    expect(new Set(US_STATES).size).toBe(57);
  });
});

describe('profile states', () => {
  it('submits a tax profile from any state; the decisions go one way each', () => {
    for (const from of ['NotStarted', 'Submitted', 'Validated', 'Invalid'] as const) expect(taxTransition('Submit', from)).toBe('Submitted');
    expect(taxTransition('Validate', 'Submitted')).toBe('Validated');
    expect(taxTransition('Validate', 'Validated')).toBeUndefined();
    expect(taxTransition('Invalidate', 'Invalid')).toBeUndefined();
    expect(taxTransition('Validate', 'NotStarted')).toBeUndefined();
    expect(Object.keys(TAX_TRANSITIONS)).toHaveLength(3);
  });

  it('reverifies a verified bank account that changes; otherwise submits it afresh', () => {
    expect(bankChangeAction('Verified')).toBe('ChangeBank');
    expect(bankChangeAction('Reverifying')).toBe('ChangeBank');
    expect(bankChangeAction('Submitted')).toBe('Submit');
    expect(bankChangeAction('Rejected')).toBe('Submit');
    expect(payoutTransition('ChangeBank', 'Verified')).toBe('Reverifying');
    expect(payoutTransition('Verify', 'Reverifying')).toBe('Verified');
    expect(payoutTransition('Verify', 'Verified')).toBeUndefined();
    expect(payoutTransition('Reject', 'Rejected')).toBeUndefined();
    expect(Object.keys(PAYOUT_TRANSITIONS)).toHaveLength(4);
  });
});
