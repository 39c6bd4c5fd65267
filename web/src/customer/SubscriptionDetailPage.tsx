import { useState } from 'react';
import { ApiError, Badge, ErrorMessage, Link, Loading, Notice, PageHeader, Redirect, path, useApi, useLocation, useSession, useTitle } from '../ui/index.js';
import { AutoRenewSwitch } from './AutoRenewSwitch.js';
import { CancelSubscription } from './CancelSubscription.js';
import { ChangePlanForm } from './ChangePlanForm.js';
import { ChangeQuantityForm } from './ChangeQuantityForm.js';
import { ChargesTable } from './ChargesTable.js';
import { ConfigureButton } from './ConfigureButton.js';
import { describeChange } from './pendingChange.js';
import { SubscriptionFacts } from './SubscriptionFacts.js';
import { canCancel, canChange, canConfigure } from './subscriptionStatus.js';
import type { SubscriptionDetail } from './types.js';
import { usePendingChange, type PendingChangeState } from './usePendingChange.js';
import './customer.css';

/** One of my subscriptions at /subscriptions/:id: details, charges, and (for its purchaser) changes and cancel. */
export function SubscriptionDetailPage({ subscriptionId }: { subscriptionId: string }) {
  const session = useSession();
  const { href } = useLocation();
  const detail = useApi<SubscriptionDetail>(session.user ? path`/api/me/subscriptions/${subscriptionId}` : null);
  const change = usePendingChange(subscriptionId, detail.data, detail.reload);
  const [canceled, setCanceled] = useState<string | undefined>(undefined);
  useTitle(detail.data?.name ?? 'Subscription');

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;

  const sub = detail.data;
  if (!sub)
    return (
      <main id="main" className="customer-page customer-page-narrow">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link to="/subscriptions">My subscriptions</Link>
        </nav>
        {detail.error ? (
          <ErrorMessage title={detail.error instanceof ApiError && detail.error.status === 404 ? 'No such subscription of yours' : 'The subscription could not be loaded'} error={detail.error} onRetry={detail.reload} />
        ) : (
          <Loading label="Loading the subscription…" />
        )}
      </main>
    );

  const planName = (planId: string) => sub.availablePlans.find((p) => p.planId === planId)?.name ?? (planId === sub.planId ? sub.planName : planId);
  const waiting = change.pending !== undefined;
  return (
    <main id="main" className="customer-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/subscriptions">My subscriptions</Link> › <span>{sub.name}</span>
      </nav>
      <PageHeader
        title={sub.name}
        subtitle={
          <>
            {sub.offerName} · {sub.planName} {sub.isTest && <Badge tone="warn">Test</Badge>} {sub.isFreeTrial && <Badge tone="good">Free trial</Badge>}
          </>
        }
        actions={canConfigure(sub) ? <ConfigureButton subscriptionId={sub.id} status={sub.saasSubscriptionStatus} /> : undefined}
      />
      {canceled && <Notice tone="success">{canceled}</Notice>}
      <StatusNotice sub={sub} />
      <ChangeNotice change={change} planName={planName} />
      {detail.error !== undefined && <ErrorMessage title="The subscription could not be refreshed" error={detail.error} onRetry={detail.reload} />}
      <SubscriptionFacts sub={sub} />
      {sub.canManage && (
        <div className="manage-grid">
          {canChange(sub) && <ChangePlanForm sub={sub} disabled={waiting} onAccepted={change.start} />}
          {canChange(sub) && sub.quantity !== undefined && <ChangeQuantityForm key={sub.quantity} sub={sub} disabled={waiting} onAccepted={change.start} />}
          {canCancel(sub) && <AutoRenewSwitch sub={sub} onSaved={(updated) => detail.setData({ ...sub, ...updated, availablePlans: sub.availablePlans })} />}
          {canCancel(sub) && (
            <CancelSubscription
              sub={sub}
              disabled={false}
              onCanceled={(message) => {
                setCanceled(message);
                detail.reload();
              }}
            />
          )}
        </div>
      )}
      <ChargesTable charges={sub.charges} planName={planName} />
    </main>
  );
}

function StatusNotice({ sub }: { sub: SubscriptionDetail }) {
  const notes = [];
  if (sub.role === 'beneficiary')
    notes.push(
      <Notice key="csp">
        A partner bought this subscription for your organization (Cloud Solution Provider): you can see it and open the publisher's site, and your partner manages changes and cancellation.
      </Notice>,
    );
  if (sub.saasSubscriptionStatus === 'PendingFulfillmentStart')
    notes.push(
      <Notice key="pending" tone="warning">
        Not started yet: configure your account on the publisher's site. The subscription starts, and billing with it, when the publisher activates it.
      </Notice>,
    );
  if (sub.saasSubscriptionStatus === 'Suspended')
    notes.push(
      <Notice key="suspended" tone="warning">
        Suspended: a payment failed. Once a payment succeeds, the publisher is asked to reinstate the subscription; after 30 days suspended it is canceled.
      </Notice>,
    );
  if (sub.saasSubscriptionStatus === 'Unsubscribed') notes.push(<Notice key="canceled">This subscription is canceled.</Notice>);
  return <>{notes}</>;
}

function ChangeNotice({ change, planName }: { change: PendingChangeState; planName: (planId: string) => string }) {
  if (change.pending) {
    const what = describeChange(change.pending, planName);
    return (
      <div className="alert alert-info" role="status" data-testid="change-pending">
        {!change.gaveUp ? (
          <>
            <span className="spinner spinner-small" aria-hidden="true" /> Waiting for the publisher to confirm {what}…
          </>
        ) : (
          <>
            The publisher has not confirmed {what} yet. It applies when they do; if they decline it, your subscription stays as it is.{' '}
            <button type="button" className="btn btn-link" onClick={change.checkAgain}>
              Check again
            </button>
            <button type="button" className="btn btn-link" onClick={change.stopWaiting}>
              Stop waiting
            </button>
          </>
        )}
      </div>
    );
  }
  if (!change.finished) return null;
  const what = describeChange(change.finished.change, planName);
  return (
    <Notice tone={change.finished.state === 'applied' ? 'success' : change.finished.state === 'declined' ? 'warning' : 'info'}>
      {change.finished.state === 'applied'
        ? `The publisher confirmed ${what}.`
        : change.finished.state === 'declined'
          ? `The publisher declined ${what}; your subscription stays as it was.`
          : `The subscription was canceled before ${what} was confirmed.`}
    </Notice>
  );
}
