import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/helpers/database.js';
import { MAX_VIRTUAL_TIME, ManualClock, VirtualClock } from './clock.js';
import type { Database, Db } from './db/index.js';

const DAY = 86_400_000;
let database: Database;
let db: Db;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
afterAll(() => database.close());
beforeEach(async () => {
  // The offset can only grow through the API; tests start from zero.
  await sql`update platform_clock set offset_ms = 0 where id`.execute(db);
});

const storedOffset = async () => (await sql<{ offset_ms: number }>`select offset_ms from platform_clock`.execute(db)).rows[0]!.offset_ms;

describe('VirtualClock', () => {
  it('starts at real time with no offset', async () => {
    const clock = await VirtualClock.load(db);
    expect(clock.virtual).toBe(true);
    expect(clock.offsetMs).toBe(0);
    const before = Date.now();
    const now = clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('advances by a duration and keeps the offset across load()', async () => {
    const clock = await VirtualClock.load(db);
    const result = await clock.advance(db, 3 * DAY);
    expect(result.ok).toBe(true);
    expect(clock.offsetMs).toBe(3 * DAY);
    if (result.ok) expect(result.value.getTime()).toBeGreaterThanOrEqual(Date.now() + 3 * DAY - 1000);
    expect(await storedOffset()).toBe(3 * DAY);
    await clock.advance(db, 1);
    const reloaded = await VirtualClock.load(db);
    expect(reloaded.offsetMs).toBe(3 * DAY + 1);
  });

  it.each([
    ['zero', 0],
    ['a negative duration', -1000],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 60],
  ])('refuses to advance by %s and changes nothing', async (_, ms) => {
    const clock = await VirtualClock.load(db);
    await clock.advance(db, 1000);
    const result = await clock.advance(db, ms);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BadRequest');
      expect(result.error.target).toBe('milliseconds');
    }
    expect(clock.offsetMs).toBe(1000);
    expect(await storedOffset()).toBe(1000);
  });

  it('refuses to move past the year 9999, which would leave a clock no one could load or use', async () => {
    const clock = await VirtualClock.load(db);
    const result = await clock.advance(db, Number.MAX_SAFE_INTEGER);
    expect(result.ok).toBe(false);
    expect(await storedOffset()).toBe(0);
    // Right up to the limit is fine, one step more is not, however many processes add to the offset.
    const upTo = await clock.advanceTo(db, new Date(MAX_VIRTUAL_TIME - DAY));
    expect(upTo.ok).toBe(true);
    expect((await clock.advance(db, 2 * DAY)).ok).toBe(false);
    const other = await VirtualClock.load(db);
    expect((await other.advance(db, 2 * DAY)).ok).toBe(false);
    expect((await other.advanceTo(db, new Date(MAX_VIRTUAL_TIME + 1))).ok).toBe(false);
    const reloaded = await VirtualClock.load(db);
    expect(Number.isNaN(reloaded.now().getTime())).toBe(false);
    expect(reloaded.now().getTime()).toBeLessThanOrEqual(MAX_VIRTUAL_TIME);
    expect(() => reloaded.now().toISOString()).not.toThrow();
  });

  it('advances to an instant in the future', async () => {
    const clock = await VirtualClock.load(db);
    const target = new Date(Date.now() + 10 * DAY);
    const result = await clock.advanceTo(db, target);
    expect(result.ok).toBe(true);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(target.getTime());
    expect(clock.now().getTime()).toBeLessThan(target.getTime() + 60_000);
  });

  it('refuses to advance to the past, to now, or to an invalid date, and changes nothing', async () => {
    const clock = await VirtualClock.load(db);
    await clock.advance(db, 5 * DAY);
    for (const target of [new Date(Date.now() - DAY), new Date(Date.now() + DAY), new Date(Number.NaN)]) {
      // One day ahead of real time is still 4 days behind virtual time.
      const result = await clock.advanceTo(db, target);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.target).toBe('to');
    }
    expect(clock.offsetMs).toBe(5 * DAY);
    expect(await storedOffset()).toBe(5 * DAY);
  });

  it("lets another instance see an advance after refresh(), and never moves time back on refresh", async () => {
    const a = await VirtualClock.load(db);
    const b = await VirtualClock.load(db);
    await a.advance(db, 2 * DAY);
    expect(b.offsetMs).toBe(0);
    await b.refresh(db);
    expect(b.offsetMs).toBe(2 * DAY);
    // b advances too: a catches up by refreshing, and the offsets add up (no lost update).
    await b.advance(db, DAY);
    expect(b.offsetMs).toBe(3 * DAY);
    await a.refresh(db);
    expect(a.offsetMs).toBe(3 * DAY);

    // A stale or lower stored value (as after a restore) never moves an instance back.
    await sql`update platform_clock set offset_ms = ${DAY} where id`.execute(db);
    await a.refresh(db);
    expect(a.offsetMs).toBe(3 * DAY);
    const before = a.now().getTime();
    await a.refresh(db);
    expect(a.now().getTime()).toBeGreaterThanOrEqual(before);
  });

  it('adds concurrent advances from several instances without losing one', async () => {
    const clocks = await Promise.all(Array.from({ length: 5 }, () => VirtualClock.load(db)));
    await Promise.all(clocks.map((c, i) => c.advance(db, (i + 1) * 1000)));
    expect(await storedOffset()).toBe(15_000);
    for (const c of clocks) {
      await c.refresh(db);
      expect(c.offsetMs).toBe(15_000);
    }
  });

  it('can be advanced inside a transaction, which a rollback undoes in the database', async () => {
    const clock = await VirtualClock.load(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await clock.advance(trx, DAY);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await storedOffset()).toBe(0);
    expect((await VirtualClock.load(db)).offsetMs).toBe(0);
  });
});

describe('ManualClock', () => {
  it('stands still until moved, and hands out copies', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const t = clock.now();
    t.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    clock.set(new Date('2027-06-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-06-01T00:00:00.000Z');
  });
});
