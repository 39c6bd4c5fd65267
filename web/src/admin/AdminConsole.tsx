import { useEffect, useState, type FormEvent } from 'react';
import {
  Badge,
  EmptyState,
  ErrorMessage,
  Field,
  Link,
  Loading,
  SideNavLink,
  Notice,
  PageHeader,
  PortalLayout,
  Redirect,
  SubmitButton,
  api,
  formatDateTime,
  formatDuration,
  matchPath,
  navigate,
  path,
  useApi,
  useLocation,
  useSession,
  useTitle,
  type ClockInfo,
  type OutboxAttempt,
  type OutboxMessage,
} from '../ui/index.js';
import { CertificationQueue, CertificationReview } from './CertificationPage.js';
import { BillingInvoicePage, BillingInvoicesPage } from './BillingInvoicesPage.js';
import { BillingRunsPage } from './BillingRunsPage.js';
import { ExchangeRatesPage } from './ExchangeRatesPage.js';
import { FeeRatePage } from './FeeRatePage.js';
import { PaymentsPage } from './PaymentsPage.js';
import { PayoutRunsPage } from './PayoutRunsPage.js';
import { TaxRatesPage } from './TaxRatesPage.js';

/** The operator console under /admin: the sandbox clock and the outbox's delivery log. */
export function AdminConsole() {
  const session = useSession();
  const { href, pathname } = useLocation();
  useTitle('Operator console');

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;
  if (!session.user.isOperator)
    return (
      <main id="main" className="narrow">
        <div className="card" data-testid="operators-only">
          <h1>Operators only</h1>
          <p>
            The operator console is for the people who run this marketplace. You are signed in as {session.user.email}, which is not an operator account.
          </p>
          <p>
            <Link to="/partner">Go to Partner Center</Link> · <Link to="/">Storefront</Link>
          </p>
        </div>
      </main>
    );

  const message = matchPath('/admin/outbox/:id', pathname);
  const review = matchPath('/admin/certification/:id', pathname);
  const billedInvoice = matchPath('/admin/billing/invoices/:invoiceId', pathname);
  let page;
  if (matchPath('/admin/certification', pathname)) page = <CertificationQueue />;
  else if (matchPath('/admin/exchange-rates', pathname)) page = <ExchangeRatesPage />;
  else if (matchPath('/admin/payments', pathname)) page = <PaymentsPage />;
  else if (matchPath('/admin/payouts', pathname)) page = <PayoutRunsPage />;
  else if (matchPath('/admin/billing', pathname)) page = <BillingRunsPage />;
  else if (matchPath('/admin/billing/invoices', pathname)) page = <BillingInvoicesPage key={href} />;
  else if (billedInvoice) page = <BillingInvoicePage key={billedInvoice.invoiceId} invoiceId={billedInvoice.invoiceId!} />;
  else if (matchPath('/admin/billing/fee', pathname)) page = <FeeRatePage />;
  else if (matchPath('/admin/billing/tax-rates', pathname)) page = <TaxRatesPage />;
  else if (review) page = <CertificationReview key={review.id} id={review.id!} />;
  else
    page = (
      <>
        <PageHeader title="Operator console" subtitle="Marketplace time and the side effects waiting, delivered or failed." />
        <ClockCard />
        <Outbox selectedId={message?.id} />
      </>
    );
  return (
    <PortalLayout
      nav={
        <nav aria-label="Operator console">
          <div className="sidenav-label">Operator console</div>
          <SideNavLink to="/admin" exact icon="◷">Clock and outbox</SideNavLink>
          <SideNavLink to="/admin/certification" icon="✔">Certification</SideNavLink>
          <SideNavLink to="/admin/exchange-rates" icon="¤">Exchange rates</SideNavLink>
          <SideNavLink to="/admin/payments" icon="$">Customer payments</SideNavLink>
          <SideNavLink to="/admin/payouts" icon="⇄">Payouts</SideNavLink>
          <SideNavLink to="/admin/billing" exact icon="↻">Billing runs</SideNavLink>
          <SideNavLink to="/admin/billing/invoices" icon="▤">Invoices</SideNavLink>
          <SideNavLink to="/admin/billing/fee" icon="%">Store service fee</SideNavLink>
          <SideNavLink to="/admin/billing/tax-rates" icon="⚖">Tax rates</SideNavLink>
          <a href="/docs">
            <span className="nav-icon" aria-hidden="true">
              ≡
            </span>
            API docs
          </a>
          <a href="/readyz">
            <span className="nav-icon" aria-hidden="true">
              ✓
            </span>
            Readiness
          </a>
        </nav>
      }
    >
      {page}
    </PortalLayout>
  );
}

