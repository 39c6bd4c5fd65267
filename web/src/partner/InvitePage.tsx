import { useState, type FormEvent } from 'react';
import {
  CopyButton,
  ErrorMessage,
  Field,
  Link,
  Notice,
  PageHeader,
  RoleBadges,
  RolePicker,
  SubmitButton,
  api,
  formatDateTime,
  path,
  useTitle,
  type MyAccount,
  type SentInvitation,
} from '../ui/index.js';

export function InvitePage({ account, canManage }: { account: MyAccount; canManage: boolean }) {
  useTitle(`${account.displayName} · Invite users`);
  const [emails, setEmails] = useState('');
  const [roles, setRoles] = useState<string[]>(['Developer']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [sent, setSent] = useState<SentInvitation[] | undefined>(undefined);

  if (!canManage)
    return (
      <>
        <PageHeader title="Invite users" />
        <Notice tone="warning">Only the account&apos;s Owners and Managers can invite users.</Notice>
      </>
    );

  const count = emails.split(/[,;\s]+/).filter(Boolean).length;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The server splits on "," and ";"; line breaks from the box count as separators too.
      const result = await api.post<{ invitations: SentInvitation[] }>(path`/api/accounts/${account.accountId}/invitations`, {
        emails: emails.replace(/\s*\n\s*/g, ';'),
        roles,
      });
      setSent(result.invitations);
      setEmails('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Invite users" subtitle={`People you invite together get the same roles on ${account.displayName}`} />
      {sent && (
        <section className="card" aria-labelledby="sent-title" data-testid="sent-invitations">
          <h2 id="sent-title">
            {sent.length} invitation{sent.length === 1 ? '' : 's'} created
          </h2>
          <p className="muted">Each person is emailed their link (when the marketplace has outgoing mail configured); you can also copy it from here. A link works once, until it expires; resending makes a new one and emails it.</p>
          <ul className="invite-list">
            {sent.map((inv) => (
              <li key={inv.invitationId}>
                <div className="invite-head">
                  <strong>{inv.email}</strong> <RoleBadges roles={inv.roles} /> <span className="muted">expires {formatDateTime(inv.expiresAt)}</span>
                </div>
                <div className="copy-field">
                  <code className="accept-link" data-testid="accept-link">
                    {inv.acceptUrl}
                  </code>
                  <CopyButton value={inv.acceptUrl} label="Copy link" />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form className="card form-card wide" onSubmit={(e) => void submit(e)}>
        <ErrorMessage error={error} />
        <Field label="Email addresses" htmlFor="emails" hint="Up to 10 addresses, separated by ; , or new lines.">
          <textarea id="emails" rows={3} required value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="alex@contoso.example; sam@fabrikam.example" />
        </Field>
        <Field label="Roles" hint={roles.length === 0 ? 'Pick at least one role.' : undefined}>
          <RolePicker name="invite-roles" value={roles} onChange={setRoles} />
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy} disabled={roles.length === 0 || count === 0}>
            Invite
          </SubmitButton>
          <Link className="btn btn-secondary" to="/partner/users">
            Back to users
          </Link>
        </div>
      </form>
    </>
  );
}
