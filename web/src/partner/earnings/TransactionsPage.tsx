import { Badge, EmptyState, ErrorMessage, Link, Loading, PageHeader, navigate, useApi, useLocation, useTitle, type MyAccount } from '../../ui/index.js';
import { formatMoney } from '../usage/money.js';
import { EarningsFilterForm, FINANCE_ROLES_NOTE } from './EarningsFilters.js';
import { PAGE_SIZE, filtersFrom, pageText, payoutHref, percent, statusOf, transactionsCsvUrl, transactionsHref, transactionsUrl } from './earningsModel.js';
import type { TransactionPage } from './types.js';
import './earnings.css';

/** Partner Center › Earnings › Transactions: one row per invoice line, newest first, paged; CSV of all. */
export function TransactionsPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Transactions`);
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const skip = Math.max(0, Math.floor(Number(search.get('skip')) || 0));
  const allowed = account.actions.includes('finance.read');
  const page = useApi<TransactionPage>(allowed ? transactionsUrl(account.accountId, filters, { top: PAGE_SIZE, skip }) : null);

  if (!allowed)
    return (
      <>
        <PageHeader title="Transactions" />
        <EmptyState>{FINANCE_ROLES_NOTE}</EmptyState>
      </>
    );

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/partner/earnings">Earnings</Link> › <span>Transactions</span>
      </nav>
      <PageHeader
        title="Transactions"
        subtitle="Every invoice line of your sales: what the customer paid, the store service fee, what you earn, and the payout that sent it."
        actions={
          <a className="btn btn-secondary" href={transactionsCsvUrl(account.accountId, filters)} download="transactions.csv" data-testid="transactions-csv">
            Download CSV
          </a>
        }
      />
      <section className="card">
        <EarningsFilterForm key={search.toString()} applied={filters} hrefOf={(f) => transactionsHref(f)} label="Filter transactions" />
        {page.error ? (
          <ErrorMessage title="The transactions could not be loaded" error={page.error} onRetry={page.reload} />
        ) : !page.data ? (
          <Loading label="Loading transactions…" />
        ) : page.data.items.length === 0 ? (
          <EmptyState>No transactions{skip ? ' on this page' : ''}.</EmptyState>
        ) : (
          <>
            <div className="table-scroll">
              <table className="table" data-testid="transactions-table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Offer · plan</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Invoice</th>
                    <th scope="col" className="num">
                      Gross
                    </th>
                    <th scope="col" className="num">
                      Fee
                    </th>
                    <th scope="col" className="num">
                      Net
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.items.map((e) => {
                    const status = statusOf(e.status);
                    return (
                      <tr key={e.earningId}>
                        <td>{e.transactionDate}</td>
                        <td>
                          <code>{e.offerId}</code>
                          <div className="muted">
                            {e.planId} · {e.kind}
                            {e.isTest ? ' · test' : ''}
                          </div>
                        </td>
                        <td>
                          <code title={e.customerTenantId}>{e.customerTenantId.slice(0, 8)}…</code>
                        </td>
                        <td>
                          {e.invoiceNumber} <span className="muted">line {e.lineNo}</span>
                        </td>
                        <td className="num">{formatMoney(e.gross, e.currency)}</td>
                        <td className="num" title={e.feeWaived ? 'Waived: a test purchase' : `${percent(e.feeRate)} store service fee`}>
                          {formatMoney(e.fee, e.currency)}
                          {e.feeWaived && <div className="muted">waived</div>}
                        </td>
                        <td className="num">{formatMoney(e.net, e.currency)}</td>
                        <td>
                          <Badge tone={status.tone}>{status.label}</Badge>
                          {e.payoutId && (
                            <div>
                              <Link to={payoutHref(e.payoutId)}>Statement</Link>
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="pager">
              <span className="muted">{pageText(skip, page.data.items.length, page.data.total)}</span>
              <button type="button" className="btn btn-secondary btn-small" disabled={skip === 0} onClick={() => navigate(transactionsHref(filters, Math.max(0, skip - PAGE_SIZE)))}>
                Previous
              </button>
              <button type="button" className="btn btn-secondary btn-small" disabled={skip + page.data.items.length >= page.data.total} onClick={() => navigate(transactionsHref(filters, skip + PAGE_SIZE))}>
                Next
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
