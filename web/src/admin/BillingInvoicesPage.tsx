import { useState, type FormEvent } from 'react';
import { INVOICE_STATUSES, InvoiceStatusBadge, InvoiceView, formatAmount, invoiceStatusInfo, periodLabel, type InvoiceDetail, type InvoiceSummary } from '../customer/invoices/index.js';
import { ApiError, EmptyState, ErrorMessage, Link, Loading, PageHeader, formatDateTime, navigate, path, useApi, useLocation, useTitle } from '../ui/index.js';
import { GUID_PATTERN, isGuid } from './BillingInputs.js';

/** Operator console › Invoices: every customer's invoices, filtered by tenant and status (kept in the URL), and one invoice. */
export function BillingInvoicesPage() {
  useTitle('Invoices');
  const { search } = useLocation();
  const tenantId = search.get('tenantId') ?? '';
  const status = search.get('status') ?? '';
  const query = new URLSearchParams({ top: '200' });
  if (tenantId) query.set('tenantId', tenantId);
  if (status) query.set('status', status);
  const list = useApi<{ items: InvoiceSummary[] }>(`/api/admin/billing/invoices?${query.toString()}`);
  const [tenantInput, setTenantInput] = useState(tenantId);
  const [statusInput, setStatusInput] = useState(status);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const tenant = tenantInput.trim().toLowerCase();
    if (tenant && !isGuid(tenant)) {
      setFieldError('A tenant ID is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (or leave it empty for every customer).');
      return;
    }
    setFieldError(undefined);
    const next = new URLSearchParams();
    if (tenant) next.set('tenantId', tenant);
    if (statusInput) next.set('status', statusInput);
    const q = next.toString();
    navigate(`/admin/billing/invoices${q ? `?${q}` : ''}`);
  };

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Invoices" subtitle="The invoices of every billing account, newest first." />
      <section className="card" aria-labelledby="invoices-title">
        <div className="card-head">
          <h2 id="invoices-title">Invoices</h2>
          <button type="button" className="btn btn-secondary btn-small" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        </div>
        <form className="form-row filters" onSubmit={apply} noValidate aria-label="Filter invoices">
          <div className={`field${fieldError ? ' field-invalid' : ''}`}>
            <label htmlFor="invoice-tenant">Customer tenant ID</label>
            <input
              id="invoice-tenant"
              className="input-guid"
              pattern={GUID_PATTERN}
              value={tenantInput}
              onChange={(e) => setTenantInput(e.target.value)}
              placeholder="All customers"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'invoice-tenant-error' : undefined}
            />
            {fieldError && (
              <div className="field-error" id="invoice-tenant-error">
                {fieldError}
              </div>
            )}
          </div>
          <div className="field">
            <label htmlFor="invoice-status">Status</label>
            <select id="invoice-status" value={statusInput} onChange={(e) => setStatusInput(e.target.value)}>
              <option value="">All</option>
              {INVOICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {invoiceStatusInfo(s).label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-button">
            <button type="submit" className="btn btn-secondary">
              Filter
            </button>
          </div>
        </form>
        {list.error ? (
          <ErrorMessage error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <EmptyState>
            No invoices{tenantId || status ? ' match the filter' : ' yet'}. Invoices are issued by the monthly billing run; see <Link to="/admin/billing">Billing runs</Link>.
          </EmptyState>
        ) : (
          <table className="table table-clickable" data-testid="admin-invoices-table">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Customer tenant</th>
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
                <tr
                  key={i.invoiceId}
                  data-testid={`admin-invoice-${i.number}`}
                  onClick={() => navigate(path`/admin/billing/invoices/${i.invoiceId}`)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') navigate(path`/admin/billing/invoices/${i.invoiceId}`);
                  }}
                >
                  <td>
                    <Link to={path`/admin/billing/invoices/${i.invoiceId}`} onClick={(e) => e.stopPropagation()}>
                      {i.number}
                    </Link>
                  </td>
                  <td>
                    <code>{i.tenantId}</code>
                  </td>
                  <td>{periodLabel(i.periodStart, i.periodEnd)}</td>
                  <td className="amount">{formatAmount(i.total, i.currency)}</td>
                  <td>
                    <InvoiceStatusBadge status={i.status} />
                  </td>
                  <td>{formatDateTime(i.issuedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Operator console › Invoices › one invoice: the same view the customer has, with the tenant it bills. */
export function BillingInvoicePage({ invoiceId }: { invoiceId: string }) {
  const detail = useApi<InvoiceDetail>(path`/api/admin/billing/invoices/${invoiceId}`);
  useTitle(detail.data ? `Invoice ${detail.data.number}` : 'Invoice');
  const invoice = detail.data;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/admin/billing/invoices">Invoices</Link>
        {invoice && (
          <>
            {' '}
            › <span>{invoice.number}</span>
          </>
        )}
      </nav>
      {!invoice ? (
        detail.error ? (
          <ErrorMessage title={detail.error instanceof ApiError && detail.error.status === 404 ? 'No such invoice' : 'The invoice could not be loaded'} error={detail.error} onRetry={detail.reload} />
        ) : (
          <Loading label="Loading the invoice…" />
        )
      ) : (
        <>
          <PageHeader
            title={`Invoice ${invoice.number}`}
            subtitle={
              <>
                {periodLabel(invoice.periodStart, invoice.periodEnd)} · {formatAmount(invoice.total, invoice.currency)} ·{' '}
                <Link to={`/admin/billing/invoices?tenantId=${encodeURIComponent(invoice.tenantId)}`}>this customer's invoices</Link>
              </>
            }
          />
          <InvoiceView invoice={invoice} showTenant />
        </>
      )}
    </>
  );
}
