import { useState, type FormEvent } from 'react';
import { ApiError, EmptyState, ErrorMessage, Loading, Notice, formatDateTime, isMissingRoute, useApi } from '../../ui/index.js';
import { RouteError, useOffer } from './common.js';
import type { HistoryEvent } from './types.js';

const initiator = (by: HistoryEvent['initiatedBy'] | undefined) =>
  by?.displayName ? by.displayName : by?.kind === 'system' ? 'System' : by?.kind === 'microsoft' ? 'Marketplace' : 'Unidentified user';

/** The events the publishing history records (Partner Center's History page wording). */
const EVENT_TYPES = [
  'Submitted offer to preview',
  'Initiated submit to preview cancellation',
  'Canceled submission to preview',
  'Sign-off to go live',
  'Certification',
  'Initiated plan Stop distribution',
  'Resume distribution',
  'Stop distribution offer',
  'Sync private audience',
];

/** The offer's history (GET .../history), filtered by event type and time; degrades while the route is missing. */
export function HistoryPage() {
  const offer = useOffer();
  const [eventType, setEventType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState('');
  const [applied, setApplied] = useState('');
  const history = useApi<{ events: HistoryEvent[] }>(`${offer.base}/history${applied}`);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (eventType.trim()) q.set('eventType', eventType.trim());
    if (page) q.set('page', page);
    // Dates are whole days in the browser's time zone.
    if (from) q.set('from', new Date(`${from}T00:00:00`).toISOString());
    if (to) q.set('to', new Date(`${to}T23:59:59.999`).toISOString());
    const s = q.toString();
    setApplied(s ? `?${s}` : '');
  };
  const known = [...new Set([...EVENT_TYPES, ...(history.data?.events.map((e) => e.eventType) ?? [])])].sort();

  return (
    <section className="tab-form" aria-labelledby="history-title">
      <div className="tab-head">
        <h2 id="history-title">History</h2>
      </div>
      <p className="subtitle">Who changed what, and each publish, newest first.</p>
      <form className="form-row filters" onSubmit={apply} aria-label="Filter history">
        <div className="field">
          <label htmlFor="historyType">Event type</label>
          <input id="historyType" list="historyTypes" value={eventType} onChange={(e) => setEventType(e.target.value)} placeholder="All" />
          <datalist id="historyTypes">
            {known.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="historyPage">Page changed</label>
          <select id="historyPage" value={page} onChange={(e) => setPage(e.target.value)}>
            <option value="">Any</option>
            {offer.detail?.tabs.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
            <option value="planOverview">Plan overview</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="historyFrom">From</label>
          <input id="historyFrom" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="historyTo">To</label>
          <input id="historyTo" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field field-button">
          <button type="submit" className="btn btn-secondary">
            Filter
          </button>
        </div>
      </form>
      {history.error ? (
        <RouteError error={history.error} what="The offer history" onRetry={history.reload} />
      ) : !history.data ? (
        <Loading />
      ) : history.data.events.length === 0 ? (
        <div className="card">
          <EmptyState>No events{applied ? ' match the filter' : ''}.</EmptyState>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="history-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>Initiated by</th>
                <th>Pages changed</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {[...history.data.events]
                .sort((a, b) => b.at.localeCompare(a.at))
                .map((e, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      {e.event ?? e.eventType}
                      {e.event && e.event !== e.eventType && (
                        <div className="hint">
                          <code>{e.eventType}</code>
                        </div>
                      )}
                      {e.outcome === 'Failed' && <span className="badge badge-bad">Failed</span>}
                    </td>
                    <td>{initiator(e.initiatedBy)}</td>
                    <td>{e.pagesChanged?.length ? e.pagesChanged.map((p) => (typeof p === 'string' ? p : p.title)).join(', ') : <span className="muted">—</span>}</td>
                    <td>
                      {e.details !== undefined && e.details !== null && (
                        <details>
                          <summary>Show</summary>
                          <pre className="json">{JSON.stringify(e.details, null, 2)}</pre>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Change {
  path?: string;
  field?: string;
  target?: string;
  change?: 'added' | 'removed' | 'edited' | 'unchanged' | string;
  before?: unknown;
  after?: unknown;
}

interface Section {
  title?: string;
  name?: string;
  tab?: string;
  tabId?: string;
  id?: string;
  planId?: string;
  page?: string;
  change?: string;
  changed?: boolean;
  changes?: Change[];
  before?: unknown;
  after?: unknown;
}

interface CompareAnswer {
  against?: string;
  changes?: Section[];
  tabs?: Section[];
  plans?: Section[];
  limitations?: string[];
}

const FILTERS = [
  ['modified', 'Modified fields'],
  ['all', 'All fields'],
  ['added', 'Added'],
  ['removed', 'Removed'],
  ['edited', 'Edited'],
  ['unchanged', 'Unchanged'],
] as const;
type Filter = (typeof FILTERS)[number][0];

const keep = (filter: Filter, c: Change) => filter === 'all' || !c.change || (filter === 'modified' ? c.change !== 'unchanged' : c.change === filter);
const show = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const CHANGE_TONE: Record<string, string> = { added: 'badge-good', removed: 'badge-bad', edited: 'badge-warn', unchanged: '' };

/** Compare the draft with the live or preview version (GET .../compare?against=...), page by page and plan by plan. */
export function ComparePage() {
  const offer = useOffer();
  const [against, setAgainst] = useState<'live' | 'preview'>('live');
  const [filter, setFilter] = useState<Filter>('modified');
  const compare = useApi<unknown>(`${offer.base}/compare?against=${against}&filter=${filter}`);
  const data = compare.data as CompareAnswer | Section[] | undefined;
  const sections: { kind: 'tab' | 'plan'; s: Section }[] | undefined = Array.isArray(data)
    ? data.map((s) => ({ kind: 'tab' as const, s }))
    : data && (data.changes || data.tabs || data.plans)
      ? [...(data.changes ?? data.tabs ?? []).map((s) => ({ kind: 'tab' as const, s })), ...(data.plans ?? []).map((s) => ({ kind: 'plan' as const, s }))]
      : undefined;
  const limitations = Array.isArray(data) ? [] : (data?.limitations ?? []);

  return (
    <section className="tab-form" aria-labelledby="compare-title">
      <div className="tab-head">
        <h2 id="compare-title">Compare</h2>
      </div>
      <p className="subtitle">What the saved draft changes, page by page, against a published version.</p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="compareAgainst">Compare the draft with</label>
          <select id="compareAgainst" value={against} onChange={(e) => setAgainst(e.target.value as 'live' | 'preview')}>
            <option value="live">The live version</option>
            <option value="preview">The preview version</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="compareFilter">Show</label>
          <select id="compareFilter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {FILTERS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {compare.error ? (
        isMissingRoute(compare.error) ? (
          <RouteError error={compare.error} what="Compare" />
        ) : compare.error instanceof ApiError && compare.error.status === 404 ? (
          <Notice tone="info">{compare.error.message}</Notice>
        ) : (
          <ErrorMessage error={compare.error} onRetry={compare.reload} />
        )
      ) : compare.data === undefined ? (
        <Loading />
      ) : !sections ? (
        <pre className="json">{JSON.stringify(compare.data, null, 2)}</pre>
      ) : (
        <>
          {sections.length === 0 && (
            <div className="card">
              <EmptyState>No changes.</EmptyState>
            </div>
          )}
          {sections.map(({ kind, s }, i) => {
            const changes = s.changes?.filter((c) => keep(filter, c));
            const title = s.title ?? s.name ?? s.tab ?? s.tabId ?? s.id ?? s.planId ?? s.page ?? `Change ${i + 1}`;
            return (
              <section key={i} className="card" data-testid="compare-section">
                <h3 className="card-title">
                  {kind === 'plan' ? `Plan: ${title}` : title}
                  {s.change && <span className={`badge ${CHANGE_TONE[s.change] ?? ''}`}>{s.change}</span>}
                  {s.changed === false && <span className="muted"> · no changes</span>}
                </h3>
                {changes ? (
                  changes.length === 0 ? (
                    <p className="muted">{filter === 'modified' ? 'No changes.' : filter === 'all' ? 'Nothing here.' : 'Nothing to show with this filter.'}</p>
                  ) : (
                    <table className="table compact">
                      <thead>
                        <tr>
                          <th>Field</th>
                          <th>Change</th>
                          <th>{against === 'live' ? 'Live' : 'Preview'}</th>
                          <th>Draft</th>
                        </tr>
                      </thead>
                      <tbody>
                        {changes.map((c, j) => (
                          <tr key={j}>
                            <td>
                              <code>{c.path ?? c.field ?? c.target}</code>
                            </td>
                            <td>{c.change && <span className={`badge ${CHANGE_TONE[c.change] ?? ''}`}>{c.change}</span>}</td>
                            <td className="pre diff-before">{show(c.before)}</td>
                            <td className="pre diff-after">{show(c.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )
                ) : 'before' in s || 'after' in s ? (
                  <div className="diff">
                    <pre className="json diff-before">{JSON.stringify(s.before, null, 2)}</pre>
                    <pre className="json diff-after">{JSON.stringify(s.after, null, 2)}</pre>
                  </div>
                ) : (
                  <pre className="json">{JSON.stringify(s, null, 2)}</pre>
                )}
              </section>
            );
          })}
          {limitations.map((l, i) => (
            <p key={i} className="hint">
              {l}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
