import { useState, type FormEvent } from 'react';
import {
  ErrorMessage,
  Field,
  Link,
  Loading,
  Notice,
  RoleBadges,
  SubmitButton,
  api,
  formatDateTime,
  navigate,
  path,
  useApi,
  useSession,
  useTitle,
  type InvitationPreview,
} from '../ui/index.js';
import { PASSWORD_RULE } from './SignUpPage.js';

interface Accepted {
  accountId: string;
  userId: string;
  email: string;
}

export function InvitationPage({ token }: { token: string }) {
  useTitle('Invitation');
  const session = useSession();
  const preview = useApi<InvitationPreview>(path`/api/invitations/${token}`);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [accepted, setAccepted] = useState<Accepted | undefined>(undefined);

  const accept = async (body: { displayName?: string; password?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<Accepted>(path`/api/invitations/${token}/accept`, body);
      setAccepted(result);
      if (!body.password) {
        // Accepted while signed in: straight to the account.
        window.localStorage.setItem('agora.accountId', result.accountId);
        navigate('/partner');
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void accept({ displayName: displayName.trim(), password });
  };

  const here = path`/invitations/${token}`;
  let body;
  if (preview.loading || session.status === 'loading') body = <Loading label="Opening the invitation…" />;
  else if (preview.error) body = <ErrorMessage title="This invitation cannot be used" error={preview.error} />;
  else if (!preview.data) body = null;
  else if (accepted) {
    body = (
      <>
        <Notice tone="success">
          You have joined <strong>{preview.data.accountDisplayName}</strong>.
        </Notice>
        <p>Sign in as {accepted.email} with the password you chose to open Partner Center.</p>
        <div className="form-actions">
          <Link className="btn btn-primary" to={`/signin?next=/partner&accepted=1&email=${encodeURIComponent(accepted.email)}`}>
            Sign in
          </Link>
        </div>
      </>
    );
  } else {
    const inv = preview.data;
    const signedInAs = session.user?.email.toLowerCase();
    const isInvitee = signedInAs === inv.email.toLowerCase();
    body = (
      <>
        <dl className="facts">
          <dt>Account</dt>
          <dd data-testid="invitation-account">
            {inv.accountDisplayName} <span className="muted">({inv.publisherId})</span>
          </dd>
          <dt>Invited</dt>
          <dd>{inv.email}</dd>
          <dt>Roles</dt>
          <dd>
            <RoleBadges roles={inv.roles} />
          </dd>
          <dt>Expires</dt>
          <dd>{formatDateTime(inv.expiresAt)}</dd>
        </dl>
        <ErrorMessage error={error} />
        {inv.needsPassword ? (
          <form onSubmit={onSubmit}>
            <p>Choose your name and a password to join. You will sign in with {inv.email}.</p>
            <Field label="Your name" htmlFor="displayName">
              <input id="displayName" required maxLength={256} autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoFocus />
            </Field>
            <Field label="Password" htmlFor="password" hint={PASSWORD_RULE}>
              <input id="password" type="password" required minLength={12} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </Field>
            <div className="form-actions">
              <SubmitButton busy={busy}>Accept and join</SubmitButton>
            </div>
          </form>
        ) : isInvitee ? (
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void accept({})}>
              Accept invitation
            </button>
          </div>
        ) : session.user ? (
          <Notice tone="warning">
            You are signed in as {session.user.email}, but this invitation is for {inv.email}. Sign out, then sign in as {inv.email} to accept.
          </Notice>
        ) : (
          <div className="form-actions">
            <Link className="btn btn-primary" to={`/signin?next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`}>
              Sign in as {inv.email} to accept
            </Link>
          </div>
        )}
      </>
    );
  }

  return (
    <main id="main" className="narrow">
      <div className="card form-card">
        <h1>Join a publisher account</h1>
        <p className="subtitle">You have been invited to work on a publisher account in Partner Center.</p>
        {body}
      </div>
    </main>
  );
}
