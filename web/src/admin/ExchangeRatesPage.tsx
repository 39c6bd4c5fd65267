import { useEffect, useState, type FormEvent } from 'react';
import { ErrorMessage, Field, Loading, Notice, PageHeader, SubmitButton, api, formatDateTime, useApi, useTitle } from '../ui/index.js';

interface Rate {
  currency: string;
  rate: string;
  effectiveDate: string;
  setBy: string | null;
  setAt: string;
}

interface Rates {
  date: string;
  rates: Rate[];
}

const DECIMAL = /^\d{1,10}(\.\d{1,10})?$/;

/**
 * The exchange-rate table the operator maintains: units of each market currency per 1 USD, in force from a day.
 * Plan prices are converted with the rate in force when they are saved; setting a rate never changes a saved price.
 */
export function ExchangeRatesPage() {
  useTitle('Exchange rates');
  const [date, setDate] = useState('');
  const rates = useApi<Rates>(`/api/admin/exchange-rates${date ? `?date=${date}` : ''}`);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (rates.data && !date) setDate(rates.data.date);
  }, [rates.data, date]);

  const changed = Object.entries(edits).filter(([currency, value]) => value !== rates.data?.rates.find((r) => r.currency === currency)?.rate);
  const invalid = changed.filter(([, value]) => !DECIMAL.test(value) || Number(value) <= 0).map(([currency]) => currency);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid.length) {
      setError(new Error(`Rates are positive decimals: check ${invalid.join(', ')}.`));
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const result = await api.put<Rates>(`/api/admin/exchange-rates/${date}`, { rates: Object.fromEntries(changed) });
      rates.setData(result);
      setEdits({});
      setSaved(`${changed.length} rate${changed.length === 1 ? '' : 's'} in force from ${date}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Exchange rates" subtitle="Units of each market currency per 1 USD. Plan prices are converted at the rate in force on the day they are saved." />
      <section className="card" aria-labelledby="rates-title">
        <h2 id="rates-title">Rates in force</h2>
        <div className="form-row">
          <Field label="On the day" htmlFor="ratesDate">
            <input id="ratesDate" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </Field>
        </div>
        {rates.error ? (
          <ErrorMessage error={rates.error} onRetry={rates.reload} />
        ) : !rates.data ? (
          <Loading />
        ) : (
          <form onSubmit={(e) => void save(e)} aria-label="Exchange rates">
            {saved && <Notice tone="success">{saved}</Notice>}
            <ErrorMessage error={error} />
            <table className="table">
              <thead>
                <tr>
                  <th>Currency</th>
                  <th>Rate per 1 USD</th>
                  <th>In force since</th>
                  <th>Set</th>
                </tr>
              </thead>
              <tbody>
                {rates.data.rates.map((r) => (
                  <tr key={r.currency}>
                    <td>
                      <code>{r.currency}</code>
                    </td>
                    <td>
                      <input
                        aria-label={`${r.currency} rate`}
                        inputMode="decimal"
                        value={edits[r.currency] ?? r.rate}
                        disabled={r.currency === 'USD'}
                        aria-invalid={invalid.includes(r.currency) || undefined}
                        onChange={(e) => setEdits({ ...edits, [r.currency]: e.target.value.trim() })}
                      />
                    </td>
                    <td>{r.effectiveDate}</td>
                    <td className="muted">{r.setBy ? formatDateTime(r.setAt) : 'demo default'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="form-actions">
              <SubmitButton busy={busy} disabled={changed.length === 0}>
                Set {changed.length || ''} rate{changed.length === 1 ? '' : 's'} from {date}
              </SubmitButton>
            </div>
          </form>
        )}
      </section>
    </>
  );
}
