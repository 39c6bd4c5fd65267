import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import type { InvoiceLineRow, InvoiceRow, PaymentRow } from './billing.tables.js';
import { findInvoice, invoiceLines, invoicesOf, paymentsOf } from './invoice.store.js';

/** Invoices as the customer (and the operator) sees them. */

export interface InvoiceSummary {
  invoiceId: string;
  number: string;
  tenantId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  subtotal: string;
  tax: string;
  total: string;
  status: InvoiceRow['status'];
  issuedAt: string;
  paidAt: string | null;
}

export interface InvoiceLineView {
  lineNo: number;
  kind: InvoiceLineRow['kind'];
  correction: boolean;
  description: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  dimension: string | null;
  quantity: string | null;
  unitPrice: string | null;
  amount: string;
  taxRate: string;
  tax: string;
  taxCollectedBy: InvoiceLineRow['tax_collected_by'];
  serviceStart: string;
  serviceEnd: string;
  billedOn: string;
  isTest: boolean;
}

export interface InvoiceDetail extends InvoiceSummary {
  lines: InvoiceLineView[];
  payments: { attempt: number; kind: PaymentRow['kind']; amount: string; status: PaymentRow['status']; provider: string; reference: string | null; failureReason: string | null; attemptedAt: string; settledAt: string | null }[];
}

export function invoiceSummary(i: InvoiceRow): InvoiceSummary {
  return {
    invoiceId: i.invoice_id,
    number: i.number,
    tenantId: i.tenant_id,
    currency: i.currency,
    periodStart: i.period_start,
    periodEnd: i.period_end,
    subtotal: i.subtotal,
    tax: i.tax,
    total: i.total,
    status: i.status,
    issuedAt: i.issued_at.toISOString(),
    paidAt: i.paid_at?.toISOString() ?? null,
  };
}

function lineView(l: InvoiceLineRow): InvoiceLineView {
  return {
    lineNo: l.line_no,
    kind: l.kind,
    correction: l.correction,
    description: l.description,
    subscriptionId: l.subscription_id,
    offerId: l.offer_id,
    planId: l.plan_id,
    dimension: l.dimension,
    quantity: l.quantity,
    unitPrice: l.unit_price,
    amount: l.amount,
    taxRate: l.tax_rate,
    tax: l.tax,
    taxCollectedBy: l.tax_collected_by,
    serviceStart: l.service_start,
    serviceEnd: l.service_end,
    billedOn: l.billed_on,
    isTest: l.is_test,
  };
}

export async function listInvoices(x: Executor, filter: { tenantId?: string | undefined; status?: InvoiceRow['status'] | undefined; top: number; skip: number }): Promise<InvoiceSummary[]> {
  return (await invoicesOf(x, { tenantId: filter.tenantId, status: filter.status, limit: filter.top, offset: filter.skip })).map(invoiceSummary);
}

/** One invoice with its lines and payments; `tenantId` limits it to that billing account (a customer's view). */
export async function invoiceDetail(x: Executor, invoiceId: string, tenantId?: string): Promise<Result<InvoiceDetail>> {
  const invoice = isGuid(invoiceId) ? await findInvoice(x, invoiceId.toLowerCase()) : undefined;
  if (!invoice || (tenantId !== undefined && invoice.tenant_id !== tenantId)) return fail('NotFound', 'There is no invoice with this id for your organization.', { target: 'invoiceId' });
  const [lines, payments] = await Promise.all([invoiceLines(x, invoice.invoice_id), paymentsOf(x, invoice.invoice_id)]);
  return ok({
    ...invoiceSummary(invoice),
    lines: lines.map(lineView),
    payments: payments.map((p) => ({
      attempt: p.attempt,
      kind: p.kind,
      amount: p.amount,
      status: p.status,
      provider: p.provider,
      reference: p.provider_reference,
      failureReason: p.failure_reason,
      attemptedAt: p.attempted_at.toISOString(),
      settledAt: p.settled_at?.toISOString() ?? null,
    })),
  });
}
