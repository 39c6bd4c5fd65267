import { useState, type FormEvent } from 'react';
import { Badge, EmptyState, ErrorMessage, Field, Loading, Notice, PageHeader, SubmitButton, api, formatDateTime, path, useApi, useTitle, type ClockInfo } from '../ui/index.js';
import { formatMonth, reasonText } from '../partner/earnings/earningsModel.js';
import type { CarryReason } from '../partner/earnings/types.js';
import { formatMoney } from '../partner/usage/money.js';
import { isGuid, monthOfInstant, monthProblem, thresholdInputProblem, utcFromLocalInput } from '../partner/earnings/payoutRunsModel.js';
import '../partner/earnings/earnings.css';

/**
 * Operator console › Payouts (ADR 0018): the monthly payout runs (each is due on the 15th at 02:00 UTC; a month can be
 * run now once it has begun, and a month runs once), what each run paid and carried forward, the minimum payout,
 * and the store fee waiver of a test purchase on the publisher's support ticket.
 */

interface Run {
  runId: string;
  month: string;
  cutOff: string;
  payoutDate: string;
  threshold: { amount: string; currency: string };
  trigger: 'schedule' | 'operator';
  triggeredBy: string | null;
  startedAt: string;
  completedAt: string;
  payouts: number;
  carriedForward: number;
}

interface RunResult {
  created: boolean;
  run: Run;
  payouts: { payoutId: string; accountId: string; currency: string; amount: string; withholding: string; total: string; earnings: number }[];
  carriedForward: { accountId: string; reason: CarryReason; currency: string | null; total: string | null; threshold: string | null; earnings: number }[];
}

interface Threshold {
  amount: string;
  currency: string;
  isDefault: boolean;
  updatedAt: string | null;
}

export function PayoutRunsPage() {
  useTitle('Payouts');
  const runs = useApi<{ items: Run[] }>('/api/admin/payouts/runs');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  return (
    <>
      <PageHeader title="Payouts" subtitle="Monthly payout runs to publishers: due on the 15th at 02:00 UTC on the marketplace clock; each month is paid once." />
      <RunNowCard onRun={(r) => { runs.reload(); setSelected(r.run.runId); }} />
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
          <EmptyState>No payout runs yet.</EmptyState>
        ) : (
          <table className="table table-clickable" data-testid="payout-runs">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Pays invoices paid before</th>
                <th scope="col">Minimum</th>
                <th scope="col" className="num">
                  Payouts
                </th>
                <th scope="col" className="num">
                  Carried forward
                </th>
                <th scope="col">Run</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.runId} className={r.runId === selected ? 'selected' : undefined} tabIndex={0} onClick={() => setSelected(r.runId)} onKeyDown={(e) => e.key === 'Enter' && setSelected(r.runId)}>
                  <td>{formatMonth(r.month, 'long')}</td>
                  <td>{formatDateTime(r.cutOff)}</td>
                  <td>{formatMoney(r.threshold.amount, r.threshold.currency)}</td>
                  <td className="num">{r.payouts}</td>
                  <td className="num">{r.carriedForward}</td>
                  <td>
                    <Badge tone={r.trigger === 'schedule' ? 'info' : 'neutral'}>{r.trigger === 'schedule' ? 'Scheduled' : 'Operator'}</Badge> <span className="muted">{formatDateTime(r.completedAt)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {selected && <RunDetail key={selected} runId={selected} />}
      </section>
      <ThresholdCard />
      <WaiverCard />
    </>
  );
}

