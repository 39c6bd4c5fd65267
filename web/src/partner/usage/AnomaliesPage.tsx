import { useState, type FormEvent } from 'react';
import { ApiError, Badge, EmptyState, ErrorMessage, Field, Link, Loading, Notice, PageHeader, SubmitButton, api, formatDateTime, navigate, path, useApi, useLocation, useTitle, type ClockInfo, type MyAccount } from '../../ui/index.js';
import { Modal } from '../offers/OffersPage.js';
import { announceInboxChange } from '../notifications/inbox.js';
import {
  IMPACT_THRESHOLD_USD,
  MAX_REASON,
  PAGE_SIZE,
  STATUSES,
  anomalyUrl,
  creditedUnits,
  decisionBody,
  decisionProblem,
  filtersOf,
  impactText,
  listUrl,
  modelFacts,
  pageHref,
  timeLeft,
  type Anomaly,
  type AnomalyFilters,
  type DecisionForm,
} from './anomalies.js';
import { formatQuantity } from './money.js';
import { addDays, formatDay } from './usageModel.js';
import './usage.css';
import './anomalies.css';

interface OfferSummary {
  offerId: string;
  alias: string;
  offerType: string;
}

/**
 * Partner Center › Usage › Metered usage anomalies, at /partner/usage/anomalies: the days whose reported usage the
 * daily scan found far above a subscription's history, with filters (status, offer, estimated impact over 100 USD),
 * and the decision on each within 30 days — an anomaly with the correct, lower usage (the customer is credited), or
 * not an anomaly with the reason. `?anomalyId=` opens one (the notification of a flag links there).
 */
