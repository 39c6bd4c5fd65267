import { useState, type FormEvent } from 'react';
import { Field, navigate } from '../../ui/index.js';
import { STATUSES, filterProblem, statusOf, type EarningFilters } from './earningsModel.js';

/** The filters of the earnings pages: transaction dates, offer and status, applied to the address bar. */
export function EarningsFilterForm({ applied, hrefOf, label }: { applied: EarningFilters; hrefOf: (f: EarningFilters) => string; label: string }) {
  const [f, setF] = useState(applied);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { ...f, offerId: f.offerId.trim() };
    const problem = filterProblem(next);
    setError(problem);
    if (!problem) navigate(hrefOf(next));
  };
  const clear = () => {
    const none: EarningFilters = { from: '', to: '', offerId: '', status: '' };
    setF(none);
    setError(undefined);
    navigate(hrefOf(none));
  };
  return (
    <form className="form-row filters" onSubmit={submit} aria-label={label} noValidate>
      <Field label="From" htmlFor="earnings-from">
        <input id="earnings-from" type="date" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} aria-invalid={error ? true : undefined} />
      </Field>
      <Field label="To" htmlFor="earnings-to">
        <input id="earnings-to" type="date" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} aria-invalid={error ? true : undefined} />
      </Field>
      <Field label="Offer ID" htmlFor="earnings-offer">
        <input id="earnings-offer" value={f.offerId} placeholder="All offers" maxLength={100} onChange={(e) => setF({ ...f, offerId: e.target.value })} />
      </Field>
      <Field label="Status" htmlFor="earnings-status">
        <select id="earnings-status" value={f.status} onChange={(e) => setF({ ...f, status: e.target.value as EarningFilters['status'] })}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusOf(s).label}
            </option>
          ))}
        </select>
      </Field>
      <div className="field field-button">
        <button type="submit" className="btn btn-secondary">
          Apply
        </button>
      </div>
      <div className="field field-button">
        <button type="button" className="btn btn-link" onClick={clear}>
          Clear
        </button>
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

/** What a role without finance.read sees instead of money. */
export const FINANCE_ROLES_NOTE = 'Earnings and payouts are for the Owner and Financial contributor roles; yours do not include them.';