function ClockCard() {
  const clock = useApi<ClockInfo>('/api/sandbox/clock');
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<'hours' | 'days'>('days');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [moved, setMoved] = useState<string | undefined>(undefined);

  const advance = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(amount);
    if (!Number.isFinite(n) || n <= 0) {
      setError(new Error('Give a positive number of hours or days.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setMoved(undefined);
    try {
      const milliseconds = Math.round(n * (unit === 'days' ? 86_400_000 : 3_600_000));
      const result = await api.post<ClockInfo>('/api/admin/clock/advance', { milliseconds });
      clock.setData(result);
      setMoved(`Moved forward by ${formatDuration(milliseconds)}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="clock-title">
      <h2 id="clock-title">Marketplace clock</h2>
      {clock.error ? (
        <ErrorMessage error={clock.error} onRetry={clock.reload} />
      ) : !clock.data ? (
        <Loading />
      ) : (
        <>
          <div className="clock">
            <div className="clock-now">
              <span className="clock-label">Now</span>
              <time dateTime={clock.data.now} data-testid="clock-now" data-iso={clock.data.now}>
                {formatDateTime(clock.data.now)}
              </time>
              <code className="muted">{clock.data.now}</code>
            </div>
            <div>
              <span className="clock-label">Mode</span>
              {clock.data.virtual ? <Badge tone="info">Virtual (sandbox)</Badge> : <Badge>Real time</Badge>}
            </div>
            <div>
              <span className="clock-label">Ahead of real time</span>
              <span data-testid="clock-offset">{formatDuration(clock.data.offsetMs)}</span>
            </div>
          </div>
          {moved && <Notice tone="success">{moved}</Notice>}
          <ErrorMessage error={error} />
          {clock.data.virtual ? (
            <form className="form-row" onSubmit={(e) => void advance(e)} aria-label="Advance the clock">
              <Field label="Advance by" htmlFor="advanceAmount">
                <input id="advanceAmount" type="number" min="0" step="any" required value={amount} onChange={(e) => setAmount(e.target.value)} />
              </Field>
              <Field label="Unit" htmlFor="advanceUnit">
                <select id="advanceUnit" value={unit} onChange={(e) => setUnit(e.target.value as 'hours' | 'days')}>
                  <option value="hours">hours</option>
                  <option value="days">days</option>
                </select>
              </Field>
              <div className="field field-button">
                <SubmitButton busy={busy}>Advance</SubmitButton>
              </div>
            </form>
          ) : (
            <p className="muted">The clock can be moved only in sandbox mode.</p>
          )}
          <p className="hint">Time only moves forward. Renewals, trial ends and other scheduled work due by the new time run right after.</p>
        </>
      )}
    </section>
  );
}

const STATUSES = ['', 'pending', 'running', 'done', 'dead'] as const;

const statusTone = (status: string) => (status === 'done' ? 'good' : status === 'dead' ? 'bad' : status === 'running' ? 'info' : 'warn');

function Outbox({ selectedId }: { selectedId: string | undefined }) {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [topic, setTopic] = useState('');
  const [appliedTopic, setAppliedTopic] = useState('');
  const [older, setOlder] = useState<{ messages: OutboxMessage[]; nextCursor: string | null } | undefined>(undefined);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (appliedTopic) query.set('topic', appliedTopic);
  const list = useApi<{ messages: OutboxMessage[]; nextCursor: string | null }>(`/api/admin/outbox?${query.toString()}`);

  useEffect(() => setOlder(undefined), [status, appliedTopic, list.data]);

  const messages = [...(list.data?.messages ?? []), ...(older?.messages ?? [])];
  const cursor = older ? older.nextCursor : (list.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setMoreError(undefined);
    try {
      const q = new URLSearchParams(query);
      q.set('before', cursor);
      const page = await api.get<{ messages: OutboxMessage[]; nextCursor: string | null }>(`/api/admin/outbox?${q.toString()}`);
      setOlder({ messages: [...(older?.messages ?? []), ...page.messages], nextCursor: page.nextCursor });
    } catch (e) {
      setMoreError(e);
    }
  };

  return (
    <section className="card" aria-labelledby="outbox-title">
      <div className="card-head">
        <h2 id="outbox-title">Outbox</h2>
        <button type="button" className="btn btn-secondary btn-small" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <p className="muted">Emails, webhooks, lead deliveries and scheduled jobs, newest first. Select a message to see every delivery attempt.</p>
      <form
        className="form-row filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAppliedTopic(topic.trim());
        }}
      >
        <Field label="Status" htmlFor="outboxStatus">
          <select id="outboxStatus" value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === '' ? 'All' : s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Topic" htmlFor="outboxTopic">
          <input id="outboxTopic" value={topic} onChange={(e) => setTopic(e.target.value)} placeholder="e.g. email.send" />
        </Field>
        <div className="field field-button">
          <button type="submit" className="btn btn-secondary">
            Filter
          </button>
        </div>
      </form>
      {list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : messages.length === 0 ? (
        <EmptyState>No messages{status ? ` with status ${status}` : ''}. Work appears here as the marketplace sends emails, webhooks and runs jobs.</EmptyState>
      ) : (
        <table className="table table-clickable" data-testid="outbox-table">
          <thead>
            <tr>
              <th>Topic</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Run at</th>
              <th>Created</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr
                key={m.id}
                className={m.id === selectedId ? 'selected' : undefined}
                onClick={() => navigate(path`/admin/outbox/${m.id}`)}
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') navigate(path`/admin/outbox/${m.id}`);
                }}
              >
                <td>
                  <code>{m.topic}</code>
                </td>
                <td>
                  <Badge tone={statusTone(m.status)}>{m.status}</Badge>
                </td>
                <td>
                  {m.attempts} / {m.maxAttempts}
                </td>
                <td>{formatDateTime(m.runAt)}</td>
                <td>{formatDateTime(m.createdAt)}</td>
                <td className="truncate" title={m.lastError ?? undefined}>
                  {m.lastError ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorMessage error={moreError} />
      {cursor && (
        <button type="button" className="btn btn-secondary" onClick={() => void loadMore()}>
          Load older messages
        </button>
      )}
      {selectedId && <MessageDetail key={selectedId} id={selectedId} onReplayed={list.reload} />}
    </section>
  );
}

function MessageDetail({ id, onReplayed }: { id: string; onReplayed: () => void }) {
  const detail = useApi<{ message: OutboxMessage; attempts: OutboxAttempt[] }>(path`/api/admin/outbox/${id}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [replayed, setReplayed] = useState(false);

  const replay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(path`/api/admin/outbox/${id}/replay`);
      setReplayed(true);
      detail.reload();
      onReplayed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="detail-panel" data-testid="outbox-detail">
      <div className="card-head">
        <h3>Delivery log</h3>
        <Link to="/admin" className="btn btn-link">
          Close
        </Link>
      </div>
      {detail.error ? (
        <ErrorMessage error={detail.error} onRetry={detail.reload} />
      ) : !detail.data ? (
        <Loading />
      ) : (
        <>
          <dl className="facts facts-inline">
            <div className="fact-row">
              <dt>Message</dt>
              <dd>
                <code>{detail.data.message.id}</code>
              </dd>
            </div>
            <div className="fact-row">
              <dt>Topic</dt>
              <dd>
                <code>{detail.data.message.topic}</code>
              </dd>
            </div>
            <div className="fact-row">
              <dt>Status</dt>
              <dd>
                <Badge tone={statusTone(detail.data.message.status)}>{detail.data.message.status}</Badge>
                {detail.data.message.replays > 0 && <span className="muted"> · replayed {detail.data.message.replays}×</span>}
              </dd>
            </div>
            <div className="fact-row">
              <dt>Completed</dt>
              <dd>{formatDateTime(detail.data.message.completedAt)}</dd>
            </div>
          </dl>
          {replayed && <Notice tone="success">Queued again: the runner picks it up shortly.</Notice>}
          <ErrorMessage error={error} />
          {(detail.data.message.status === 'done' || detail.data.message.status === 'dead') && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void replay()}>
              Replay
            </button>
          )}
          {detail.data.attempts.length === 0 ? (
            <EmptyState>No attempts yet.</EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Worker</th>
                  <th>Started</th>
                  <th>Finished</th>
                  <th>Outcome</th>
                  <th>Error and detail</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.attempts.map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td>
                      <code>{a.worker}</code>
                    </td>
                    <td>{formatDateTime(a.startedAt)}</td>
                    <td>{formatDateTime(a.finishedAt)}</td>
                    <td>
                      <Badge tone={a.outcome === 'succeeded' ? 'good' : a.outcome === 'running' ? 'info' : a.outcome === 'failed' ? 'warn' : 'bad'}>
                        {a.outcome}
                      </Badge>
                    </td>
                    <td className="pre">
                      {a.error ?? ''}
                      {a.detail !== null && a.detail !== undefined && <pre className="json">{JSON.stringify(a.detail, null, 2)}</pre>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details>
            <summary>Payload</summary>
            <pre className="json">{JSON.stringify(detail.data.message.payload, null, 2)}</pre>
          </details>
        </>
      )}
    </div>
  );
}
