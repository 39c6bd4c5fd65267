import { CopyButton, Link, path, useTitle } from '../ui/index.js';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge.js';
import type { PurchaseResult } from './types.js';

/** After "Place order": what was bought, and the way to the publisher's landing page to set the account up. */
export function PurchaseSuccess({ result, publisherName }: { result: PurchaseResult; publisherName: string }) {
  useTitle('Order placed');
  const sub = result.subscription;
  return (
    <section className="card" aria-labelledby="success-title" data-testid="purchase-success">
      <h1 id="success-title">Thank you for your order</h1>
      <div className="alert alert-success" role="status">
        <strong>{sub.name}</strong> is ordered. Set up your account on {publisherName}'s site to start using it; the subscription starts when {publisherName} activates it.
      </div>
      <dl className="facts">
        <div className="fact-row">
          <dt>Order ID</dt>
          <dd>
            <code data-testid="order-id">{result.orderId}</code> <CopyButton value={result.orderId} />
          </dd>
        </div>
        <div className="fact-row">
          <dt>Subscription ID</dt>
          <dd>
            <code data-testid="subscription-id">{result.subscriptionId}</code> <CopyButton value={result.subscriptionId} />
          </dd>
        </div>
        <div className="fact-row">
          <dt>Status</dt>
          <dd>
            <SubscriptionStatusBadge status={result.status} />
          </dd>
        </div>
      </dl>
      <div className="form-actions">
        <a className="btn btn-primary" href={result.landingUrl} target="_blank" rel="noopener noreferrer" data-testid="configure-now">
          Configure account now<span className="sr-only"> (opens {publisherName}'s site in a new tab)</span>
        </a>
        <Link className="btn btn-secondary" to={path`/subscriptions/${result.subscriptionId}`}>
          View subscription
        </Link>
        <Link to="/subscriptions">My subscriptions</Link>
      </div>
      <p className="hint">The link carries a purchase token valid for 24 hours. Later, use Configure account now or Manage account on the subscription for a fresh one.</p>
    </section>
  );
}
