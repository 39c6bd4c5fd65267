import { useState } from 'react';
import { EmptyState, ErrorMessage, Link, Loading, PageHeader, useApi, useLocation, useTitle, type MyAccount } from '../../ui/index.js';
import { formatMoney } from '../usage/money.js';
import { EarningsChart } from './EarningsChart.js';
import { EarningsFilterForm, FINANCE_ROLES_NOTE } from './EarningsFilters.js';
import { currenciesOf, earningsHref, filtersFrom, monthlySeries, summaryUrl, transactionsHref } from './earningsModel.js';
import type { EarningsSummary, Totals } from './types.js';
import './earnings.css';

/** Partner Center › Earnings: totals per currency (pending, available, paid out), earnings per month, filters. */
export function EarningsPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Earnings`);
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const allowed = account.actions.includes('finance.read');
  const summary = useApi<EarningsSummary>(allowed ? summaryUrl(account.accountId, filters) : null);
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  if (!allowed)
    return (
      <>
        <PageHeader title="Earnings" />
        <EmptyState>{FINANCE_ROLES_NOTE}</EmptyState>
      </>
    );

  const currencies = summary.data ? currenciesOf(summary.data.months) : [];
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  return (
    <>
      <PageHeader
        title="Earnings"
        subtitle="What your sales earn once the store service fee is taken, in the currency each customer paid. Payouts convert them into your payout currency at the rate of each purchase day."
        actions={
          <>
            <Link className="btn btn-secondary" to={transactionsHref(filters)}>
              Transactions
            </Link>
            <Link className="btn btn-secondary" to="/partner/payouts">
              Payouts
            </Link>
          </>
        }
      />
      <section className="card">
        <EarningsFilterForm key={search.toString()} applied={filters} hrefOf={earningsHref} label="Filter earnings" />
        {summary.error ? (
          <ErrorMessage title="Your earnings could not be loaded" error={summary.error} onRetry={summary.reload} />
        ) : !summary.data ? (
          <Loading label="Loading earnings…" />
        ) : summary.data.totals.length === 0 ? (
          <EmptyState>No earnings{filters.from || filters.to || filters.offerId || filters.status ? ' match these filters' : ' yet. They appear when your customers’ invoices are issued, on the 2nd of each month'}.</EmptyState>
        ) : (
          <>
            <div className="money-tiles" data-testid="earnings-totals">
              {summary.data.totals.map((t) => (
                <TotalsTile key={t.currency} totals={t} />
              ))}
            </div>
            {currencies.length > 1 && (
              <div className="form-row">
                <label htmlFor="chart-currency">Chart currency</label>
                <select id="chart-currency" value={currency} onChange={(e) => setChosen(e.target.value)}>
                  {currencies.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </div>
            )}
            {currency && <EarningsChart points={monthlySeries(summary.data.months, currency, filters)} currency={currency} />}
          </>
        )}
      </section>
    </>
  );
}

function TotalsTile({ totals: t }: { totals: Totals }) {
  return (
    <div className="money-tile" data-testid={`earnings-total-${t.currency}`}>
      <div className="tile-label">
        {t.currency} · {t.earnings} transaction{t.earnings === 1 ? '' : 's'}
      </div>
      <div className="tile-value">{formatMoney(t.net, t.currency)}</div>
      <dl>
        <dt>Sales (gross)</dt>
        <dd>{formatMoney(t.gross, t.currency)}</dd>
        <dt>Store service fee</dt>
        <dd>{formatMoney(t.fee, t.currency)}</dd>
        {t.taxToPublisher !== '0' && !/^0\.0+$/.test(t.taxToPublisher) && (
          <>
            <dt>Tax you collect</dt>
            <dd>{formatMoney(t.taxToPublisher, t.currency)}</dd>
          </>
        )}
        <dt>Pending</dt>
        <dd>{formatMoney(t.pending, t.currency)}</dd>
        <dt>Available for payout</dt>
        <dd>{formatMoney(t.available, t.currency)}</dd>
        <dt>Paid out</dt>
        <dd>{formatMoney(t.paid, t.currency)}</dd>
      </dl>
    </div>
  );
}
