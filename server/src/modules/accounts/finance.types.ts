import { fail } from '../../platform/errors.js';
import type { BankScheme } from './bank-account.js';
import type { PayoutStatus, TaxStatus } from './finance.state.js';
import type { FinanceEventRow } from './finance.tables.js';
import type { PayoutMonth } from './payout-profile.hold.js';
import type { Address, EntityType, TaxForm } from './tax-profile.rules.js';

/**
 * The automatic checks run this long after a submission, on the business clock: within the reference's "up to 48
 * hours" for tax profiles (L1260), and the same for bank accounts (ADR 0015).
 */
export const TAX_VALIDATION_DELAY_MS = 24 * 3_600_000;
export const PAYOUT_VERIFICATION_DELAY_MS = 24 * 3_600_000;

/** Who changed a profile: a member of the account (a person or an application), an operator, or the jobs. */
export interface FinanceActor {
  kind: 'user' | 'app' | 'operator' | 'system';
  id: string | null;
}
export const SYSTEM_ACTOR: FinanceActor = { kind: 'system', id: null };

export interface FinanceEventView {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: FinanceActor;
  at: string;
}

export const eventView = (e: FinanceEventRow): FinanceEventView => ({
  action: e.action,
  fromStatus: e.from_status,
  toStatus: e.to_status,
  reason: e.reason,
  actor: { kind: e.actor_kind, id: e.actor_id },
  at: e.at.toISOString(),
});

export interface TaxProfileView {
  accountId: string;
  entityType: EntityType;
  legalName: string;
  countryOfResidence: string;
  citizenship: string | null;
  address: Address;
  taxForm: TaxForm;
  /** The TIN with all but its last 4 digits masked; null when none was given (optional on a W-8). */
  taxIdMasked: string | null;
  treatyClaim: { country: string; rate: number } | null;
  /** Percent withheld from sales into the US. */
  withholdingRate: number;
  status: TaxStatus;
  statusReason: string | null;
  revision: number;
  submittedAt: string;
  /** When the validation job decides a Submitted profile; null once it is decided. */
  validationDueAt: string | null;
  decidedAt: string | null;
  history: FinanceEventView[];
}

export interface BankAccountView {
  country: string;
  accountHolderName: string;
  scheme: BankScheme;
  ibanMasked: string | null;
  routingNumber: string | null;
  accountNumberMasked: string | null;
  accountType: 'checking' | 'savings' | null;
  swiftBic: string | null;
}

export interface PayoutHoldSummary {
  /** The month whose payout is decided already (by the hold at the end of the previous month), and whether it is held. */
  currentPayoutMonth: PayoutMonth;
  currentPayoutHeld: boolean;
  /** The next month's payout follows the setting at `nextCutOff` (the end of this month). */
  nextPayoutMonth: PayoutMonth;
  nextPayoutHeld: boolean;
  nextCutOff: string;
}

export interface PayoutProfileView {
  accountId: string;
  payoutCurrency: string;
  bankAccount: BankAccountView;
  /** The bank account's identification with its account number masked, e.g. "IBAN ****3000". */
  bankReference: string;
  status: PayoutStatus;
  statusReason: string | null;
  revision: number;
  bankSubmittedAt: string;
  /** When the verification job decides a Submitted or Reverifying profile; null otherwise. */
  verificationDueAt: string | null;
  verifiedAt: string | null;
  holdPayment: boolean;
  hold: PayoutHoldSummary;
  holdHistory: { holdPayment: boolean; changedAt: string; changedBy: string }[];
  history: FinanceEventView[];
}

/** Why an account gets no payout for a month, in the order they are checked. */
export type PayoutIneligibleReason = 'NoTaxProfile' | 'TaxProfileNotValidated' | 'NoPayoutProfile' | 'PayoutProfileNotVerified' | 'PayoutHold';

/** What the payout run needs to know about an account for a payout month. */
export interface PayoutEligibility {
  accountId: string;
  payoutMonth: PayoutMonth;
  eligible: boolean;
  /** The first reason the account is not paid, when it is not. */
  reason?: PayoutIneligibleReason;
  /** The currency to pay in; null without a payout profile. */
  payoutCurrency: string | null;
  /** Percent to withhold from sales into the US, as a decimal string ("30.00"); null without a tax profile. */
  withholdingRate: string | null;
  /** The bank account with its number masked ("IBAN ****3000"), for statements; null without a payout profile. */
  bankReference: string | null;
  /** Whether the payout hold governs this month's payout (the hold at the end of the previous month). */
  hold: boolean;
}

/** One failure carrying every problem found: the first one's code, message and target, all of them as details. */
export function invalid<C extends string>(issues: readonly { code: C; message: string; target: string }[]) {
  const first = issues[0]!;
  const message = issues.length === 1 ? first.message : `${issues.length} problems: ${issues.map((i) => i.message).join(' ')}`;
  return fail(first.code, message, { target: first.target, details: issues.map((i) => ({ ...i })) });
}
