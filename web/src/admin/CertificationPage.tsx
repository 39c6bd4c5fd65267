import { useState, type FormEvent } from 'react';
import { Badge, EmptyState, ErrorMessage, Link, Loading, Notice, PageHeader, api, formatDateTime, isMissingRoute, path, useApi, useTitle } from '../ui/index.js';

/**
 * A submission in the certification queue, as the page shows it. The brief's contract (flat `id`, `offerId`, `status`)
 * and the publishing module's view (`submissionId`, `offer: {offerId, alias, name}`, `publisher: {displayName}`) are
 * both read.
 */
interface QueuedSubmission {
  id: string;
  status: string;
  offerId?: string;
  offerLabel: string;
  publisher: string;
  submittedAt?: string;
  notesForCertification?: string | null;
  validationReport: { severity: string; target: string; message: string }[];
}

function toQueued(raw: unknown): QueuedSubmission {
  const r = (raw ?? {}) as Record<string, unknown>;
  const offer = (r.offer ?? {}) as { offerId?: string; alias?: string; name?: string | null };
  const publisher = (r.publisher ?? {}) as { accountId?: string; displayName?: string | null };
  const sub = (r.submission ?? {}) as { status?: string };
  const offerId = offer.offerId ?? (r.offerId as string | undefined);
  return {
    id: String(r.id ?? r.submissionId ?? ''),
    status: String(r.status ?? sub.status ?? 'InCertification'),
    offerId,
    offerLabel: String(offer.alias ?? r.offerAlias ?? r.alias ?? offer.name ?? offerId ?? '—'),
    publisher: String(publisher.displayName ?? r.publisherName ?? r.publisherId ?? publisher.accountId ?? r.accountId ?? '—'),
    submittedAt: (r.submittedAt ?? r.createdAt) as string | undefined,
    notesForCertification: r.notesForCertification as string | null | undefined,
    validationReport: Array.isArray(r.validationReport) ? (r.validationReport as QueuedSubmission['validationReport']) : [],
  };
}

function queueOf(data: unknown): QueuedSubmission[] {
  const d = data as { submissions?: unknown; items?: unknown } | undefined;
  const list = Array.isArray(data) ? data : (d?.items ?? d?.submissions ?? []);
  return (Array.isArray(list) ? list : []).map(toQueued);
}

function Unavailable() {
  return (
    <div className="alert alert-info" role="status" data-testid="not-yet-available">
      <strong className="alert-title">Certification is not available on this server yet</strong>
      <div>The publishing API that feeds the certification queue is still being built (the server answered 404 for its routes).</div>
    </div>
  );
}

