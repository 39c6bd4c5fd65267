import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, Badge, ErrorMessage, api, formatDateTime, isMissingRoute, path, type MyAccount } from '../../ui/index.js';
import type { Issue, OfferDetail, TabStatus } from './types.js';

// ---- Status display ----

const TAB_STATUS: Record<TabStatus, { label: string; icon: string; tone: 'neutral' | 'warn' | 'good' }> = {
  NotStarted: { label: 'Not started', icon: '○', tone: 'neutral' },
  Incomplete: { label: 'Incomplete', icon: '◐', tone: 'warn' },
  Complete: { label: 'Complete', icon: '●', tone: 'good' },
};

/** A tab's status as an icon (and, unless `iconOnly`, its label). */
export function StatusIcon({ status, iconOnly }: { status: TabStatus; iconOnly?: boolean }) {
  const s = TAB_STATUS[status] ?? TAB_STATUS.Incomplete;
  return (
    <span className={`status-icon status-${s.tone}`} title={s.label} data-status={status}>
      <span aria-hidden="true">{s.icon}</span>
      {iconOnly ? <span className="sr-only">{s.label}</span> : <span className="status-label">{s.label}</span>}
    </span>
  );
}

export type StatusLabels = Record<string, { label: string; tone: 'neutral' | 'good' | 'warn' | 'bad' | 'info' }>;

/** A status as a labelled, coloured badge, with the raw status in `data-status` for tests. */
export function StatusBadge({ status, labels, testId }: { status: string; labels: StatusLabels; testId: string }) {
  const s = labels[status] ?? { label: status, tone: 'neutral' as const };
  return (
    <span data-testid={testId} data-status={status}>
      <Badge tone={s.tone}>{s.label}</Badge>
    </span>
  );
}

const OFFER_STATUS: StatusLabels = {
  Draft: { label: 'Draft', tone: 'neutral' },
  PublishInProgress: { label: 'Publish in progress', tone: 'info' },
  AttentionNeeded: { label: 'Attention needed', tone: 'bad' },
  Preview: { label: 'Preview', tone: 'info' },
  Live: { label: 'Live', tone: 'good' },
  PendingStopDistribution: { label: 'Pending stop distribution', tone: 'warn' },
  NotAvailable: { label: 'Not available', tone: 'warn' },
};

export function OfferStatusBadge({ status }: { status: string }) {
  return <StatusBadge status={status} labels={OFFER_STATUS} testId="offer-status" />;
}

const PLAN_STATE: Record<string, { label: string; tone: 'neutral' | 'good' | 'warn' | 'bad' | 'info' }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  live: { label: 'Live', tone: 'good' },
  stop_pending: { label: 'Stop distribution pending', tone: 'warn' },
  stopped: { label: 'Stopped', tone: 'bad' },
};

