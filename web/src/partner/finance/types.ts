/**
 * The shapes of the tax and payout profile APIs (GET/PUT /api/accounts/:accountId/tax-profile and /payout-profile,
 * PATCH .../payout-profile, GET /api/finance/reference; schemas TaxProfile and PayoutProfile).
 */

export type EntityType = 'Individual' | 'Business';
export type TaxFormName = 'W-9' | 'W-8BEN' | 'W-8BEN-E';
export type BankScheme = 'IBAN' | 'ABA' | 'SWIFT';

export interface FinanceEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: { kind: string; id: string | null };
  at: string;
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
}

export interface TaxProfile {
  accountId: string;
  entityType: EntityType;
  legalName: string;
  countryOfResidence: string;
  citizenship: string | null;
  address: Address;
  taxForm: TaxFormName;
  taxIdMasked: string | null;
  treatyClaim: { country: string; rate: number } | null;
  withholdingRate: number;
  /** Submitted, Validated or Invalid. */
  status: string;
  statusReason: string | null;
  revision: number;
  submittedAt: string;
  validationDueAt: string | null;
  decidedAt: string | null;
  history: FinanceEvent[];
}

export interface HoldSummary {
  currentPayoutMonth: string;
  currentPayoutHeld: boolean;
  nextPayoutMonth: string;
  nextPayoutHeld: boolean;
  nextCutOff: string;
}

export interface PayoutProfile {
  accountId: string;
  payoutCurrency: string;
  bankAccount: {
    country: string;
    accountHolderName: string;
    scheme: BankScheme;
    ibanMasked: string | null;
    routingNumber: string | null;
    accountNumberMasked: string | null;
    accountType: 'checking' | 'savings' | null;
    swiftBic: string | null;
  };
  bankReference: string;
  /** Submitted, Verified, Reverifying or Rejected. */
  status: string;
  statusReason: string | null;
  revision: number;
  bankSubmittedAt: string;
  verificationDueAt: string | null;
  verifiedAt: string | null;
  holdPayment: boolean;
  hold: HoldSummary;
  holdHistory: { holdPayment: boolean; changedAt: string; changedBy: string }[];
  history: FinanceEvent[];
}

export interface PublisherCountry {
  code: string;
  name: string;
  bankScheme: BankScheme;
  ibanPrefix: string | null;
  ibanLength: number | null;
}

export interface FinanceReference {
  publisherCountries: PublisherCountry[];
  citizenshipCountries: { code: string; name: string }[];
  usStates: string[];
  payoutCurrencies: string[];
  maxTreatyRate: number;
  defaultWithholdingRate: number;
  validationDelayHours: number;
}
