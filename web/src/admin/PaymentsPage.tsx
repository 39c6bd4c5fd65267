import { useState, type FormEvent } from 'react';
import { ErrorMessage, PageHeader, SubmitButton, api, formatDateTime, path, useApi, useTitle } from '../ui/index.js';
import { GUID_PATTERN, PAYMENT_BEHAVIORS, behaviorLabel, describePaymentChange, isGuid, type PaymentBehavior } from './BillingInputs.js';

/**
 * Operator console › Customer payments (sandbox): how a customer tenant's simulated payment instrument answers the
 * collection of its invoices — succeed, fail (card declined: the invoice fails and the subscriptions it bills are
 * suspended) or delay (settles two days later). Making it succeed again collects the failed invoices now; once they
 * are paid, the subscriptions suspended for payment are offered to their publishers for reinstatement.
 */

interface PaymentResult {
  tenantId: string;
  behavior: PaymentBehavior;
  retried: number;
}

export function PaymentsPage() {
  useTitle('Customer payments');
  const [tenantId, setTenantId] = useState('');
  const [choice, setChoice] = useState<PaymentBehavior | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [results, setResults] = useState<{ at: string; result: PaymentResult }[]>([]);

  const id = tenantId.trim().toLowerCase();
  const current = useApi<PaymentResult>(isGuid(id) ? path`/api/admin/customers/${id}/payment` : null);
  const shownCurrent = current.data && current.data.tenantId === id ? current.data.behavior : undefined;
  const selected = choice ?? shownCurrent ?? 'succeed';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isGuid(id)) {
      setFieldError('Enter the customer tenant ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.');
      return;
    }
    setFieldError(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const result = await api.put<PaymentResult>(path`/api/admin/customers/${id}/payment`, { behavior: selected });
      current.setData(result);
      setResults((r) => [{ at: new Date().toISOString(), result }, ...r].slice(0, 10));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const latest = results[0];
  return (
    <>
      <PageHeader
        title="Customer payments"
        subtitle="Sandbox: how a customer's payment method answers when its invoices are collected, to test failed payments, suspension and reinstatement."
      />
      <section className="card" aria-labelledby="payments-title">
        <h2 id="payments-title">Payment method of a customer</h2>
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="payments-title">
          <div className={`field${fieldError ? ' field-invalid' : ''}`}>
            <label htmlFor="payment-tenant">Customer tenant ID</label>
            <input
              id="payment-tenant"
              className="input-guid"
              required
              pattern={GUID_PATTERN}
              value={tenantId}
              onChange={(e) => {
                setTenantId(e.target.value);
                setChoice(undefined);
              }}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'payment-tenant-error payment-tenant-hint' : 'payment-tenant-hint'}
            />
            {fieldError && (
              <div className="field-error" id="payment-tenant-error">
                {fieldError}
              </div>
            )}
            <div className="hint" id="payment-tenant-hint">
              The purchaser's tenant (the organization that pays).{' '}
              {shownCurrent && (
                <span data-testid="payment-current" data-behavior={shownCurrent}>
                  Its payments currently: <strong>{behaviorLabel(shownCurrent).toLowerCase()}</strong>.
                </span>
              )}
            </div>
            <ErrorMessage error={current.error} />
          </div>
          <fieldset className="role-picker">
            <legend>
              <strong>Payments</strong>
            </legend>
            {PAYMENT_BEHAVIORS.map((b) => (
              <label key={b.value} className="radio">
                <input
                  type="radio"
                  name="payment-behavior"
                  value={b.value}
                  checked={selected === b.value}
                  onChange={() => setChoice(b.value)}
                  aria-labelledby={`payment-${b.value}-label`}
                  aria-describedby={`payment-${b.value}-hint`}
                />
                <span>
                  <strong id={`payment-${b.value}-label`}>{b.label}</strong>
                  <span className="hint" id={`payment-${b.value}-hint`}>
                    {b.help}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="form-actions">
            <SubmitButton busy={busy}>Apply</SubmitButton>
          </div>
        </form>
        <ErrorMessage error={error} />
        <div role="status" data-testid="payment-result">
          {latest && <div className={`alert ${latest.result.behavior === 'fail' ? 'alert-warning' : 'alert-success'}`}>{describePaymentChange(latest.result)}</div>}
        </div>
        <p className="hint">
          A failed collection suspends the subscriptions its invoice bills and is retried every 3 days (4 attempts); after 30 days suspended they are canceled. Invoices are
          issued by the monthly billing run (Billing runs).
        </p>
      </section>
      {results.length > 0 && (
        <section className="card" aria-labelledby="payments-history">
          <h2 id="payments-history">This session</h2>
          <table className="table" data-testid="payment-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Tenant</th>
                <th scope="col">Payments</th>
                <th scope="col">Failed invoices collected again</th>
              </tr>
            </thead>
            <tbody>
              {results.map(({ at, result }, i) => (
                <tr key={`${at}-${results.length - i}`}>
                  <td>{formatDateTime(at)}</td>
                  <td>
                    <code>{result.tenantId}</code>
                  </td>
                  <td>{behaviorLabel(result.behavior)}</td>
                  <td data-testid="payment-retried">{result.retried}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
