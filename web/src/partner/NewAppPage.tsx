import { useState, type FormEvent } from 'react';
import {
  ErrorMessage,
  Field,
  Link,
  Notice,
  PageHeader,
  RolePicker,
  SubmitButton,
  api,
  path,
  useTitle,
  type AppRegistration,
  type MyAccount,
  type NewClientSecret,
} from '../ui/index.js';
import { SecretOnce } from './SecretOnce.js';

export function NewAppPage({ account, canManage }: { account: MyAccount; canManage: boolean }) {
  useTitle(`${account.displayName} · New application`);
  const [form, setForm] = useState({ displayName: '', replyUrl: '', appIdUri: '' });
  const [roles, setRoles] = useState<string[]>(['Manager']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<{ app: AppRegistration; secret: NewClientSecret } | undefined>(undefined);

  if (!canManage)
    return (
      <>
        <PageHeader title="New Azure AD application" />
        <Notice tone="warning">Only the account&apos;s Owners and Managers can register applications.</Notice>
      </>
    );

  if (created)
    return (
      <>
        <PageHeader title="Application registered" subtitle={created.app.displayName} />
        <section className="card" data-testid="registered-app">
          <SecretOnce secret={created.secret} app={created.app} />
          <div className="form-actions">
            <Link className="btn btn-primary" to={path`/partner/users/apps/${created.app.appId}`}>
              Open application
            </Link>
            <Link className="btn btn-secondary" to="/partner/users">
              Back to users
            </Link>
          </div>
        </section>
      </>
    );

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { displayName: form.displayName.trim(), roles };
      if (form.replyUrl.trim()) body.replyUrl = form.replyUrl.trim();
      if (form.appIdUri.trim()) body.appIdUri = form.appIdUri.trim();
      setCreated(await api.post<{ app: AppRegistration; secret: NewClientSecret }>(path`/api/accounts/${account.accountId}/apps`, body));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="New Azure AD application"
        subtitle="Registers an application in your organization's directory and adds it to this account. Your SaaS service uses its client id and secret to get tokens for the marketplace APIs."
      />
      <form className="card form-card wide" onSubmit={(e) => void submit(e)}>
        <ErrorMessage error={error} />
        <Field label="Display name" htmlFor="appName">
          <input id="appName" required maxLength={120} value={form.displayName} onChange={set('displayName')} autoFocus placeholder="Contoso SaaS fulfillment" />
        </Field>
        <Field label="Reply URL (optional)" htmlFor="replyUrl">
          <input id="replyUrl" type="url" maxLength={256} value={form.replyUrl} onChange={set('replyUrl')} placeholder="https://contoso.example/signin" />
        </Field>
        <Field label="Application ID URI (optional)" htmlFor="appIdUri">
          <input id="appIdUri" maxLength={256} value={form.appIdUri} onChange={set('appIdUri')} placeholder="api://contoso-fulfillment" />
        </Field>
        <Field label="Roles on this account" hint="Manager is what the SaaS fulfillment and metering APIs need.">
          <RolePicker name="app-roles" value={roles} onChange={setRoles} />
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy} disabled={roles.length === 0}>
            Register application
          </SubmitButton>
          <Link className="btn btn-secondary" to="/partner/users">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
