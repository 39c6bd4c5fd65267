import { Badge, EmptyState, ErrorMessage, Link, Loading, PageHeader, Redirect, path, useApi, useLocation, useSession, useTitle } from '../ui/index.js';
import { termName } from './money.js';
import { roleLabel } from './subscriptionStatus.js';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge.js';
import { termRange } from './termDates.js';
import type { CustomerSubscription } from './types.js';
import './customer.css';

/** "My subscriptions" at /subscriptions: the SaaS subscriptions bought by or for the signed-in customer's organization. */
export function SubscriptionsPage() {
  useTitle('My subscriptions');
  const session = useSession();
  const { href } = useLocation();
  const list = useApi<{ items: CustomerSubscription[] }>(session.user ? '/api/me/subscriptions' : null);

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;

  const items = [...(list.data?.items ?? [])].sort((a, b) => b.created.localeCompare(a.created));
  return (
    <main id="main" className="customer-page">
      <PageHeader
        title="My subscriptions"
        subtitle="Software bought through the marketplace by or for your organization."
        actions={
          <button type="button" className="btn btn-secondary" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      />
      {list.error ? (
        <ErrorMessage title="Your subscriptions could not be loaded" error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading your subscriptions…" />
      ) : items.length === 0 ? (
        <EmptyState>
          You have no subscriptions yet. <Link to="/">Browse the storefront</Link> to find an app.
        </EmptyState>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="subscriptions-table">
            <thead>
              <tr>
                <th scope="col">Subscription</th>
                <th scope="col">Offer and plan</th>
                <th scope="col">Status</th>
                <th scope="col">Term</th>
                <th scope="col">Auto-renew</th>
                <th scope="col">Your role</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <SubscriptionRow key={s.id} sub={s} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function SubscriptionRow({ sub }: { sub: CustomerSubscription }) {
  return (
    <tr data-testid={`subscription-${sub.id}`}>
      <td>
        <Link to={path`/subscriptions/${sub.id}`}>{sub.name}</Link>
        <div className="subscription-badges">
          {sub.isTest && <Badge tone="warn">Test</Badge>}
          {sub.isFreeTrial && <Badge tone="good">Free trial</Badge>}
        </div>
      </td>
      <td>
        {sub.offerName}
        <div className="muted">
          {sub.planName}
          {sub.quantity !== undefined && ` · ${sub.quantity} user${sub.quantity === 1 ? '' : 's'}`}
        </div>
      </td>
      <td>
        <SubscriptionStatusBadge status={sub.saasSubscriptionStatus} />
      </td>
      <td>
        {termName(sub.term.termUnit)}
        <div className="muted">{termRange(sub.term)}</div>
      </td>
      <td>{sub.saasSubscriptionStatus === 'Unsubscribed' ? '—' : sub.autoRenew ? 'On' : 'Off'}</td>
      <td>{roleLabel(sub.role)}</td>
    </tr>
  );
}
