import { useState } from 'react';
import { ErrorMessage, api, path } from '../ui/index.js';
import { formatTermDate } from './termDates.js';
import type { CustomerSubscription, SubscriptionDetail } from './types.js';

/** Auto-renew on or off: applied at once (no publisher confirmation). */
export function AutoRenewSwitch({ sub, onSaved }: { sub: SubscriptionDetail; onSaved: (updated: CustomerSubscription) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  // The box shows the new value at once; it goes back if the server refuses.
  const [asked, setAsked] = useState<boolean | undefined>(undefined);

  const toggle = async (autoRenew: boolean) => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    setAsked(autoRenew);
    try {
      onSaved(await api.patch<CustomerSubscription>(path`/api/me/subscriptions/${sub.id}`, { autoRenew }));
      setSaved(autoRenew ? 'Auto-renew is on.' : 'Auto-renew is off.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsked(undefined);
    }
  };

  const end = sub.term.endDate ? formatTermDate(sub.term.endDate) : undefined;
  return (
    <section className="card" aria-labelledby="auto-renew-title">
      <h2 id="auto-renew-title">Auto-renew</h2>
      <label className="checkbox-inline">
        <input type="checkbox" checked={asked ?? sub.autoRenew} disabled={busy} aria-busy={busy} aria-describedby="auto-renew-hint" onChange={(e) => void toggle(e.target.checked)} />
        <span>Renew automatically at the end of each term</span>
      </label>
      <p className="hint" id="auto-renew-hint">
        {sub.autoRenew
          ? `The subscription renews${end ? ` after ${end}` : ' at the end of its term'} and the next term is charged.`
          : `The subscription ends${end ? ` after ${end}` : ' at the end of its term'} and is not charged again.`}
      </p>
      {saved && (
        <div className="saved" role="status">
          {saved}
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
