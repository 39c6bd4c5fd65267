import { sql, type Generated, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/helpers/database.js';
import { openDatabase, tables, type Database } from './index.js';

interface T {
  counter: { id: number; value: number };
  seq_log: { seq: Generated<number>; tx: number; step: number };
  item: { id: number; label: string };
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The embedded driver hands PGlite's one connection to one user at a time. These tests always run on PGlite (an
 * in-memory database of their own), whatever DATABASE_URL says: on PostgreSQL they would exercise the pool instead.
 */
describe('PGlite driver: one connection, handed out one transaction at a time', () => {
  let database: Database;
  let db: Kysely<T>;

  beforeAll(async () => {
    database = await openDatabase({});
    db = tables<T>(database.db);
    await sql`create table counter (id int primary key, value int not null);
              create table seq_log (seq serial primary key, tx int not null, step int not null);
              create table item (id int primary key, label text not null)`.execute(db);
    await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await db.deleteFrom('item').execute();
  });

  it('serialises 50 concurrent read-modify-write transactions: the counter ends at 50', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction().execute(async (trx) => {
          const { value } = await trx.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
          await yieldToOthers(); // give any other transaction the chance to read the same value
          await trx.updateTable('counter').set({ value: value + 1 }).where('id', '=', 1).execute();
        }),
      ),
    );
    const { value } = await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(value).toBe(50);
  });

  it("never interleaves one transaction's statements with another's", async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, tx) =>
        db.transaction().execute(async (trx) => {
          for (let step = 0; step < 5; step++) {
            await trx.insertInto('seq_log').values({ tx, step }).execute();
            await yieldToOthers();
          }
        }),
      ),
    );
    const rows = await db.selectFrom('seq_log').select(['tx', 'step']).orderBy('seq').execute();
    expect(rows).toHaveLength(50);
    // In sequence order, each transaction's five rows are one unbroken run 0..4.
    for (let i = 0; i < rows.length; i += 5) {
      const block = rows.slice(i, i + 5);
      expect(block.map((r) => r.tx)).toEqual(Array(5).fill(block[0]!.tx));
      expect(block.map((r) => r.step)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(new Set(rows.map((r) => r.tx)).size).toBe(10);
  });

  it('makes a statement outside a transaction wait for it: it neither sees nor joins the uncommitted work', async () => {
    let outside: Promise<unknown> | undefined;
    let seenOutside: number | undefined;
    const inside = db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ id: 1, label: 'rolled back' }).execute();
      // Started while the transaction is open: on a shared session it would see item 1 and be rolled back with it.
      outside = (async () => {
        seenOutside = (await db.selectFrom('item').select('id').execute()).length;
        await db.insertInto('item').values({ id: 2, label: 'outside' }).execute();
      })();
      for (let i = 0; i < 5; i++) await yieldToOthers();
      throw new Error('roll back');
    });
    await expect(inside).rejects.toThrow('roll back');
    await outside;
    expect(seenOutside).toBe(0);
    expect(await db.selectFrom('item').select(['id', 'label']).execute()).toEqual([{ id: 2, label: 'outside' }]);
  });

  it('closes PGlite on close(), even when no query ever ran through Kysely', async () => {
    const dump = await database.dumpDataDir!();
    const unused = await openDatabase({ pgliteDump: dump });
    await unused.close();
    // Kysely destroys only a driver it initialised: the query would have run on a still open PGlite.
    await expect(sql`select 1`.execute(unused.db)).rejects.toThrow();
    const used = await openDatabase({ pgliteDump: dump });
    expect((await sql<{ value: number }>`select value from counter`.execute(used.db)).rows).toHaveLength(1);
    await used.close();
    await expect(sql`select 1`.execute(used.db)).rejects.toThrow();
  });

  it('hands the connection on after a failed transaction and after a failed statement', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('item').values({ id: 100 + i, label: `t${i}` }).execute();
          if (i % 3 === 0) await trx.insertInto('item').values({ id: 100 + i, label: 'duplicate' }).execute(); // fails
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    await expect(db.insertInto('item').values({ id: 100 + 1, label: 'dup' }).execute()).rejects.toThrow(/duplicate key/);
    const ids = (await db.selectFrom('item').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual([101, 102, 104, 105, 107, 108, 110, 111]);
  });
});

