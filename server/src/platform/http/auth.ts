import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';
import type { AccountAuthorizer, AppPrincipal, Permission, Principal, SessionResolver } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Verifies a bearer access token for an audience; supplied by the identity module. */
export interface BearerVerifier {
  verify(token: string, audience: string): Promise<{ ok: true; principal: AppPrincipal } | { ok: false; reason: string }>;
}

export interface AuthDeps {
  sessions: SessionResolver;
  authorizer: AccountAuthorizer;
  bearer: BearerVerifier;
  /** Audience of access tokens accepted by Agora's own APIs (apps calling portal routes). */
  ownApiAudience: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes under these prefixes come from plugins (API docs UI) and are public. */
const PLUGIN_PREFIXES = ['/docs'];

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.[name];
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The one permission check every route uses. Each route declares `config.permission`; a route without one refuses
 * to start the server (checked on ready) and, should one slip through, is denied at request time.
 */
export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  const routes: RouteOptions[] = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (!PLUGIN_PREFIXES.some((p) => route.url.startsWith(p))) routes.push(route);
  });
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => !r.config?.permission).map((r) => `${String(r.method)} ${r.url}`);
    if (missing.length) throw new Error(`routes without a declared permission: ${missing.join(', ')}`);
  });

  app.addHook('onRequest', async (request) => {
    const token = readCookie(request, deps.sessions.cookieName);
    if (token) request.principal = await deps.sessions.resolve(token);
  });

  app.addHook('preHandler', async (request) => {
    // The not-found handler is no route of ours: it answers 404 to everyone.
    if (request.is404) return;
    const permission = request.routeOptions.config?.permission ?? (PLUGIN_PREFIXES.some((p) => request.url.startsWith(p)) ? 'public' : undefined);
    if (permission === undefined) throw new AppError(500, 'InternalError', 'This route declares no permission.');
    if (permission === 'public') return;

    if (typeof permission === 'object' && 'bearer' in permission) {
      const token = bearerToken(request);
      if (!token) throw new AppError(401, 'Unauthenticated', 'An Authorization: Bearer access token is required.');
      const result = await deps.bearer.verify(token, permission.bearer);
      if (!result.ok) throw new AppError(401, 'Unauthenticated', result.reason);
      if (permission.publisher && !result.principal.accountId)
        throw new AppError(403, 'Forbidden', 'The application of this access token is not registered to a publisher account.');
      request.principal = result.principal;
      return;
    }

    let principal = request.principal;
    if (!principal) {
      const token = bearerToken(request);
      if (token) {
        const result = await deps.bearer.verify(token, deps.ownApiAudience);
        if (!result.ok) throw new AppError(401, 'Unauthenticated', result.reason);
        principal = request.principal = result.principal;
      }
    }
    if (!principal) throw new AppError(401, 'Unauthenticated', 'Sign in first.');

    if (principal.kind === 'user' && UNSAFE.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (header !== principal.csrfToken) throw new AppError(403, 'CsrfTokenInvalid', 'The x-csrf-token header is missing or does not match this session.');
    }
    if (permission === 'signed-in') return;
    if (permission === 'operator') {
      if (principal.kind === 'user' && principal.isOperator) return;
      throw new AppError(403, 'Forbidden', 'This needs a marketplace operator.');
    }
    const accountId = (request.params as Record<string, string | undefined>)?.accountId;
    if (!accountId) throw new AppError(500, 'InternalError', 'An account permission needs an :accountId route parameter.');
    if (!(await deps.authorizer.can(principal, accountId, permission.action)))
      throw new AppError(403, 'Forbidden', `Your roles on this account do not allow ${permission.action}.`);
  });
}
