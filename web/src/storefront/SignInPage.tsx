import { useState, type FormEvent } from 'react';
import { ErrorMessage, Field, Link, Loading, Notice, Redirect, SubmitButton, navigate, safeNext, useLocation, useSession, useTitle } from '../ui/index.js';

export function SignInPage() {
  useTitle('Sign in');
  const session = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get('next'), '/partner');
  const [email, setEmail] = useState(search.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (session.status === 'loading') return <Loading />;
  if (session.user && !busy) return <Redirect to={next} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <form className="card form-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="subtitle">Use your work account on this marketplace.</p>
        {search.get('accepted') && <Notice tone="success">Invitation accepted. Sign in to continue.</Notice>}
        <ErrorMessage error={error} />
        <Field label="Email" htmlFor="email">
          <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={!email} />
        </Field>
        <Field label="Password" htmlFor="password">
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus={!!email}
          />
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy}>Sign in</SubmitButton>
        </div>
        <p className="form-footer">
          No account yet? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Sign up your organization</Link>
        </p>
      </form>
    </main>
  );
}
