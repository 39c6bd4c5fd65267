import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from './api.js';
import { Link, NavLink, navigate, useLocation } from './router.js';
import { useSession } from './session.js';

export type Area = 'storefront' | 'partner' | 'admin';

const AREA_LABEL: Record<Area, string> = { storefront: 'Marketplace', partner: 'Partner Center', admin: 'Operator console' };

/** Sets the document title for the page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Agora` : 'Agora';
  }, [title]);
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 16 16" width="22" height="22" aria-hidden="true">
      <rect width="16" height="16" rx="3" fill="#0078d4" />
      <path d="M8 2.4 13.6 5.6H2.4Z" fill="#fff" />
      <rect x="3.4" y="6.5" width="1.7" height="5" fill="#fff" />
      <rect x="7.15" y="6.5" width="1.7" height="5" fill="#fff" />
      <rect x="10.9" y="6.5" width="1.7" height="5" fill="#fff" />
      <rect x="2.4" y="12.2" width="11.2" height="1.5" fill="#fff" />
    </svg>
  );
}

export function Header({ area }: { area: Area }) {
  const session = useSession();
  const { href } = useLocation();
  const [signOutError, setSignOutError] = useState<string | undefined>(undefined);
  const user = session.user;

  const signOut = async () => {
    setSignOutError(undefined);
    try {
      await session.signOut();
      navigate('/');
    } catch (e) {
      setSignOutError(errorMessage(e));
    }
  };

  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand" aria-label="Agora home">
          <Logo />
          <span className="brand-name">Agora</span>
          <span className="brand-area">{AREA_LABEL[area]}</span>
        </Link>
        <nav className="topnav" aria-label="Main">
          <NavLink to="/" exact>
            Storefront
          </NavLink>
          {user && <NavLink to="/subscriptions">My subscriptions</NavLink>}
          {user && <NavLink to="/invoices">Invoices</NavLink>}
          <NavLink to="/partner">Partner Center</NavLink>
          {user?.isOperator && <NavLink to="/admin">Admin</NavLink>}
          <a href="/docs">API docs</a>
        </nav>
        <div className="userbox">
          {session.status === 'loading' ? null : user ? (
            <>
              <span className="avatar" aria-hidden="true">
                {initials(user.displayName)}
              </span>
              <span className="user-name" data-testid="user-name" title={user.email}>
                {user.displayName}
              </span>
              <button type="button" className="btn btn-header" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            <Link className="btn btn-header" to={href.startsWith('/signin') || href.startsWith('/signup') ? '/signin' : `/signin?next=${encodeURIComponent(href)}`}>
              Sign in
            </Link>
          )}
        </div>
      </div>
      {signOutError && (
        <div className="alert alert-error topbar-alert" role="alert">
          Sign out failed: {signOutError}
        </div>
      )}
      {session.status === 'error' && (
        <div className="alert alert-error topbar-alert" role="alert">
          Agora could not load your session: {session.error}
        </div>
      )}
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** The portal frame: a left navigation and the page. */
export function PortalLayout({ nav, children }: { nav: ReactNode; children: ReactNode }) {
  return (
    <div className="portal">
      <aside className="sidenav">{nav}</aside>
      <main className="portal-main" id="main">
        {children}
      </main>
    </div>
  );
}
