import { useState, type FormEvent } from 'react';
import {
  Badge,
  CopyButton,
  EmptyState,
  ErrorMessage,
  Field,
  Link,
  Loading,
  Notice,
  PageHeader,
  RoleBadges,
  SubmitButton,
  api,
  formatDate,
  formatDateTime,
  path,
  useApi,
  useTitle,
  type AppDetail,
  type MyAccount,
  type NewClientSecret,
} from '../ui/index.js';
import { ConfirmButton, MemberRolesEditor } from './MemberRoles.js';
import { SecretOnce } from './SecretOnce.js';

const EXPIRY_CHOICES = [
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days (6 months)' },
  { days: 365, label: '365 days (12 months)' },
  { days: 730, label: '730 days (24 months)' },
];

export function AppDetailPage({ account, appId, canManage }: { account: MyAccount; appId: string; canManage: boolean }) {
  const detail = useApi<AppDetail>(canManage ? path`/api/accounts/${account.accountId}/apps/${appId}` : null);
  const [newSecret, setNewSecret] = useState<NewClientSecret | undefined>(undefined);
  const [editingRoles, setEditingRoles] = useState(false);
  useTitle(detail.data ? `${detail.data.app.displayName} · Application` : 'Application');

  const back = (
    <Link className="btn btn-secondary" to="/partner/users">
      Back to users
    </Link>
  );
  if (!canManage)
    return (
      <>
        <PageHeader title="Application" actions={back} />
        <Notice tone="warning">Only the account&apos;s Owners and Managers can see an application&apos;s keys.</Notice>
      </>
    );
  if (detail.error)
    return (
      <>
        <PageHeader title="Application" actions={back} />
        <ErrorMessage title="The application could not be loaded" error={detail.error} onRetry={detail.reload} />
      </>
    );
  if (!detail.data) return <Loading />;

  const { app, roles, secrets } = detail.data;
  const removeSecret = (secretId: string) => async () => {
    await api.delete(path`/api/accounts/${account.accountId}/apps/${appId}/secrets/${secretId}`);
    if (newSecret?.secretId === secretId) setNewSecret(undefined);
    detail.reload();
  };
  const ids: [string, string, string][] = [
    ['Client (application) ID', app.appId, 'client-id'],
    ['Directory (tenant) ID', app.tenantId, 'app-tenant-id'],
    ['Object ID', app.objectId, 'object-id'],
  ];

  return (
    <>
      <PageHeader title={app.displayName} subtitle="Azure AD application" actions={back} />
      <div className="card-grid card-grid-2">
        <section className="card" aria-labelledby="app-essentials">
          <h2 id="app-essentials">Essentials</h2>
          <dl className="facts">
            {ids.map(([label, value, testId]) => (
              <div key={label} className="fact-row">
                <dt>{label}</dt>
                <dd>
                  <code data-testid={testId}>{value}</code> <CopyButton value={value} />
                </dd>
              </div>
            ))}
            <div className="fact-row">
              <dt>Reply URL</dt>
              <dd>{app.replyUrl ?? <span className="muted">None</span>}</dd>
            </div>
            <div className="fact-row">
              <dt>Application ID URI</dt>
              <dd>{app.appIdUri ?? <span className="muted">None</span>}</dd>
            </div>
            <div className="fact-row">
              <dt>Registered</dt>
              <dd>{formatDateTime(app.createdAt)}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="app-roles">
          <h2 id="app-roles">Roles on {account.displayName}</h2>
          {editingRoles ? (
            <MemberRolesEditor
              accountId={account.accountId}
              type="apps"
              principalId={app.appId}
              roles={roles}
              onCancel={() => setEditingRoles(false)}
              onDone={() => {
                setEditingRoles(false);
                detail.reload();
              }}
            />
          ) : (
            <>
              <p>
                <RoleBadges roles={roles} />
              </p>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditingRoles(true)}>
                Edit roles
              </button>
            </>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="app-keys">
        <h2 id="app-keys">Keys (client secrets)</h2>
        {newSecret && <SecretOnce secret={newSecret} />}
        {secrets.length === 0 ? (
          <EmptyState>No keys. Add one so your service can request tokens.</EmptyState>
        ) : (
          <table className="table" data-testid="secrets-table">
            <thead>
              <tr>
                <th>Description</th>
                <th>Value</th>
                <th>Created</th>
                <th>Expires</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {secrets.map((s) => (
                <tr key={s.secretId}>
                  <td>{s.displayName}</td>
                  <td>
                    <code data-testid="secret-hint">{s.hint}…</code>
                  </td>
                  <td>{formatDate(s.createdAt)}</td>
                  <td>{s.expired ? <Badge tone="bad">Expired {formatDate(s.expiresAt)}</Badge> : formatDate(s.expiresAt)}</td>
                  <td className="row-actions">
                    <ConfirmButton label="Remove" confirmLabel="Remove key" onConfirm={removeSecret(s.secretId)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AddKeyForm
          accountId={account.accountId}
          appId={appId}
          onAdded={(secret) => {
            setNewSecret(secret);
            detail.reload();
          }}
        />
      </section>
    </>
  );
}

function AddKeyForm({ accountId, appId, onAdded }: { accountId: string; appId: string; onAdded: (secret: NewClientSecret) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [days, setDays] = useState(180);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { expiresInDays: days };
      if (displayName.trim()) body.displayName = displayName.trim();
      onAdded(await api.post<NewClientSecret>(path`/api/accounts/${accountId}/apps/${appId}/secrets`, body));
      setDisplayName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="add-key" onSubmit={(e) => void submit(e)} aria-label="Add key">
      <h3>Add key</h3>
      <ErrorMessage error={error} />
      <div className="form-row">
        <Field label="Description" htmlFor="keyName">
          <input id="keyName" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder="production" />
        </Field>
        <Field label="Expires after" htmlFor="keyDays">
          <select id="keyDays" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.days} value={c.days}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-button">
          <SubmitButton busy={busy}>Add key</SubmitButton>
        </div>
      </div>
    </form>
  );
}
