import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/src/platform/db/index.js';
import { newGuid } from '../../server/src/platform/ids.js';

/**
 * A fresh, migrated database for one test file: PGlite from the run's template dump, or, when DATABASE_URL is set, a
 * PostgreSQL database created from the run's template. `close()` drops it.
 */
export async function testDatabase(options: { poolSize?: number } = {}): Promise<Database & { url?: string }> {
  const template = inject('databaseTemplate');
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dump = new Blob([await readFile(template)]);
    return openDatabase({ pgliteDump: dump });
  }
  const name = `agora_t_${newGuid().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: options.poolSize ?? 5 });
  return {
    ...database,
    url: dbUrl.toString(),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
