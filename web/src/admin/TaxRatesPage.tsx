import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { formatDay, formatRate, parsePercent, rateToPercent } from '../customer/invoices/index.js';
import { Badge, EmptyState, ErrorMessage, Loading, Notice, PageHeader, SubmitButton, api, path, useApi, useTitle, type ClockInfo } from '../ui/index.js';
import { dayOfInstant, isCountry, isDay, taxRateGroups, type VersionState } from './BillingInputs.js';

/**
 * Operator console › Tax rates: sales tax / VAT by the customer's country, versioned by the day each rate takes
 * effect, and who collects and remits it (the marketplace, or the publisher). Issued invoices keep their tax.
 */

type Collector = 'platform' | 'publisher';

interface TaxRate {
  country: string;
  effectiveFrom: string;
  rate: string;
  collectedBy: Collector;
}

const COLLECTORS: { value: Collector; label: string }[] = [
  { value: 'platform', label: 'The marketplace' },
  { value: 'publisher', label: 'The publisher' },
];
const collectorLabel = (c: string) => COLLECTORS.find((x) => x.value === c)?.label ?? c;

function StateBadge({ state }: { state: VersionState }) {
  return state === 'in-force' ? <Badge tone="good">In force</Badge> : state === 'scheduled' ? <Badge tone="info">Scheduled</Badge> : <Badge>Superseded</Badge>;
}

