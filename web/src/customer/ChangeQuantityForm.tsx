import { useState, type FormEvent } from 'react';
import { ErrorMessage, SubmitButton, api, path } from '../ui/index.js';
import { quantityChange, userLimits } from './changeRules.js';
import { FieldError, invalidProps } from './FieldError.js';
import { splitError } from './fieldErrors.js';
import type { PendingChange } from './pendingChange.js';
import type { ChangeAccepted, SubscriptionDetail } from './types.js';

/** Change the number of users of a per-user subscription, within its plan's limits. */
export function ChangeQuantityForm({ sub, disabled, onAccepted }: { sub: SubscriptionDetail; disabled: boolean; onAccepted: (change: PendingChange) => void }) {
  const [value, setValue] = useState(String(sub.quantity ?? ''));
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const { min, max } = userLimits(sub);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const checked = quantityChange(sub, value);
    if ('problem' in checked) {
      setFieldError(checked.problem);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const accepted = await api.patch<ChangeAccepted>(path`/api/me/subscriptions/${sub.id}`, { quantity: checked.quantity });
      onAccepted({ subscriptionId: sub.id, operationId: accepted.operationId, action: accepted.action, quantity: checked.quantity, startedAt: Date.now() });
    } catch (e) {
      const split = splitError(e, ['quantity'] as const);
      setFieldError(split.fields.quantity);
      setError(split.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="change-quantity-title">
      <h2 id="change-quantity-title">Number of users</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorMessage error={error} />
        <div className={`field${fieldError ? ' field-invalid' : ''}`}>
          <label htmlFor="change-quantity">Users</label>
          <input
            id="change-quantity"
            className="input-quantity"
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            step={1}
            value={value}
            disabled={disabled}
            onChange={(e) => setValue(e.target.value)}
            {...invalidProps('change-quantity-error', fieldError, 'change-quantity-hint')}
          />
          <FieldError id="change-quantity-error" message={fieldError} />
          <div className="hint" id="change-quantity-hint">
            Now {sub.quantity}. The plan is for {min} to {max ?? 'any number of'} users; the publisher confirms the change.
          </div>
        </div>
        <SubmitButton busy={busy} disabled={disabled}>
          Change users
        </SubmitButton>
      </form>
    </section>
  );
}
