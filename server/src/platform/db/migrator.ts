import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.js';

/** The migrations shipped with this version: `server/src/migrations/NNNN_<module>_<what>.sql`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Key of the transaction-scoped advisory lock every migration step takes ("agora.migrate"). */
const LOCK_KEY = 0x61676f72616d67n;

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(name)) throw new MigrationError(`migration file name "${name}" is not NNNN_<module>_<what>.sql`);
    const text = (await readFile(path.join(dir, name), 'utf8')).replace(/\r\n/g, '\n');
    files.push({ name, checksum: createHash('sha256').update(text).digest('hex'), sql: text });
  }
  const numbers = files.map((f) => f.name.slice(0, 4));
  const dup = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (dup) throw new MigrationError(`two migrations share the number ${dup}`);
  return files;
}

/**
 * Applies pending migrations in order, each in its own transaction. Every step takes the same advisory lock and then
 * re-reads what is applied, so several processes starting together apply each file exactly once. Refuses to run when
 * an applied file changed (checksum), the database has a migration this version does not know, or a new file sorts
 * before one already applied. A file that fails is rolled back and surfaces as a `MigrationError` (cause: the error).
 */
export async function migrate(db: Db, files?: MigrationFile[]): Promise<{ applied: string[] }> {
  const migrations = [...(files ?? (await readMigrations()))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const applied: string[] = [];
  for (;;) {
    const next = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_KEY.toString())}::bigint)`.execute(trx);
      await sql`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx);
      const { rows } = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations order by name`.execute(trx);
      const known = new Map(migrations.map((m) => [m.name, m]));
      for (const row of rows) {
        const file = known.get(row.name);
        if (!file) throw new MigrationError(`the database has migration ${row.name}, which this version of Agora does not ship; refusing to run`);
        if (file.checksum !== row.checksum)
          throw new MigrationError(`migration ${row.name} changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${file.checksum.slice(0, 12)}…); refusing to run`);
      }
      const done = new Set(rows.map((r) => r.name));
      const pending = migrations.find((m) => !done.has(m.name));
      if (!pending) return undefined;
      // Applying in order means a new file must come after everything applied: one numbered below an applied
      // migration (two branches merged, a file renamed) would run after migrations it should precede.
      const last = [...done].sort().at(-1);
      if (last !== undefined && pending.name < last)
        throw new MigrationError(`migration ${pending.name} is not applied but sorts before the applied ${last}; give it a number after ${last.slice(0, 4)}; refusing to run`);
      try {
        await sql.raw(pending.sql).execute(trx);
      } catch (error) {
        throw new MigrationError(`migration ${pending.name} failed, nothing of it was applied: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      await sql`insert into schema_migrations (name, checksum) values (${pending.name}, ${pending.checksum})`.execute(trx);
      return pending.name;
    });
    if (next === undefined) return { applied };
    applied.push(next);
  }
}
