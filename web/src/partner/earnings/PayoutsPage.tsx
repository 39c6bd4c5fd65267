import { ApiError, EmptyState, ErrorMessage, Link, Loading, PageHeader, formatDate, navigate, useApi, useTitle, type MyAccount } from '../../ui/index.js';
import { formatMoney } from '../usage/money.js';
import { FINANCE_ROLES_NOTE } from './EarningsFilters.js';
import { formatMonth, payoutHref, payoutsUrl, percent, reasonText, statementCsvUrl, statementUrl } from './earningsModel.js';
import type { PayoutList, Statement } from './types.js';
import './earnings.css';

/** Partner Center › Payouts: the monthly payouts, newest first, and the runs that carried the account forward, with why. */
export function PayoutsPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Payouts`);
  const allowed = account.actions.includes('finance.read');
  const list = useApi<PayoutList>(allowed ? payoutsUrl(account.accountId) : null);

  if (!allowed)
    return (
      <>
        <PageHeader title="Payouts" />
        <EmptyState>{FINANCE_ROLES_NOTE}</EmptyState>
      </>
    );

  const latestCarry = list.data?.carriedForward[0];
  const latestPayout = list.data?.items[0];
  const showCarry = latestCarry && (!latestPayout || latestCarry.month > latestPayout.month);
  return (
    <>
      <PageHeader
        title="Payouts"
        subtitle="Payouts run on the 15th of each month and pay what customers paid for before the month began, converted into your payout currency at the rate of each purchase day."
        actions={
          <Link className="btn btn-secondary" to="/partner/earnings">
            Earnings
          </Link>
        }
      />
      {list.error ? (
        <ErrorMessage title="Your payouts could not be loaded" error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading payouts…" />
      ) : (
        <>
          {showCarry && latestCarry && (
            <div className="alert alert-warning" role="status" data-testid="carried-forward">
              <strong className="alert-title">No payout in {formatMonth(latestCarry.month, 'long')}</strong>
              <div>
                {reasonText(latestCarry.reason)}
                {latestCarry.total !== null && latestCarry.currency && ` Carried forward: ${formatMoney(latestCarry.total, latestCarry.currency)}`}
                {latestCarry.threshold !== null && latestCarry.currency && latestCarry.reason === 'BelowThreshold' && ` (minimum ${formatMoney(latestCarry.threshold, latestCarry.currency)})`}
                {latestCarry.total !== null && '.'}
              </div>
            </div>
          )}
          <section className="card">
            {list.data.items.length === 0 ? (
              <EmptyState>No payouts yet. A payout needs a validated tax profile, a verified bank account and earnings above the minimum payout.</EmptyState>
            ) : (
              <table className="table table-clickable" data-testid="payouts-table">
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Paid on</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col" className="num">
                      Withheld
                    </th>
                    <th scope="col" className="num">
                      Sent
                    </th>
                    <th scope="col">Bank account</th>
                    <th scope="col" className="num">
                      Transactions
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((p) => (
                    <tr
                      key={p.payoutId}
                      tabIndex={0}
                      onClick={() => navigate(payoutHref(p.payoutId))}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') navigate(payoutHref(p.payoutId));
                      }}
                    >
                      <td>
                        <Link to={payoutHref(p.payoutId)} onClick={(e) => e.stopPropagation()}>
                          {formatMonth(p.month, 'long')}
                        </Link>
                      </td>
                      <td>{formatDate(`${p.payoutDate}T12:00:00Z`)}</td>
                      <td className="num">{formatMoney(p.amount, p.currency)}</td>
                      <td className="num">{formatMoney(p.withholding, p.currency)}</td>
                      <td className="num">
                        <strong>{formatMoney(p.total, p.currency)}</strong>
                      </td>
                      <td>{p.bankReference}</td>
                      <td className="num">{p.earnings}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {list.data.carriedForward.length > 0 && (
            <section className="card" aria-labelledby="carried-title">
              <h2 id="carried-title">Months without a payout</h2>
              <ul className="carry-list">
                {list.data.carriedForward.map((c) => (
                  <li key={c.month}>
                    <strong>{formatMonth(c.month, 'long')}</strong>: {reasonText(c.reason)}
                    {c.total !== null && c.currency && <span className="muted"> ({formatMoney(c.total, c.currency)} carried forward)</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}

/** Partner Center › Payouts › a statement: every earning the payout pays, converted, with totals; download as CSV. */
export function PayoutStatementPage({ account, payoutId }: { account: MyAccount; payoutId: string }) {
  const allowed = account.actions.includes('finance.read');
  const s = useApi<Statement>(allowed ? statementUrl(account.accountId, payoutId) : null);
  useTitle(s.data ? `Payout ${formatMonth(s.data.month, 'long')}` : 'Payout statement');

  if (!allowed)
    return (
      <>
        <PageHeader title="Payout statement" />
        <EmptyState>{FINANCE_ROLES_NOTE}</EmptyState>
      </>
    );

  const breadcrumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link to="/partner/payouts">Payouts</Link>
      {s.data && <> › {formatMonth(s.data.month, 'long')}</>}
    </nav>
  );
  if (!s.data)
    return (
      <>
        {breadcrumb}
        {s.error ? (
          <ErrorMessage title={s.error instanceof ApiError && s.error.status === 404 ? 'This account has no such payout' : 'The statement could not be loaded'} error={s.error} onRetry={s.reload} />
        ) : (
          <Loading label="Loading the statement…" />
        )}
      </>
    );

  const p = s.data;
  return (
    <>
      {breadcrumb}
      <PageHeader
        title={`Payout statement, ${formatMonth(p.month, 'long')}`}
        subtitle={`Paid on ${formatDate(`${p.payoutDate}T12:00:00Z`)} to ${p.bankReference}, in ${p.currency}.`}
        actions={
          <a className="btn btn-primary" href={statementCsvUrl(account.accountId, p.payoutId)} download={`payout-${p.month}.csv`} data-testid="statement-csv">
            Download CSV
          </a>
        }
      />
      <section className="card">
        <div className="money-tiles">
          <div className="money-tile" data-testid="statement-total">
            <div className="tile-label">Sent to your bank</div>
            <div className="tile-value">{formatMoney(p.total, p.currency)}</div>
            <dl>
              <dt>Earnings converted</dt>
              <dd>{formatMoney(p.amount, p.currency)}</dd>
              <dt>Withheld ({p.withholdingRate}% on US sales)</dt>
              <dd>{formatMoney(p.withholding, p.currency)}</dd>
              <dt>Transactions</dt>
              <dd>{p.earnings}</dd>
            </dl>
          </div>
          {p.totals.byCurrency.map((t) => (
            <div className="money-tile" key={t.currency}>
              <div className="tile-label">Sales in {t.currency}</div>
              <div className="tile-value">{formatMoney(t.net, t.currency)}</div>
              <dl>
                <dt>Gross</dt>
                <dd>{formatMoney(t.gross, t.currency)}</dd>
                <dt>Store service fee</dt>
                <dd>{formatMoney(t.fee, t.currency)}</dd>
                <dt>Transactions</dt>
                <dd>{t.earnings}</dd>
              </dl>
            </div>
          ))}
        </div>
        <div className="table-scroll">
          <table className="table" data-testid="statement-lines">
            <caption className="sr-only">The earnings this payout pays</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Customer</th>
                <th scope="col">Offer · plan</th>
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
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col" className="num">
                  Amount ({p.currency})
                </th>
                <th scope="col" className="num">
                  Withheld
                </th>
              </tr>
            </thead>
            <tbody>
              {p.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td>{l.transactionDate}</td>
                  <td>
                    <code title={l.customerTenantId}>{l.customerTenantId.slice(0, 8)}…</code>
                    <div className="muted">{l.market}</div>
                  </td>
                  <td>
                    <code>{l.offerId}</code>
                    <div className="muted">
                      {l.planId}
                      {l.isTest ? ' · test' : ''}
                    </div>
                  </td>
                  <td>
                    {l.invoiceNumber} <span className="muted">line {l.invoiceLine}</span>
                  </td>
                  <td className="num">{formatMoney(l.gross, l.currency)}</td>
                  <td className="num" title={`${percent(l.feeRate)} store service fee`}>
                    {formatMoney(l.fee, l.currency)}
                  </td>
                  <td className="num">{formatMoney(l.net, l.currency)}</td>
                  <td className="num" title={`${l.currency} → ${p.currency} on ${l.rateDate}`}>
                    {l.currency === p.currency ? '—' : l.rate}
                  </td>
                  <td className="num">{formatMoney(l.amount, p.currency)}</td>
                  <td className="num">{formatMoney(l.withholding, p.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="statement-totals">
                <td colSpan={8}>Total</td>
                <td className="num">{formatMoney(p.totals.amount, p.currency)}</td>
                <td className="num">{formatMoney(p.totals.withholding, p.currency)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
    </>
  );
}
