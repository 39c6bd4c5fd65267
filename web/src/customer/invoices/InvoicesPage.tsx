import { EmptyState, ErrorMessage, Link, Loading, PageHeader, Redirect, formatDateTime, path, useApi, useLocation, useSession, useTitle } from '../../ui/index.js';
import { formatAmount, periodLabel } from './invoiceFormat.js';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.js';
import type { InvoiceSummary } from './types.js';
import '../customer.css';
import './invoices.css';

/** "Invoices" at /invoices: the monthly invoices of the signed-in customer's organization, newest first. */
export function InvoicesPage() {
  useTitle('Invoices');
  const session = useSession();
  const { href } = useLocation();
  const list = useApi<{ items: InvoiceSummary[] }>(session.user ? '/api/me/invoices?top=200' : null);

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;

  const items = list.data?.items ?? [];
  return (
    <main id="main" className="customer-page">
      <PageHeader
        title="Invoices"
        subtitle="What your organization is billed for its marketplace subscriptions and usage, one invoice a month."
        actions={
          <button type="button" className="btn btn-secondary" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      />
      {list.error ? (
        <ErrorMessage title="Your invoices could not be loaded" error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading your invoices…" />
      ) : items.length === 0 ? (
        <EmptyState>
          <span data-testid="invoices-empty">
            No invoices yet. Invoices are issued monthly: early each month your organization gets one invoice for the previous month's subscription charges and
            usage, and its payment method is charged for it. See what you have bought in <Link to="/subscriptions">My subscriptions</Link>.
          </span>
        </EmptyState>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="invoices-table">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Billing period</th>
                <th scope="col" className="amount">
                  Total
                </th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.invoiceId} data-testid={`invoice-${i.number}`}>
                  <td>
                    <Link to={path`/invoices/${i.invoiceId}`}>{i.number}</Link>
                  </td>
                  <td>{periodLabel(i.periodStart, i.periodEnd)}</td>
                  <td className="amount" data-testid="invoice-row-total">
                    {formatAmount(i.total, i.currency)}
                  </td>
                  <td>
                    <InvoiceStatusBadge status={i.status} />
                  </td>
                  <td>{formatDateTime(i.issuedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
