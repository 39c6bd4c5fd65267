import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, ROLES, api } from './api.js';
import { Link, useLocation } from './router.js';

/** Loads a GET endpoint; `path` null waits. Keeps the last data while reloading. */
export function useApi<T>(path: string | null): {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
} {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const loadedPath = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) return;
    let live = true;
    if (loadedPath.current !== path) setData(undefined);
    loadedPath.current = path;
    setLoading(true);
    setError(undefined);
    api.get<T>(path).then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, setData };
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Shows an API error as the server worded it, with its details and a way on where there is one. */
export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { href } = useLocation();
  if (error === undefined || error === null) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-error" role="alert">
      {title && <strong className="alert-title">{title}</strong>}
      <div>
        {message}
        {apiError && apiError.code && !apiError.code.startsWith('Http') && <span className="error-code"> ({apiError.code})</span>}
      </div>
      {apiError && apiError.details.length > 0 && (
        <ul>
          {apiError.details.map((d, i) => (
            <li key={i}>
              {d.target ? <code>{d.target}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
      {apiError?.status === 401 && (
        <div>
          <Link to={`/signin?next=${encodeURIComponent(href)}`}>Sign in again</Link>
        </div>
      )}
      {onRetry && apiError?.status !== 401 && (
        <button type="button" className="btn btn-link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function Field({ label, hint, children, htmlFor }: { label: string; hint?: ReactNode; children: ReactNode; htmlFor?: string }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

export function SubmitButton({ busy, children, disabled }: { busy: boolean; children: ReactNode; disabled?: boolean }) {
  return (
    <button type="submit" className="btn btn-primary" disabled={busy || disabled} aria-busy={busy}>
      {busy && <span className="spinner spinner-small" aria-hidden="true" />}
      {children}
    </button>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function RoleBadges({ roles }: { roles: string[] }) {
  if (roles.length === 0) return <span className="muted">None</span>;
  return (
    <span className="role-list">
      {roles.map((r) => (
        <Badge key={r} tone="info">
          {ROLES.find((x) => x.id === r)?.label ?? r}
        </Badge>
      ))}
    </span>
  );
}

/** The six roles as checkboxes. */
export function RolePicker({ value, onChange, name }: { value: string[]; onChange: (roles: string[]) => void; name: string }) {
  return (
    <fieldset className="role-picker">
      <legend className="sr-only">Roles</legend>
      {ROLES.map((role) => (
        <label key={role.id} className="checkbox">
          <input
            type="checkbox"
            name={name}
            value={role.id}
            checked={value.includes(role.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, role.id] : value.filter((r) => r !== role.id))}
          />
          <span>
            <strong>{role.label}</strong>
            <span className="hint">{role.help}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** Copies a value to the clipboard, with feedback; falls back to selecting and copying where the API is missing. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(value);
      else {
        const area = document.createElement('textarea');
        area.value = value;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        if (!ok) throw new Error('copy refused');
      }
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy()} aria-label={`${label}: ${state === 'copied' ? 'copied' : 'copy to clipboard'}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
    </button>
  );
}

/** A read-only value with a copy button (ids, secrets, links). */
export function CopyField({ label, value, testId, secret }: { label: string; value: string; testId?: string; secret?: boolean }) {
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code className={secret ? 'secret-value' : undefined} data-testid={testId}>
        {value}
      </code>
      <CopyButton value={value} label="Copy" />
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayFormat.format(d);
}

/** 90061000 -> "1 day 1 hour 1 minute". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'none';
  const units: [string, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
    if (parts.length === 3) break;
  }
  return parts.length ? parts.join(' ') : `${ms} ms`;
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
