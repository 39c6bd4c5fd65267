import { describe, expect, it } from 'vitest';
import { ApiError } from '../../ui/index.js';
import {
  fieldErrors,
  holdExplanation,
  monthLabel,
  payoutRequestBody,
  payoutStatusBadge,
  previousMonth,
  taxFormFor,
  taxFormState,
  taxRequestBody,
  taxStatusBadge,
  withholdingLabel,
  type PayoutFormState,
} from './financeModel.js';

describe('status badges', () => {
  it('names each state with a tone', () => {
    expect(taxStatusBadge(undefined)).toEqual({ label: 'Not started', tone: 'neutral' });
    expect(taxStatusBadge('Submitted').tone).toBe('info');
    expect(taxStatusBadge('Validated').tone).toBe('good');
    expect(taxStatusBadge('Invalid').tone).toBe('bad');
    expect(payoutStatusBadge('Reverifying')).toEqual({ label: 'Reverifying', tone: 'warn' });
    expect(payoutStatusBadge('Rejected').tone).toBe('bad');
    expect(payoutStatusBadge('Odd')).toEqual({ label: 'Odd', tone: 'neutral' });
  });
});

describe('the tax form and withholding', () => {
  it('picks W-9 for US persons, W-8BEN / W-8BEN-E otherwise', () => {
    expect(taxFormFor('Business', 'US', '')).toBe('W-9');
    expect(taxFormFor('Individual', 'DE', 'US')).toBe('W-9');
    expect(taxFormFor('Business', 'DE', 'US')).toBe('W-8BEN-E');
    expect(taxFormFor('Individual', 'DE', 'DE')).toBe('W-8BEN');
    expect(taxFormFor('Individual', '', 'DE')).toBeUndefined();
  });
  it('previews the withholding rate', () => {
    expect(withholdingLabel('W-9', '10')).toBe('0%');
    expect(withholdingLabel('W-8BEN', null)).toBe('30%');
    expect(withholdingLabel('W-8BEN', '12.5')).toBe('12.5%');
    expect(withholdingLabel('W-8BEN', '31')).toBe('30%');
    expect(withholdingLabel(undefined, null)).toBe('—');
  });
  it('sends only the fields that apply, with the derived form', () => {
    const form = { ...taxFormState(undefined), entityType: 'Business' as const, legalName: ' Contoso GmbH ', countryOfResidence: 'DE', citizenship: 'DE', line1: 'Hauptstr. 1', city: 'Berlin', claimTreaty: true, treatyRate: '5' };
    expect(taxRequestBody(form)).toEqual({
      entityType: 'Business',
      legalName: 'Contoso GmbH',
      countryOfResidence: 'DE',
      address: { line1: 'Hauptstr. 1', line2: null, city: 'Berlin', region: null, postalCode: null },
      taxForm: 'W-8BEN-E',
      taxId: null,
      treatyClaim: { country: 'DE', rate: '5' },
    });
    const us = taxRequestBody({ ...form, entityType: 'Individual', countryOfResidence: 'US', citizenship: 'US', taxId: '123-45-6789' });
    expect(us).toMatchObject({ taxForm: 'W-9', citizenship: 'US', taxId: '123-45-6789' });
    expect(us).not.toHaveProperty('treatyClaim');
  });
});

describe('payout request body', () => {
  const form: PayoutFormState = { payoutCurrency: 'EUR', accountHolderName: ' Contoso ', iban: 'de89 3704 0044 0532 0130 00', routingNumber: '021000021', accountNumber: '12345678', accountType: 'savings', swiftBic: 'deutdeff' };
  it("sends the scheme's fields only, or no bank account to keep the current one", () => {
    expect(payoutRequestBody(form, 'DE', 'IBAN', true)).toEqual({ payoutCurrency: 'EUR', bankAccount: { country: 'DE', accountHolderName: 'Contoso', iban: 'DE89370400440532013000' } });
    expect(payoutRequestBody(form, 'US', 'ABA', true)).toEqual({
      payoutCurrency: 'EUR',
      bankAccount: { country: 'US', accountHolderName: 'Contoso', routingNumber: '021000021', accountNumber: '12345678', accountType: 'savings' },
    });
    expect(payoutRequestBody(form, 'JP', 'SWIFT', true).bankAccount).toEqual({ country: 'JP', accountHolderName: 'Contoso', swiftBic: 'DEUTDEFF', accountNumber: '12345678' });
    expect(payoutRequestBody(form, 'DE', 'IBAN', false)).toEqual({ payoutCurrency: 'EUR' });
  });
});

describe('the hold explanation', () => {
  it('names months without shifting them by time zone', () => {
    expect(monthLabel('2031-04')).toBe('April 2031');
    expect(monthLabel('2031-01')).toBe('January 2031');
    expect(previousMonth('2031-01')).toBe('2030-12');
    expect(previousMonth('2031-10')).toBe('2031-09');
  });
  it("says which payout is decided and what a change before the cut-off does", () => {
    const text = holdExplanation({ currentPayoutMonth: '2031-03', currentPayoutHeld: false, nextPayoutMonth: '2031-04', nextPayoutHeld: true, nextCutOff: '2031-04-01T00:00:00.000Z' }, true);
    expect(text.current).toBe('March 2031 payout: not held. It was decided by your setting at the end of February 2031; changing it now does not affect it.');
    expect(text.next).toBe('April 2031 payout: on hold, as long as Hold my payment stays On until the end of March 2031 (UTC). To receive the April 2031 payout, turn it Off before then.');
    const off = holdExplanation({ currentPayoutMonth: '2031-05', currentPayoutHeld: true, nextPayoutMonth: '2031-06', nextPayoutHeld: false, nextCutOff: '2031-06-01T00:00:00.000Z' }, false);
    expect(off.current).toMatch(/^May 2031 payout: on hold/);
    expect(off.next).toMatch(/To hold the June 2031 payout, turn it On before then\.$/);
  });
});

describe('field errors', () => {
  it("places the server's errors on the form's fields by target", () => {
    const error = new ApiError(400, 'ValidationFailed', 'two problems', 'bankAccount.iban', [
      { code: 'ValidationFailed', message: 'bad iban', target: 'bankAccount.iban' },
      { code: 'ValidationFailed', message: 'bad city', target: 'body.address.city' },
    ]);
    expect(fieldErrors(error, ['bankAccount.iban', 'address.city'])).toEqual({ fields: { 'bankAccount.iban': 'bad iban', 'address.city': 'bad city' }, general: undefined });
    const unplaced = fieldErrors(error, ['bankAccount.iban']);
    expect(unplaced.fields).toEqual({ 'bankAccount.iban': 'bad iban' });
    expect(unplaced.general).toBe(error);
    const conflict = new ApiError(409, 'TaxProfileRequired', 'Submit the tax profile first');
    expect(fieldErrors(conflict, ['payoutCurrency'])).toEqual({ fields: {}, general: conflict });
    expect(fieldErrors(new Error('x'), []).general).toBeInstanceOf(Error);
  });
});
