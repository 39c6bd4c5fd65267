import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, ErrorMessage, Link, Loading, Notice, api, formatDateTime, formatDuration, isMissingRoute, path } from '../../ui/index.js';
import { ConfirmButton } from '../MemberRoles.js';
import { NotYetAvailable, StatusBadge, StatusIcon, useOffer, type StatusLabels } from './common.js';
import { SUBMISSION_ACTIVE, toSubmission, type Submission } from './types.js';

const SUBMISSION_STATUS: StatusLabels = {
  InProgress: { label: 'In progress', tone: 'info' },
  WaitingForSignOff: { label: 'Preview ready: waiting for you to go live', tone: 'warn' },
  InCertification: { label: 'In certification', tone: 'info' },
  Publishing: { label: 'Publishing', tone: 'info' },
  Failed: { label: 'Failed', tone: 'bad' },
  Canceling: { label: 'Canceling', tone: 'warn' },
  Canceled: { label: 'Canceled', tone: 'neutral' },
  Superseded: { label: 'Superseded by a newer publish', tone: 'neutral' },
  Completed: { label: 'Completed', tone: 'good' },
};

export function SubmissionStatusBadge({ status }: { status: string }) {
  return <StatusBadge status={status} labels={SUBMISSION_STATUS} testId="submission-status" />;
}

/** The list answer of GET .../submissions, whichever way the server wraps it; newest first. */
export function submissionsOf(data: unknown): Submission[] {
  const list = Array.isArray(data) ? data : ((data as { submissions?: unknown } | undefined)?.submissions ?? []);
  return (list as unknown[]).map(toSubmission).sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
}

const isActive = (s: Submission | undefined) => !!s && SUBMISSION_ACTIVE.includes(s.status);

