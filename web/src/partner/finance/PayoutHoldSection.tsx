import { useState } from 'react';
import { ErrorMessage, api, formatDateTime, path } from '../../ui/index.js';
import { holdExplanation } from './financeModel.js';
import type { PayoutProfile } from './types.js';

/** "Hold my payment": the switch, what it means for this month's and next month's payouts, and its history. */
export function PayoutHoldSection({ accountId, canManage, profile, onSaved }: { accountId: string; canManage: boolean; profile: PayoutProfile; onSaved: (p: PayoutProfile) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // The switch shows the new value at once; it goes back if the server refuses.
  const [asked, setAsked] = useState<boolean | undefined>(undefined);
  const explanation = holdExplanation(profile.hold, profile.holdPayment);

  const toggle = async (holdPayment: boolean) => {
    setBusy(true);
    setError(undefined);
    setAsked(holdPayment);
    try {
      onSaved(await api.patch<PayoutProfile>(path`/api/accounts/${accountId}/payout-profile`, { holdPayment }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsked(undefined);
    }
  };

  const on = asked ?? profile.holdPayment;
  return (
    <section className="card" aria-labelledby="hold-title" data-testid="payout-hold">
      <h2 id="hold-title">Payout hold</h2>
      <p className="subtitle">
        Payouts are sent monthly. While payments are on hold, your revenue is still recorded, but no payment is sent. The hold applies to all your revenue
        sources.
      </p>
      <label className="finance-switch">
        <input type="checkbox" role="switch" checked={on} disabled={!canManage || busy} aria-busy={busy} aria-describedby="hold-next hold-current" onChange={(e) => void toggle(e.target.checked)} />
        <span className="finance-switch-track" aria-hidden="true" />
        <span>
          Hold my payment: <strong>{on ? 'On' : 'Off'}</strong>
        </span>
      </label>
      <ErrorMessage error={error} />
      <ul className="finance-hold-months">
        <li id="hold-next" data-testid="hold-next">
          {explanation.next}
        </li>
        <li id="hold-current" data-testid="hold-current">
          {explanation.current}
        </li>
      </ul>
      <p className="hint">
        The cut-off is the end of the month before a payout: to hold April&apos;s payout, turn the hold On before the end of March; to be paid in June, turn it
        Off before the end of May.
      </p>
      {profile.holdHistory.length > 0 && (
        <details className="finance-history">
          <summary>Changes ({profile.holdHistory.length})</summary>
          <ul>
            {[...profile.holdHistory].reverse().map((c, i) => (
              <li key={i}>
                <time dateTime={c.changedAt}>{formatDateTime(c.changedAt)}</time> · turned {c.holdPayment ? 'On' : 'Off'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