function RunNowCard({ onRun }: { onRun: (r: RunResult) => void }) {
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<RunResult | undefined>(undefined);
  const shown = month ?? (clock.data ? monthOfInstant(clock.data.now) : '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = clock.data ? monthProblem(shown, clock.data.now) : undefined;
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<RunResult>('/api/admin/payouts/runs', { month: shown });
      setResult(r);
      onRun(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="run-now-title">
      <h2 id="run-now-title">Run a month now</h2>
      <p className="muted">Pays every publisher’s available earnings whose invoice was paid before the month began. A month already run is shown as it is: nothing is added.</p>
      <form className="form-row" onSubmit={(e) => void submit(e)} aria-labelledby="run-now-title">
        <Field label="Payout month" htmlFor="payout-month" hint={clock.data ? `Marketplace time: ${formatDateTime(clock.data.now)}` : undefined}>
          <input id="payout-month" type="month" required value={shown} onChange={(e) => setMonth(e.target.value)} />
        </Field>
        <div className="field field-button">
          <SubmitButton busy={busy}>Run payouts</SubmitButton>
        </div>
      </form>
      <ErrorMessage error={error} />
      {result && (
        <Notice tone="success">
          {result.created ? 'Run' : 'Already run'}: {formatMonth(result.run.month, 'long')} — {result.payouts.length} payout{result.payouts.length === 1 ? '' : 's'}, {result.carriedForward.length} carried forward.
        </Notice>
      )}
    </section>
  );
}

function RunDetail({ runId }: { runId: string }) {
  const detail = useApi<RunResult>(path`/api/admin/payouts/runs/${runId}`);
  if (detail.error) return <ErrorMessage error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const d = detail.data;
  return (
    <div className="detail-panel" data-testid="payout-run-detail">
      <h3>{formatMonth(d.run.month, 'long')}</h3>
      {d.payouts.length === 0 ? (
        <EmptyState>No payouts in this run.</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Publisher account</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Withheld
              </th>
              <th scope="col" className="num">
                Sent
              </th>
              <th scope="col" className="num">
                Transactions
              </th>
            </tr>
          </thead>
          <tbody>
            {d.payouts.map((p) => (
              <tr key={p.payoutId}>
                <td>
                  <code>{p.accountId}</code>
                </td>
                <td className="num">{formatMoney(p.amount, p.currency)}</td>
                <td className="num">{formatMoney(p.withholding, p.currency)}</td>
                <td className="num">{formatMoney(p.total, p.currency)}</td>
                <td className="num">{p.earnings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.carriedForward.length > 0 && (
        <>
          <h4>Carried forward</h4>
          <ul className="carry-list">
            {d.carriedForward.map((c) => (
              <li key={c.accountId}>
                <code>{c.accountId}</code>: {reasonText(c.reason)}
                {c.total !== null && c.currency && <span className="muted"> ({formatMoney(c.total, c.currency)})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ThresholdCard() {
  const current = useApi<Threshold>('/api/admin/payouts/threshold');
  const [amount, setAmount] = useState<string | undefined>(undefined);
  const [currency, setCurrency] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const shownAmount = amount ?? current.data?.amount ?? '';
  const shownCurrency = currency ?? current.data?.currency ?? 'USD';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = thresholdInputProblem(shownAmount, shownCurrency);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      current.setData(await api.put<Threshold>('/api/admin/payouts/threshold', { amount: shownAmount.trim(), currency: shownCurrency.trim().toUpperCase() }));
      setAmount(undefined);
      setCurrency(undefined);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="threshold-title">
      <h2 id="threshold-title">Minimum payout</h2>
      <p className="muted">
        A publisher whose total is below it is carried forward to a later month. It is converted into each payout currency at the rates of the payout day.
        {current.data?.isDefault && ' This is the default.'}
      </p>
      {current.error ? (
        <ErrorMessage error={current.error} onRetry={current.reload} />
      ) : !current.data ? (
        <Loading />
      ) : (
        <form className="form-row" onSubmit={(e) => void submit(e)} aria-labelledby="threshold-title" noValidate>
          <Field label="Amount" htmlFor="threshold-amount">
            <input id="threshold-amount" inputMode="decimal" value={shownAmount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <Field label="Currency" htmlFor="threshold-currency">
            <input id="threshold-currency" maxLength={3} value={shownCurrency} onChange={(e) => setCurrency(e.target.value)} />
          </Field>
          <div className="field field-button">
            <SubmitButton busy={busy}>Save</SubmitButton>
          </div>
        </form>
      )}
      <ErrorMessage error={error} />
      {saved && <Notice tone="success">Saved: later runs use it.</Notice>}
    </section>
  );
}

interface Waiver {
  subscriptionId: string;
  purchaseDate: string;
  earnings: { earningId: string; currency: string; gross: string; feeBefore: string }[];
  paidOutBefore: number;
}

function WaiverCard() {
  const [subscriptionId, setSubscriptionId] = useState('');
  const [openedAt, setOpenedAt] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<Waiver | undefined>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isGuid(subscriptionId)) {
      setError(new Error('The subscription ID is a GUID.'));
      return;
    }
    const ticketOpenedAt = openedAt ? utcFromLocalInput(openedAt) : undefined;
    if (openedAt && !ticketOpenedAt) {
      setError(new Error('The ticket time is a date and time.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await api.post<Waiver>('/api/admin/payouts/fee-waivers', { subscriptionId: subscriptionId.trim(), ...(ticketOpenedAt ? { ticketOpenedAt } : {}), ...(note.trim() ? { note: note.trim() } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="waiver-title">
      <h2 id="waiver-title">Waive the store fee of a test purchase</h2>
      <p className="muted">Test purchases from an offer’s preview are charged for real. On a support ticket opened within 7 days of the purchase, the publisher is paid the full amount with no store fee.</p>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="waiver-title" noValidate>
        <Field label="Subscription ID" htmlFor="waiver-subscription">
          <input id="waiver-subscription" className="input-guid" value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} />
        </Field>
        <Field label="Ticket opened at (UTC)" htmlFor="waiver-opened" hint="Leave empty for now.">
          <input id="waiver-opened" type="datetime-local" value={openedAt} onChange={(e) => setOpenedAt(e.target.value)} />
        </Field>
        <Field label="Note" htmlFor="waiver-note" hint="The ticket number, for example.">
          <input id="waiver-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy}>Waive the fee</SubmitButton>
        </div>
      </form>
      <ErrorMessage error={error} />
      {done && (
        <Notice tone="success">
          Waived on {done.earnings.length} earning{done.earnings.length === 1 ? '' : 's'} of the purchase of {done.purchaseDate}
          {done.earnings.map((e) => ` · ${formatMoney(e.feeBefore, e.currency)} fee on ${formatMoney(e.gross, e.currency)}`).join('')}
          {done.paidOutBefore > 0 && ` (${done.paidOutBefore} already paid out keep their fee)`}.
        </Notice>
      )}
    </section>
  );
}
