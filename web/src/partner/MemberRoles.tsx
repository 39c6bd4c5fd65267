import { useState } from 'react';
import { ErrorMessage, RolePicker, api, path } from '../ui/index.js';

export type PrincipalType = 'users' | 'groups' | 'apps';

/** Inline editor for one member's roles (PUT .../members/:type/:id/roles). */
export function MemberRolesEditor({
  accountId,
  type,
  principalId,
  roles,
  onDone,
  onCancel,
}: {
  accountId: string;
  type: PrincipalType;
  principalId: string;
  roles: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(roles);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.put(path`/api/accounts/${accountId}/members/${type}/${principalId}/roles`, { roles: value });
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <div className="inline-editor">
      <ErrorMessage error={error} />
      <RolePicker name={`roles-${principalId}`} value={value} onChange={setValue} />
      <div className="form-actions">
        <button type="button" className="btn btn-primary btn-small" disabled={busy || value.length === 0} onClick={() => void save()}>
          Save roles
        </button>
        <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** A remove button that asks again in place (no browser dialog). */
export function ConfirmButton({ label, confirmLabel, onConfirm }: { label: string; confirmLabel: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  if (!asking)
    return (
      <button type="button" className="btn btn-link btn-danger-text" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <ErrorMessage error={error} />
      <button
        type="button"
        className="btn btn-danger btn-small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await onConfirm();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
