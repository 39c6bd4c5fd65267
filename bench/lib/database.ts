// A fresh, migrated database for one bench run: in-memory PGlite, or a new PostgreSQL database created next to the one
// `adminUrl` names (agora_bench_<random>) and dropped by `close()`, so a bench never writes to an existing database.
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../../server/src/platform/db/index.js';
import { newGuid } from '../../server/src/platform/ids.js';

export async function benchDatabase(adminUrl: string | undefined): Promise<Database> {
  if (!adminUrl) {
    const database = await openDatabase({});
    await migrate(database.db);
    return database;
  }
  const name = `agora_bench_${newGuid().replace(/-/g, '').slice(0, 16)}`;
  const admin = async <R extends object = object>(statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await client.query<R>(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // pg's pool.end() resolves before its sockets are closed: wait for the server to see them gone (a forced drop would
  // terminate them, and the pool's idle clients would throw that as an unhandled 'error' event).
  const drop = async () => {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = '${name}'`);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin(`drop database if exists ${name} with (force)`);
  };
  let database: Database | undefined;
  try {
    // The pool size `agora serve` uses (the default of openDatabase).
    database = await openDatabase({ databaseUrl: url.toString() });
    await migrate(database.db);
  } catch (error) {
    await database?.close().catch(() => undefined);
    await drop();
    throw error;
  }
  const opened = database;
  return {
    ...opened,
    close: async () => {
      try {
        await opened.close();
      } finally {
        await drop();
      }
    },
  };
}