export function PlanStateBadge({ state }: { state: string }) {
  const s = PLAN_STATE[state] ?? { label: state, tone: 'neutral' as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export const PRICING_MODEL_LABEL: Record<string, string> = { flatRate: 'Flat rate', perUser: 'Per user' };

// ---- The offer being edited, its version (ETag) and reloads ----

export interface OfferState {
  account: MyAccount;
  offerId: string;
  base: string;
  detail: OfferDetail | undefined;
  error: unknown;
  /** The version the forms were loaded at: sent as If-Match on every write. */
  version: number | undefined;
  /** Changes when the user reloads: forms re-read the offer. */
  loadKey: number;
  /** Reloads the offer and re-initializes the forms (after "changed since you opened it"). */
  reload(): void;
  /** A tab save answered with the new detail. */
  applyDetail(detail: OfferDetail): void;
  /** A plan or audience write answered with the offer's new version; statuses are refreshed in the background. */
  applyVersion(version: number | undefined, headers?: Headers): void;
  /** `{ 'if-match': '"<version>"' }` for a write. */
  ifMatch(): Record<string, string>;
}

const OfferContext = createContext<OfferState | undefined>(undefined);

export function OfferProvider({ value, children }: { value: OfferState; children: ReactNode }) {
  return <OfferContext.Provider value={value}>{children}</OfferContext.Provider>;
}

export function useOffer(): OfferState {
  const value = useContext(OfferContext);
  if (!value) throw new Error('useOffer needs an <OfferProvider>.');
  return value;
}

/** The version in an `etag` header (`"12"` or `W/"12"`). */
export function versionFromEtag(headers: Headers | undefined): number | undefined {
  const tag = headers?.get('etag');
  if (!tag) return undefined;
  const n = Number(tag.replace(/^W\//, '').replace(/"/g, ''));
  return Number.isInteger(n) ? n : undefined;
}

export function useOfferState(account: MyAccount, offerId: string): OfferState {
  const base = path`/api/accounts/${account.accountId}/offers/${offerId}`;
  const [detail, setDetail] = useState<OfferDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [loadKey, setLoadKey] = useState(0);
  const versionRef = useRef<number | undefined>(undefined);
  versionRef.current = version;

  const load = useCallback(
    async (mode: 'reload' | 'refresh') => {
      try {
        const r = await api.request<OfferDetail>('GET', base);
        setDetail(r.data);
        setError(undefined);
        if (mode === 'reload') {
          setVersion(versionFromEtag(r.headers) ?? r.data.version);
          setLoadKey((k) => k + 1);
        }
      } catch (e) {
        if (mode === 'reload') setError(e);
      }
    },
    [base],
  );

  useEffect(() => {
    void load('reload');
  }, [load]);

  return {
    account,
    offerId,
    base,
    detail,
    error,
    version,
    loadKey,
    reload: () => {
      setError(undefined);
      void load('reload');
    },
    applyDetail: (d) => {
      setDetail(d);
      setVersion(d.version);
    },
    applyVersion: (v, headers) => {
      const next = versionFromEtag(headers) ?? v;
      if (next !== undefined) setVersion(next);
      // Statuses (tabs, plan list, readiness) change with plan writes; the forms keep their version.
      void load('refresh');
    },
    ifMatch: (): Record<string, string> => (versionRef.current === undefined ? {} : { 'if-match': `"${versionRef.current}"` }),
  };
}

// ---- Field-level errors ----

const FieldIssues = createContext<Issue[]>([]);

/** The issues an API error carries for fields: its details, or its one target. */
export function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  if (error.details.length) return error.details.map((d) => ({ target: d.target ?? '', code: d.code, message: d.message }));
  if (error.target) return [{ target: error.target, code: error.code, message: error.message }];
  return [];
}

const matches = (target: string, field: string) => target === field || target.startsWith(`${field}.`);

/** A labelled form field that shows the server's messages for its target (a field path inside the tab). */
export function OField({
  label,
  target,
  hint,
  htmlFor,
  required,
  children,
  className,
}: {
  label: ReactNode;
  target: string;
  hint?: ReactNode;
  htmlFor?: string;
  required?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const issues = useContext(FieldIssues).filter((i) => matches(i.target, target));
  return (
    <div className={['field', issues.length ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')} data-field-target={target}>
      {label !== '' && (
        <label htmlFor={htmlFor}>
          {label}
          {required && (
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      {children}
      {issues.map((i, n) => (
        <div key={n} className="field-error" data-testid="field-error" data-target={i.target}>
          {i.message}
        </div>
      ))}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

/** Inline messages for a target without a field frame (e.g. a list's own errors). */
export function FieldMessages({ target }: { target: string }) {
  const issues = useContext(FieldIssues).filter((i) => i.target === target);
  return (
    <div data-field-target={target}>
      {issues.map((i, n) => (
        <div key={n} className="field-error" data-testid="field-error" data-target={i.target}>
          {i.message}
        </div>
      ))}
    </div>
  );
}

/** Moves focus to the field of a target, if the page shows one. */
function focusTarget(root: HTMLElement | null, target: string) {
  if (!root) return;
  const fields = [...root.querySelectorAll<HTMLElement>('[data-field-target]')];
  const field = fields.find((f) => f.dataset.fieldTarget === target) ?? fields.find((f) => matches(target, f.dataset.fieldTarget ?? '\0'));
  if (!field) return;
  field.scrollIntoView({ block: 'center' });
  field.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
}

/**
 * What went wrong with a write, worded for the publisher: "changed since you opened it" with a Reload button (412),
 * a change the publish locked (409 Locked), or the server's message. Validation details that no field on the page
 * shows are listed here; the others appear next to their fields.
 */
export function WriteError({ error, unclaimed, onReload }: { error: unknown; unclaimed?: Issue[]; onReload: () => void }) {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError && error.status === 412)
    return (
      <div className="alert alert-warning" role="alert" data-testid="conflict">
        <strong className="alert-title">This offer changed since you opened it — reload</strong>
        <div>Someone (or another tab) saved a change to this offer after you opened this page. Reload to see it, then apply your change again.</div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary btn-small" onClick={onReload}>
            Reload
          </button>
        </div>
      </div>
    );
  if (error instanceof ApiError && (error.code === 'ValidationFailed' || error.code === 'Locked') && issuesOf(error).length > 0) {
    const all = issuesOf(error);
    const rest = unclaimed ?? all;
    return (
      <div className="alert alert-error" role="alert" data-testid="save-error">
        <strong className="alert-title">
          {error.code === 'Locked' ? 'This change is locked since the offer was published' : 'Not saved'}
          {all.length > rest.length ? `: ${all.length === 1 ? 'the field' : `${all.length - rest.length} field${all.length - rest.length === 1 ? '' : 's'}`} marked below need${all.length - rest.length === 1 ? 's' : ''} attention` : ''}
        </strong>
        {rest.length > 0 && (
          <ul>
            {rest.map((d, i) => (
              <li key={i}>
                {d.target && <code>{d.target}</code>} {d.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}

/** The reasons a tab is Incomplete, each a link to its field when the page shows it. */
export function MissingList({ missing, title = 'Needed before you can publish', root }: { missing: Issue[]; title?: string; root?: HTMLElement | null }) {
  if (missing.length === 0) return null;
  return (
    <div className="alert alert-warning missing" data-testid="missing">
      <strong className="alert-title">{title}</strong>
      <ul>
        {missing.map((m, i) => (
          <li key={i}>
            {root ? (
              <button type="button" className="btn-inline" onClick={() => focusTarget(root, m.target)}>
                {m.message}
              </button>
            ) : (
              m.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A tab's form: its status and Incomplete reasons at the top, field errors from the last save next to their
 * fields, and a Save draft bar. `onSave` sends the write (with If-Match) and throws the API error.
 */
export function TabForm({
  title,
  subtitle,
  status,
  missing,
  onSave,
  children,
  saveLabel = 'Save draft',
  disabled,
  testId,
  action = 'offers.write',
}: {
  title: string;
  subtitle?: ReactNode;
  status?: TabStatus;
  missing: Issue[];
  onSave: () => Promise<void>;
  children: ReactNode;
  saveLabel?: string;
  disabled?: boolean;
  testId?: string;
  /** The permission saving needs (offers.write; pricing.write for prices and audiences). */
  action?: string;
}) {
  const { reload, account } = useOffer();
  const allowed = account.actions.includes(action);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [savedAt, setSavedAt] = useState<Date | undefined>(undefined);
  const [unclaimed, setUnclaimed] = useState<Issue[] | undefined>(undefined);
  const [root, setRoot] = useState<HTMLFormElement | null>(null);
  const issues = issuesOf(error);

  useLayoutEffect(() => {
    if (!root || issues.length === 0) {
      setUnclaimed(undefined);
      return;
    }
    const targets = [...root.querySelectorAll<HTMLElement>('[data-field-target]')].map((e) => e.dataset.fieldTarget ?? '');
    setUnclaimed(issues.filter((i) => !targets.some((t) => matches(i.target, t))));
  }, [error, root]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSavedAt(undefined);
    try {
      await onSave();
      setSavedAt(new Date());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="tab-form" onSubmit={(e) => void submit(e)} ref={setRoot} noValidate data-testid={testId} aria-labelledby="tab-title">
      <div className="tab-head">
        <h2 id="tab-title">{title}</h2>
        {status && <StatusIcon status={status} />}
      </div>
      {subtitle && <p className="subtitle">{subtitle}</p>}
      <MissingList missing={missing} root={root} />
      <WriteError error={error} unclaimed={unclaimed} onReload={reload} />
      <FieldIssues.Provider value={issues}>{children}</FieldIssues.Provider>
      <div className="save-bar">
        <button type="submit" className="btn btn-primary" disabled={busy || disabled || !allowed} aria-busy={busy}>
          {busy && <span className="spinner spinner-small" aria-hidden="true" />}
          {saveLabel}
        </button>
        {!allowed && <span className="muted">Your roles on this account let you see this page but not change it.</span>}
        {savedAt && (
          <span className="saved" role="status" data-testid="saved">
            Saved {formatDateTime(savedAt.toISOString())}
          </span>
        )}
      </div>
    </form>
  );
}

/** Field issues for forms that are not a TabForm (plan pages, dialogs). */
export function FieldIssuesProvider({ error, children }: { error: unknown; children: ReactNode }) {
  return <FieldIssues.Provider value={issuesOf(error)}>{children}</FieldIssues.Provider>;
}

// ---- Small value helpers ----

/** '' and whitespace-only become undefined (optional strings are left out of the tab's value). */
export const opt = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** Drops keys whose value is undefined (so a JSON body carries no `"x": undefined` surprises). */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A notice for a feature whose API route the server does not have yet. */
export function NotYetAvailable({ what, children }: { what: string; children?: ReactNode }) {
  return (
    <div className="alert alert-info" role="status" data-testid="not-yet-available">
      <strong className="alert-title">{what} is not available on this server yet</strong>
      <div>{children ?? 'The server does not offer this part of the API yet (it answered 404 for the route). Your draft is not affected.'}</div>
    </div>
  );
}

/** Renders `fallback` when the error is a missing route, else the error. */
export function RouteError({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  if (isMissingRoute(error)) return <NotYetAvailable what={what} />;
  return <ErrorMessage error={error} onRetry={onRetry} />;
}

/** A button that picks a CSV file (the file input is hidden inside it) and hands the file over. */
export function CsvImportButton({ label, disabled = false, onFile }: { label: string; disabled?: boolean; onFile: (file: File) => void }) {
  return (
    <label className={`btn btn-secondary btn-small file-button${disabled ? ' disabled' : ''}`}>
      {label}
      <input
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