/** Review and publish: every page's status and reasons, notes for certification, Publish, and the submission's progress. */
export function ReviewPublish() {
  const offer = useOffer();
  const d = offer.detail!;
  const root = path`/partner/offers/${offer.offerId}`;
  const canPublish = offer.account.actions.includes('offers.publish');
  const [notes, setNotes] = useState('');
  const [submissions, setSubmissions] = useState<Submission[] | undefined>(undefined);
  const [listError, setListError] = useState<unknown>(undefined);
  const [current, setCurrent] = useState<Submission | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const { applyVersion } = offer;
  const refreshOffer = useRef(applyVersion);
  refreshOffer.current = applyVersion;

  const loadList = useCallback(async () => {
    try {
      const list = submissionsOf(await api.get<unknown>(`${offer.base}/submissions`));
      setSubmissions(list);
      setListError(undefined);
      setCurrent((c) => c ?? list.find(isActive) ?? list[0]);
    } catch (e) {
      if (isMissingRoute(e)) setUnavailable(true);
      else setListError(e);
    }
  }, [offer.base]);

  useEffect(() => {
    void loadList();
  }, [loadList]);

  // Follow the current submission while the server's outbox runs its steps.
  const currentId = current?.id;
  const currentStatus = current?.status;
  const polling = !!current && (isActive(current) || current.steps.some((s) => s.status === 'InProgress'));
  useEffect(() => {
    if (!currentId || !polling) return;
    let live = true;
    const timer = window.setInterval(() => {
      api.get<unknown>(`${offer.base}${path`/submissions/${currentId}`}`).then(
        (s) => {
          if (live) setCurrent(toSubmission(s));
        },
        () => undefined,
      );
    }, 1500);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [currentId, polling, offer.base]);
  // The offer's status (Preview, Live...) moves with the submission.
  useEffect(() => {
    if (currentStatus) refreshOffer.current(undefined);
  }, [currentStatus]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await action();
      const s = answer && typeof answer === 'object' ? toSubmission((answer as { submission?: unknown }).submission ?? answer) : undefined;
      if (s?.id) setCurrent(s);
      void loadList();
      offer.applyVersion(undefined);
    } catch (e) {
      if (isMissingRoute(e)) setUnavailable(true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const publish = () => run(() => api.post<unknown>(`${offer.base}/submissions`, notes.trim() ? { notesForCertification: notes.trim() } : {}));
  const goLive = () => run(() => api.post<unknown>(`${offer.base}${path`/submissions/${current!.id}/go-live`}`));
  const cancel = () => run(() => api.post<unknown>(`${offer.base}${path`/submissions/${current!.id}/cancel`}`));

  const active = isActive(current);
  return (
    <section className="tab-form" aria-labelledby="review-title">
      <div className="tab-head">
        <h2 id="review-title">Review and publish</h2>
      </div>
      <p className="subtitle">Every page must be complete to publish. Publishing validates the offer, creates a preview for your preview audience, and after you go live, certification reviews it.</p>

      <div className="card table-card">
        <table className="table" data-testid="review-table">
          <thead>
            <tr>
              <th>Page</th>
              <th>Status</th>
              <th>What is missing</th>
            </tr>
          </thead>
          <tbody>
            {d.tabs.map((t) => (
              <tr key={t.id} data-testid={`review-${t.id}`}>
                <td>
                  <Link to={`${root}/${t.id}`}>{t.title}</Link>
                </td>
                <td>
                  <StatusIcon status={t.status} />
                </td>
                <td>{t.missing.length ? <ul className="reasons">{t.missing.map((m, i) => <li key={i}>{m.message}</li>)}</ul> : <span className="muted">—</span>}</td>
              </tr>
            ))}
            <tr data-testid="review-plans">
              <td>
                <Link to={`${root}/plans`}>Plan overview</Link>
              </td>
              <td>
                <StatusIcon status={d.planOverview.status} />
              </td>
              <td>{d.planOverview.missing.length ? <ul className="reasons">{d.planOverview.missing.map((m, i) => <li key={i}>{m.message}</li>)}</ul> : <span className="muted">—</span>}</td>
            </tr>
          </tbody>
        </table>
      </div>

      {unavailable && (
        <NotYetAvailable what="Publishing">
          The publishing API is still being built: the server answered 404 for its routes. Your draft is saved and complete pages stay complete; publish once the server offers it.
        </NotYetAvailable>
      )}
      <ErrorMessage error={listError} onRetry={() => void loadList()} />

      <section className="card" aria-labelledby="publish-title">
        <h3 id="publish-title">Publish</h3>
        <div className="field">
          <label htmlFor="certNotes">Notes for certification (optional)</label>
          <textarea id="certNotes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Test accounts, how to reach the landing page, anything the reviewers need." />
        </div>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" data-testid="publish" disabled={!d.readyToPublish || !canPublish || busy || active} onClick={() => void publish()}>
            Publish
          </button>
          {!d.readyToPublish && <span className="muted">Complete every page above to publish.</span>}
          {d.readyToPublish && !canPublish && <span className="muted">Your roles do not let you publish (Owner, Manager or Developer can).</span>}
          {d.readyToPublish && active && <span className="muted">A publish is already under way.</span>}
        </div>
      </section>

      {current && (
        <SubmissionView
          submission={current}
          busy={busy}
          onGoLive={() => void goLive()}
          onCancel={cancel}
        />
      )}
      {submissions && submissions.length > 1 && (
        <section className="card" aria-labelledby="past-title">
          <h3 id="past-title">Earlier submissions</h3>
          <table className="table compact">
            <thead>
              <tr>
                <th>Submission</th>
                <th>Status</th>
                <th>Started</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id} className={s.id === current?.id ? 'selected' : undefined}>
                  <td>
                    <code>{s.id}</code>
                  </td>
                  <td>
                    <SubmissionStatusBadge status={s.status} />
                  </td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td className="row-actions">
                    <button type="button" className="btn btn-link" onClick={() => setCurrent(s)}>
                      Show
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {!submissions && !unavailable && !listError && <Loading label="Loading submissions…" />}
    </section>
  );
}

const STEP_ICON: Record<string, string> = { NotStarted: '○', InProgress: '◔', Completed: '✓', Failed: '✕', Canceled: '–' };
const STEP_LABEL: Record<string, string> = { NotStarted: 'Not started', InProgress: 'In progress', Completed: 'Completed', Failed: 'Failed', Canceled: 'Canceled' };

function SubmissionView({ submission: s, busy, onGoLive, onCancel }: { submission: Submission; busy: boolean; onGoLive: () => void; onCancel: () => Promise<void> }) {
  return (
    <section className="card" aria-labelledby="submission-title" data-testid="submission">
      <div className="card-head">
        <h3 id="submission-title">
          Submission <code>{s.id}</code>
        </h3>
        <SubmissionStatusBadge status={s.status} />
      </div>
      {s.createdAt && (
        <p className="muted">
          Started {formatDateTime(s.createdAt)}
          {s.createdBy?.displayName ? ` by ${s.createdBy.displayName}` : ''}
          {s.notesForCertification ? ` · notes: “${s.notesForCertification}”` : ''}
        </p>
      )}
      <ol className="timeline" data-testid="steps">
        {s.steps.map((step, i) => {
          const took = step.startedAt && step.completedAt ? Date.parse(step.completedAt) - Date.parse(step.startedAt) : undefined;
          return (
            <li key={i} className={`step step-${String(step.status).toLowerCase()}`} data-status={step.status}>
              <span className="step-icon" aria-hidden="true">
                {STEP_ICON[step.status] ?? '•'}
              </span>
              <div>
                {step.phase && step.phase !== s.steps[i - 1]?.phase && <div className="step-phase">{step.phase}</div>}
                <strong>{step.name}</strong> <span className="muted">{STEP_LABEL[step.status] ?? step.status}</span>
                <div className="hint">
                  {step.status === 'NotStarted' && step.estimate && <>Usually {step.estimate}</>}
                  {step.startedAt && <>Started {formatDateTime(step.startedAt)}</>}
                  {step.completedAt && <> · finished {formatDateTime(step.completedAt)}</>}
                  {took !== undefined && took >= 0 && <> · {took < 1000 ? `${took} ms` : formatDuration(took)}</>}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      {s.status === 'WaitingForSignOff' && (
        <Notice tone="info">The preview is ready: your preview audience can try the offer. Check it, then go live to send it to certification and the storefront.</Notice>
      )}
      <div className="form-actions">
        {s.status === 'WaitingForSignOff' && (
          <button type="button" className="btn btn-primary" data-testid="go-live" disabled={busy} onClick={onGoLive}>
            Go live
          </button>
        )}
        {['InProgress', 'WaitingForSignOff', 'InCertification'].includes(s.status) && <ConfirmButton label="Cancel publish" confirmLabel="Cancel this publish" onConfirm={onCancel} />}
      </div>
      <h4>Validation report</h4>
      {s.validationReport.length === 0 ? (
        <p className="muted" data-testid="validation-report">
          No findings.
        </p>
      ) : (
        <table className="table compact" data-testid="validation-report">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Where</th>
              <th>Finding</th>
            </tr>
          </thead>
          <tbody>
            {s.validationReport.map((v, i) => (
              <tr key={i}>
                <td>
                  <Badge tone={/error|fail/i.test(v.severity) ? 'bad' : /warn/i.test(v.severity) ? 'warn' : 'info'}>{v.severity}</Badge>
                </td>
                <td>
                  <code>{v.target}</code>
                </td>
                <td>{v.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.certificationReport !== undefined && s.certificationReport !== null && (
        <>
          <h4>Certification result</h4>
          <CertificationReport report={s.certificationReport} />
        </>
      )}
    </section>
  );
}

export function CertificationReport({ report }: { report: unknown }) {
  if (typeof report === 'string')
    return (
      <p className="pre" data-testid="certification-report">
        {report}
      </p>
    );
  const r = (report ?? {}) as { result?: unknown; outcome?: unknown; decision?: unknown; report?: unknown; reviewer?: unknown; at?: unknown };
  const outcome = r.result ?? r.outcome ?? r.decision;
  return (
    <div data-testid="certification-report">
      {typeof outcome === 'string' && (
        <p>
          <Badge tone={/approve|pass|success/i.test(outcome) ? 'good' : /reject|fail/i.test(outcome) ? 'bad' : 'info'}>{outcome}</Badge>
          {typeof r.at === 'string' && <span className="muted"> {formatDateTime(r.at)}</span>}
        </p>
      )}
      {typeof r.report === 'string' && <p className="pre">{r.report}</p>}
      <details>
        <summary>Full report</summary>
        <pre className="json">{JSON.stringify(report, null, 2)}</pre>
      </details>
    </div>
  );
}

/** Stop distribution of the whole offer (publishing API; degrades on 404). */
export function StopOfferDistribution() {
  const offer = useOffer();
  const [unavailable, setUnavailable] = useState(false);
  const [done, setDone] = useState(false);
  if (!offer.account.actions.includes('offers.publish')) return null;
  return (
    <section className="card" aria-labelledby="stop-title">
      <h3 id="stop-title">Stop distribution</h3>
      <p className="muted">The offer leaves the storefront and new customers can no longer buy it; existing customers keep their subscriptions.</p>
      {unavailable && <NotYetAvailable what="Stopping distribution">The publishing API has no route for it yet (404). Nothing was changed.</NotYetAvailable>}
      {done && <Notice tone="success">Stop distribution requested.</Notice>}
      <ConfirmButton
        label="Stop distribution"
        confirmLabel="Stop selling this offer"
        onConfirm={async () => {
          try {
            const r = await api.request('POST', `${offer.base}/stop-distribution`, { headers: offer.ifMatch() });
            setDone(true);
            offer.applyVersion(undefined, r.headers);
          } catch (e) {
            if (isMissingRoute(e)) setUnavailable(true);
            else throw e;
          }
        }}
      />
    </section>
  );
}
