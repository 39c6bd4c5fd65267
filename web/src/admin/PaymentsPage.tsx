import { useState, type FormEvent } from 'react';
import { ErrorMessage, PageHeader, api, formatDateTime, path, useTitle } from '../ui/index.js';

/**
 * Operator console › Payments (sandbox): make a customer tenant's payments fail (their active subscriptions are
 * suspended) or work again (subscriptions suspended for payment are offered to their publishers for reinstatement).
 */

interface PaymentResult {
  tenantId: string;
  failing: boolean;
  suspended: number;
  reinstating: number;
}

const GUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const GUID = new RegExp(`^${GUID_PATTERN}$`);

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function describe(result: PaymentResult): string {
  return result.failing
    ? `Payments of tenant ${result.tenantId} now fail: ${plural(result.suspended, 'active subscription')} suspended.`
    : `Payments of tenant ${result.tenantId} work again: ${plural(result.reinstating, 'suspended subscription')} offered to ${result.reinstating === 1 ? 'its publisher' : 'their publishers'} for reinstatement.`;
}

export function PaymentsPage() {
  useTitle('Customer payments');
  const [tenantId, setTenantId] = useState('');
  const [busy, setBusy] = useState<'failing' | 'working' | undefined>(undefined);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [results, setResults] = useState<{ at: string; result: PaymentResult }[]>([]);

  const submit = async (failing: boolean) => {
    const id = tenantId.trim();
    if (!GUID.test(id)) {
      setFieldError('Enter the customer tenant ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.');
      return;
    }
    setFieldError(undefined);
    setError(undefined);
    setBusy(failing ? 'failing' : 'working');
    try {
      const result = await api.put<PaymentResult>(path`/api/admin/customers/${id.toLowerCase()}/payment`, { failing });
      setResults((r) => [{ at: new Date().toISOString(), result }, ...r].slice(0, 10));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  // Enter in the field does nothing: which way to switch payments is always an explicit click.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => event.preventDefault();

  const latest = results[0];
  return (
    <>
      <PageHeader title="Customer payments" subtitle="Sandbox: simulate a customer's failing payment method, then its recovery, to test suspension and reinstatement." />
      <section className="card" aria-labelledby="payments-title">
        <h2 id="payments-title">Payment method of a customer</h2>
        <form className="form-row" onSubmit={onSubmit} noValidate aria-labelledby="payments-title">
          <div className={`field${fieldError ? ' field-invalid' : ''}`}>
            <label htmlFor="payment-tenant">Customer tenant ID</label>
            <input
              id="payment-tenant"
              className="input-guid"
              required
              pattern={GUID_PATTERN}
              value={tenantId}
              onChange={(e) => setTenantId(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'payment-tenant-error payment-tenant-hint' : 'payment-tenant-hint'}
            />
            {fieldError && (
              <div className="field-error" id="payment-tenant-error">
                {fieldError}
              </div>
            )}
            <div className="hint" id="payment-tenant-hint">
              The purchaser's tenant (the organization that pays).
            </div>
          </div>
          <div className="field field-button">
            <button type="button" className="btn btn-danger" disabled={busy !== undefined} aria-busy={busy === 'failing'} onClick={() => void submit(true)}>
              Make payments fail
            </button>
          </div>
          <div className="field field-button">
            <button type="button" className="btn btn-primary" disabled={busy !== undefined} aria-busy={busy === 'working'} onClick={() => void submit(false)}>
              Make payments work
            </button>
          </div>
        </form>
        <ErrorMessage error={error} />
        <div role="status" data-testid="payment-result">
          {latest && (
            <div className={`alert ${latest.result.failing ? 'alert-warning' : 'alert-success'}`}>
              {describe(latest.result)}
            </div>
          )}
        </div>
        <p className="hint">
          Failing: the tenant's Subscribed subscriptions are suspended now, and renewals fail while it lasts. Working: each subscription suspended for payment gets a Reinstate
          operation its publisher must accept.
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
                <th scope="col">Suspended</th>
                <th scope="col">Offered for reinstatement</th>
              </tr>
            </thead>
            <tbody>
              {results.map(({ at, result }, i) => (
                <tr key={`${at}-${results.length - i}`}>
                  <td>{formatDateTime(at)}</td>
                  <td>
                    <code>{result.tenantId}</code>
                  </td>
                  <td>{result.failing ? 'Failing' : 'Working'}</td>
                  <td>{result.suspended}</td>
                  <td>{result.reinstating}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
