import { useState, type FormEvent } from 'react';
import { ApiError, Badge, CopyButton, EmptyState, ErrorMessage, Field, Link, Loading, Notice, PageHeader, navigate, useApi, useLocation, useTitle, type ClockInfo, type MyAccount } from '../../ui/index.js';
import { formatMoney, formatPrice, formatQuantity, sumDecimals } from './money.js';
import type { AccountSubscription, SubscriptionUsage, UsageCycle, UsageDimension } from './types.js';
import { UsageChart } from './UsageChart.js';
import {
  MAX_RANGE_DAYS,
  PRESET_DAYS,
  addDays,
  cycleIsPartial,
  detailHref,
  formatDay,
  includedText,
  isUnlimited,
  lastDays,
  presetOf,
  rangeFrom,
  seriesOf,
  statusOf,
  subscriptionsUrl,
  todayFrom,
  usageUrl,
  type DateRange,
} from './usageModel.js';
import './usage.css';

/**
 * Partner Center › Usage › a subscription, at /partner/usage/:subscriptionId[?from=&to=]: the plan's metered
 * dimensions (units, included quantities, prices), the accepted usage per dimension and day, and the usage charges of
 * each billing cycle (quantity × price per unit = amount).
 */
export function SubscriptionUsagePage({ account, subscriptionId }: { account: MyAccount; subscriptionId: string }) {
  useTitle(`${account.displayName} · Usage`);
  const { search } = useLocation();
  // Days are the marketplace's (its sandbox clock may be ahead of this browser).
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const today = clock.data || clock.error ? todayFrom(clock.data) : undefined;
  const chosen = today ? rangeFrom({ from: search.get('from'), to: search.get('to') }, today) : undefined;
  const range = chosen?.range;
  const usage = useApi<SubscriptionUsage>(range ? usageUrl(account.accountId, subscriptionId, range) : null);
  const offerId = usage.data?.offerId;
  const subscriptions = useApi<{ items: AccountSubscription[] }>(offerId ? subscriptionsUrl(account.accountId, offerId) : null);
  const subscription = subscriptions.data?.items.find((s) => s.id === subscriptionId);

  const notFound = usage.error instanceof ApiError && usage.error.status === 404;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/partner/usage">Usage</Link> › <span>{subscription?.name ?? 'Subscription'}</span>
      </nav>
      <PageHeader
        title={subscription?.name ?? 'Subscription usage'}
        subtitle={<SubscriptionFacts subscriptionId={subscriptionId} subscription={subscription} usage={usage.data} />}
        actions={
          <button type="button" className="btn btn-secondary" onClick={usage.reload} disabled={usage.loading || !range}>
            Refresh
          </button>
        }
      />
      {today && range && <RangeForm key={`${range.from}|${range.to}`} subscriptionId={subscriptionId} range={range} today={today} />}
      {chosen?.error && <Notice tone="warning">{`${chosen.error} Showing the last 30 days.`}</Notice>}
      {usage.error ? (
        <ErrorMessage title={notFound ? 'No subscription of this account has this ID' : 'The usage could not be loaded'} error={usage.error} onRetry={notFound ? undefined : usage.reload} />
      ) : !usage.data || !range ? (
        <Loading label="Loading the usage…" />
      ) : (
        <UsageReport usage={usage.data} range={range} />
      )}
    </>
  );
}

function SubscriptionFacts({ subscriptionId, subscription, usage }: { subscriptionId: string; subscription?: AccountSubscription; usage?: SubscriptionUsage }) {
  const status = subscription ? statusOf(subscription.saasSubscriptionStatus) : undefined;
  return (
    <>
      <code data-testid="subscription-id">{subscriptionId}</code> <CopyButton value={subscriptionId} />
      {usage && (
        <>
          {' · '}offer <code>{usage.offerId}</code> · plan <code>{usage.planId}</code>
        </>
      )}
      {subscription?.beneficiary.emailId && <> · {subscription.beneficiary.emailId}</>}
      {status && (
        <>
          {' '}
          <Badge tone={status.tone}>{status.label}</Badge>
        </>
      )}
    </>
  );
}

