import { useState } from 'react';
import { ErrorMessage, api, path } from '../ui/index.js';
import { formatMoney } from './money.js';
import { refundOfCancel, refundRule } from './subscriptionStatus.js';
import type { CustomerSubscription, SubscriptionDetail } from './types.js';

/** Cancel, after a confirmation that states the refund rule; tells what was refunded. */
export function CancelSubscription({ sub, disabled, onCanceled }: { sub: SubscriptionDetail; disabled: boolean; onCanceled: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const after = await api.delete<CustomerSubscription>(path`/api/me/subscriptions/${sub.id}`);
      const refund = refundOfCancel(sub.charges, after);
      onCanceled(
        refund
          ? `${sub.name} is canceled. ${formatMoney(refund.amount, refund.currency)} is refunded.`
          : `${sub.name} is canceled. No refund was due: ${sub.charges.some((c) => c.kind === 'charge') ? 'the refund window had passed' : 'nothing had been charged'}.`,
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel subscription</h2>
      <p className="hint" id="refund-rule">
        {refundRule(sub.term.termUnit)}
        {sub.refundableUntil && ` Cancel before ${new Date(sub.refundableUntil).toLocaleString()} and this term is refunded.`}
      </p>
      <ErrorMessage error={error} />
      {!asking ? (
        <button type="button" className="btn btn-secondary" disabled={disabled} onClick={() => setAsking(true)}>
          Cancel subscription
        </button>
      ) : (
        <div role="group" aria-labelledby="cancel-confirm-text" className="form-actions">
          <span id="cancel-confirm-text">Cancel {sub.name} now? This cannot be undone.</span>
          <button type="button" className="btn btn-danger" disabled={busy} aria-busy={busy} aria-describedby="refund-rule" onClick={() => void cancel()}>
            Yes, cancel it
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setAsking(false)}>
            Keep it
          </button>
        </div>
      )}
    </section>
  );
}
