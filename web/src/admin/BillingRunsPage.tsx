import { useEffect, useState, type FormEvent } from 'react';
import { formatAmount, monthLabel } from '../customer/invoices/index.js';
import { Badge, EmptyState, ErrorMessage, Link, Loading, PageHeader, SubmitButton, api, formatDateTime, path, useApi, useTitle, type ClockInfo } from '../ui/index.js';
import { isMonth, lastEndedMonth, monthHasEnded, runKinds } from './BillingInputs.js';

/**
 * Operator console › Billing runs: the monthly runs (scheduled on the 2nd at 01:00 UTC for the month before) and a
 * run now for an ended month. The first run of a month issues its invoices; a later one only recomputes and compares.
 */

interface RunSummary {
  runId: string;
  periodStart: string;
  periodEnd: string;
  startedAt: string;
  completedAt: string;
  invoices: number;
  unchanged: number;
  pendingAdjustments: number;
}

export interface RunResult {
  runId: string;
  period: string;
  compareOnly: boolean;
  invoices: { invoiceId: string; number: string; tenantId: string; currency: string; total: string }[];
  unchanged: number;
  pendingAdjustments: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function BillingRunsPage() {
  useTitle('Billing runs');
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const runs = useApi<{ items: RunSummary[] }>('/api/admin/billing/runs');
  const [month, setMonth] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<RunResult | undefined>(undefined);

  useEffect(() => {
    if (clock.data && !month) setMonth(lastEndedMonth(clock.data.now));
  }, [clock.data, month]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isMonth(month)) {
      setFieldError('Choose a month, YYYY-MM.');
      return;
    }
    if (clock.data && !monthHasEnded(month, clock.data.now)) {
      setFieldError(`${monthLabel(month)} has not ended yet on the marketplace clock (${formatDateTime(clock.data.now)}).`);
      return;
    }
    setFieldError(undefined);
    setError(undefined);
    setResult(undefined);
    setBusy(true);
    try {
      setResult(await api.post<RunResult>('/api/admin/billing/runs', { period: month }));
      runs.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const kinds = runKinds(runs.data?.items ?? []);
  return (
    <>
      <PageHeader
        title="Billing runs"
        subtitle="Each month is billed on the 2nd at 01:00 UTC, after the metering window of its last hour has closed: one invoice per customer and currency."
      />
      <section className="card" aria-labelledby="run-now-title">
        <h2 id="run-now-title">Run billing now</h2>
        <form className="form-row" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="run-now-title">
          <div className={`field${fieldError ? ' field-invalid' : ''}`}>
            <label htmlFor="billing-month">Month</label>
            <input
              id="billing-month"
              type="month"
              required
              value={month}
              onChange={(e) => setMonth(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'billing-month-error' : undefined}
            />
            {fieldError && (
              <div className="field-error" id="billing-month-error">
                {fieldError}
              </div>
            )}
          </div>
          <div className="field field-button">
            <SubmitButton busy={busy}>Run billing</SubmitButton>
          </div>
        </form>
        {clock.data && (
          <p className="hint">
            Marketplace time: {formatDateTime(clock.data.now)}
            {clock.data.virtual ? ' (virtual clock)' : ''}. Only ended months can be billed. Running a month again adds nothing: it recomputes and compares, and
            differences (late usage, anomaly credits) are carried by the next month's invoices as correction lines.
          </p>
        )}
        <ErrorMessage error={error} />
        <div role="status" data-testid="run-result">
          {result && <RunOutcome result={result} />}
        </div>
      </section>

      <section className="card" aria-labelledby="runs-title">
        <div className="card-head">
          <h2 id="runs-title">Runs</h2>
          <button type="button" className="btn btn-secondary btn-small" onClick={runs.reload} disabled={runs.loading}>
            Refresh
          </button>
        </div>
        {runs.error ? (
          <ErrorMessage error={runs.error} onRetry={runs.reload} />
        ) : !runs.data ? (
          <Loading />
        ) : runs.data.items.length === 0 ? (
          <EmptyState>No billing runs yet. The first runs on the 2nd of next month at 01:00 UTC; or run an ended month now.</EmptyState>
        ) : (
          <table className="table" data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Run</th>
                <th scope="col">Started</th>
                <th scope="col">Completed</th>
                <th scope="col">Invoices issued</th>
                <th scope="col">Unchanged</th>
                <th scope="col">With differences</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.runId} data-testid={`run-${r.periodStart.slice(0, 7)}`}>
                  <td>{monthLabel(r.periodStart.slice(0, 7))}</td>
                  <td>{kinds.get(r.runId) === 'compared' ? <Badge>Compare only</Badge> : <Badge tone="good">Issued</Badge>}</td>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>{formatDateTime(r.completedAt)}</td>
                  <td>{r.invoices}</td>
                  <td>{r.unchanged}</td>
                  <td>{r.pendingAdjustments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function RunOutcome({ result }: { result: RunResult }) {
  const month = monthLabel(result.period);
  if (result.compareOnly)
    return (
      <div className="alert alert-info" data-testid="run-summary">
        {month} had been billed: this run recomputed and compared only, and issued nothing. {plural(result.unchanged, 'billing account')} unchanged;{' '}
        {plural(result.pendingAdjustments, 'billing account')} with differences that next month's invoices carry as corrections.
      </div>
    );
  if (result.invoices.length === 0)
    return (
      <div className="alert alert-info" data-testid="run-summary">
        Nothing to bill for {month}: no charges or usage were due. No invoice was issued.
      </div>
    );
  return (
    <div className="alert alert-success">
      <div data-testid="run-summary">
        Issued {plural(result.invoices.length, 'invoice')} for {month}. Their payments are being collected.
      </div>
      <table className="table" data-testid="run-invoices">
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Customer tenant</th>
            <th scope="col" className="amount">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {result.invoices.map((i) => (
            <tr key={i.invoiceId}>
              <td>
                <Link to={path`/admin/billing/invoices/${i.invoiceId}`}>{i.number}</Link>
              </td>
              <td>
                <code>{i.tenantId}</code>
              </td>
              <td className="amount">{formatAmount(i.total, i.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
