import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';

/**
 * The database handle every module receives. Modules type their own tables with `tables<T>(db)`; the shared handle
 * is deliberately untyped so that no module sees another module's tables by accident.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Db = Kysely<{}>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Tx = Transaction<{}>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  close(): Promise<void>;
  /** Embedded only: the data directory as an uncompressed tarball (tests start databases from one). */
  dumpDataDir?: () => Promise<Blob>;
}

/** A module's typed view of the shared handle (or of a transaction on it). */
export function tables<T>(executor: Executor): Kysely<T> {
  return executor as unknown as Kysely<T>;
}

// OIDs of the types we parse the same way on both engines.
const INT8 = 20;
const NUMERIC = 1700;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond the safe integer range`);
  return n;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; `undefined` opens an in-memory PGlite. */
  pgliteDir?: string | undefined;
  /** A `dumpDataDir()` tarball to start an embedded database from (tests). */
  pgliteDump?: Blob | File | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === NUMERIC) return (v: string) => v;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    };
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types });
    // An idle connection the server ends (a restart, a terminated backend) is an 'error' on the pool; the pool drops
    // that client and the next query opens a new one. Without a listener it would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) }) as Db;
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (options.pgliteDir) await mkdir(path.dirname(options.pgliteDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    ...(options.pgliteDump ? { loadDataDir: options.pgliteDump } : {}),
    parsers: { [INT8]: parseInt8, [NUMERIC]: (v: string) => v },
  });
  const db = new Kysely<object>({ dialect: new PGliteDialect(pglite) }) as Db;
  const close = async () => {
    await db.destroy();
    // Kysely destroys a driver only if it ever ran a query; PGlite must be closed in any case (else its data directory
    // is not shut down cleanly and, loaded from a dump, it keeps the process alive).
    if (!pglite.closed) await pglite.close();
  };
  return { db, engine: 'pglite', close, dumpDataDir: async () => pglite.dumpDataDir('none') };
}
