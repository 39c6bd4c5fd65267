import { ApiError } from '../../ui/index.js';
import type { BankScheme, EntityType, HoldSummary, PayoutProfile, TaxFormName, TaxProfile } from './types.js';

/** The page's logic without React: status badges, the form the publisher files, the hold's explanation, request bodies. */

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function taxStatusBadge(status: string | undefined): { label: string; tone: Tone } {
  switch (status) {
    case undefined:
      return { label: 'Not started', tone: 'neutral' };
    case 'Submitted':
      return { label: 'Submitted: validating', tone: 'info' };
    case 'Validated':
      return { label: 'Validated', tone: 'good' };
    case 'Invalid':
      return { label: 'Invalid', tone: 'bad' };
    default:
      return { label: status, tone: 'neutral' };
  }
}

export function payoutStatusBadge(status: string | undefined): { label: string; tone: Tone } {
  switch (status) {
    case undefined:
      return { label: 'Not started', tone: 'neutral' };
    case 'Submitted':
      return { label: 'Submitted: verifying', tone: 'info' };
    case 'Verified':
      return { label: 'Verified', tone: 'good' };
    case 'Reverifying':
      return { label: 'Reverifying', tone: 'warn' };
    case 'Rejected':
      return { label: 'Rejected', tone: 'bad' };
    default:
      return { label: status, tone: 'neutral' };
  }
}

/** The US form a publisher files: W-9 for US persons (US residents, and individuals who are US citizens), W-8 otherwise. */
export function taxFormFor(entityType: EntityType, countryOfResidence: string, citizenship: string): TaxFormName | undefined {
  if (!countryOfResidence) return undefined;
  if (countryOfResidence === 'US' || (entityType === 'Individual' && citizenship === 'US')) return 'W-9';
  return entityType === 'Individual' ? 'W-8BEN' : 'W-8BEN-E';
}

export const TAX_FORM_HELP: Record<TaxFormName, string> = {
  'W-9': 'IRS form W-9, for US persons. No tax is withheld.',
  'W-8BEN': 'IRS form W-8BEN, for individuals who are not US persons. 30% of sales into the US is withheld unless you claim a treaty rate.',
  'W-8BEN-E': 'IRS form W-8BEN-E, for entities that are not US persons. 30% of sales into the US is withheld unless you claim a treaty rate.',
};

/** The withholding a form and an optional treaty rate give, as the page shows it ("30%", "12.5%"). */
export function withholdingLabel(form: TaxFormName | undefined, treatyRate: string | null): string {
  if (!form) return '—';
  if (form === 'W-9') return '0%';
  const rate = treatyRate?.trim();
  return rate && /^\d+(\.\d{1,2})?$/.test(rate) && Number(rate) <= 30 ? `${Number(rate)}%` : '30%';
}

