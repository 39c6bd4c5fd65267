import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

/** numeric columns are decimal strings; date columns are `YYYY-MM-DD` strings (selected as `col::text`). */

export type InvoiceStatus = 'due' | 'pending' | 'paid' | 'failed' | 'refunded' | 'settled';
export type LineKind = 'recurring' | 'installment' | 'proration' | 'refund' | 'usage';
export type TaxCollector = 'platform' | 'publisher';
export type InstrumentBehavior = 'succeed' | 'fail' | 'delay';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed';
export type EarningStatus = 'pending' | 'available' | 'paid';

/** The tables of migration 0019. */
export interface BillingTables {
  billing_fee_rate: { effective_from: string; rate: string; created_at: Date; created_by: string };
  billing_tax_rate: { country: string; effective_from: string; rate: string; collected_by: TaxCollector; created_at: Date };
  billing_setting: { key: string; value: unknown; updated_at: Date };
  billing_invoice_counter: { year: number; last_number: number };
  billing_invoice: {
    invoice_id: string;
    number: string;
    tenant_id: string;
    currency: string;
    period_start: string;
    period_end: string;
    subtotal: string;
    tax: string;
    total: string;
    status: InvoiceStatus;
    issued_at: Date;
    paid_at: Date | null;
    run_id: string;
  };
  billing_invoice_line: {
    invoice_id: string;
    line_no: number;
    source_key: string;
    kind: LineKind;
    correction: boolean;
    description: string;
    subscription_id: string;
    account_id: string;
    offer_id: string;
    plan_id: string;
    dimension: string | null;
    quantity: string | null;
    unit_price: string | null;
    amount: string;
    tax_rate: string;
    tax: string;
    tax_collected_by: TaxCollector;
    service_start: string;
    service_end: string;
    billed_on: string;
    is_test: boolean;
    /** The subscription's market (the customer's billing country), migration 0022. */
    market: string;
  };
  billing_run: {
    run_id: string;
    period_start: string;
    period_end: string;
    started_at: Date;
    completed_at: Date;
    invoices: number;
    unchanged: number;
    pending_adjustments: number;
  };
  billing_sandbox_instrument: { tenant_id: string; behavior: InstrumentBehavior; updated_at: Date };
  billing_sandbox_charge: {
    reference: string;
    idempotency_key: string;
    tenant_id: string;
    amount: string;
    currency: string;
    status: PaymentStatus;
    settles_at: Date | null;
    created_at: Date;
  };
  billing_payment: {
    payment_id: string;
    invoice_id: string;
    attempt: number;
    provider: string;
    kind: 'charge' | 'refund';
    amount: string;
    currency: string;
    status: PaymentStatus;
    provider_reference: string | null;
    failure_reason: string | null;
    attempted_at: Date;
    settled_at: Date | null;
  };
  billing_earning: {
    earning_id: string;
    account_id: string;
    invoice_id: string;
    line_no: number;
    transaction_date: string;
    customer_tenant_id: string;
    subscription_id: string;
    offer_id: string;
    plan_id: string;
    kind: string;
    currency: string;
    gross: string;
    fee_rate: string;
    fee: string;
    net: string;
    tax_to_publisher: string;
    is_test: boolean;
    status: EarningStatus;
    available_at: Date | null;
    payout_id: string | null;
    created_at: Date;
  };
}

export type InvoiceRow = BillingTables['billing_invoice'];
export type InvoiceLineRow = BillingTables['billing_invoice_line'];
export type EarningRow = BillingTables['billing_earning'];
export type PaymentRow = BillingTables['billing_payment'];

export const bq = (x: Executor): Kysely<BillingTables> => tables<BillingTables>(x);
