/** The billing API's invoice shapes (GET /api/me/invoices, /api/admin/billing/invoices; see the OpenAPI at /docs). */

export type InvoiceStatus = 'due' | 'pending' | 'paid' | 'failed' | 'refunded' | 'settled';

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['due', 'pending', 'paid', 'failed', 'refunded', 'settled'];

export interface InvoiceSummary {
  invoiceId: string;
  number: string;
  tenantId: string;
  currency: string;
  /** The billing period's first and last day, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  /** Decimal strings. */
  subtotal: string;
  tax: string;
  total: string;
  status: InvoiceStatus;
  issuedAt: string;
  paidAt: string | null;
}

export interface InvoiceLine {
  lineNo: number;
  kind: string;
  correction: boolean;
  description: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  dimension: string | null;
  quantity: string | null;
  unitPrice: string | null;
  amount: string;
  /** A fraction: "0.1" is 10%. */
  taxRate: string;
  tax: string;
  taxCollectedBy: string;
  serviceStart: string;
  serviceEnd: string;
  billedOn: string;
  isTest: boolean;
}

export interface InvoicePayment {
  attempt: number;
  kind: string;
  amount: string;
  status: string;
  provider: string;
  reference: string | null;
  failureReason: string | null;
  attemptedAt: string;
  settledAt: string | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  lines: InvoiceLine[];
  payments: InvoicePayment[];
}
