import type { ReactNode } from 'react';
import { Badge, formatDateTime } from '../../ui/index.js';
import type { FinanceEvent } from './types.js';
import type { Tone } from './financeModel.js';

/** A form field with its error (from the server or the browser's own checks) under it. */
export function FinanceField({ id, label, error, hint, required, children }: { id: string; label: string; error?: string | undefined; hint?: ReactNode; required?: boolean; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`} data-field={id}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {error && (
        <div className="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </div>
      )}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

/** The aria attributes of an input whose field may show an error. */
export const invalidProps = (id: string, error: string | undefined) => (error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {});

export function StatusBadge({ badge, testId }: { badge: { label: string; tone: Tone }; testId: string }) {
  return (
    <span data-testid={testId}>
      <Badge tone={badge.tone}>{badge.label}</Badge>
    </span>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const ACTIONS: Record<string, string> = {
  Submit: 'Submitted',
  Resubmit: 'Submitted again',
  Validate: 'Validated',
  Invalidate: 'Marked invalid',
  ChangeBank: 'New bank account submitted',
  ChangeCurrency: 'Payout currency changed',
  Verify: 'Bank account verified',
  Reject: 'Bank account rejected',
};
const WHO: Record<string, string> = { user: 'by a member of this account', app: 'by an application', operator: 'by the marketplace', system: 'automatically' };

/** A profile's state changes, newest first, in a disclosure. */
export function History({ events }: { events: FinanceEvent[] }) {
  if (events.length === 0) return null;
  return (
    <details className="finance-history">
      <summary>History ({events.length})</summary>
      <ul>
        {events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {ACTIONS[e.action] ?? e.action} {WHO[e.actor.kind] ?? ''}
            {e.reason && <span className="muted"> — {e.reason}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
