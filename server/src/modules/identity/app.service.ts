import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid, newSecretToken } from '../../platform/ids.js';
import { appUriTaken, findApp, insertApp, insertSecret, removeSecret, secretsOfApp } from './app.store.js';
import { findTenant } from './directory.store.js';
import type { AppRow, SecretRow } from './identity.tables.js';
import type { AppView, NewSecret, SecretView } from './identity.types.js';
import { hashSecret } from './token.service.js';

/** Secret lifetimes: Azure's portal recommends 180 days and allows at most 24 months. */
export const DEFAULT_SECRET_DAYS = 180;
export const MAX_SECRET_DAYS = 730;

export const appView = (a: AppRow): AppView => ({
  appId: a.app_id,
  tenantId: a.tenant_id,
  objectId: a.object_id,
  displayName: a.display_name,
  replyUrl: a.reply_url,
  appIdUri: a.app_id_uri,
  createdAt: a.created_at.toISOString(),
});

export const secretView = (s: SecretRow, now: Date): SecretView => ({
  secretId: s.secret_id,
  displayName: s.display_name,
  hint: s.hint,
  createdAt: s.created_at.toISOString(),
  expiresAt: s.expires_at.toISOString(),
  expired: s.expires_at.getTime() <= now.getTime(),
});

function urlProblem(value: string, field: string): string | undefined {
  if (value.length > 256) return `${field} must be at most 256 characters.`;
  try {
    new URL(value);
  } catch {
    return `${field} must be an absolute URI.`;
  }
  return undefined;
}

export interface NewAppInput {
  tenantId: string;
  displayName: string;
  replyUrl?: string | undefined;
  appIdUri?: string | undefined;
}

export async function createApp(x: Executor, now: Date, input: NewAppInput): Promise<Result<AppView>> {
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 120) return fail('ValidationFailed', 'The application name must be 1 to 120 characters.', { target: 'displayName' });
  for (const [field, value] of [
    ['replyUrl', input.replyUrl],
    ['appIdUri', input.appIdUri],
  ] as const) {
    if (value === undefined) continue;
    const problem = urlProblem(value, field);
    if (problem) return fail('ValidationFailed', problem, { target: field });
  }
  if (!(await findTenant(x, input.tenantId))) return fail('NotFound', `Tenant ${input.tenantId} does not exist.`, { target: 'tenantId' });
  if (input.replyUrl && (await appUriTaken(x, input.tenantId, 'reply_url', input.replyUrl)))
    return fail('Conflict', 'Another application in this directory uses that reply URL.', { target: 'replyUrl' });
  if (input.appIdUri && (await appUriTaken(x, input.tenantId, 'app_id_uri', input.appIdUri)))
    return fail('Conflict', 'Another application in this directory uses that App ID URI.', { target: 'appIdUri' });
  const row: AppRow = {
    app_id: newGuid(),
    tenant_id: input.tenantId,
    object_id: newGuid(),
    display_name: displayName,
    reply_url: input.replyUrl ?? null,
    app_id_uri: input.appIdUri ?? null,
    created_at: now,
  };
  await insertApp(x, row);
  return ok(appView(row));
}

/** Adds a client secret. Its value is returned here and never again; only its SHA-256 is stored. */
export async function addSecret(
  x: Executor,
  now: Date,
  appId: string,
  input: { displayName?: string | undefined; expiresInDays?: number | undefined },
): Promise<Result<NewSecret>> {
  const days = input.expiresInDays ?? DEFAULT_SECRET_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_SECRET_DAYS)
    return fail('ValidationFailed', `A secret expires after 1 to ${MAX_SECRET_DAYS} days.`, { target: 'expiresInDays' });
  const displayName = (input.displayName ?? 'Client secret').trim();
  if (!displayName || displayName.length > 100) return fail('ValidationFailed', 'The secret description must be 1 to 100 characters.', { target: 'displayName' });
  if (!(await findApp(x, appId))) return fail('NotFound', `Application ${appId} does not exist.`);
  // 40 characters like Azure's, with its `~` marker after a three-character hint: 30 random bytes in base64url.
  const random = newSecretToken(30);
  const secret = `${random.slice(0, 3)}8Q~${random.slice(3, 37)}`;
  const row: SecretRow = {
    secret_id: newGuid(),
    app_id: appId,
    display_name: displayName,
    hint: secret.slice(0, 3),
    secret_hash: hashSecret(secret),
    created_at: now,
    expires_at: new Date(now.getTime() + days * 86_400_000),
    removed_at: null,
  };
  await insertSecret(x, row);
  return ok({ ...secretView(row, now), secret });
}

export async function listSecrets(x: Executor, now: Date, appId: string): Promise<SecretView[]> {
  return (await secretsOfApp(x, appId)).filter((s) => s.removed_at === null).map((s) => secretView(s, now));
}

export async function deleteSecret(x: Executor, now: Date, appId: string, secretId: string): Promise<Result<void>> {
  if (!isGuid(secretId)) return fail('NotFound', 'No such secret on this application.');
  return (await removeSecret(x, appId, secretId, now)) ? ok(undefined) : fail('NotFound', 'No such secret on this application.');
}

export { findApp };
