import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Contoso Flow's own, deliberately simple sign-in: a server-side session behind an HttpOnly cookie. A session
 * remembers which subscriptions the browser opened with a valid marketplace token (Resolve succeeded), so that only
 * those can be activated or managed from it, and the email address the user signed in with.
 */
export interface Session {
  id: string;
  csrf: string;
  email?: string;
  /** Subscription ids this browser reached through the landing page with a token the marketplace resolved. */
  resolved: Set<string>;
  flash?: { kind: 'info' | 'warning' | 'error'; text: string };
  lastSeen: number;
}

export const SESSION_COOKIE = 'contoso_flow_session';
const IDLE_MS = 8 * 60 * 60_000;
const MAX_SESSIONS = 10_000;

const token = () => randomBytes(32).toString('base64url');

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly secureCookie: boolean) {}

  /** The request's session, created (and its cookie set) when it has none or it expired. */
  get(request: FastifyRequest, reply: FastifyReply): Session {
    const now = Date.now();
    const id = request.cookies[SESSION_COOKIE];
    const existing = id ? this.sessions.get(id) : undefined;
    if (existing && now - existing.lastSeen < IDLE_MS) {
      existing.lastSeen = now;
      return existing;
    }
    if (existing) this.sessions.delete(existing.id);
    this.evict(now);
    const session: Session = { id: token(), csrf: token(), resolved: new Set(), lastSeen: now };
    this.sessions.set(session.id, session);
    reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secureCookie });
    return session;
  }

  private evict(now: number): void {
    for (const [id, s] of this.sessions) if (now - s.lastSeen >= IDLE_MS) this.sessions.delete(id);
    // Still too many: drop the least recently seen (Map order is creation order, close enough for a sample app).
    while (this.sessions.size >= MAX_SESSIONS) {
      const first = this.sessions.keys().next().value;
      if (first === undefined) break;
      this.sessions.delete(first);
    }
  }

  /** Takes the message to show once on the next page. */
  takeFlash(session: Session): Session['flash'] {
    const flash = session.flash;
    session.flash = undefined;
    return flash;
  }
}

/** Whether a form's CSRF field matches the session's token. */
export function csrfOk(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
