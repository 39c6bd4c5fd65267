import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/**
 * A very small router on the History API: the current location as external state, `navigate`, `<Link>` and a path
 * matcher. The server answers every page URL with index.html, so any path can be loaded directly.
 */

const NAVIGATE_EVENT = 'agora:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** pathname + search, as navigate() takes it. */
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams, href };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Navigates once rendered (for redirects decided while rendering). */
export function Redirect({ to }: { to: string }): null {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** A same-origin path that is safe to send someone to after signing in (never another site). */
export function safeNext(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/**
 * Matches a path against a pattern such as `/partner/users/apps/:appId`; returns the parameters, or undefined.
 * A pattern ending in `/*` also matches everything below it.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const trim = (s: string) => (s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s);
  const want = trim(pattern).split('/');
  const have = trim(pathname).split('/');
  const prefix = want.at(-1) === '*';
  if (prefix) want.pop();
  if (prefix ? have.length < want.length : have.length !== want.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      if (!h) return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return undefined;
      }
    } else if (w !== h) return undefined;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children?: ReactNode };

/** An <a> that navigates in the app (a modified click still opens a new tab). */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** A navigation link that marks itself current when the location is at (or, unless `exact`, below) its target. */
export function NavLink({ to, exact, className, ...rest }: LinkProps & { exact?: boolean }) {
  const { pathname } = useLocation();
  const active = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
  return <Link to={to} className={[className, active ? 'active' : ''].filter(Boolean).join(' ')} aria-current={active ? 'page' : undefined} {...rest} />;
}

/** An entry of a portal's side navigation: an icon (hidden from screen readers) and its label. */
export function SideNavLink({ icon, children, ...rest }: LinkProps & { exact?: boolean; icon: string }) {
  return (
    <NavLink {...rest}>
      <span className="nav-icon" aria-hidden="true">
        {icon}
      </span>
      {children}
    </NavLink>
  );
}
