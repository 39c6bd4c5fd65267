import { Dec } from '../../platform/money.js';
import { maskTail } from './bank-account.js';
import { CITIZENSHIP_COUNTRIES, PUBLISHER_COUNTRIES, US_STATES, isCitizenshipCountry, isPublisherCountry } from './finance.countries.js';

/**
 * The tax profile's rules (spec/01 §1.10, reference L1289-1313), as pure functions: which US tax form a publisher
 * files, the taxpayer identification number's format, treaty claims and the withholding rate they give.
 *
 * - Every publisher files a US form: W-9 for US persons, W-8BEN for other individuals, W-8BEN-E for other entities.
 *   A US person is an individual who is a US citizen or resident, or an entity resident (organized) in the US.
 * - W-9 needs the US TIN: an individual's SSN (or ITIN) as ddd-dd-dddd, a business's EIN as dd-ddddddd.
 *   A W-8's foreign TIN is optional free text (an ITIN is not required, L1297).
 * - A treaty claim (W-8BEN Part II, W-8BEN-E Part III) names the treaty country, which is the country of residence,
 *   and a rate of 0 to 30%.
 * - Withholding (on sales into the US only): W-9 0%; W-8 30% unless a treaty rate is claimed (L1303-1309).
 */

export const ENTITY_TYPES = ['Individual', 'Business'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export const TAX_FORMS = ['W-9', 'W-8BEN', 'W-8BEN-E'] as const;
export type TaxForm = (typeof TAX_FORMS)[number];

/** The statutory rate withheld from non-US persons without a treaty claim (reference L1305). */
export const DEFAULT_WITHHOLDING_RATE = '30.00';
export const MAX_TREATY_RATE = 30;

export interface AddressInput {
  line1: string;
  line2?: string | null | undefined;
  city: string;
  region?: string | null | undefined;
  postalCode?: string | null | undefined;
}

export interface TaxProfileInput {
  entityType: string;
  legalName: string;
  countryOfResidence: string;
  citizenship?: string | null | undefined;
  address: AddressInput;
  taxForm: string;
  taxId?: string | null | undefined;
  treatyClaim?: { country: string; rate: number | string } | null | undefined;
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
}

/** A checked tax profile in normal form. Rates are percentages as decimal strings with 2 places ("30.00"). */
export interface TaxProfileData {
  entityType: EntityType;
  legalName: string;
  countryOfResidence: string;
  citizenship: string | null;
  address: Address;
  taxForm: TaxForm;
  taxId: string | null;
  treatyCountry: string | null;
  treatyRate: string | null;
  withholdingRate: string;
}

export interface TaxIssue {
  code: 'ValidationFailed' | 'TaxFormMismatch';
  message: string;
  target: string;
}

export function isUsPerson(entityType: EntityType, countryOfResidence: string, citizenship: string | null): boolean {
  return countryOfResidence === 'US' || (entityType === 'Individual' && citizenship === 'US');
}

export function requiredTaxForm(entityType: EntityType, countryOfResidence: string, citizenship: string | null): TaxForm {
  if (isUsPerson(entityType, countryOfResidence, citizenship)) return 'W-9';
  return entityType === 'Individual' ? 'W-8BEN' : 'W-8BEN-E';
}

/**
 * An individual's US TIN on a W-9, ddd-dd-dddd: an SSN (area 001-899 but 666, group 01-99, serial 0001-9999), or an
 * ITIN (area 9xx with group 50-65, 70-88, 90-92 or 94-99), which resident aliens without an SSN use.
 */
export function individualTinValid(tin: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(tin);
  if (!m) return false;
  const area = Number(m[1]);
  const group = Number(m[2]);
  const serial = Number(m[3]);
  if (serial === 0) return false;
  if (area >= 900) return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
  return area !== 0 && area !== 666 && group !== 0;
}

/** The EIN prefixes the IRS assigns (campus and internet prefixes); 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79, 89, 96-97 are never issued. */
const EIN_PREFIXES = new Set([
  1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
  48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90,
  91, 92, 93, 94, 95, 98, 99,
]);

/** A business's EIN: dd-ddddddd with a prefix the IRS assigns. */
export function einValid(ein: string): boolean {
  const m = /^(\d{2})-(\d{7})$/.exec(ein);
  return !!m && EIN_PREFIXES.has(Number(m[1]));
}

/** The withholding rate a form and treaty claim give, as a percentage with 2 decimals. */
export function withholdingRateFor(taxForm: TaxForm, treatyRate: string | null): string {
  if (taxForm === 'W-9') return '0.00';
  return treatyRate ?? DEFAULT_WITHHOLDING_RATE;
}

const TEXT = /^[^\p{Cc}\p{Cf}]*$/u;
const clean = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ');

/** Checks a tax profile and returns it in normal form, or every problem found (each with its field as `target`). */
export function checkTaxProfile(input: TaxProfileInput): { ok: true; value: TaxProfileData } | { ok: false; issues: TaxIssue[] } {
  const issues: TaxIssue[] = [];
  const issue = (target: string, message: string, code: TaxIssue['code'] = 'ValidationFailed') => issues.push({ code, message, target });
  const text = (target: string, value: string | null | undefined, max: number, required: boolean): string | null => {
    const v = clean(value);
    if (!v) {
      if (required) issue(target, `${target} is required.`);
      return null;
    }
    if (v.length > max || !TEXT.test(v)) issue(target, `${target} must be at most ${max} characters, without control characters.`);
    return v;
  };

  const entityType = input.entityType as EntityType;
  if (!ENTITY_TYPES.includes(entityType)) issue('entityType', 'The entity type is Individual or Business.');
  const legalName = text('legalName', input.legalName, 200, true) ?? '';
  const country = clean(input.countryOfResidence).toUpperCase();
  if (!isPublisherCountry(country))
    issue('countryOfResidence', `${country || 'The country'} is not a country where a publisher can reside (give an ISO 3166 two-letter code of a supported publisher country).`);

  let citizenship: string | null = clean(input.citizenship).toUpperCase() || null;
  if (entityType === 'Individual') {
    if (!citizenship) issue('citizenship', 'An individual gives a citizenship (an ISO 3166 two-letter country code).');
    else if (!isCitizenshipCountry(citizenship)) issue('citizenship', `${citizenship} is not a known country code.`);
  } else if (citizenship) {
    issue('citizenship', 'Citizenship applies to individuals; a business gives its country of residence only.');
    citizenship = null;
  }

  const address: Address = {
    line1: text('address.line1', input.address.line1, 200, true) ?? '',
    line2: text('address.line2', input.address.line2, 200, false),
    city: text('address.city', input.address.city, 100, true) ?? '',
    region: text('address.region', input.address.region, 100, false),
    postalCode: text('address.postalCode', input.address.postalCode, 20, false),
  };
  if (country === 'US') {
    address.region = address.region?.toUpperCase() ?? null;
    if (!address.region || !US_STATES.includes(address.region)) issue('address.region', 'A US address needs its state as a two-letter code (e.g. WA).');
    if (!address.postalCode || !/^\d{5}(-\d{4})?$/.test(address.postalCode)) issue('address.postalCode', 'A US address needs a ZIP code: 5 digits, or ZIP+4 (ddddd-dddd).');
  }

  const taxForm = input.taxForm as TaxForm;
  const known = ENTITY_TYPES.includes(entityType) && PUBLISHER_COUNTRIES.has(country) && (entityType !== 'Individual' || (citizenship !== null && CITIZENSHIP_COUNTRIES.has(citizenship)));
  if (!TAX_FORMS.includes(taxForm)) issue('taxForm', 'The tax form is W-9, W-8BEN or W-8BEN-E.');
  else if (known) {
    const required = requiredTaxForm(entityType, country, citizenship);
    if (taxForm !== required) {
      const who = required === 'W-9' ? 'a US person' : entityType === 'Individual' ? 'an individual who is not a US person' : 'a business that is not a US person';
      issue('taxForm', `${required} is the form for ${who}; ${taxForm} does not apply.`, 'TaxFormMismatch');
    }
  }

  let taxId: string | null = clean(input.taxId) || null;
  if (taxForm === 'W-9') {
    if (!taxId) issue('taxId', entityType === 'Business' ? 'A W-9 needs the business EIN (dd-ddddddd).' : 'A W-9 needs your SSN or ITIN (ddd-dd-dddd).');
    else if (entityType === 'Business' && !einValid(taxId)) issue('taxId', 'An EIN is dd-ddddddd with a prefix the IRS assigns (e.g. 12-3456789).');
    else if (entityType === 'Individual' && !individualTinValid(taxId)) issue('taxId', 'An SSN or ITIN is ddd-dd-dddd (an SSN never starts with 000, 666 or 9, and has no 00 group or 0000 serial).');
  } else if (taxId && (taxId.length > 50 || !TEXT.test(taxId))) {
    issue('taxId', 'The foreign tax identification number must be at most 50 characters, without control characters.');
    taxId = null;
  }

  let treatyCountry: string | null = null;
  let treatyRate: string | null = null;
  if (input.treatyClaim) {
    if (taxForm === 'W-9') issue('treatyClaim', 'Treaty benefits are claimed on a W-8 (W-8BEN Part II, W-8BEN-E Part III); a W-9 has no withholding to reduce.');
    else {
      treatyCountry = clean(input.treatyClaim.country).toUpperCase();
      if (treatyCountry !== country)
        issue('treatyClaim.country', `A treaty claim is for the country of residence (${country || 'not given'}): the treaty between the United States and that country.`);
      const raw = String(input.treatyClaim.rate).trim();
      const rate = /^\d+(\.\d+)?$/.test(raw) ? new Dec(raw) : null;
      if (!rate || rate.gt(MAX_TREATY_RATE) || rate.decimalPlaces() > 2) issue('treatyClaim.rate', 'The treaty rate is a percentage from 0 to 30, with at most 2 decimals.');
      else treatyRate = rate.toFixed(2);
    }
  }

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      entityType,
      legalName,
      countryOfResidence: country,
      citizenship,
      address,
      taxForm,
      taxId,
      treatyCountry,
      treatyRate,
      withholdingRate: withholdingRateFor(taxForm, treatyRate),
    },
  };
}

/** The TIN with all but its last 4 digits masked, keeping the form's layout: "***-**-6789", "**-***6789". */
export function maskTaxId(taxId: string | null): string | null {
  if (!taxId) return null;
  if (/^\d{3}-\d{2}-\d{4}$/.test(taxId)) return `***-**-${taxId.slice(-4)}`;
  if (/^\d{2}-\d{7}$/.test(taxId)) return `**-***${taxId.slice(-4)}`;
  return maskTail(taxId);
}

/** Two profiles with the same content: submitting it again changes nothing. */
export function sameTaxProfile(a: TaxProfileData, b: TaxProfileData): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const canonical = (p: TaxProfileData) => [
  p.entityType,
  p.legalName,
  p.countryOfResidence,
  p.citizenship,
  p.address.line1,
  p.address.line2,
  p.address.city,
  p.address.region,
  p.address.postalCode,
  p.taxForm,
  p.taxId,
  p.treatyCountry,
  p.treatyRate,
];
