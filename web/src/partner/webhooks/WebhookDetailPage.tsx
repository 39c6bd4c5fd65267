import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, Badge, CopyButton, EmptyState, ErrorMessage, Link, Loading, Notice, PageHeader, api, formatDateTime, path, useApi, useTitle, type MyAccount } from '../../ui/index.js';
import type { WebhookAttempt, WebhookDelivery } from './types.js';
import { WATCH_FOR_MS, WATCH_INTERVAL_MS, attemptDuration, attemptResponse, canReplay, deliveryStatus, pageHref, shouldWatch } from './webhookLog.js';

/** One webhook notification at /partner/webhooks/:webhookId: its payload, every attempt, and Replay. */
export function WebhookDetailPage({ account, webhookId }: { account: MyAccount; webhookId: string }) {
  useTitle(`${account.displayName} · Webhook`);
  const detail = useApi<WebhookDelivery>(path`/api/accounts/${account.accountId}/webhooks/${webhookId}`);
  const d = detail.data;
  // A delivery still being attempted is read again every few seconds for a while (and again after a replay).
  const [watchUntil, setWatchUntil] = useState(() => Date.now() + WATCH_FOR_MS);
  const { reload, setData } = detail;
  useEffect(() => {
    if (!d || !shouldWatch(d.status, Date.now(), watchUntil)) return;
    const timer = window.setTimeout(reload, WATCH_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [d, watchUntil, reload]);
  const onReplayed = useCallback(
    (replayed: WebhookDelivery) => {
      setData(replayed);
      setWatchUntil(Date.now() + WATCH_FOR_MS);
    },
    [setData],
  );
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/partner/webhooks">Webhooks</Link> › <span>{d ? d.action : 'Delivery'}</span>
      </nav>
      {!d ? (
        detail.error ? (
          <ErrorMessage title={detail.error instanceof ApiError && detail.error.status === 404 ? 'No such webhook delivery' : 'The delivery could not be loaded'} error={detail.error} onRetry={detail.reload} />
        ) : (
          <Loading label="Loading the delivery…" />
        )
      ) : (
        <Delivery account={account} delivery={d} loading={detail.loading} onReload={detail.reload} onReplayed={onReplayed} />
      )}
    </>
  );
}

function Delivery({ account, delivery: d, loading, onReload, onReplayed }: { account: MyAccount; delivery: WebhookDelivery; loading: boolean; onReload: () => void; onReplayed: (d: WebhookDelivery) => void }) {
  const status = deliveryStatus(d.status, d.attempts);
  const mayReplay = account.actions.includes('offers.publish');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [replayed, setReplayed] = useState(false);

  const replay = async () => {
    setBusy(true);
    setError(undefined);
    setReplayed(false);
    try {
      onReplayed(await api.post<WebhookDelivery>(path`/api/accounts/${account.accountId}/webhooks/${d.webhookId}/replay`));
      setReplayed(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const payload = JSON.stringify(d.payload ?? null, null, 2);
  return (
    <>
      <PageHeader
        title={`${d.action} notification`}
        subtitle={<>Sent {formatDateTime(d.createdAt)}</>}
        actions={
          <>
            <button type="button" className="btn btn-secondary" onClick={onReload} disabled={loading}>
              Refresh
            </button>
            {mayReplay && (
              <button type="button" className="btn btn-primary" onClick={() => void replay()} disabled={busy || !canReplay(d.status)} aria-busy={busy} aria-describedby="replay-hint">
                Replay
              </button>
            )}
          </>
        }
      />
      <p className="hint" id="replay-hint">
        {!mayReplay
          ? 'Replaying needs a role that can publish offers (Owner, Manager or Developer).'
          : canReplay(d.status)
            ? 'Replay sends the same notification again, with a fresh token.'
            : 'Replay is possible once this delivery has succeeded or given up.'}
      </p>
      {replayed && <Notice tone="success">Queued again: Agora sends it to your webhook shortly; new attempts appear here.</Notice>}
      <ErrorMessage error={error} />
      <section className="card" aria-labelledby="delivery-facts">
        <h2 id="delivery-facts">Delivery</h2>
        <dl className="facts">
          <Fact label="Status">
            <Badge tone={status.tone}>{status.label}</Badge> <span className="muted">({d.status})</span>
          </Fact>
          <Fact label="Webhook URL">{d.url ? <code>{d.url}</code> : <span className="muted">None set when it was sent</span>}</Fact>
          <Fact label="Attempts">{d.attempts}</Fact>
          {d.nextAttemptAt && <Fact label="Next attempt">{formatDateTime(d.nextAttemptAt)}</Fact>}
          {d.lastError && <Fact label="Last error">{d.lastError}</Fact>}
          <Fact label="Subscription">
            <code>{d.subscriptionId}</code> <CopyButton value={d.subscriptionId} /> <Link to={pageHref(d.subscriptionId, 50)}>All its notifications</Link>
          </Fact>
          <Fact label="Operation">
            <code>{d.operationId}</code> <CopyButton value={d.operationId} />
          </Fact>
          <Fact label="Webhook ID">
            <code>{d.webhookId}</code>
          </Fact>
        </dl>
      </section>
      <section className="card" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Attempts</h2>
        <AttemptsTable attempts={d.attemptLog ?? []} />
      </section>
      <section className="card" aria-labelledby="payload-title">
        <div className="card-head">
          <h2 id="payload-title">Payload</h2>
          <CopyButton value={payload} label="Copy JSON" />
        </div>
        <pre className="json" data-testid="webhook-payload" tabIndex={0} aria-labelledby="payload-title">
          {payload}
        </pre>
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const outcomeTone = (outcome: string) => (outcome === 'succeeded' ? 'good' : outcome === 'running' ? 'info' : outcome === 'failed' ? 'warn' : 'bad');

function AttemptsTable({ attempts }: { attempts: WebhookAttempt[] }) {
  if (attempts.length === 0) return <EmptyState>No attempts yet: the delivery is queued.</EmptyState>;
  const newestFirst = [...attempts].sort((a, b) => b.attempt - a.attempt);
  return (
    <table className="table" data-testid="attempts-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Started</th>
          <th scope="col">Took</th>
          <th scope="col">Outcome</th>
          <th scope="col">HTTP status</th>
          <th scope="col">Error or response</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((a) => {
          const answer = attemptResponse(a);
          return (
            <tr key={a.attempt}>
              <td>{a.attempt}</td>
              <td>{formatDateTime(a.startedAt)}</td>
              <td>{attemptDuration(a)}</td>
              <td>
                <Badge tone={outcomeTone(a.outcome)}>{a.outcome}</Badge>
              </td>
              <td>{answer.status ?? '—'}</td>
              <td className="pre">
                {a.error && <div>{a.error}</div>}
                {answer.response && <code className="muted">{answer.response}</code>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
