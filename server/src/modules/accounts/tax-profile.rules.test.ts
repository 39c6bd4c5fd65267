import { describe, expect, it } from 'vitest';
import { checkTaxProfile, einValid, individualTinValid, maskTaxId, requiredTaxForm, sameTaxProfile, withholdingRateFor, type TaxProfileInput } from './tax-profile.rules.js';

const address = { line1: '1 Main St', city: 'Redmond', region: 'WA', postalCode: '98052' };
const usIndividual: TaxProfileInput = { entityType: 'Individual', legalName: 'Ada Lovelace', countryOfResidence: 'US', citizenship: 'US', address, taxForm: 'W-9', taxId: '123-45-6789' };
const deBusiness: TaxProfileInput = { entityType: 'Business', legalName: 'Contoso GmbH', countryOfResidence: 'DE', address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115' }, taxForm: 'W-8BEN-E' };

const issuesOf = (input: TaxProfileInput) => {
  const r = checkTaxProfile(input);
  return r.ok ? [] : r.issues;
};

describe('SSN / ITIN (individuals on a W-9)', () => {
  it('accepts ddd-dd-dddd SSNs at the edges of the valid ranges', () => {
    expect(individualTinValid('001-01-0001')).toBe(true);
    expect(individualTinValid('665-99-9999')).toBe(true);
    expect(individualTinValid('667-01-0001')).toBe(true);
    expect(individualTinValid('899-99-9999')).toBe(true);
  });
  it('refuses area 000 and 666, group 00, serial 0000, and other layouts', () => {
    expect(individualTinValid('000-12-3456')).toBe(false);
    expect(individualTinValid('666-12-3456')).toBe(false);
    expect(individualTinValid('123-00-3456')).toBe(false);
    expect(individualTinValid('123-45-0000')).toBe(false);
    expect(individualTinValid('123456789')).toBe(false);
    expect(individualTinValid('123-45-678')).toBe(false);
    expect(individualTinValid('12-345-6789')).toBe(false);
    expect(individualTinValid('123-45-67890')).toBe(false);
  });
  it('accepts ITINs (9xx) only with their group ranges', () => {
    expect(individualTinValid('912-50-1234')).toBe(true);
    expect(individualTinValid('912-65-1234')).toBe(true);
    expect(individualTinValid('912-66-1234')).toBe(false);
    expect(individualTinValid('912-70-1234')).toBe(true);
    expect(individualTinValid('912-89-1234')).toBe(false);
    expect(individualTinValid('912-93-1234')).toBe(false);
    expect(individualTinValid('912-99-1234')).toBe(true);
    expect(individualTinValid('912-12-1234')).toBe(false);
  });
});

describe('EIN (businesses on a W-9)', () => {
  it('accepts dd-ddddddd with an assigned prefix', () => {
    expect(einValid('01-2345678')).toBe(true);
    expect(einValid('12-3456789')).toBe(true);
    expect(einValid('99-0000001')).toBe(true);
  });
  it('refuses prefixes the IRS never assigns, and other layouts', () => {
    expect(einValid('00-1234567')).toBe(false);
    expect(einValid('07-1234567')).toBe(false);
    expect(einValid('89-1234567')).toBe(false);
    expect(einValid('96-1234567')).toBe(false);
    expect(einValid('123456789')).toBe(false);
    expect(einValid('123-45-6789')).toBe(false);
    expect(einValid('12-345678')).toBe(false);
  });
});

describe('the tax form', () => {
  it('is W-9 for US persons (residents, and individuals who are US citizens abroad)', () => {
    expect(requiredTaxForm('Individual', 'US', 'FR')).toBe('W-9');
    expect(requiredTaxForm('Individual', 'DE', 'US')).toBe('W-9');
    expect(requiredTaxForm('Business', 'US', null)).toBe('W-9');
  });
  it('is W-8BEN for other individuals and W-8BEN-E for other entities', () => {
    expect(requiredTaxForm('Individual', 'DE', 'DE')).toBe('W-8BEN');
    expect(requiredTaxForm('Business', 'DE', null)).toBe('W-8BEN-E');
    // A business organized in Puerto Rico is a foreign entity for US tax.
    expect(requiredTaxForm('Business', 'PR', null)).toBe('W-8BEN-E');
  });
  it('refuses a mismatch with TaxFormMismatch', () => {
    expect(issuesOf({ ...deBusiness, taxForm: 'W-8BEN' })).toEqual([expect.objectContaining({ code: 'TaxFormMismatch', target: 'taxForm' })]);
    expect(issuesOf({ ...deBusiness, taxForm: 'W-9', taxId: '12-3456789' })).toEqual([expect.objectContaining({ code: 'TaxFormMismatch' })]);
    expect(issuesOf({ ...usIndividual, taxForm: 'W-8BEN', taxId: null })).toEqual([expect.objectContaining({ code: 'TaxFormMismatch' })]);
  });
});

describe('withholding', () => {
  it('is 0 on a W-9, 30 on a W-8 without a treaty, the claimed rate with one', () => {
    expect(withholdingRateFor('W-9', null)).toBe('0.00');
    expect(withholdingRateFor('W-8BEN', null)).toBe('30.00');
    expect(checkTaxProfile(usIndividual)).toMatchObject({ ok: true, value: { withholdingRate: '0.00' } });
    expect(checkTaxProfile(deBusiness)).toMatchObject({ ok: true, value: { withholdingRate: '30.00', treatyRate: null } });
    expect(checkTaxProfile({ ...deBusiness, treatyClaim: { country: 'DE', rate: 0 } })).toMatchObject({ ok: true, value: { withholdingRate: '0.00', treatyRate: '0.00' } });
    expect(checkTaxProfile({ ...deBusiness, treatyClaim: { country: 'DE', rate: 12.5 } })).toMatchObject({ ok: true, value: { withholdingRate: '12.50' } });
    expect(checkTaxProfile({ ...deBusiness, treatyClaim: { country: 'DE', rate: 30 } })).toMatchObject({ ok: true, value: { withholdingRate: '30.00' } });
  });
  it('takes treaty rates from 0 to 30 with at most 2 decimals, for the country of residence, on a W-8 only', () => {
    expect(issuesOf({ ...deBusiness, treatyClaim: { country: 'DE', rate: 30.01 } })).toEqual([expect.objectContaining({ target: 'treatyClaim.rate' })]);
    expect(issuesOf({ ...deBusiness, treatyClaim: { country: 'DE', rate: -1 } })).toEqual([expect.objectContaining({ target: 'treatyClaim.rate' })]);
    expect(issuesOf({ ...deBusiness, treatyClaim: { country: 'DE', rate: 5.125 } })).toEqual([expect.objectContaining({ target: 'treatyClaim.rate' })]);
    expect(issuesOf({ ...deBusiness, treatyClaim: { country: 'FR', rate: 5 } })).toEqual([expect.objectContaining({ target: 'treatyClaim.country' })]);
    expect(issuesOf({ ...usIndividual, treatyClaim: { country: 'US', rate: 0 } })).toEqual([expect.objectContaining({ target: 'treatyClaim' })]);
  });
});

describe('the rest of the profile', () => {
  it('needs the US TIN on a W-9, in the layout of the entity type', () => {
    expect(issuesOf({ ...usIndividual, taxId: null })).toEqual([expect.objectContaining({ target: 'taxId' })]);
    expect(issuesOf({ ...usIndividual, taxId: '12-3456789' })).toEqual([expect.objectContaining({ target: 'taxId' })]);
    const usBusiness: TaxProfileInput = { ...usIndividual, entityType: 'Business', citizenship: null, legalName: 'Contoso Inc.', taxId: '12-3456789' };
    expect(checkTaxProfile(usBusiness).ok).toBe(true);
    expect(issuesOf({ ...usBusiness, taxId: '123-45-6789' })).toEqual([expect.objectContaining({ target: 'taxId' })]);
  });
  it('takes an optional foreign TIN on a W-8 as free text', () => {
    expect(checkTaxProfile({ ...deBusiness, taxId: 'DE 123/456/78901' })).toMatchObject({ ok: true, value: { taxId: 'DE 123/456/78901' } });
    expect(issuesOf({ ...deBusiness, taxId: 'x'.repeat(51) })).toEqual([expect.objectContaining({ target: 'taxId' })]);
  });
  it('wants a supported publisher country of residence, and a citizenship for individuals only', () => {
    expect(issuesOf({ ...deBusiness, countryOfResidence: 'CN' })).toEqual([expect.objectContaining({ target: 'countryOfResidence' })]);
    expect(issuesOf({ ...deBusiness, countryOfResidence: 'ZZ' })).toEqual([expect.objectContaining({ target: 'countryOfResidence' })]);
    expect(issuesOf({ ...deBusiness, citizenship: 'DE' })).toEqual([expect.objectContaining({ target: 'citizenship' })]);
    expect(issuesOf({ ...usIndividual, citizenship: null })).toEqual([expect.objectContaining({ target: 'citizenship' })]);
    // A citizen of a country that cannot host publishers may reside in one that can.
    expect(checkTaxProfile({ entityType: 'Individual', legalName: 'Li Wei', countryOfResidence: 'DE', citizenship: 'CN', address: deBusiness.address, taxForm: 'W-8BEN' }).ok).toBe(true);
  });
  it('wants a US address with a state and a ZIP code', () => {
    expect(issuesOf({ ...usIndividual, address: { ...address, region: 'XX' } })).toEqual([expect.objectContaining({ target: 'address.region' })]);
    expect(issuesOf({ ...usIndividual, address: { ...address, postalCode: '9805' } })).toEqual([expect.objectContaining({ target: 'address.postalCode' })]);
    expect(checkTaxProfile({ ...usIndividual, address: { ...address, region: 'wa', postalCode: '98052-6399' } })).toMatchObject({ ok: true, value: { address: { region: 'WA' } } });
  });
  it('reports every problem at once', () => {
    expect(issuesOf({ ...usIndividual, legalName: ' ', taxId: '000-00-0000', address: { line1: '', city: '' } }).map((i) => i.target)).toEqual([
      'legalName',
      'address.line1',
      'address.city',
      'address.region',
      'address.postalCode',
      'taxId',
    ]);
  });
  it('masks the TIN but its last 4 digits', () => {
    expect(maskTaxId('123-45-6789')).toBe('***-**-6789');
    expect(maskTaxId('12-3456789')).toBe('**-***6789');
    expect(maskTaxId('DE12345678901')).toBe('****8901');
    expect(maskTaxId(null)).toBeNull();
  });
  it('sees the same content as no change', () => {
    const a = checkTaxProfile(usIndividual);
    const b = checkTaxProfile({ ...usIndividual, legalName: ' Ada  Lovelace ' });
    const c = checkTaxProfile({ ...usIndividual, taxId: '123-45-6780' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('setup');
    expect(sameTaxProfile(a.value, b.value)).toBe(true);
    expect(sameTaxProfile(a.value, c.value)).toBe(false);
  });
});
