import { useState, type FormEvent } from 'react';
import { ErrorMessage, Field, Link, Loading, Redirect, SubmitButton, navigate, safeNext, useLocation, useSession, useTitle } from '../ui/index.js';

export const PASSWORD_RULE = 'At least 12 characters, with at least two kinds: lower case, upper case, digits, symbols.';

export function SignUpPage() {
  useTitle('Sign up');
  const session = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get('next'), '/partner');
  const [form, setForm] = useState({ organizationName: '', displayName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (session.status === 'loading') return <Loading />;
  if (session.user && !busy) return <Redirect to={next} />;

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.signUp({ ...form, email: form.email.trim(), organizationName: form.organizationName.trim(), displayName: form.displayName.trim() });
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <form className="card form-card" onSubmit={(e) => void submit(e)} aria-labelledby="signup-title">
        <h1 id="signup-title">Sign up your organization</h1>
        <p className="subtitle">Creates a directory (tenant) for your organization with you as its global administrator.</p>
        <ErrorMessage error={error} />
        <Field label="Organization name" htmlFor="organizationName">
          <input id="organizationName" required maxLength={256} value={form.organizationName} onChange={set('organizationName')} autoFocus />
        </Field>
        <Field label="Your name" htmlFor="displayName">
          <input id="displayName" required maxLength={256} autoComplete="name" value={form.displayName} onChange={set('displayName')} />
        </Field>
        <Field label="Work email" htmlFor="email">
          <input id="email" type="email" required autoComplete="email" value={form.email} onChange={set('email')} />
        </Field>
        <Field label="Password" htmlFor="password" hint={PASSWORD_RULE}>
          <input id="password" type="password" required minLength={12} autoComplete="new-password" value={form.password} onChange={set('password')} />
        </Field>
        <div className="form-actions">
          <SubmitButton busy={busy}>Create organization</SubmitButton>
        </div>
        <p className="form-footer">
          Already have an account? <Link to={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link>
        </p>
      </form>
    </main>
  );
}
