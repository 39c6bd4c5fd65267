import { useEffect, useRef, useState } from 'react';
import { Badge, EmptyState, ErrorMessage, Field, Link, Loading, PageHeader, api, navigate, path, useApi, useLocation, useTitle, type MyAccount } from '../../ui/index.js';
import type { AccountSubscription, SubscriptionUsage } from './types.js';
import { detailHref, formatDay, offersOf, pickerHref, planKey, probesFor, showOf, statusOf, subscriptionsUrl, usageUrl, visibleSubscriptions, type PlanDimensions, type Show } from './usageModel.js';
import './usage.css';

/** How many plans' dimensions are read at once. */
const PROBES_AT_ONCE = 4;

/**
 * Which plans of the listed subscriptions meter usage: the usage of one subscription per plan says its dimensions.
 * Answers are kept for the page's life (the component is keyed by account).
 */
function usePlanDimensions(accountId: string, items: readonly AccountSubscription[] | undefined): { plans: PlanDimensions; checking: boolean } {
  const known = useRef(new Map<string, string[] | null>());
  const requested = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!items) return;
    // A plan asked about by an earlier list is not asked again; its answer re-renders when it comes.
    const todo = [...probesFor(items)].filter(([key]) => !requested.current.has(key));
    for (const [key] of todo) requested.current.add(key);
    const next = async (): Promise<void> => {
      const job = todo.shift();
      if (!job) return;
      const [key, subscriptionId] = job;
      try {
        const usage = await api.get<SubscriptionUsage>(usageUrl(accountId, subscriptionId));
        known.current.set(key, usage.dimensions.map((d) => d.displayName));
      } catch {
        // Unknown: listed under "all" only.
        known.current.set(key, null);
      }
      setVersion((v) => v + 1);
      return next();
    };
    void Promise.all(Array.from({ length: Math.min(PROBES_AT_ONCE, todo.length) }, next));
  }, [accountId, items]);
  const plans: PlanDimensions = new Map();
  let checking = false;
  for (const key of probesFor(items ?? []).keys()) {
    const value = known.current.get(key);
    if (value === undefined) checking = true;
    plans.set(key, value ?? undefined);
  }
  return { plans, checking };
}

interface OfferSummary {
  offerId: string;
  alias: string;
  offerType: string;
}

/** Partner Center › Usage: pick a SaaS subscription to see its metered usage and usage charges. */
export function UsagePage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Usage`);
  const { search } = useLocation();
  const offerId = search.get('offerId') ?? '';
  const show = showOf(search.get('show'));
  const allowed = account.actions.includes('offers.read');
  const list = useApi<{ items: AccountSubscription[] }>(allowed ? subscriptionsUrl(account.accountId, offerId) : null);
  const offers = useApi<{ offers: OfferSummary[] }>(allowed ? path`/api/accounts/${account.accountId}/offers` : null);
  const { plans, checking } = usePlanDimensions(account.accountId, list.data?.items);

  if (!allowed)
    return (
      <>
        <PageHeader title="Usage" />
        <EmptyState>Usage is for roles that can see offers (Owner, Manager, Developer, Business contributor, Marketer); yours do not.</EmptyState>
      </>
    );

  const saasOffers = offers.data?.offers.filter((o) => o.offerType === 'SoftwareAsAService').map((o) => ({ id: o.offerId, label: o.alias ? `${o.alias} (${o.offerId})` : o.offerId }));
  const offerOptions = saasOffers ?? offersOf(list.data?.items ?? []).map((id) => ({ id, label: id }));
  if (offerId && !offerOptions.some((o) => o.id === offerId)) offerOptions.push({ id: offerId, label: offerId });

  return (
    <>
      <PageHeader
        title="Usage"
        subtitle="The metered usage your SaaS subscriptions reported through the Metering API, per day and dimension, and what it is charged in each billing cycle."
        actions={
          <button type="button" className="btn btn-secondary" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      />
      <section className="card">
        <form className="form-row filters" aria-label="Filter subscriptions" onSubmit={(e) => e.preventDefault()}>
          <Field label="Offer" htmlFor="usage-offer">
            <select id="usage-offer" value={offerId} onChange={(e) => navigate(pickerHref({ offerId: e.target.value, show }))}>
              <option value="">All offers</option>
              {offerOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Show" htmlFor="usage-show">
            <select id="usage-show" value={show} onChange={(e) => navigate(pickerHref({ offerId, show: e.target.value as Show }))}>
              <option value="metered">Subscriptions of metered plans</option>
              <option value="all">All subscriptions</option>
            </select>
          </Field>
        </form>
        {list.error ? (
          <ErrorMessage title="The subscriptions could not be loaded" error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading subscriptions…" />
        ) : list.data.items.length === 0 ? (
          <EmptyState>{offerId ? 'This offer has no subscriptions yet.' : 'No subscriptions yet. They appear here when customers buy your SaaS offers.'}</EmptyState>
        ) : show === 'metered' && checking ? (
          <Loading label="Finding the plans with metered dimensions…" />
        ) : (
          <SubscriptionList items={visibleSubscriptions(list.data.items, show, plans)} total={list.data.items.length} plans={plans} show={show} offerId={offerId} />
        )}
      </section>
    </>
  );
}

function SubscriptionList({ items, total, plans, show, offerId }: { items: AccountSubscription[]; total: number; plans: PlanDimensions; show: Show; offerId: string }) {
  if (items.length === 0)
    return (
      <EmptyState>
        None of {total === 1 ? 'this subscription' : `these ${total} subscriptions`} is on a plan with metered dimensions.{' '}
        <Link to={pickerHref({ offerId, show: 'all' })}>Show all subscriptions</Link>
      </EmptyState>
    );
  const open = (id: string) => navigate(detailHref(id));
  return (
    <>
      <p className="muted">
        {items.length} subscription{items.length === 1 ? '' : 's'}
        {show === 'metered' && items.length < total ? ` of plans with metered dimensions (of ${total})` : ''}. Select one to see its usage.
      </p>
      <table className="table table-clickable" data-testid="usage-subscriptions">
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Offer · plan</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Term</th>
            <th scope="col">Metered dimensions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => {
            const status = statusOf(s.saasSubscriptionStatus);
            const dims = plans.get(planKey(s));
            return (
              <tr
                key={s.id}
                tabIndex={0}
                onClick={() => open(s.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') open(s.id);
                }}
              >
                <td>
                  <Link to={detailHref(s.id)} onClick={(e) => e.stopPropagation()}>
                    {s.name || s.id}
                  </Link>
                  <div className="muted">
                    <code title={s.id}>{s.id.slice(0, 8)}…</code>
                    {s.isTest ? ' · test' : ''}
                  </div>
                </td>
                <td className="usage-plan">
                  <code>{s.offerId}</code>
                  <div className="muted">
                    plan <code>{s.planId}</code>
                  </div>
                </td>
                <td className="truncate" title={s.beneficiary.emailId}>
                  {s.beneficiary.emailId ?? '—'}
                </td>
                <td>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </td>
                <td>
                  {s.term.startDate ? `${formatDay(s.term.startDate.slice(0, 10))} – ${s.term.endDate ? formatDay(s.term.endDate.slice(0, 10)) : '…'}` : '—'}
                  <div className="muted">{s.term.termUnit === 'P1Y' ? 'Annual' : s.term.termUnit === 'P1M' ? 'Monthly' : s.term.termUnit}</div>
                </td>
                <td>{dims === undefined ? <span className="muted">unknown</span> : dims.length === 0 ? <span className="muted">none</span> : dims.join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
