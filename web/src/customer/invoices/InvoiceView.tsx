import { Badge, EmptyState, formatDateTime } from '../../ui/index.js';
import { formatAmount, formatDay, formatQuantity, formatRate, formatUnitPrice, paymentTone, periodLabel } from './invoiceFormat.js';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.js';
import type { InvoiceDetail } from './types.js';
import '../customer.css';
import './invoices.css';

/**
 * An invoice's facts, numbered lines, totals and payment attempts: the customer's invoice page and the operator's
 * view of any invoice show the same thing.
 */
export function InvoiceView({ invoice, showTenant = false }: { invoice: InvoiceDetail; showTenant?: boolean }) {
  const money = (amount: string) => formatAmount(amount, invoice.currency);
  const publisherTax = invoice.lines.some((l) => l.taxCollectedBy === 'publisher' && !/^0(\.0*)?$/.test(l.taxRate));
  return (
    <>
      <section className="card" aria-labelledby="invoice-facts-title">
        <h2 id="invoice-facts-title" className="sr-only">
          Summary
        </h2>
        <dl className="facts invoice-facts">
          <div className="fact-row">
            <dt>Invoice number</dt>
            <dd data-testid="invoice-number">{invoice.number}</dd>
          </div>
          <div className="fact-row">
            <dt>Billing period</dt>
            <dd title={`${invoice.periodStart} – ${invoice.periodEnd}`}>{periodLabel(invoice.periodStart, invoice.periodEnd)}</dd>
          </div>
          <div className="fact-row">
            <dt>Issued</dt>
            <dd>{formatDateTime(invoice.issuedAt)}</dd>
          </div>
          <div className="fact-row">
            <dt>Status</dt>
            <dd>
              <InvoiceStatusBadge status={invoice.status} />
              {invoice.paidAt && <span className="muted">on {formatDateTime(invoice.paidAt)}</span>}
            </dd>
          </div>
          {showTenant && (
            <div className="fact-row">
              <dt>Customer tenant</dt>
              <dd>
                <code>{invoice.tenantId}</code>
              </dd>
            </div>
          )}
          <div className="fact-row">
            <dt>Total</dt>
            <dd className="invoice-total-fact">{money(invoice.total)}</dd>
          </div>
        </dl>
      </section>

      <section className="card table-card" aria-labelledby="invoice-lines-title">
        <h2 id="invoice-lines-title" className="table-card-title">
          Lines
        </h2>
        {invoice.lines.length === 0 ? (
          <EmptyState>This invoice has no lines.</EmptyState>
        ) : (
          <table className="table" data-testid="invoice-lines">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Description</th>
                <th scope="col">Service period</th>
                <th scope="col" className="amount">
                  Quantity
                </th>
                <th scope="col" className="amount">
                  Unit price
                </th>
                <th scope="col" className="amount">
                  Amount
                </th>
                <th scope="col" className="amount">
                  Tax rate
                </th>
                <th scope="col" className="amount">
                  Tax
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((l) => (
                <tr key={l.lineNo} data-testid={`invoice-line-${l.lineNo}`} data-subscription={l.subscriptionId}>
                  <td>{l.lineNo}</td>
                  <td>
                    {l.description}
                    {l.isTest && (
                      <>
                        {' '}
                        <Badge tone="warn">Test</Badge>
                      </>
                    )}
                    <div className="muted invoice-line-ref">
                      {l.offerId} · {l.planId}
                      {l.dimension ? ` · ${l.dimension}` : ''}
                    </div>
                  </td>
                  <td className="nowrap">
                    {formatDay(l.serviceStart)} – {formatDay(l.serviceEnd)}
                  </td>
                  <td className="amount">{l.quantity === null ? '—' : formatQuantity(l.quantity)}</td>
                  <td className="amount">{l.unitPrice === null ? '—' : formatUnitPrice(l.unitPrice, invoice.currency)}</td>
                  <td className="amount" data-testid="line-amount">
                    {money(l.amount)}
                  </td>
                  <td className="amount">
                    {formatRate(l.taxRate)}
                    {l.taxCollectedBy === 'publisher' && !/^0(\.0*)?$/.test(l.taxRate) ? '*' : ''}
                  </td>
                  <td className="amount">{money(l.tax)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="invoice-totals">
              <tr>
                <th scope="row" colSpan={7} className="amount">
                  Subtotal
                </th>
                <td className="amount" data-testid="invoice-subtotal">
                  {money(invoice.subtotal)}
                </td>
              </tr>
              <tr>
                <th scope="row" colSpan={7} className="amount">
                  Tax
                </th>
                <td className="amount" data-testid="invoice-tax">
                  {money(invoice.tax)}
                </td>
              </tr>
              <tr className="invoice-grand-total">
                <th scope="row" colSpan={7} className="amount">
                  Total
                </th>
                <td className="amount" data-testid="invoice-total">
                  {money(invoice.total)}
                </td>
              </tr>
            </tfoot>
          </table>
        )}
        <p className="hint invoice-tax-note">
          {publisherTax ? '* Tax collected on behalf of the publisher, who remits it.' : 'Tax, where charged, is collected and remitted by the marketplace.'}
        </p>
      </section>

      <section className="card" aria-labelledby="invoice-payments-title">
        <h2 id="invoice-payments-title">Payments</h2>
        {invoice.payments.length === 0 ? (
          <EmptyState>{invoice.status === 'settled' ? 'Nothing to collect: the charges and credits cancel out.' : 'No payment attempted yet. The payment is collected shortly after the invoice is issued.'}</EmptyState>
        ) : (
          <table className="table" data-testid="invoice-payments">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Type</th>
                <th scope="col">Attempted</th>
                <th scope="col">Status</th>
                <th scope="col">Settled</th>
                <th scope="col" className="amount">
                  Amount
                </th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {invoice.payments.map((p) => (
                <tr key={`${p.attempt}-${p.kind}`} data-testid={`payment-${p.attempt}`}>
                  <td>{p.attempt}</td>
                  <td>{p.kind === 'refund' ? 'Refund' : p.kind === 'charge' ? 'Charge' : p.kind}</td>
                  <td>{formatDateTime(p.attemptedAt)}</td>
                  <td>
                    <span data-testid="payment-status" data-status={p.status}>
                      <Badge tone={paymentTone(p.status)}>{p.status}</Badge>
                    </span>
                    {p.failureReason && <div className="muted">{p.failureReason}</div>}
                  </td>
                  <td>{formatDateTime(p.settledAt)}</td>
                  <td className="amount">{money(p.amount)}</td>
                  <td>
                    {p.reference ? <code>{p.reference}</code> : '—'} <span className="muted">({p.provider})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
