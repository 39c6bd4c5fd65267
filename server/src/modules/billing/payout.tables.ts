import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';
import type { BillingTables } from './billing.tables.js';

/** The tables of migration 0020 (payouts, ADR 0018). numeric columns are decimal strings; dates `YYYY-MM-DD`. */

export type CarryReason =
  | 'NoTaxProfile'
  | 'TaxProfileNotValidated'
  | 'NoPayoutProfile'
  | 'PayoutProfileNotVerified'
  | 'PayoutHold'
  | 'NoExchangeRate'
  | 'BelowThreshold'
  | 'NegativeBalance';

export type RunTrigger = 'schedule' | 'operator';

export interface PayoutTables extends BillingTables {
  billing_payout_run: {
    run_id: string;
    month: string;
    cut_off: Date;
    payout_date: string;
    threshold_amount: string;
    threshold_currency: string;
    trigger: RunTrigger;
    triggered_by: string | null;
    started_at: Date;
    completed_at: Date;
    payouts: number;
    carried_forward: number;
  };
  billing_payout: {
    payout_id: string;
    run_id: string;
    account_id: string;
    month: string;
    payout_date: string;
    currency: string;
    amount: string;
    withholding: string;
    total: string;
    withholding_rate: string;
    bank_reference: string;
    earnings: number;
    created_at: Date;
  };
  billing_payout_line: {
    payout_id: string;
    line_no: number;
    earning_id: string;
    invoice_number: string;
    invoice_line_no: number;
    market: string;
    customer_usd_rate: string;
    customer_rate_date: string;
    payout_usd_rate: string;
    payout_rate_date: string;
    rate: string;
    base: string;
    amount: string;
    withholding: string;
  };
  billing_payout_carry: {
    run_id: string;
    account_id: string;
    reason: CarryReason;
    currency: string | null;
    total: string | null;
    threshold: string | null;
    earnings: number;
  };
  billing_fee_waiver: {
    subscription_id: string;
    account_id: string;
    purchase_date: string;
    ticket_opened_at: Date;
    note: string | null;
    waived_at: Date;
    waived_by: string;
  };
  billing_fee_waiver_earning: {
    earning_id: string;
    subscription_id: string;
    fee_rate_before: string;
    fee_before: string;
  };
}

export type PayoutRunRow = PayoutTables['billing_payout_run'];
export type PayoutRow = PayoutTables['billing_payout'];
export type PayoutLineRow = PayoutTables['billing_payout_line'];
export type PayoutCarryRow = PayoutTables['billing_payout_carry'];

export const pq = (x: Executor): Kysely<PayoutTables> => tables<PayoutTables>(x);
