import type { Executor } from '../../platform/db/index.js';
import { idq, type AppRow, type SecretRow } from './identity.tables.js';

export async function insertApp(x: Executor, row: AppRow): Promise<void> {
  await idq(x).insertInto('identity_app').values(row).execute();
}

export async function findApp(x: Executor, appId: string): Promise<AppRow | undefined> {
  return idq(x).selectFrom('identity_app').selectAll().where('app_id', '=', appId).executeTakeFirst();
}

export async function findApps(x: Executor, appIds: readonly string[]): Promise<AppRow[]> {
  if (appIds.length === 0) return [];
  return idq(x).selectFrom('identity_app').selectAll().where('app_id', 'in', appIds).execute();
}

export async function appUriTaken(x: Executor, tenantId: string, column: 'reply_url' | 'app_id_uri', value: string): Promise<boolean> {
  return !!(await idq(x).selectFrom('identity_app').select('app_id').where('tenant_id', '=', tenantId).where(column, '=', value).executeTakeFirst());
}

export async function insertSecret(x: Executor, row: SecretRow): Promise<void> {
  await idq(x).insertInto('identity_app_secret').values(row).execute();
}

export async function secretsOfApp(x: Executor, appId: string): Promise<SecretRow[]> {
  return idq(x).selectFrom('identity_app_secret').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
}

export async function findSecretByHash(x: Executor, hash: string): Promise<SecretRow | undefined> {
  return idq(x).selectFrom('identity_app_secret').selectAll().where('secret_hash', '=', hash).executeTakeFirst();
}

export async function removeSecret(x: Executor, appId: string, secretId: string, at: Date): Promise<boolean> {
  const r = await idq(x)
    .updateTable('identity_app_secret')
    .set({ removed_at: at })
    .where('app_id', '=', appId)
    .where('secret_id', '=', secretId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