export function TaxRatesPage() {
  useTitle('Tax rates');
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const rates = useApi<{ items: TaxRate[] }>('/api/admin/billing/tax-rates');
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const today = clock.data ? dayOfInstant(clock.data.now) : undefined;

  const changed = (message: string) => {
    setNotice(message);
    rates.reload();
  };

  return (
    <>
      <PageHeader
        title="Tax rates"
        subtitle="Sales tax or VAT by the customer's country (the market of the purchase), from the day each rate takes effect. Each invoice line is taxed at the rate in force on the last day of its billing period."
      />
      <AddTaxRate today={today} onSaved={changed} />
      <section className="card" aria-labelledby="tax-table-title">
        <div className="card-head">
          <h2 id="tax-table-title">Rates by country</h2>
          <button type="button" className="btn btn-secondary btn-small" onClick={rates.reload} disabled={rates.loading}>
            Refresh
          </button>
        </div>
        {notice && <Notice tone="success">{notice}</Notice>}
        {rates.error ? (
          <ErrorMessage error={rates.error} onRetry={rates.reload} />
        ) : !rates.data || !today ? (
          <Loading />
        ) : rates.data.items.length === 0 ? (
          <EmptyState>No tax rates: invoices carry no tax. Add the rate of each country where tax is charged.</EmptyState>
        ) : (
          <table className="table" data-testid="tax-rates-table">
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">From</th>
                <th scope="col">Rate</th>
                <th scope="col">Collected and remitted by</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {taxRateGroups(rates.data.items, today).map((group) => (
                <Fragment key={group.country}>
                  {group.versions.map(({ rate, state }, i) => (
                    <TaxRateRow key={`${rate.country}-${rate.effectiveFrom}`} rate={rate} state={state} first={i === 0} onChanged={changed} />
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        <p className="hint">A rate set for a day that already has one replaces it. Deleting a version makes the one before it apply again from that day.</p>
      </section>
    </>
  );
}

function AddTaxRate({ today, onSaved }: { today: string | undefined; onSaved: (message: string) => void }) {
  const [country, setCountry] = useState('');
  const [from, setFrom] = useState('');
  const [percent, setPercent] = useState('');
  const [collectedBy, setCollectedBy] = useState<Collector>('platform');
  const [errors, setErrors] = useState<{ country?: string; from?: string; percent?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (today && !from) setFrom(today);
  }, [today, from]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parsePercent(percent);
    const next: typeof errors = {};
    if (!isCountry(country)) next.country = 'A two-letter country code (ISO 3166), such as DE.';
    if (!isDay(from)) next.from = 'Choose the day the rate takes effect.';
    if (!parsed.ok) next.percent = parsed.message;
    setErrors(next);
    if (!parsed.ok || next.country || next.from) return;
    const code = country.trim().toUpperCase();
    setBusy(true);
    setError(undefined);
    try {
      await api.put(path`/api/admin/billing/tax-rates/${code}/${from}`, { rate: parsed.rate, collectedBy });
      setCountry('');
      setPercent('');
      onSaved(`${code}: ${formatRate(parsed.rate)} from ${formatDay(from)}, collected by ${collectorLabel(collectedBy).toLowerCase()}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: keyof typeof errors) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `tax-${field}-error` } : {});
  return (
    <section className="card" aria-labelledby="tax-add-title">
      <h2 id="tax-add-title">Add a rate</h2>
      <form className="form-row" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="tax-add-title">
        <div className={`field${errors.country ? ' field-invalid' : ''}`}>
          <label htmlFor="tax-country">Country</label>
          <input id="tax-country" required maxLength={2} size={4} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} placeholder="DE" {...invalid('country')} />
          {errors.country && (
            <div className="field-error" id="tax-country-error">
              {errors.country}
            </div>
          )}
        </div>
        <div className={`field${errors.from ? ' field-invalid' : ''}`}>
          <label htmlFor="tax-from">From</label>
          <input id="tax-from" type="date" required value={from} onChange={(e) => setFrom(e.target.value)} {...invalid('from')} />
          {errors.from && (
            <div className="field-error" id="tax-from-error">
              {errors.from}
            </div>
          )}
        </div>
        <div className={`field${errors.percent ? ' field-invalid' : ''}`}>
          <label htmlFor="tax-percent">Rate (%)</label>
          <input id="tax-percent" inputMode="decimal" required value={percent} onChange={(e) => setPercent(e.target.value)} placeholder="19" {...invalid('percent')} />
          {errors.percent && (
            <div className="field-error" id="tax-percent-error">
              {errors.percent}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="tax-collector">Collected by</label>
          <select id="tax-collector" value={collectedBy} onChange={(e) => setCollectedBy(e.target.value as Collector)}>
            {COLLECTORS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-button">
          <SubmitButton busy={busy}>Add rate</SubmitButton>
        </div>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

function TaxRateRow({ rate, state, first, onChanged }: { rate: TaxRate; state: VersionState; first: boolean; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [percent, setPercent] = useState(rateToPercent(rate.rate) ?? rate.rate);
  const [collectedBy, setCollectedBy] = useState<Collector>(rate.collectedBy);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const label = `${rate.country} from ${rate.effectiveFrom}`;
  const url = path`/api/admin/billing/tax-rates/${rate.country}/${rate.effectiveFrom}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parsePercent(percent);
    if (!parsed.ok) {
      setFieldError(parsed.message);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    setError(undefined);
    try {
      await api.put(url, { rate: parsed.rate, collectedBy });
      setMode('view');
      onChanged(`${rate.country}: ${formatRate(parsed.rate)} from ${formatDay(rate.effectiveFrom)}, collected by ${collectorLabel(collectedBy).toLowerCase()}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(url);
      onChanged(`Deleted the rate of ${rate.country} from ${formatDay(rate.effectiveFrom)}.`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <tr data-testid={`tax-${rate.country}-${rate.effectiveFrom}`} className={mode === 'edit' ? 'editor-row' : undefined}>
      <td>{first ? <strong>{rate.country}</strong> : <span className="sr-only">{rate.country}</span>}</td>
      <td>{formatDay(rate.effectiveFrom)}</td>
      {mode === 'edit' ? (
        <td colSpan={2}>
          <form id={`tax-edit-${rate.country}-${rate.effectiveFrom}`} className="form-row inline-editor" onSubmit={(e) => void save(e)} noValidate aria-label={`Edit ${label}`}>
            <div className={`field${fieldError ? ' field-invalid' : ''}`}>
              <label htmlFor={`tax-edit-rate-${rate.country}-${rate.effectiveFrom}`}>Rate (%)</label>
              <input
                id={`tax-edit-rate-${rate.country}-${rate.effectiveFrom}`}
                inputMode="decimal"
                value={percent}
                onChange={(e) => setPercent(e.target.value)}
                aria-invalid={fieldError ? true : undefined}
              />
              {fieldError && <div className="field-error">{fieldError}</div>}
            </div>
            <div className="field">
              <label htmlFor={`tax-edit-by-${rate.country}-${rate.effectiveFrom}`}>Collected by</label>
              <select id={`tax-edit-by-${rate.country}-${rate.effectiveFrom}`} value={collectedBy} onChange={(e) => setCollectedBy(e.target.value as Collector)}>
                {COLLECTORS.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          </form>
          <ErrorMessage error={error} />
        </td>
      ) : (
        <>
          <td>{formatRate(rate.rate)}</td>
          <td>{collectorLabel(rate.collectedBy)}</td>
        </>
      )}
      <td>
        <StateBadge state={state} />
      </td>
      <td className="row-actions">
        {/* Keyed: React must not turn the clicked Edit button into the Save (submit) button during its own click. */}
        {mode === 'edit' ? (
          <span className="confirm" key="edit">
            <button type="submit" form={`tax-edit-${rate.country}-${rate.effectiveFrom}`} className="btn btn-primary btn-small" disabled={busy}>
              Save
            </button>
            <button type="button" className="btn btn-link" onClick={() => setMode('view')} disabled={busy}>
              Cancel
            </button>
          </span>
        ) : mode === 'delete' ? (
          <span className="confirm" key="delete" role="group" aria-label={`Delete ${label}?`}>
            <span>Delete?</span>
            <button type="button" className="btn btn-danger btn-small" onClick={() => void remove()} disabled={busy}>
              Yes, delete
            </button>
            <button type="button" className="btn btn-link" onClick={() => setMode('view')} disabled={busy}>
              No
            </button>
          </span>
        ) : (
          <span className="confirm" key="view">
            <button type="button" className="btn btn-secondary btn-small" aria-label={`Edit ${label}`}
              onClick={() => {
                setPercent(rateToPercent(rate.rate) ?? rate.rate);
                setCollectedBy(rate.collectedBy);
                setFieldError(undefined);
                setError(undefined);
                setMode('edit');
              }}
            >
              Edit
            </button>
            <button type="button" className="btn btn-link btn-danger-text" aria-label={`Delete ${label}`} onClick={() => setMode('delete')}>
              Delete
            </button>
          </span>
        )}
        {mode === 'delete' && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}