function RangeForm({ subscriptionId, range, today }: { subscriptionId: string; range: DateRange; today: string }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | undefined>(undefined);
  const preset = presetOf(range, today);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const chosen = rangeFrom({ from, to }, today);
    if (chosen.error) {
      setError(chosen.error);
      return;
    }
    setError(undefined);
    navigate(detailHref(subscriptionId, chosen.range, today));
  };
  return (
    <form className="card form-row filters usage-range" onSubmit={apply} aria-label="Choose the dates" noValidate>
      <Field label="Period" htmlFor="usage-preset">
        <select
          id="usage-preset"
          value={preset ?? 'custom'}
          onChange={(e) => {
            if (e.target.value !== 'custom') navigate(detailHref(subscriptionId, lastDays(today, Number(e.target.value)), today));
          }}
        >
          {PRESET_DAYS.map((n) => (
            <option key={n} value={n}>
              Last {n} days
            </option>
          ))}
          <option value="custom">Custom</option>
        </select>
      </Field>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="usage-from">From (UTC)</label>
        <input id="usage-from" type="date" value={from} max={to || today} onChange={(e) => setFrom(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'usage-range-error' : undefined} />
      </div>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="usage-to">To (UTC)</label>
        <input id="usage-to" type="date" value={to} min={from || addDays(today, -MAX_RANGE_DAYS)} onChange={(e) => setTo(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'usage-range-error' : undefined} />
      </div>
      <div className="field field-button">
        <button type="submit" className="btn btn-secondary">
          Show
        </button>
      </div>
      {error && (
        <div className="field-error" id="usage-range-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

function UsageReport({ usage, range }: { usage: SubscriptionUsage; range: DateRange }) {
  if (usage.dimensions.length === 0 && usage.days.length === 0)
    return (
      <section className="card">
        <EmptyState>
          Plan <code>{usage.planId}</code> has no metered dimensions: this subscription reports no usage. Its flat fee is billed each term.
        </EmptyState>
      </section>
    );
  const series = seriesOf(usage, range);
  return (
    <>
      <section className="card" aria-labelledby="usage-dimensions">
        <h2 id="usage-dimensions">Metered dimensions</h2>
        <p className="muted">
          What plan <code>{usage.planId}</code> meters. The publisher reports only the usage above the included quantity of each term; it is charged at the price per unit, in{' '}
          {usage.currency}.
        </p>
        <DimensionsTable dimensions={usage.dimensions} currency={usage.currency} />
      </section>
      <section className="card" aria-labelledby="usage-days">
        <h2 id="usage-days">Usage per day</h2>
        <p className="muted">
          Accepted usage events by the UTC day of their effective start time, from {formatDay(range.from)} to {formatDay(range.to)}.
        </p>
        <div className="usage-charts">
          {series.map((s) => (
            <UsageChart key={s.dimension.id} series={s} range={range} />
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="usage-charges">
        <h2 id="usage-charges">Usage charges by billing cycle</h2>
        <p className="muted">Each monthly billing cycle's accepted usage at the plan's price per unit (quantity × price = amount), in {usage.currency}. The flat fee is charged separately.</p>
        <Charges cycles={usage.cycles} dimensions={usage.dimensions} currency={usage.currency} range={range} />
      </section>
    </>
  );
}

function DimensionsTable({ dimensions, currency }: { dimensions: UsageDimension[]; currency: string }) {
  return (
    <table className="table" data-testid="usage-dimensions">
      <thead>
        <tr>
          <th scope="col">Dimension</th>
          <th scope="col">ID</th>
          <th scope="col">Unit of measure</th>
          <th scope="col">Included</th>
          <th scope="col" className="num">
            Price per unit
          </th>
        </tr>
      </thead>
      <tbody>
        {dimensions.map((d) => (
          <tr key={d.id}>
            <td>{d.displayName}</td>
            <td>
              <code>{d.id}</code>
            </td>
            <td>{d.unitOfMeasure}</td>
            <td>
              {includedText(d.included)}
              {isUnlimited(d) && <div className="muted">Never charged</div>}
            </td>
            <td className="num">{formatPrice(d.pricePerUnit, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Charges({ cycles, dimensions, currency, range }: { cycles: UsageCycle[]; dimensions: UsageDimension[]; currency: string; range: DateRange }) {
  if (cycles.length === 0) return <EmptyState>No usage charges in these dates.</EmptyState>;
  const names = new Map(dimensions.map((d) => [d.id, d]));
  return (
    <>
      {cycles.map((c) => {
        const partial = cycleIsPartial(c, range);
        return (
          <div key={c.start} className="usage-cycle" data-testid={`usage-cycle-${c.start}`}>
            <h3>
              {formatDay(c.start)} – {formatDay(c.end)}
              {partial && <Badge tone="info">Only the usage from {formatDay(c.start < range.from ? range.from : c.start)} to {formatDay(c.end > range.to ? range.to : c.end)}</Badge>}
            </h3>
            <table className="table">
              <caption className="sr-only">{`Usage charges from ${formatDay(c.start)} to ${formatDay(c.end)}, in ${currency}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Dimension</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    × Price per unit
                  </th>
                  <th scope="col" className="num">
                    = Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.lines.map((l) => {
                  const d = names.get(l.dimension);
                  return (
                    <tr key={l.dimension}>
                      <td>
                        {d?.displayName ?? l.dimension} <span className="muted">{d?.unitOfMeasure ?? ''}</span>
                      </td>
                      <td className="num">{formatQuantity(l.quantity)}</td>
                      <td className="num">{formatPrice(l.pricePerUnit, currency)}</td>
                      <td className="num">{formatMoney(l.amount, currency)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={3}>Total {currency}</td>
                  <td className="num" data-testid="cycle-total">
                    {formatMoney(c.total, currency)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        );
      })}
      {cycles.length > 1 && (
        <p className="usage-total">
          <span>Usage charges in these dates</span>
          <strong data-testid="usage-total">{formatMoney(sumDecimals(cycles.map((c) => c.total)), currency)}</strong>
        </p>
      )}
    </>
  );
}