/** "2031-04" → "April 2031" (the month itself, never shifted by the browser's time zone). */
export function monthLabel(month: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat(locale ?? 'en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * What the hold means now: the current month's payout was decided by the setting at the end of last month; the
 * next month's follows the setting at the end of this one (the cut-off, `hold.nextCutOff`), which a change before then
 * still moves. Months are UTC, as the server counts them.
 */
export function holdExplanation(hold: HoldSummary, holdPayment: boolean, locale?: string): { current: string; next: string } {
  const current = monthLabel(hold.currentPayoutMonth, locale);
  const next = monthLabel(hold.nextPayoutMonth, locale);
  const decidedBy = monthLabel(previousMonth(hold.currentPayoutMonth), locale);
  return {
    current: `${current} payout: ${hold.currentPayoutHeld ? 'on hold' : 'not held'}. It was decided by your setting at the end of ${decidedBy}; changing it now does not affect it.`,
    next: `${next} payout: ${hold.nextPayoutHeld ? 'on hold' : 'not held'}, as long as Hold my payment stays ${holdPayment ? 'On' : 'Off'} until the end of ${current} (UTC). To ${hold.nextPayoutHeld ? `receive the ${next} payout, turn it Off` : `hold the ${next} payout, turn it On`} before then.`,
  };
}

/**
 * Spreads a server error over the form's fields by target ("bankAccount.iban", "body.address.city" → "address.city").
 * What names no field of the form stays general, shown above it.
 */
export function fieldErrors(error: unknown, fields: readonly string[]): { fields: Record<string, string>; general: unknown } {
  if (!(error instanceof ApiError)) return { fields: {}, general: error };
  const known = new Set(fields);
  const out: Record<string, string> = {};
  let unplaced = false;
  const place = (target: string | undefined, message: string) => {
    const field = target?.replace(/^body[./]/, '').replace(/\//g, '.');
    if (field && known.has(field)) out[field] ??= message;
    else unplaced = true;
  };
  if (error.details.length) for (const d of error.details) place(d.target, d.message);
  else place(error.target, error.message);
  return { fields: out, general: unplaced ? error : undefined };
}

export interface TaxFormState {
  entityType: EntityType;
  legalName: string;
  countryOfResidence: string;
  citizenship: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  taxId: string;
  claimTreaty: boolean;
  treatyRate: string;
}

export function taxFormState(profile: TaxProfile | undefined): TaxFormState {
  return {
    entityType: profile?.entityType ?? 'Business',
    legalName: profile?.legalName ?? '',
    countryOfResidence: profile?.countryOfResidence ?? '',
    citizenship: profile?.citizenship ?? '',
    line1: profile?.address.line1 ?? '',
    line2: profile?.address.line2 ?? '',
    city: profile?.address.city ?? '',
    region: profile?.address.region ?? '',
    postalCode: profile?.address.postalCode ?? '',
    // The TIN is never sent back: it is entered again with each submission.
    taxId: '',
    claimTreaty: !!profile?.treatyClaim,
    treatyRate: profile?.treatyClaim ? String(profile.treatyClaim.rate) : '',
  };
}

/** The PUT tax-profile body of the form: the form follows from the answers, the fields that do not apply are left out. */
export function taxRequestBody(form: TaxFormState): Record<string, unknown> {
  const taxForm = taxFormFor(form.entityType, form.countryOfResidence, form.citizenship);
  const optional = (v: string) => (v.trim() ? v.trim() : null);
  return {
    entityType: form.entityType,
    legalName: form.legalName.trim(),
    countryOfResidence: form.countryOfResidence,
    ...(form.entityType === 'Individual' ? { citizenship: form.citizenship || null } : {}),
    address: { line1: form.line1.trim(), line2: optional(form.line2), city: form.city.trim(), region: optional(form.region), postalCode: optional(form.postalCode) },
    taxForm: taxForm ?? 'W-8BEN-E',
    taxId: optional(form.taxId),
    ...(taxForm !== 'W-9' && form.claimTreaty ? { treatyClaim: { country: form.countryOfResidence, rate: form.treatyRate.trim() } } : {}),
  };
}

export interface PayoutFormState {
  payoutCurrency: string;
  accountHolderName: string;
  iban: string;
  routingNumber: string;
  accountNumber: string;
  accountType: 'checking' | 'savings';
  swiftBic: string;
}

export function payoutFormState(profile: PayoutProfile | undefined, legalName: string): PayoutFormState {
  return {
    payoutCurrency: profile?.payoutCurrency ?? 'USD',
    accountHolderName: profile?.bankAccount.accountHolderName ?? legalName,
    iban: '',
    routingNumber: profile?.bankAccount.routingNumber ?? '',
    accountNumber: '',
    accountType: profile?.bankAccount.accountType ?? 'checking',
    swiftBic: profile?.bankAccount.swiftBic ?? '',
  };
}

/** The PUT payout-profile body: the bank fields of the country's scheme only, or no bank account to keep the current one. */
export function payoutRequestBody(form: PayoutFormState, country: string, scheme: BankScheme, withBank: boolean): Record<string, unknown> {
  if (!withBank) return { payoutCurrency: form.payoutCurrency };
  const bank: Record<string, string> = { country, accountHolderName: form.accountHolderName.trim() };
  if (scheme === 'IBAN') bank.iban = form.iban.replace(/\s+/g, '').toUpperCase();
  if (scheme === 'ABA') Object.assign(bank, { routingNumber: form.routingNumber.trim(), accountNumber: form.accountNumber.trim(), accountType: form.accountType });
  if (scheme === 'SWIFT') Object.assign(bank, { swiftBic: form.swiftBic.trim().toUpperCase(), accountNumber: form.accountNumber.trim() });
  return { payoutCurrency: form.payoutCurrency, bankAccount: bank };
}
