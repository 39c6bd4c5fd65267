import { Dec, minorDigits } from '../../platform/money.js';
import type { InvoiceDetail } from './invoice.service.js';

/**
 * The invoice as a standalone HTML document (what the customer downloads or prints to PDF): no scripts, no external
 * resources, every value escaped.
 */

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function amount(value: string, currency: string): string {
  return `${new Dec(value).toFixed(minorDigits(currency))} ${currency}`;
}

const percent = (rate: string): string => `${new Dec(rate).times(100).toDecimalPlaces(4).toString()}%`;

const STATUS: Record<InvoiceDetail['status'], string> = {
  due: 'Payment due',
  pending: 'Payment processing',
  paid: 'Paid',
  failed: 'Payment failed',
  refunded: 'Refunded',
  settled: 'Nothing to pay',
};

export function invoiceHtml(invoice: InvoiceDetail, seller: { name: string; url: string }, customer: { name: string }): string {
  const rows = invoice.lines
    .map(
      (l) => `<tr>
  <td>${l.lineNo}</td>
  <td>${escape(l.description)}${l.isTest ? ' <em>(test purchase)</em>' : ''}<br><small>${escape(l.offerId)} · ${escape(l.planId)} · ${escape(l.serviceStart)} – ${escape(l.serviceEnd)}</small></td>
  <td class="num">${l.quantity === null ? '' : escape(new Dec(l.quantity).toString())}</td>
  <td class="num">${l.unitPrice === null ? '' : escape(new Dec(l.unitPrice).toString())}</td>
  <td class="num">${amount(l.amount, invoice.currency)}</td>
  <td class="num">${percent(l.taxRate)}${l.taxCollectedBy === 'publisher' && !new Dec(l.taxRate).isZero() ? '*' : ''}</td>
  <td class="num">${amount(l.tax, invoice.currency)}</td>
</tr>`,
    )
    .join('\n');
  const publisherTax = invoice.lines.some((l) => l.taxCollectedBy === 'publisher' && !new Dec(l.taxRate).isZero());
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${escape(invoice.number)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: 600; border: none; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
small { color: #555; }
</style>
</head>
<body>
<h1>Invoice ${escape(invoice.number)}</h1>
<p>${escape(seller.name)} · <a href="${escape(seller.url)}">${escape(seller.url)}</a></p>
<div class="meta">
  <span>Billed to</span><span>${escape(customer.name)} (tenant ${escape(invoice.tenantId)})</span>
  <span>Billing period</span><span>${escape(invoice.periodStart)} – ${escape(invoice.periodEnd)}</span>
  <span>Issued</span><span>${escape(invoice.issuedAt.slice(0, 10))}</span>
  <span>Status</span><span>${STATUS[invoice.status]}${invoice.paidAt ? ` (${escape(invoice.paidAt.slice(0, 10))})` : ''}</span>
</div>
<table>
<thead><tr><th>#</th><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Amount</th><th class="num">Tax rate</th><th class="num">Tax</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
<tr><td colspan="6" class="num">Subtotal</td><td class="num">${amount(invoice.subtotal, invoice.currency)}</td></tr>
<tr><td colspan="6" class="num">Tax</td><td class="num">${amount(invoice.tax, invoice.currency)}</td></tr>
<tr><td colspan="6" class="num">Total</td><td class="num">${amount(invoice.total, invoice.currency)}</td></tr>
</tfoot>
</table>
${publisherTax ? '<p><small>* Tax collected on behalf of the publisher, who remits it.</small></p>' : '<p><small>Tax, where charged, is collected and remitted by the marketplace.</small></p>'}
</body>
</html>
`;
}
