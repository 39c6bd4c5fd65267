import { useState, type FormEvent } from 'react';
import { ErrorMessage, SubmitButton, api, path } from '../ui/index.js';
import { otherPlans, planChangeProblem } from './changeRules.js';
import { FieldError, invalidProps } from './FieldError.js';
import { splitError } from './fieldErrors.js';
import { priceLabel } from './money.js';
import type { PendingChange } from './pendingChange.js';
import type { ChangeAccepted, SubscriptionDetail } from './types.js';

/** Change plan: the plans the customer can switch to, in the subscription's market and billing term. */
export function ChangePlanForm({ sub, disabled, onAccepted }: { sub: SubscriptionDetail; disabled: boolean; onAccepted: (change: PendingChange) => void }) {
  const plans = otherPlans(sub);
  const [planId, setPlanId] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const perUser = sub.quantity !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const problem = planChangeProblem(sub, plans.find((p) => p.planId === planId));
    setFieldError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const accepted = await api.patch<ChangeAccepted>(path`/api/me/subscriptions/${sub.id}`, { planId });
      onAccepted({ subscriptionId: sub.id, operationId: accepted.operationId, action: accepted.action, planId, startedAt: Date.now() });
      setPlanId('');
    } catch (e) {
      const split = splitError(e, ['planId'] as const);
      setFieldError(split.fields.planId);
      setError(split.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="change-plan-title">
      <h2 id="change-plan-title">Change plan</h2>
      {plans.length === 0 ? (
        <p className="muted">There is no other plan of this offer you can switch to.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ErrorMessage error={error} />
          <div className={`field${fieldError ? ' field-invalid' : ''}`}>
            <label htmlFor="change-plan">New plan</label>
            <select id="change-plan" value={planId} disabled={disabled} onChange={(e) => setPlanId(e.target.value)} {...invalidProps('change-plan-error', fieldError, 'change-plan-hint')}>
              <option value="">Choose a plan…</option>
              {plans.map((p) => (
                <option key={p.planId} value={p.planId}>
                  {p.name}
                  {p.isPrivate ? ' (private)' : ''} — {p.price !== null && p.currency ? priceLabel(p.price, p.currency, sub.term.termUnit, perUser) : 'not sold in your billing term'}
                </option>
              ))}
            </select>
            <FieldError id="change-plan-error" message={fieldError} />
            <div className="hint" id="change-plan-hint">
              The publisher confirms the change; your billing term and {perUser ? 'number of users ' : ''}stay the same.
            </div>
          </div>
          <SubmitButton busy={busy} disabled={disabled || !planId}>
            Change plan
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