/** Behaviour the two engines must share (run on whichever engine the suite runs on). */
describe('database handle: same behaviour on PGlite and PostgreSQL', () => {
  let database: Database;
  let db: Kysely<T>;

  beforeAll(async () => {
    database = await testDatabase();
    db = tables<T>(database.db);
    await sql`create table item (id int primary key, label text not null)`.execute(db);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await db.deleteFrom('item').execute();
  });

  it('reports the rows affected by updates, deletes and inserts, also with a CTE or a leading comment', async () => {
    await db.insertInto('item').values([1, 2, 3, 4].map((id) => ({ id, label: 'a' }))).execute();
    const cteUpdate = await db
      .with('few', (qb) => qb.selectFrom('item').select('id').where('id', '<=', 3))
      .updateTable('item')
      .set({ label: 'b' })
      .where('id', 'in', (qb) => qb.selectFrom('few').select('id'))
      .executeTakeFirst();
    expect(cteUpdate.numUpdatedRows).toBe(3n);
    const commented = await sql`-- a comment first\nupdate item set label = 'c' where id <= 2`.execute(db);
    expect(commented.numAffectedRows).toBe(2n);
    const ignored = await db.insertInto('item').values({ id: 1, label: 'x' }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    expect(ignored.numInsertedOrUpdatedRows).toBe(0n);
    const cteDelete = await db
      .with('one', (qb) => qb.selectFrom('item').select('id').where('id', '=', 4))
      .deleteFrom('item')
      .where('id', 'in', (qb) => qb.selectFrom('one').select('id'))
      .executeTakeFirst();
    expect(cteDelete.numDeletedRows).toBe(1n);
    const noParams = await sql`update item set label = 'd'`.execute(db); // the simple-query path
    expect(noParams.numAffectedRows).toBe(3n);
  });

  it('supports controlled transactions with savepoints', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('item').values({ id: 10, label: 'kept' }).execute();
    const afterKept = await trx.savepoint('after_kept').execute();
    await afterKept.insertInto('item').values({ id: 11, label: 'undone' }).execute();
    await afterKept.rollbackToSavepoint('after_kept').execute();
    await afterKept.insertInto('item').values({ id: 12, label: 'also kept' }).execute();
    await afterKept.releaseSavepoint('after_kept').execute();
    await trx.commit().execute();
    expect((await db.selectFrom('item').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([10, 12]);
  });

  it('honours the isolation level of a transaction', async () => {
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(trx)).rows[0]!.transaction_isolation);
    expect(level).toBe('serializable');
  });

  it('reads int8 as a number (refusing unsafe ones) and numeric as an exact string, with or without parameters', async () => {
    const plain = await sql<{ a: number; n: string }>`select 9007199254740991::int8 as a, 12345678901234567890.123456789::numeric as n`.execute(db);
    expect(plain.rows[0]).toEqual({ a: 9007199254740991, n: '12345678901234567890.123456789' });
    const bound = await sql<{ a: number; n: string }>`select ${42}::int8 as a, ${'0.10'}::numeric as n`.execute(db);
    expect(bound.rows[0]).toEqual({ a: 42, n: '0.10' });
    await expect(sql`select 9007199254740993::int8 as a`.execute(db)).rejects.toThrow(RangeError);
    // The handle still works after a row failed to parse.
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });

  it('round-trips timestamps with milliseconds and jsonb values', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const { rows } = await sql<{ t: Date; j: unknown; s: unknown }>`
      select ${at}::timestamptz as t, ${JSON.stringify({ a: [1, 'x'], b: null })}::jsonb as j, ${JSON.stringify('text')}::jsonb as s`.execute(db);
    expect(rows[0]!.t).toBeInstanceOf(Date);
    expect(rows[0]!.t.toISOString()).toBe(at.toISOString());
    expect(rows[0]!.j).toEqual({ a: [1, 'x'], b: null });
    expect(rows[0]!.s).toBe('text');
  });
});
