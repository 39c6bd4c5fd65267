import { useState, type FormEvent } from 'react';
import { Badge, EmptyState, ErrorMessage, Field, Link, Loading, PageHeader, formatDateTime, navigate, path, useApi, useLocation, useTitle, type MyAccount } from '../../ui/index.js';
import type { WebhookDelivery } from './types.js';
import { TOP_CHOICES, deliveryStatus, listUrl, pageHref, subscriptionFilter, topOf } from './webhookLog.js';

/** Partner Center › Webhooks: the notifications sent to the account's offers' connection webhooks, newest first. */
export function WebhooksPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Webhooks`);
  const { search } = useLocation();
  const applied = subscriptionFilter(search.get('subscriptionId') ?? '') ?? '';
  const top = topOf(search.get('top'));
  const allowed = account.actions.includes('offers.read');
  const list = useApi<{ items: WebhookDelivery[] }>(allowed ? listUrl(account.accountId, applied, top) : null);

  if (!allowed)
    return (
      <>
        <PageHeader title="Webhooks" />
        <EmptyState>The webhook log is for roles that can see offers (Owner, Manager, Developer, Business contributor, Marketer); yours do not.</EmptyState>
      </>
    );

  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Notifications Agora sent to your offers' connection webhooks (purchases, changes, cancellations), with every delivery attempt."
        actions={
          <button type="button" className="btn btn-secondary" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      />
      <section className="card">
        <FilterForm key={`${applied}|${top}`} applied={applied} top={top} />
        {list.error ? (
          <ErrorMessage title="The delivery log could not be loaded" error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading deliveries…" />
        ) : list.data.items.length === 0 ? (
          <EmptyState>
            {applied ? 'No webhook notifications for this subscription.' : 'No webhook notifications yet. They are sent when customers buy, change or cancel subscriptions of your offers.'}
          </EmptyState>
        ) : (
          <DeliveriesTable items={list.data.items} />
        )}
      </section>
    </>
  );
}

function FilterForm({ applied, top }: { applied: string; top: number }) {
  const [subscriptionId, setSubscriptionId] = useState(applied);
  const [count, setCount] = useState(top);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter = subscriptionFilter(subscriptionId);
    if (filter === undefined) {
      setError('A subscription ID is a GUID, e.g. 37f9dea2-4345-438f-b0bd-03d40d28c7e0.');
      return;
    }
    setError(undefined);
    navigate(pageHref(filter, count));
  };
  return (
    <form className="form-row filters" onSubmit={submit} aria-label="Filter deliveries" noValidate>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="webhook-subscription">Subscription ID</label>
        <input
          id="webhook-subscription"
          className="input-guid"
          value={subscriptionId}
          onChange={(e) => setSubscriptionId(e.target.value)}
          placeholder="All subscriptions"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'webhook-subscription-error' : undefined}
        />
        {error && (
          <div className="field-error" id="webhook-subscription-error">
            {error}
          </div>
        )}
      </div>
      <Field label="Show" htmlFor="webhook-top">
        <select id="webhook-top" value={count} onChange={(e) => setCount(Number(e.target.value))}>
          {TOP_CHOICES.map((n) => (
            <option key={n} value={n}>
              Latest {n}
            </option>
          ))}
        </select>
      </Field>
      <div className="field field-button">
        <button type="submit" className="btn btn-secondary">
          Filter
        </button>
      </div>
      {applied && (
        <div className="field field-button">
          <Link className="btn btn-link" to={pageHref('', top)}>
            Show all subscriptions
          </Link>
        </div>
      )}
    </form>
  );
}

function DeliveriesTable({ items }: { items: WebhookDelivery[] }) {
  const open = (id: string) => navigate(path`/partner/webhooks/${id}`);
  return (
    <table className="table table-clickable" data-testid="webhooks-table">
      <thead>
        <tr>
          <th scope="col">Sent</th>
          <th scope="col">Action</th>
          <th scope="col">Subscription</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Next attempt or last error</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const status = deliveryStatus(d.status, d.attempts);
          return (
            <tr
              key={d.webhookId}
              tabIndex={0}
              onClick={() => open(d.webhookId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') open(d.webhookId);
              }}
            >
              <td>
                <Link to={path`/partner/webhooks/${d.webhookId}`} onClick={(e) => e.stopPropagation()}>
                  {formatDateTime(d.createdAt)}
                </Link>
              </td>
              <td>
                <code>{d.action}</code>
              </td>
              <td>
                <code title={d.subscriptionId}>{d.subscriptionId.slice(0, 8)}…</code>
              </td>
              <td>
                <Badge tone={status.tone}>{status.label}</Badge>
              </td>
              <td>{d.attempts}</td>
              <td className="truncate" title={d.lastError ?? undefined}>
                {d.nextAttemptAt ? <span>Next {formatDateTime(d.nextAttemptAt)}</span> : null}
                {d.nextAttemptAt && d.lastError ? ' · ' : null}
                {d.lastError ?? ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
