import { ApiError, ErrorMessage, Link, Loading, Notice, PageHeader, Redirect, path, useApi, useLocation, useSession, useTitle } from '../../ui/index.js';
import { invoiceDocumentUrl, periodLabel } from './invoiceFormat.js';
import { InvoiceView } from './InvoiceView.js';
import type { InvoiceDetail } from './types.js';
import '../customer.css';
import './invoices.css';

/** One invoice at /invoices/:id: its lines, totals and payments, to download or print (save as PDF). */
export function InvoicePage({ invoiceId }: { invoiceId: string }) {
  const session = useSession();
  const { href } = useLocation();
  const detail = useApi<InvoiceDetail>(session.user ? path`/api/me/invoices/${invoiceId}` : null);
  useTitle(detail.data ? `Invoice ${detail.data.number}` : 'Invoice');

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;

  const invoice = detail.data;
  if (!invoice)
    return (
      <main id="main" className="customer-page customer-page-narrow">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link to="/invoices">Invoices</Link>
        </nav>
        {detail.error ? (
          <ErrorMessage
            title={detail.error instanceof ApiError && detail.error.status === 404 ? 'No such invoice of your organization' : 'The invoice could not be loaded'}
            error={detail.error}
            onRetry={detail.reload}
          />
        ) : (
          <Loading label="Loading the invoice…" />
        )}
      </main>
    );

  return (
    <main id="main" className="customer-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/invoices">Invoices</Link> › <span>{invoice.number}</span>
      </nav>
      <PageHeader
        title={`Invoice ${invoice.number}`}
        subtitle={periodLabel(invoice.periodStart, invoice.periodEnd)}
        actions={
          <div className="invoice-actions">
            <a className="btn btn-primary" href={invoiceDocumentUrl(invoice.invoiceId, true)} download={`invoice-${invoice.number}.html`} data-testid="invoice-download">
              Download
            </a>
            <a
              className="btn btn-secondary"
              href={invoiceDocumentUrl(invoice.invoiceId)}
              target="_blank"
              rel="noopener"
              title="Opens the invoice document in a new tab: print it, or choose Save as PDF as the printer."
              data-testid="invoice-print"
            >
              Print / save as PDF
            </a>
          </div>
        }
      />
      {invoice.status === 'failed' && (
        <Notice tone="warning">
          Collecting this invoice failed, and the subscriptions it bills are suspended. The payment is retried every few days; once it succeeds, the publishers are asked to
          reinstate them.
        </Notice>
      )}
      <InvoiceView invoice={invoice} />
    </main>
  );
}
