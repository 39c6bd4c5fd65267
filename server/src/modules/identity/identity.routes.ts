import { transact } from '../../platform/transaction.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import type { Keyring } from './keyring.js';
import { findUser, signUpOrganization, signUpPersonal, userView } from './directory.service.js';
import { PersonalSignUpBody, SessionResponse, SignInBody, SignUpBody, SignUpResponse, SigningKeyRotation, TenantSchema, UserSchema } from './identity.schemas.js';
import type { IdentityDeps } from './identity.types.js';
import { SESSION_COOKIE, signIn, signOut, type SignedIn } from './session.service.js';

const errorResponses = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };

/** Sign-in with a form must not be possible from another site: only JSON bodies are accepted (login CSRF). */
function requireJson(request: FastifyRequest): void {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
    throw new AppError(415, 'UnsupportedMediaType', 'Send the request body as application/json.');
}

export async function identityRoutes(app: FastifyInstance, deps: IdentityDeps & { keyring: Keyring }): Promise<void> {
  app.addSchema(UserSchema);
  app.addSchema(TenantSchema);
  app.setErrorHandler(agoraErrorHandler);
  const secure = deps.publicUrl.startsWith('https:');

  const setSessionCookie = (reply: FastifyReply, session: SignedIn) =>
    reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expiresAt });

  app.post('/api/auth/sign-in', {
    config: { permission: 'public' },
    preValidation: async (request) => requireJson(request),
    schema: { operationId: 'signIn', tags: ['identity'], summary: 'Sign in with email and password; sets the session cookie', body: SignInBody, response: { 200: SessionResponse, ...errorResponses } },
    handler: async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = unwrap(await signIn(deps.db, deps.securityClock.now(), email, password), { InvalidCredentials: 401 });
      setSessionCookie(reply, session);
      return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  });

  app.post('/api/auth/sign-out', {
    config: { permission: 'signed-in' },
    schema: { operationId: 'signOut', tags: ['identity'], summary: 'End the session', response: { 204: { type: 'null' }, ...errorResponses } },
    handler: async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'user') await signOut(deps.db, principal.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  app.get('/api/me', {
    config: { permission: 'public' },
    schema: { operationId: 'getSession', tags: ['identity'], summary: 'The signed-in user and the CSRF token to send with changes, or user: null', response: { 200: SessionResponse } },
    handler: async (request) => {
      const p = request.principal;
      if (p?.kind !== 'user') return { user: null };
      const user = await findUser(deps.db, p.userId);
      return user ? { user: userView(user), csrfToken: p.csrfToken } : { user: null };
    },
  });

  app.post('/api/auth/sign-up', {
    config: { permission: 'public' },
    preValidation: async (request) => requireJson(request),
    schema: {
      operationId: 'signUpOrganization',
      tags: ['identity'],
      summary: 'Create an organization: a directory tenant and its first user (its global administrator), signed in',
      body: SignUpBody,
      response: { 201: SignUpResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      const body = request.body as { organizationName: string; domainPrefix?: string; email: string; displayName: string; password: string };
      const now = deps.clock.now();
      const created = unwrap(await transact(deps.db, (trx) => signUpOrganization(trx, now, body)));
      const session = unwrap(await signIn(deps.db, deps.securityClock.now(), body.email, body.password));
      setSessionCookie(reply, session);
      return reply.status(201).send({ ...created, csrfToken: session.csrfToken });
    },
  });

  app.post('/api/auth/sign-up/personal', {
    config: { permission: 'public' },
    preValidation: async (request) => requireJson(request),
    schema: {
      operationId: 'signUpPersonal',
      tags: ['identity'],
      summary: 'Create a personal account (a user of the personal-accounts tenant), signed in',
      body: PersonalSignUpBody,
      response: { 201: SessionResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      const body = request.body as { email: string; displayName: string; password: string };
      const user = unwrap(await transact(deps.db, (trx) => signUpPersonal(trx, deps.clock.now(), body)));
      const session = unwrap(await signIn(deps.db, deps.securityClock.now(), body.email, body.password));
      setSessionCookie(reply, session);
      return reply.status(201).send({ user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
    },
  });

  app.post('/api/admin/signing-keys/rotate', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'rotateSigningKey',
      tags: ['admin'],
      summary: 'Start signing tokens with a new key; the old key stays published until its tokens expire',
      response: { 200: SigningKeyRotation, ...errorResponses },
    },
    handler: async () => ({ kid: await deps.keyring.rotate() }),
  });
}