export function AnomaliesPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Usage anomalies`);
  const { search } = useLocation();
  const filters = filtersOf(search);
  const allowed = account.actions.includes('offers.read');
  const canDecide = account.actions.includes('offers.publish');
  const list = useApi<{ items: Anomaly[] }>(allowed ? listUrl(account.accountId, filters) : null);
  const offers = useApi<{ offers: OfferSummary[] }>(allowed ? path`/api/accounts/${account.accountId}/offers` : null);
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const now = clock.data ? Date.parse(clock.data.now) : Date.now();
  const go = (change: Partial<AnomalyFilters>, replace = false) => navigate(pageHref({ ...filters, page: 1, ...change }), { replace });

  if (!allowed)
    return (
      <>
        <PageHeader title="Metered usage anomalies" />
        <EmptyState>Usage is for roles that can see offers (Owner, Manager, Developer, Business contributor, Marketer); yours do not.</EmptyState>
      </>
    );

  const offerOptions = (offers.data?.offers ?? []).filter((o) => o.offerType === 'SoftwareAsAService').map((o) => ({ id: o.offerId, label: o.alias ? `${o.alias} (${o.offerId})` : o.offerId }));
  if (filters.offerId && !offerOptions.some((o) => o.id === filters.offerId)) offerOptions.push({ id: filters.offerId, label: filters.offerId });

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/partner/usage">Usage</Link> › <span>Metered usage anomalies</span>
      </nav>
      <PageHeader
        title="Metered usage anomalies"
        subtitle="Days whose reported usage is far above what the subscription's history predicts. Within 30 days, mark each as an anomaly with the correct usage (the customer is credited the difference) or as not an anomaly. Decisions are final."
        actions={
          <button type="button" className="btn btn-secondary" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      />
      <section className="card">
        <form className="form-row filters" aria-label="Filter anomalies" onSubmit={(e) => e.preventDefault()}>
          <Field label="Status" htmlFor="anomaly-status">
            <select id="anomaly-status" value={filters.status} onChange={(e) => go({ status: e.target.value as AnomalyFilters['status'] })}>
              <option value="">All</option>
              {Object.entries(STATUSES).map(([id, s]) => (
                <option key={id} value={id}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Offer" htmlFor="anomaly-offer">
            <select id="anomaly-offer" value={filters.offerId} onChange={(e) => go({ offerId: e.target.value })}>
              <option value="">All offers</option>
              {offerOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
          <label className="checkbox-inline anomaly-impact-filter">
            <input type="checkbox" checked={filters.overThreshold} onChange={(e) => go({ overThreshold: e.target.checked })} />
            Estimated impact over {IMPACT_THRESHOLD_USD} USD
          </label>
        </form>
        {list.error ? (
          <ErrorMessage title="The anomalies could not be loaded" error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading anomalies…" />
        ) : list.data.items.length === 0 ? (
          <EmptyState>
            {filters.page > 1
              ? 'There is nothing on this page.'
              : filters.status || filters.offerId || filters.overThreshold
                ? 'No anomalies match these filters.'
                : 'No anomalies. The daily scan flags usage far above what a subscription’s history predicts; you are notified when it does.'}
          </EmptyState>
        ) : (
          <>
            <AnomalyTable items={list.data.items} now={now} canDecide={canDecide} onOpen={(anomalyId) => navigate(pageHref({ ...filters, anomalyId }))} />
            <nav className="anomalies-pager" aria-label="Pages">
              {filters.page > 1 ? <Link to={pageHref({ ...filters, page: filters.page - 1, anomalyId: '' })}>‹ Previous</Link> : <span className="muted">‹ Previous</span>}
              <span>Page {filters.page}</span>
              {list.data.items.length === PAGE_SIZE ? <Link to={pageHref({ ...filters, page: filters.page + 1, anomalyId: '' })}>Next ›</Link> : <span className="muted">Next ›</span>}
            </nav>
          </>
        )}
      </section>
      {filters.anomalyId && (
        <AnomalyDialog
          key={filters.anomalyId}
          account={account}
          anomalyId={filters.anomalyId}
          fromList={list.data?.items.find((a) => a.anomalyId === filters.anomalyId)}
          now={now}
          canDecide={canDecide}
          onClose={() => go({ anomalyId: '', page: filters.page }, true)}
          onDecided={(updated) => {
            if (list.data) list.setData({ items: list.data.items.map((a) => (a.anomalyId === updated.anomalyId ? updated : a)) });
            list.reload();
            announceInboxChange();
          }}
        />
      )}
    </>
  );
}

function StatusBadge({ a, now }: { a: Anomaly; now: number }) {
  const s = STATUSES[a.status];
  return (
    <>
      <Badge tone={s.tone}>{s.label}</Badge>
      {a.status === 'open' && <div className="muted">{timeLeft(a.actionExpiresAt, now)}</div>}
    </>
  );
}

function Impact({ a }: { a: Anomaly }) {
  const impact = impactText(a);
  if (!impact) return <span className="muted">No price</span>;
  return (
    <>
      {impact.amount}
      {impact.usd && <div className="muted">≈ {impact.usd}</div>}
    </>
  );
}

function AnomalyTable({ items, now, canDecide, onOpen }: { items: Anomaly[]; now: number; canDecide: boolean; onOpen: (anomalyId: string) => void }) {
  return (
    <div className="anomaly-table">
      <table className="table" data-testid="anomalies">
        <thead>
          <tr>
            <th scope="col">Usage day</th>
            <th scope="col">Subscription</th>
            <th scope="col">Dimension</th>
            <th scope="col" className="num">
              Reported
            </th>
            <th scope="col" className="num">
              Expected
            </th>
            <th scope="col" className="num">
              Estimated impact
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.anomalyId}>
              <td className="nowrap">{formatDay(a.usageDate)}</td>
              <td className="usage-plan">
                <Link to={`/partner/usage/${encodeURIComponent(a.subscriptionId)}`}>
                  <code title={a.subscriptionId}>{a.subscriptionId.slice(0, 8)}…</code>
                </Link>
                <div className="muted">
                  <code>{a.offerId}</code> · <code>{a.planId}</code>
                </div>
              </td>
              <td>
                <code>{a.dimension}</code>
              </td>
              <td className="num">{formatQuantity(a.reportedQuantity)}</td>
              <td className="num">
                {formatQuantity(Number(a.expectedQuantity.toPrecision(6)))}
                <div className="muted">up to {formatQuantity(Number(a.upperBound.toPrecision(6)))}</div>
              </td>
              <td className="num">
                <Impact a={a} />
              </td>
              <td>
                <StatusBadge a={a} now={now} />
              </td>
              <td>
                <button type="button" className={a.status === 'open' && canDecide ? 'btn btn-primary btn-small' : 'btn btn-secondary btn-small'} onClick={() => onOpen(a.anomalyId)}>
                  {a.status === 'open' && canDecide ? 'Decide' : 'Details'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Where the reported usage stands against the expected value and the top of the band, on one scale. */
function Band({ a }: { a: Anomaly }) {
  const max = Math.max(a.reportedQuantity, a.upperBound) * 1.05 || 1;
  const pct = (v: number) => `${Math.min(100, Math.max(0, (v / max) * 100)).toFixed(2)}%`;
  return (
    <div className="anomaly-band" role="img" aria-label={`Reported ${formatQuantity(a.reportedQuantity)}; expected ${formatQuantity(Number(a.expectedQuantity.toPrecision(6)))}, up to ${formatQuantity(Number(a.upperBound.toPrecision(6)))}`}>
      <div className="anomaly-band-track">
        <span className="anomaly-band-range" style={{ left: 0, width: pct(a.upperBound) }} />
        <span className="anomaly-band-expected" style={{ left: pct(a.expectedQuantity) }} />
        <span className="anomaly-band-reported" style={{ left: pct(a.reportedQuantity) }} />
      </div>
      <div className="anomaly-band-legend">
        <span>
          <span className="swatch swatch-range" aria-hidden="true" /> expected range
        </span>
        <span>
          <span className="swatch swatch-expected" aria-hidden="true" /> expected
        </span>
        <span>
          <span className="swatch swatch-reported" aria-hidden="true" /> reported
        </span>
      </div>
    </div>
  );
}

function AnomalyDialog({
  account,
  anomalyId,
  fromList,
  now,
  canDecide,
  onClose,
  onDecided,
}: {
  account: MyAccount;
  anomalyId: string;
  fromList: Anomaly | undefined;
  now: number;
  canDecide: boolean;
  onClose: () => void;
  onDecided: (a: Anomaly) => void;
}) {
  // The flag may be on another page (a notification's link): read it on its own then.
  const one = useApi<Anomaly>(fromList ? null : anomalyUrl(account.accountId, anomalyId));
  const [decided, setDecided] = useState<Anomaly | undefined>(undefined);
  const a = decided ?? fromList ?? one.data;
  const notFound = one.error instanceof ApiError && one.error.status === 404;
  return (
    <Modal title="Metered usage anomaly" onClose={onClose} testId="anomaly-dialog">
      {!a ? (
        one.error ? (
          <ErrorMessage title={notFound ? 'No such anomaly on this account' : 'The anomaly could not be loaded'} error={one.error} onRetry={notFound ? undefined : one.reload} />
        ) : (
          <Loading label="Loading the anomaly…" />
        )
      ) : (
        <AnomalyDetail
          account={account}
          a={a}
          now={now}
          canDecide={canDecide}
          onClose={onClose}
          onDecided={(updated) => {
            setDecided(updated);
            onDecided(updated);
          }}
        />
      )}
    </Modal>
  );
}

function AnomalyDetail({ account, a, now, canDecide, onClose, onDecided }: { account: MyAccount; a: Anomaly; now: number; canDecide: boolean; onClose: () => void; onDecided: (a: Anomaly) => void }) {
  const impact = impactText(a);
  const facts = modelFacts(a.model);
  return (
    <div className="anomaly-detail">
      <dl className="facts">
        <div className="fact-row">
          <dt>Subscription</dt>
          <dd>
            <Link to={`/partner/usage/${encodeURIComponent(a.subscriptionId)}?from=${addDays(a.usageDate, -27)}&to=${a.usageDate}`}>
              <code>{a.subscriptionId}</code>
            </Link>
          </dd>
        </div>
        <div className="fact-row">
          <dt>Offer · plan · dimension</dt>
          <dd>
            <code>{a.offerId}</code> · <code>{a.planId}</code> · <code>{a.dimension}</code>
          </dd>
        </div>
        <div className="fact-row">
          <dt>Usage day (UTC)</dt>
          <dd>{formatDay(a.usageDate)}</dd>
        </div>
        <div className="fact-row">
          <dt>Reported</dt>
          <dd>
            <strong>{formatQuantity(a.reportedQuantity)}</strong>
          </dd>
        </div>
        <div className="fact-row">
          <dt>Expected</dt>
          <dd>
            {formatQuantity(Number(a.expectedQuantity.toPrecision(6)))} (range up to {formatQuantity(Number(a.upperBound.toPrecision(6)))})
          </dd>
        </div>
        {a.deviation !== null && (
          <div className="fact-row">
            <dt>Deviation</dt>
            <dd>{Number(a.deviation.toPrecision(3))} robust standard deviations above the expected value</dd>
          </div>
        )}
        <div className="fact-row">
          <dt>Estimated impact</dt>
          <dd>
            {impact ? (
              <>
                {impact.amount}
                {impact.usd && a.exchangeRate && (
                  <span className="muted">
                    {' '}
                    ≈ {impact.usd} at {a.exchangeRate.rate} {a.exchangeRate.currency} per USD (rate of {formatDay(a.exchangeRate.effectiveDate)})
                  </span>
                )}
              </>
            ) : (
              <span className="muted">The dimension had no price</span>
            )}
          </dd>
        </div>
        {facts.map(([label, value]) => (
          <div className="fact-row" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Band a={a} />
      {a.decision ? (
        <Notice tone={a.decision.decision === 'anomaly' ? 'warning' : 'success'}>
          <strong>{a.decision.decision === 'anomaly' ? 'Marked as an anomaly' : 'Marked as not an anomaly'}</strong> on {formatDateTime(a.decision.decidedAt)} by {a.decision.decidedBy.kind === 'app' ? 'an application' : 'a user'} (
          <code>{a.decision.decidedBy.id}</code>).
          {a.decision.correctedQuantity !== null && (
            <>
              {' '}
              Correct usage: {formatQuantity(a.decision.correctedQuantity)}
              {a.decision.adjustment && <> (a credit of {formatQuantity(-a.decision.adjustment.quantityDelta)} units)</>}.
            </>
          )}
          {a.decision.reason && <div className="anomaly-reason">“{a.decision.reason}”</div>}
        </Notice>
      ) : a.status === 'expired' ? (
        <Notice tone="info">The 30-day window to decide closed on {formatDateTime(a.actionExpiresAt)}: the reported usage stands.</Notice>
      ) : !canDecide ? (
        <Notice tone="info">
          Owners, Managers and Developers decide anomalies ({timeLeft(a.actionExpiresAt, now)}, until {formatDateTime(a.actionExpiresAt)}).
        </Notice>
      ) : (
        <DecisionFormView account={account} a={a} now={now} onCancel={onClose} onDecided={onDecided} />
      )}
    </div>
  );
}

function DecisionFormView({ account, a, now, onCancel, onDecided }: { account: MyAccount; a: Anomaly; now: number; onCancel: () => void; onDecided: (a: Anomaly) => void }) {
  const [form, setForm] = useState<DecisionForm>({ decision: '', correctedQuantity: '', reason: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const problem = decisionProblem(form, a.reportedQuantity);
  const shown = tried ? problem : undefined;
  const credit = creditedUnits(form, a.reportedQuantity);
  const set = (change: Partial<DecisionForm>) => setForm((f) => ({ ...f, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    try {
      onDecided(await api.post<Anomaly>(`${anomalyUrl(account.accountId, a.anomalyId)}/decision`, decisionBody(form)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldClass = (target: string) => `field${shown?.target === target ? ' field-invalid' : ''}`;
  const errorOf = (target: string) =>
    shown?.target === target ? (
      <div className="field-error" id={`decision-${target}-error`}>
        {shown.message}
      </div>
    ) : null;
  const reasonLength = form.reason.trim().length;

  return (
    <form className="anomaly-decision" onSubmit={(e) => void submit(e)} noValidate aria-label="Decision">
      <p className="muted">
        Decide by {formatDateTime(a.actionExpiresAt)} ({timeLeft(a.actionExpiresAt, now)}). A decision is final.
      </p>
      <ErrorMessage error={error} />
      <fieldset className="radio-list" aria-describedby={shown?.target === 'decision' ? 'decision-decision-error' : undefined}>
        <legend>Is this an anomaly?</legend>
        <label className="radio">
          <input type="radio" name="decision" value="anomaly" checked={form.decision === 'anomaly'} onChange={() => set({ decision: 'anomaly' })} />
          <span>
            <strong>Anomaly</strong>
            <span className="hint"> The reported usage was wrong: give the correct, lower usage of the day.</span>
          </span>
        </label>
        <label className="radio">
          <input type="radio" name="decision" value="notAnomaly" checked={form.decision === 'notAnomaly'} onChange={() => set({ decision: 'notAnomaly' })} />
          <span>
            <strong>Not an anomaly</strong>
            <span className="hint"> The usage was real: say why.</span>
          </span>
        </label>
        {errorOf('decision')}
      </fieldset>
      {form.decision === 'anomaly' && (
        <div className={fieldClass('correctedQuantity')}>
          <label htmlFor="decision-corrected">Correct usage of {formatDay(a.usageDate)}</label>
          <input
            id="decision-corrected"
            inputMode="decimal"
            autoComplete="off"
            value={form.correctedQuantity}
            onChange={(e) => set({ correctedQuantity: e.target.value })}
            aria-invalid={shown?.target === 'correctedQuantity' ? true : undefined}
            aria-describedby="decision-corrected-hint"
          />
          <div className="hint" id="decision-corrected-hint">
            Lower than the reported {formatQuantity(a.reportedQuantity)}.{credit !== undefined && ` The customer is credited ${formatQuantity(credit)} units.`}
          </div>
          {errorOf('correctedQuantity')}
        </div>
      )}
      {form.decision !== '' && (
        <div className={fieldClass('reason')}>
          <label htmlFor="decision-reason">{form.decision === 'notAnomaly' ? 'Why is it not an anomaly?' : 'Note (optional)'}</label>
          <textarea id="decision-reason" rows={3} value={form.reason} onChange={(e) => set({ reason: e.target.value })} aria-invalid={shown?.target === 'reason' ? true : undefined} />
          <div className={`counter${reasonLength > MAX_REASON ? ' over' : ''}`}>
            {reasonLength}/{MAX_REASON}
          </div>
          {errorOf('reason')}
        </div>
      )}
      <div className="form-actions">
        <SubmitButton busy={busy} disabled={form.decision === ''}>
          Save decision
        </SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
