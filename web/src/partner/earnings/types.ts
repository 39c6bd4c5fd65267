/**
 * The shapes of the earnings and payouts API (ADR 0018): GET /api/accounts/:accountId/earnings, /transactions,
 * /payouts and /payouts/:payoutId. Amounts are decimal strings with the currency's minor digits.
 */

export type EarningStatus = 'pending' | 'available' | 'paid';

export interface Totals {
  currency: string;
  earnings: number;
  gross: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  /** net + tax to the publisher, by status. */
  pending: string;
  available: string;
  paid: string;
}

export interface MonthTotals extends Totals {
  /** YYYY-MM of the transaction dates. */
  month: string;
}

export interface EarningsSummary {
  accountId: string;
  totals: Totals[];
  months: MonthTotals[];
}

export interface Earning {
  earningId: string;
  transactionDate: string;
  customerTenantId: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  kind: string;
  invoiceNumber: string;
  lineNo: number;
  currency: string;
  gross: string;
  feeRate: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  isTest: boolean;
  feeWaived: boolean;
  status: EarningStatus;
  availableAt: string | null;
  payoutId: string | null;
}

export interface TransactionPage {
  items: Earning[];
  total: number;
  top: number;
  skip: number;
}

export type CarryReason =
  | 'NoTaxProfile'
  | 'TaxProfileNotValidated'
  | 'NoPayoutProfile'
  | 'PayoutProfileNotVerified'
  | 'PayoutHold'
  | 'NoExchangeRate'
  | 'BelowThreshold'
  | 'NegativeBalance';

export interface PayoutSummary {
  payoutId: string;
  accountId: string;
  month: string;
  payoutDate: string;
  currency: string;
  amount: string;
  withholding: string;
  total: string;
  withholdingRate: string;
  bankReference: string;
  earnings: number;
  createdAt: string;
}

export interface CarriedForward {
  month: string;
  reason: CarryReason;
  currency: string | null;
  total: string | null;
  threshold: string | null;
  earnings: number;
}

export interface PayoutList {
  items: PayoutSummary[];
  carriedForward: CarriedForward[];
}

export interface StatementLine {
  lineNo: number;
  earningId: string;
  transactionDate: string;
  customerTenantId: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  kind: string;
  invoiceNumber: string;
  invoiceLine: number;
  market: string;
  isTest: boolean;
  currency: string;
  gross: string;
  feeRate: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  rate: string;
  customerUsdRate: string;
  payoutUsdRate: string;
  rateDate: string;
  amount: string;
  withholding: string;
}

export interface Statement extends PayoutSummary {
  lines: StatementLine[];
  totals: {
    byCurrency: { currency: string; earnings: number; gross: string; fee: string; net: string; taxToPublisher: string }[];
    amount: string;
    withholding: string;
    total: string;
  };
}
