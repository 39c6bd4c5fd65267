import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { newSecretToken } from '../../platform/ids.js';
import type { UserPrincipal } from '../../platform/http/index.js';
import { findUserByEmail, userView } from './directory.service.js';
import { idq } from './identity.tables.js';
import type { UserView } from './identity.types.js';
import { DUMMY_HASH, verifyPassword } from './password.js';

/** Sessions last 12 hours from sign-in. */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
export const SESSION_COOKIE = 'agora_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserView;
}

export async function signIn(x: Executor, now: Date, email: string, password: string): Promise<Result<SignedIn>> {
  const user = await findUserByEmail(x, email);
  // Verify against a dummy hash when the user is unknown, so the answer takes as long either way.
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid || user.state !== 'active') return fail('InvalidCredentials', 'The email or password is incorrect.');
  const token = newSecretToken(32);
  const csrfToken = newSecretToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await idq(x)
    .insertInto('identity_session')
    .values({ token_hash: hashToken(token), user_id: user.object_id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt })
    .execute();
  // Sweep this user's expired sessions while we are here.
  await idq(x).deleteFrom('identity_session').where('user_id', '=', user.object_id).where('expires_at', '<=', now).execute();
  return ok({ token, csrfToken, expiresAt, user: userView(user) });
}

export async function resolveSession(x: Executor, now: Date, token: string): Promise<UserPrincipal | null> {
  if (token.length > 200) return null;
  const row = await idq(x)
    .selectFrom('identity_session as s')
    .innerJoin('identity_user as u', 'u.object_id', 's.user_id')
    .select(['s.token_hash', 's.csrf_token', 's.expires_at', 'u.object_id', 'u.tenant_id', 'u.email', 'u.display_name', 'u.is_operator', 'u.state'])
    .where('s.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime() || row.state !== 'active') return null;
  return {
    kind: 'user',
    userId: row.object_id,
    tenantId: row.tenant_id,
    email: row.email,
    displayName: row.display_name,
    isOperator: row.is_operator,
    via: 'session',
    sessionId: row.token_hash,
    csrfToken: row.csrf_token,
  };
}

export async function signOut(x: Executor, sessionId: string): Promise<void> {
  await idq(x).deleteFrom('identity_session').where('token_hash', '=', sessionId).execute();
}