/** The operator's certification queue: submissions waiting for review, with approve and reject. */
export function CertificationQueue() {
  useTitle('Certification');
  const queue = useApi<unknown>('/api/admin/certification');
  const list = queueOf(queue.data);
  return (
    <>
      <PageHeader
        title="Certification"
        subtitle="Offers their publishers sent live: review each one, then approve it (it goes live) or reject it with a report."
        actions={
          <button type="button" className="btn btn-secondary btn-small" onClick={queue.reload} disabled={queue.loading}>
            Refresh
          </button>
        }
      />
      {queue.error ? (
        isMissingRoute(queue.error) ? (
          <Unavailable />
        ) : (
          <ErrorMessage error={queue.error} onRetry={queue.reload} />
        )
      ) : queue.data === undefined ? (
        <Loading />
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState>The queue is empty.</EmptyState>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="certification-queue">
            <thead>
              <tr>
                <th>Offer</th>
                <th>Publisher</th>
                <th>Status</th>
                <th>Submitted</th>
                <th>Notes for certification</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-testid="certification-row" data-offer-id={s.offerId}>
                  <td>
                    <Link to={path`/admin/certification/${s.id}`}>{s.offerLabel}</Link>
                    {s.offerId && (
                      <div className="hint">
                        <code>{s.offerId}</code>
                      </div>
                    )}
                  </td>
                  <td>{s.publisher}</td>
                  <td>
                    <Badge tone={s.status === 'InCertification' ? 'warn' : s.status === 'Completed' ? 'good' : s.status === 'Failed' ? 'bad' : 'neutral'}>{s.status}</Badge>
                  </td>
                  <td>{formatDateTime(s.submittedAt)}</td>
                  <td className="truncate" title={s.notesForCertification ?? undefined}>
                    {s.notesForCertification ?? ''}
                  </td>
                  <td className="row-actions">
                    <Link className="btn btn-secondary btn-small" to={path`/admin/certification/${s.id}`}>
                      Review
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** One submission: what was submitted (the snapshot JSON), and approve / reject. */
export function CertificationReview({ id }: { id: string }) {
  const url = path`/api/admin/certification/${id}`;
  const detail = useApi<unknown>(url);
  useTitle('Certification review');
  const [report, setReport] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [rejectTried, setRejectTried] = useState(false);

  const data = detail.data as Record<string, unknown> | undefined;
  const s = data ? toQueued(data) : undefined;
  const snapshot = data?.snapshot ?? data;

  const decide = async (decision: 'approve' | 'reject', event?: FormEvent) => {
    event?.preventDefault();
    if (decision === 'reject' && !report.trim()) {
      setRejectTried(true);
      return;
    }
    setBusy(decision);
    setError(undefined);
    try {
      await api.post(`${url}/${decision}`, report.trim() ? { report: report.trim() } : {});
      setDone(decision === 'approve' ? 'Approved: the offer goes live.' : 'Rejected: the publisher sees your report.');
      detail.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const back = (
    <Link className="btn btn-secondary" to="/admin/certification">
      Back to the queue
    </Link>
  );
  if (detail.error)
    return (
      <>
        <PageHeader title="Certification review" actions={back} />
        {isMissingRoute(detail.error) ? <Unavailable /> : <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      </>
    );
  if (!s) return <Loading />;
  const open = s.status === 'InCertification';

  return (
    <>
      <PageHeader title={`Review: ${s.offerLabel}`} subtitle={<>Submission <code>{s.id}</code></>} actions={back} />
      <section className="card">
        <dl className="facts">
          <div className="fact-row">
            <dt>Status</dt>
            <dd>
              <Badge tone={open ? 'warn' : 'neutral'}>{s.status}</Badge>
            </dd>
          </div>
          <div className="fact-row">
            <dt>Offer</dt>
            <dd>
              {s.offerLabel} {s.offerId && <code>{s.offerId}</code>}
            </dd>
          </div>
          <div className="fact-row">
            <dt>Publisher</dt>
            <dd>{s.publisher}</dd>
          </div>
          <div className="fact-row">
            <dt>Submitted</dt>
            <dd>{formatDateTime(s.submittedAt)}</dd>
          </div>
          <div className="fact-row">
            <dt>Notes for certification</dt>
            <dd className="pre">{s.notesForCertification || <span className="muted">None</span>}</dd>
          </div>
        </dl>
        <p>
          <a href={url} target="_blank" rel="noreferrer" data-testid="snapshot-link">
            View the submitted snapshot (JSON)
          </a>
        </p>
        {s.validationReport.length > 0 && (
          <>
            <h3>Validation report</h3>
            <ul>
              {s.validationReport.map((v, i) => (
                <li key={i}>
                  <Badge tone={v.severity === 'error' ? 'bad' : 'warn'}>{v.severity}</Badge> <code>{v.target}</code> {v.message}
                </li>
              ))}
            </ul>
          </>
        )}
        <details>
          <summary>Submitted snapshot</summary>
          <pre className="json" data-testid="snapshot-json">
            {JSON.stringify(snapshot, null, 2)}
          </pre>
        </details>
      </section>
      <section className="card" aria-labelledby="decision-title">
        <h2 id="decision-title">Decision</h2>
        {done && <Notice tone="success">{done}</Notice>}
        <ErrorMessage error={error} />
        {!open && !done && <p className="muted">This submission is not waiting for certification ({s.status}).</p>}
        <form onSubmit={(e) => void decide('reject', e)}>
          <div className={`field${rejectTried && !report.trim() ? ' field-invalid' : ''}`}>
            <label htmlFor="certReport">Report to the publisher</label>
            <textarea id="certReport" rows={5} value={report} onChange={(e) => setReport(e.target.value)} placeholder="What you checked; for a rejection, what must change." />
            {rejectTried && !report.trim() && <div className="field-error">A rejection needs a report: tell the publisher what to fix.</div>}
            <div className="hint">Optional to approve; required to reject.</div>
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" data-testid="approve" disabled={!open || busy !== undefined} onClick={() => void decide('approve')}>
              Approve
            </button>
            <button type="submit" className="btn btn-danger" data-testid="reject" disabled={!open || busy !== undefined}>
              Reject
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
