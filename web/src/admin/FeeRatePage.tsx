import { useEffect, useState, type FormEvent } from 'react';
import { formatDay, formatRate, parsePercent } from '../customer/invoices/index.js';
import { Badge, ErrorMessage, Loading, Notice, PageHeader, SubmitButton, api, formatDateTime, useApi, useTitle, type ClockInfo } from '../ui/index.js';
import { dayOfInstant, inForceOn, isDay, versionState } from './BillingInputs.js';

/**
 * Operator console › Store service fee: the share of each license amount the marketplace keeps from the publisher's
 * earnings, versioned by the day it takes effect. Issued invoices keep the fee they were computed with.
 */

interface FeeRate {
  effectiveFrom: string;
  rate: string;
  setAt: string;
  setBy: string;
}

export function FeeRatePage() {
  useTitle('Store service fee');
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const rates = useApi<{ items: FeeRate[] }>('/api/admin/billing/fee-rates');
  const [percent, setPercent] = useState('');
  const [from, setFrom] = useState('');
  const [errors, setErrors] = useState<{ percent?: string; from?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);

  const today = clock.data ? dayOfInstant(clock.data.now) : undefined;
  useEffect(() => {
    if (today && !from) setFrom(today);
  }, [today, from]);

  const items = [...(rates.data?.items ?? [])].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const current = today ? inForceOn(items, today) : undefined;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parsePercent(percent);
    const next: typeof errors = {};
    if (!parsed.ok) next.percent = parsed.message;
    if (!isDay(from)) next.from = 'Choose the day the fee takes effect.';
    setErrors(next);
    if (!parsed.ok || next.from) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const result = await api.put<{ items: FeeRate[] }>(`/api/admin/billing/fee-rates/${from}`, { rate: parsed.rate });
      rates.setData(result);
      setSaved(`The store service fee is ${formatRate(parsed.rate)} from ${formatDay(from)}.`);
      setPercent('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Store service fee"
        subtitle="The marketplace's share of the license amount of each invoice line, taken from the publisher's earnings when the invoice is issued."
      />
      <section className="card" aria-labelledby="fee-current-title">
        <h2 id="fee-current-title">In force</h2>
        {rates.error ? (
          <ErrorMessage error={rates.error} onRetry={rates.reload} />
        ) : !rates.data || !today ? (
          <Loading />
        ) : (
          <p data-testid="fee-current">
            {current ? (
              <>
                <strong>{formatRate(current.rate)}</strong> since {formatDay(current.effectiveFrom)} (today is {formatDay(today)} on the marketplace
                clock).
              </>
            ) : (
              'No fee is in force today.'
            )}
          </p>
        )}
        <form className="form-row" onSubmit={(e) => void save(e)} noValidate aria-labelledby="fee-set-title">
          <h3 id="fee-set-title" className="sr-only">
            Set a new fee
          </h3>
          <div className={`field${errors.percent ? ' field-invalid' : ''}`}>
            <label htmlFor="fee-percent">New fee (%)</label>
            <input
              id="fee-percent"
              inputMode="decimal"
              required
              value={percent}
              onChange={(e) => setPercent(e.target.value)}
              placeholder="3"
              aria-invalid={errors.percent ? true : undefined}
              aria-describedby={errors.percent ? 'fee-percent-error' : undefined}
            />
            {errors.percent && (
              <div className="field-error" id="fee-percent-error">
                {errors.percent}
              </div>
            )}
          </div>
          <div className={`field${errors.from ? ' field-invalid' : ''}`}>
            <label htmlFor="fee-from">From</label>
            <input id="fee-from" type="date" required value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={errors.from ? true : undefined} />
            {errors.from && <div className="field-error">{errors.from}</div>}
          </div>
          <div className="field field-button">
            <SubmitButton busy={busy}>Set fee</SubmitButton>
          </div>
        </form>
        <p className="hint">Invoices issued from that day on use the new fee; invoices already issued keep theirs. Setting a fee for a day that has one replaces it.</p>
        {saved && <Notice tone="success">{saved}</Notice>}
        <ErrorMessage error={error} />
      </section>

      <section className="card" aria-labelledby="fee-history-title">
        <h2 id="fee-history-title">History</h2>
        {rates.data && (
          <table className="table" data-testid="fee-history">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Fee</th>
                <th scope="col">State</th>
                <th scope="col">Set</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const state = today ? versionState(r, current, today) : undefined;
                return (
                  <tr key={r.effectiveFrom} data-testid={`fee-${r.effectiveFrom}`}>
                    <td>{formatDay(r.effectiveFrom)}</td>
                    <td>{formatRate(r.rate)}</td>
                    <td>{state === 'in-force' ? <Badge tone="good">In force</Badge> : state === 'scheduled' ? <Badge tone="info">Scheduled</Badge> : <Badge>Superseded</Badge>}</td>
                    <td>{formatDateTime(r.setAt)}</td>
                    <td className="muted">{r.setBy === 'migration' ? 'default' : <code>{r.setBy}</code>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
