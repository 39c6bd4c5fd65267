import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newGuid } from '../ids.js';
import { MIGRATIONS_DIR, MigrationError, migrate, openDatabase, readMigrations, type Database, type Db } from './index.js';

const DATABASE_URL = process.env.DATABASE_URL;

let emptyDump: Blob | undefined;

/** An empty database (not the migrated template): in-memory PGlite, or a new PostgreSQL database dropped at the end. */
async function emptyDatabase(): Promise<Database & { url?: string }> {
  if (!DATABASE_URL) {
    // Loading a dump of an empty database is several times faster than creating one.
    if (!emptyDump) {
      const empty = await openDatabase({});
      emptyDump = await empty.dumpDataDir!();
      await empty.close();
    }
    return openDatabase({ pgliteDump: emptyDump });
  }
  const name = `agora_m_${newGuid().replace(/-/g, '').slice(0, 16)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function tableNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function appliedNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}

let dir: string;
let database: Database;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'agora-migrations-'));
});

async function fresh(): Promise<void> {
  database = await emptyDatabase();
  closers.push(() => database.close());
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);

describe('migrate', () => {
  beforeEach(fresh);

  it('applies the files in order, each once, and records them', async () => {
    // Written out of order on purpose: 0002 depends on 0001 and 0003 on 0002.
    await write('0003_test_c.sql', 'alter table b add column note text;');
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    await write('0002_test_b.sql', 'create table b (id int primary key, a_id int references a (id));\ninsert into a values (1);');
    await write('README.md', 'not a migration');
    const files = await readMigrations(dir);
    expect(files.map((f) => f.name)).toEqual(['0001_test_a.sql', '0002_test_b.sql', '0003_test_c.sql']);

    const first = await migrate(database.db, files);
    expect(first.applied).toEqual(['0001_test_a.sql', '0002_test_b.sql', '0003_test_c.sql']);
    expect(await tableNames(database.db)).toEqual(['a', 'b', 'schema_migrations']);
    expect(await appliedNames(database.db)).toEqual(first.applied);
    const { rows } = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations order by name`.execute(database.db);
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));

    // Running again applies nothing (and would fail if it re-ran a `create table`).
    expect(await migrate(database.db, await readMigrations(dir))).toEqual({ applied: [] });
    // A new file is applied on the next run, alone.
    await write('0004_test_d.sql', 'create table d (id int);');
    expect(await migrate(database.db, await readMigrations(dir))).toEqual({ applied: ['0004_test_d.sql'] });
  });

  it('runs each file in its own transaction: a failing second file leaves the first applied and nothing of the second', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    // The first statement of the second file succeeds, the second fails: its table must not survive.
    await write('0002_test_b.sql', 'create table b (id int);\ninsert into a values (1), (1);');
    await write('0003_test_c.sql', 'create table c (id int);');
    const error = await migrate(database.db, await readMigrations(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/0002_test_b\.sql/);
    expect((error as Error).message).toMatch(/duplicate key/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(await tableNames(database.db)).toEqual(['a', 'schema_migrations']);
    expect(await appliedNames(database.db)).toEqual(['0001_test_a.sql']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from a`.execute(database.db);
    expect(rows[0]!.n).toBe(0);

    // Fixing the file lets the next run carry on from there.
    await write('0002_test_b.sql', 'create table b (id int);\ninsert into a values (1);');
    expect((await migrate(database.db, await readMigrations(dir))).applied).toEqual(['0002_test_b.sql', '0003_test_c.sql']);
  });

  it('refuses to run when an applied file changed, and applies nothing', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    await migrate(database.db, await readMigrations(dir));
    await write('0001_test_a.sql', 'create table a (id int primary key, name text);');
    await write('0002_test_b.sql', 'create table b (id int);');
    await expect(migrate(database.db, await readMigrations(dir))).rejects.toThrow(MigrationError);
    await expect(migrate(database.db, await readMigrations(dir))).rejects.toThrow(/0001_test_a\.sql changed after it was applied/);
    expect(await tableNames(database.db)).toEqual(['a', 'schema_migrations']);
    expect(await appliedNames(database.db)).toEqual(['0001_test_a.sql']);
  });

  it('does not count line endings as a change (a checkout with CRLF applies the same checksum)', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);\ncreate table b (id int);\n');
    await migrate(database.db, await readMigrations(dir));
    await write('0001_test_a.sql', 'create table a (id int primary key);\r\ncreate table b (id int);\r\n');
    expect(await migrate(database.db, await readMigrations(dir))).toEqual({ applied: [] });
  });

  it('refuses to run when the database has a migration the files do not know, and applies nothing', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    await write('0002_test_b.sql', 'create table b (id int);');
    await migrate(database.db, await readMigrations(dir));
    await rm(path.join(dir, '0002_test_b.sql'));
    await write('0003_test_c.sql', 'create table c (id int);');
    await expect(migrate(database.db, await readMigrations(dir))).rejects.toThrow(/has migration 0002_test_b\.sql, which this version of Agora does not ship/);
    expect(await tableNames(database.db)).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('refuses a new file numbered before one already applied, rather than running it out of order', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    await write('0003_test_c.sql', 'create table c (id int);');
    await migrate(database.db, await readMigrations(dir));
    await write('0002_test_b.sql', 'create table b (id int);');
    await expect(migrate(database.db, await readMigrations(dir))).rejects.toThrow(/0002_test_b\.sql is not applied but sorts before the applied 0003_test_c\.sql/);
    expect(await tableNames(database.db)).toEqual(['a', 'c', 'schema_migrations']);
  });

  it('applies files given out of order in order', async () => {
    await write('0001_test_a.sql', 'create table a (id int primary key);');
    await write('0002_test_b.sql', 'create table b (a_id int references a (id));');
    const files = (await readMigrations(dir)).reverse();
    expect((await migrate(database.db, files)).applied).toEqual(['0001_test_a.sql', '0002_test_b.sql']);
  });

  it('applies each file exactly once when several migrate() calls run at the same time', async () => {
    // `create table` without `if not exists`: a second application would fail. The sleep widens the race.
    await write('0001_test_a.sql', `create table a (id int primary key);\nselect pg_sleep(0.2);`);
    await write('0002_test_b.sql', `create table b (id int primary key);\nselect pg_sleep(0.1);`);
    await write('0003_test_c.sql', 'create table c (id int primary key);');
    const files = await readMigrations(dir);
    // On PostgreSQL each call gets its own connection pool, as separate processes would; PGlite is one connection.
    const handles = [database];
    if (DATABASE_URL) {
      const url = (database as Database & { url?: string }).url!;
      for (let i = 0; i < 2; i++) {
        const other = await openDatabase({ databaseUrl: url, poolSize: 2 });
        closers.push(() => other.close());
        handles.push(other);
      }
    }
    const results = await Promise.all([0, 1, 2].map((i) => migrate(handles[i % handles.length]!.db, files)));
    const all = results.flatMap((r) => r.applied).sort();
    expect(all).toEqual(files.map((f) => f.name));
    expect(await appliedNames(database.db)).toEqual(files.map((f) => f.name));
    expect(await tableNames(database.db)).toEqual(['a', 'b', 'c', 'schema_migrations']);
  });
});

describe('readMigrations', () => {
  it.each([
    ['1_test_a.sql'],
    ['0001-test-a.sql'],
    ['0001_Test_a.sql'],
    ['0001_test a.sql'],
    ['00001_test_a.sql'],
    ['0001_X.sql'],
  ])('rejects the badly named file %s', async (name) => {
    await write('0001_test_ok.sql', 'select 1;');
    await write(name, 'select 1;');
    await expect(readMigrations(dir)).rejects.toThrow(MigrationError);
    await expect(readMigrations(dir)).rejects.toThrow(/is not NNNN_<module>_<what>\.sql/);
  });

  it('rejects two files with the same number', async () => {
    await write('0001_test_a.sql', 'select 1;');
    await write('0001_test_b.sql', 'select 2;');
    await expect(readMigrations(dir)).rejects.toThrow(/two migrations share the number 0001/);
  });

  it('reads the shipped migrations: well named, uniquely numbered, in order', async () => {
    const files = await readMigrations();
    const shipped = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql')).sort();
    expect(files.map((f) => f.name)).toEqual(shipped);
    const numbers = files.map((f) => Number(f.name.slice(0, 4)));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBe(1);
    for (const f of files) expect(f.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies the shipped migrations cleanly to an empty database, then finds nothing to do', async () => {
    await fresh();
    const files = await readMigrations();
    expect((await migrate(database.db)).applied).toEqual(files.map((f) => f.name));
    expect(await migrate(database.db)).toEqual({ applied: [] });
    expect(await tableNames(database.db)).toEqual(expect.arrayContaining(['platform_clock', 'outbox_message', 'outbox_attempt', 'schema_migrations']));
  });
});
