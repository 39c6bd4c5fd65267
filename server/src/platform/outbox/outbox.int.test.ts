import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Generated, type Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../../../test/helpers/database.js';
import { ManualClock } from '../clock.js';
import { tables, type Database, type Db, type Executor } from '../db/index.js';
import {
  OutboxRunner,
  PermanentFailure,
  RetryableFailure,
  backoffDelayMs,
  enqueue,
  getMessage,
  listMessages,
  replay,
  type EnqueueInput,
  type Json,
  type OutboxHandler,
  type RunnerOptions,
} from './index.js';
import { claimDue } from './outbox.store.js';

/** Tables of the handlers' own effects, as a module would have them. */
interface EffectTables {
  effect: { message_id: string; worker: string };
  effect_log: { seq: Generated<number>; message_id: string; worker: string };
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const clock = new ManualClock(T0);
const log = pino({ level: 'silent' });
const random = () => 0.5; // no jitter: delays are exactly base · 2^(n−1)

let database: Database;
let db: Db;
let effects: Kysely<EffectTables>;
const runners: OutboxRunner[] = [];

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  effects = tables<EffectTables>(db);
  await sql`create table effect (message_id uuid primary key, worker text not null);
            create table effect_log (seq serial primary key, message_id uuid not null, worker text not null)`.execute(db);
});
afterAll(() => database.close());
beforeEach(async () => {
  clock.set(T0);
  await sql`delete from outbox_message`.execute(db);
  await sql`delete from effect`.execute(db);
  await sql`delete from effect_log`.execute(db);
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

function newRunner(options: Partial<RunnerOptions> = {}, ...handlers: OutboxHandler<never>[]): OutboxRunner {
  const runner = new OutboxRunner({ database, clock, log, random, ...options });
  for (const h of handlers) runner.register(h);
  runners.push(runner);
  return runner;
}

const put = (input: EnqueueInput, executor: Executor = db) => enqueue(executor, clock.now(), input);

async function show(id: string) {
  const found = await getMessage(db, id);
  if (!found) throw new Error(`no message ${id}`);
  return found;
}

const countMessages = async () => Number((await sql<{ n: number }>`select count(*)::int as n from outbox_message`.execute(db)).rows[0]!.n);

/** Makes the lease of a running message run out now (real DB time), as if its worker had stopped long ago. */
const expireLease = (id: string) => sql`update outbox_message set locked_until = now() - interval '1 second' where id = ${id}`.execute(db);

/** A promise to be resolved from outside. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const ok = (topic: string, handle: OutboxHandler<Json>['handle'] = async () => {}, retry?: OutboxHandler['retry']): OutboxHandler<never> =>
  ({ topic, handle, ...(retry ? { retry } : {}) }) as OutboxHandler<never>;

describe('enqueue', () => {
  it('writes in the caller’s transaction: a rollback leaves no message, a commit one', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await put({ topic: 't.rollback', payload: { n: 1 } }, trx);
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await countMessages()).toBe(0);

    const id = await db.transaction().execute((trx) => put({ topic: 't.rollback', payload: { n: 2 } }, trx));
    const { message } = await show(id);
    expect(message).toMatchObject({ topic: 't.rollback', payload: { n: 2 }, status: 'pending', attempts: 0, replays: 0, max_attempts: null });
    expect(message.run_at.toISOString()).toBe(T0.toISOString());
    expect(message.created_at.toISOString()).toBe(T0.toISOString());
    expect(await countMessages()).toBe(1);
  });

  it('stores one message per (topic, dedupeKey): a second enqueue returns the first id', async () => {
    const first = await put({ topic: 't.dedupe', payload: { v: 1 }, dedupeKey: 'order-42' });
    const second = await put({ topic: 't.dedupe', payload: { v: 2 }, dedupeKey: 'order-42' });
    expect(second).toBe(first);
    expect((await show(first)).message.payload).toEqual({ v: 1 });
    // Another topic, or no key, is another message.
    const otherTopic = await put({ topic: 't.dedupe.other', payload: {}, dedupeKey: 'order-42' });
    const noKey1 = await put({ topic: 't.dedupe', payload: {} });
    const noKey2 = await put({ topic: 't.dedupe', payload: {} });
    expect(new Set([first, otherTopic, noKey1, noKey2]).size).toBe(4);
    expect(await countMessages()).toBe(4);
  });

  it('dedupes concurrent enqueues in two open transactions: the second waits and returns the first id', async () => {
    const inserted = gate();
    const commit = gate();
    const t1 = db.transaction().execute(async (trx) => {
      const id = await put({ topic: 't.dedupe', payload: { by: 1 }, dedupeKey: 'k' }, trx);
      inserted.open();
      await commit.promise;
      return id;
    });
    await inserted.promise;
    const t2 = db.transaction().execute((trx) => put({ topic: 't.dedupe', payload: { by: 2 }, dedupeKey: 'k' }, trx));
    await sleep(100); // on PostgreSQL t2 is now blocked on the unique index; on PGlite it waits for the connection
    commit.open();
    const [id1, id2] = await Promise.all([t1, t2]);
    expect(id2).toBe(id1);
    expect(await countMessages()).toBe(1);
    expect((await show(id1)).message.payload).toEqual({ by: 1 });
  });

  it('round-trips payloads of every JSON kind', async () => {
    const payloads: Json[] = [{ a: [1, 'two', null, { b: true }], n: 1.5 }, 'just text', 42, [1, 2], null, { s: 'ünïcødé ✓ "quoted" \\ back' }];
    const received: Json[] = [];
    const runner = newRunner({}, ok('t.payload', async (m) => void received.push(m.payload)));
    const ids: string[] = [];
    for (const payload of payloads) ids.push(await put({ topic: 't.payload', payload }));
    for (let i = 0; i < ids.length; i++) expect((await show(ids[i]!)).message.payload).toEqual(payloads[i]);
    await runner.drain();
    expect(received).toHaveLength(payloads.length);
    expect(received).toEqual(expect.arrayContaining(payloads));
  });
});

describe('OutboxRunner', () => {
  it('runs a due message: done, with one succeeded attempt carrying the handler’s detail', async () => {
    const seen: unknown[] = [];
    const runner = newRunner({}, ok('t.ok', async (m) => {
      seen.push({ ...m });
      return { detail: { status: 200, body: 'accepted' } };
    }));
    const id = await put({ topic: 't.ok', payload: { hello: 'world' } });
    clock.advance(5000); // business time passes before the runner gets to it
    expect(await runner.runOnce()).toBe(1);
    expect(seen).toEqual([{ id, topic: 't.ok', payload: { hello: 'world' }, attempt: 1, createdAt: T0 }]);

    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'done', attempts: 1, locked_by: null, locked_until: null, last_error: null });
    expect(message.completed_at?.toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, worker: runner.worker, outcome: 'succeeded', error: null, detail: { status: 200, body: 'accepted' } });
    expect(attempts[0]!.started_at.toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect(attempts[0]!.finished_at?.toISOString()).toBe('2026-01-01T00:00:05.000Z');
    // Nothing more to do.
    expect(await runner.runOnce()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('waits for run_at in business time: a message due tomorrow runs when the clock gets there', async () => {
    let calls = 0;
    const runner = newRunner({}, ok('t.later', async () => void calls++));
    const id = await put({ topic: 't.later', payload: {}, runAt: new Date(T0.getTime() + 86_400_000) });
    expect(await runner.runOnce()).toBe(0);
    clock.advance(86_400_000 - 1);
    expect(await runner.runOnce()).toBe(0);
    clock.advance(1);
    expect(await runner.runOnce()).toBe(1);
    expect(calls).toBe(1);
    expect((await show(id)).message.status).toBe('done');
  });

  it('retries a failure after the back-off, in business time, not before', async () => {
    const retry = { baseDelayMs: 60_000, maxDelayMs: 3_600_000, jitter: 0.2 };
    const pinned = () => 0; // the low end of the jitter: 0.8 × the delay
    let calls = 0;
    const runner = newRunner({ random: pinned }, ok('t.retry', async () => {
      calls++;
      throw new RetryableFailure('HTTP 503 from the endpoint', { status: 503 });
    }, retry));
    const id = await put({ topic: 't.retry', payload: {} });
    expect(await runner.runOnce()).toBe(1);

    const delay1 = backoffDelayMs({ ...runner.policy('t.retry') }, 1, pinned);
    expect(delay1).toBe(48_000);
    let { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 503 from the endpoint', locked_by: null, completed_at: null });
    expect(message.run_at.getTime()).toBe(T0.getTime() + delay1);
    expect(attempts).toMatchObject([{ attempt: 1, outcome: 'failed', error: 'HTTP 503 from the endpoint', detail: { status: 503 } }]);

    clock.advance(delay1 - 1);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(await runner.runOnce()).toBe(1);
    expect(calls).toBe(2);
    ({ message, attempts } = await show(id));
    expect(message.attempts).toBe(2);
    // The second delay doubles.
    expect(message.run_at.getTime()).toBe(clock.now().getTime() + 96_000);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed'], [2, 'failed']]);
  });

  it('gives up after the last attempt: dead, with every attempt in the log', async () => {
    const runner = newRunner({}, ok('t.exhaust', async (m) => {
      throw new Error(`failure ${m.attempt}`);
    }, { maxAttempts: 3, baseDelayMs: 1000 }));
    const id = await put({ topic: 't.exhaust', payload: {} });
    for (let i = 0; i < 3; i++) {
      expect(await runner.runOnce()).toBe(1);
      clock.advance(3_600_000);
    }
    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'dead', attempts: 3, last_error: 'failure 3', locked_by: null });
    expect(message.completed_at).not.toBeNull();
    expect(attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', 'failure 1'],
      [2, 'failed', 'failure 2'],
      [3, 'dead', 'failure 3'],
    ]);
    clock.advance(30 * 86_400_000);
    expect(await runner.runOnce()).toBe(0);
  });

  it("bounds the attempts by the topic's policy, and lets an enqueuer ask for fewer", async () => {
    const runner = newRunner({}, ok('t.policy', async () => {
      throw new Error('no');
    }, { maxAttempts: 2 }));
    const byPolicy = await put({ topic: 't.policy', payload: {} }); // no limit of its own: the policy decides
    const byEnqueuer = await put({ topic: 't.policy', payload: {}, maxAttempts: 1 });
    for (let i = 0; i < 4; i++) {
      await runner.runOnce();
      clock.advance(3_600_000);
    }
    expect((await show(byPolicy)).message).toMatchObject({ status: 'dead', attempts: 2 });
    expect((await show(byEnqueuer)).message).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('lets a policy allow more attempts than the default when the enqueuer sets no limit', async () => {
    const runner = newRunner({}, ok('t.longpolicy', async () => {
      throw new Error('still down');
    }, { maxAttempts: 12, baseDelayMs: 1000, maxDelayMs: 1000 }));
    const id = await put({ topic: 't.longpolicy', payload: {} });
    for (let i = 0; i < 14; i++) {
      await runner.runOnce();
      clock.advance(3_600_000);
    }
    expect((await show(id)).message).toMatchObject({ status: 'dead', attempts: 12, max_attempts: null });
  });

  it('sends a PermanentFailure to the dead letters at once', async () => {
    const runner = newRunner({}, ok('t.permanent', async () => {
      throw new PermanentFailure('the endpoint answered 410 Gone', { status: 410 });
    }));
    const id = await put({ topic: 't.permanent', payload: {} });
    await runner.runOnce();
    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'dead', attempts: 1, last_error: 'the endpoint answered 410 Gone' });
    expect(attempts).toMatchObject([{ attempt: 1, outcome: 'dead', detail: { status: 410 } }]);
  });

  it('replays a dead or done message with fresh attempts; the log continues', async () => {
    let failing = true;
    const runner = newRunner({}, ok('t.replay', async (m) => {
      if (failing) throw new PermanentFailure('rejected');
      return { detail: { attempt: m.attempt } };
    }, { maxAttempts: 2 }));
    const id = await put({ topic: 't.replay', payload: {} });
    await runner.runOnce();
    expect((await show(id)).message.status).toBe('dead');

    clock.advance(60_000);
    expect(await replay(db, id, clock.now(), runner.policy('t.replay'))).toBe('replayed');
    let { message } = await show(id);
    expect(message).toMatchObject({ status: 'pending', attempts: 1, max_attempts: 3, replays: 1, completed_at: null });
    expect(message.run_at.getTime()).toBe(clock.now().getTime());

    failing = false;
    expect(await runner.runOnce()).toBe(1);
    expect(await replay(db, id, clock.now(), runner.policy('t.replay'))).toBe('replayed');
    expect(await runner.runOnce()).toBe(1);
    let attempts;
    ({ message, attempts } = await show(id));
    expect(message).toMatchObject({ status: 'done', attempts: 3, replays: 2 });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.detail])).toEqual([
      [1, 'dead', null],
      [2, 'succeeded', { attempt: 2 }],
      [3, 'succeeded', { attempt: 3 }],
    ]);

    // A replay gets the policy's allowance again: two more failing attempts, then dead.
    failing = true;
    runners.splice(runners.indexOf(runner), 1);
    const retrying = newRunner({}, ok('t.replay', async () => {
      throw new Error('flaky');
    }, { maxAttempts: 2 }));
    expect(await replay(db, id, clock.now(), retrying.policy('t.replay'))).toBe('replayed');
    await retrying.runOnce();
    expect((await show(id)).message).toMatchObject({ status: 'pending', attempts: 4 });
    clock.advance(3_600_000);
    await retrying.runOnce();
    ({ message, attempts } = await show(id));
    expect(message).toMatchObject({ status: 'dead', attempts: 5, max_attempts: 5 });
    expect(attempts.map((a) => a.outcome)).toEqual(['dead', 'succeeded', 'succeeded', 'failed', 'dead']);
  });

  it('replays only finished messages', async () => {
    const pending = await put({ topic: 't.replay', payload: {} });
    expect(await replay(db, pending, clock.now())).toBe('not-finished');
    const running = await put({ topic: 't.replay.running', payload: {} });
    await db.transaction().execute((trx) => claimDue(trx, { worker: 'w', now: clock.now(), topics: ['t.replay.running'], limit: 10, leaseMs: 60_000 }));
    expect((await show(running)).message.status).toBe('running');
    expect(await replay(db, running, clock.now())).toBe('not-finished');
    expect(await replay(db, '00000000-0000-4000-8000-000000000000', clock.now())).toBe('not-found');
    expect((await show(pending)).message).toMatchObject({ status: 'pending', replays: 0 });
  });

  it('does not let another worker take a message whose lease still holds', async () => {
    const a = newRunner({}, ok('t.lease'));
    const id = await put({ topic: 't.lease', payload: {} });
    const claimed = await db.transaction().execute((trx) => claimDue(trx, { worker: 'other', now: clock.now(), topics: ['t.lease'], limit: 10, leaseMs: 60_000 }));
    expect(claimed.map((m) => m.id)).toEqual([id]);
    clock.advance(86_400_000); // business time does not end a lease: only real time does
    expect(await a.runOnce()).toBe(0);
    expect((await show(id)).message).toMatchObject({ status: 'running', locked_by: 'other', attempts: 1 });
  });

  it('takes over the message of a worker that crashed once its lease runs out, logging its attempt abandoned', async () => {
    const id = await put({ topic: 't.crash', payload: { n: 1 } });
    // The crashed worker claimed the message and never settled it.
    await db.transaction().execute((trx) => claimDue(trx, { worker: 'crashed-worker', now: clock.now(), topics: ['t.crash'], limit: 10, leaseMs: 1000 }));
    const survivor = newRunner({ leaseMs: 1000 }, ok('t.crash', async (m) => ({ detail: { attempt: m.attempt } })));
    expect(await survivor.runOnce()).toBe(0); // the lease still holds
    await sleep(1300); // real time: the lease is measured by the database's clock
    clock.advance(1000);
    expect(await survivor.runOnce()).toBe(1);
    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
    expect(attempts).toMatchObject([
      { attempt: 1, worker: 'crashed-worker', outcome: 'abandoned', error: expect.stringMatching(/stopped before finishing/) },
      { attempt: 2, worker: survivor.worker, outcome: 'succeeded', detail: { attempt: 2 } },
    ]);
    expect(attempts[0]!.finished_at?.toISOString()).toBe(clock.now().toISOString());
  });

  it('does not let a slow worker that lost its lease settle the message, before or after the new worker does', async () => {
    for (const bFinishesFirst of [false, true]) {
      const gateA = gate();
      const gateB = gate();
      const startedA = gate();
      const startedB = gate();
      const a = newRunner({}, ok('t.slow', async () => {
        startedA.open();
        await gateA.promise;
        return { detail: 'late' };
      }));
      const b = newRunner({}, ok('t.slow', async () => {
        startedB.open();
        await gateB.promise;
        return { detail: 'took over' };
      }));
      const id = await put({ topic: 't.slow', payload: { bFinishesFirst } });
      const aRun = a.runOnce();
      await startedA.promise;
      await expireLease(id);
      const bRun = b.runOnce();
      await startedB.promise;
      if (bFinishesFirst) {
        gateB.open();
        expect(await bRun).toBe(1);
        gateA.open();
        expect(await aRun).toBe(1);
      } else {
        gateA.open();
        expect(await aRun).toBe(1);
        // A finished while B holds the message: A's result must not count.
        expect((await show(id)).message).toMatchObject({ status: 'running', locked_by: b.worker, attempts: 2 });
        gateB.open();
        expect(await bRun).toBe(1);
      }
      const { message, attempts } = await show(id);
      expect(message).toMatchObject({ status: 'done', attempts: 2 });
      expect(attempts).toMatchObject([
        { attempt: 1, worker: a.worker, outcome: 'abandoned', detail: null },
        { attempt: 2, worker: b.worker, outcome: 'succeeded', detail: 'took over' },
      ]);
      await Promise.all([a.stop(), b.stop()]);
      runners.splice(0);
      await sql`delete from outbox_message`.execute(db);
    }
  });

  it('makes a message whose worker died in its last allowed attempt dead instead of running it again', async () => {
    let calls = 0;
    const runner = newRunner({}, ok('t.poison', async () => void calls++));
    const last = await put({ topic: 't.poison', payload: {}, maxAttempts: 1 });
    const notLast = await put({ topic: 't.poison', payload: {}, maxAttempts: 2 });
    await db.transaction().execute((trx) => claimDue(trx, { worker: 'crashed-worker', now: clock.now(), topics: ['t.poison'], limit: 10, leaseMs: 60_000 }));
    await expireLease(last);
    await expireLease(notLast);
    expect(await runner.runOnce()).toBe(1);
    expect(calls).toBe(1);
    let found = await show(last);
    expect(found.message).toMatchObject({ status: 'dead', attempts: 1, locked_by: null, last_error: expect.stringMatching(/stopped before finishing/) });
    expect(found.attempts).toMatchObject([{ attempt: 1, worker: 'crashed-worker', outcome: 'abandoned' }]);
    found = await show(notLast);
    expect(found.message).toMatchObject({ status: 'done', attempts: 2 });
    expect(found.attempts.map((a) => a.outcome)).toEqual(['abandoned', 'succeeded']);
  });

  it('keeps running the rest of a batch when one handler throws', async () => {
    const runner = newRunner({ concurrency: 8 }, ok('t.batch', async (m) => {
      if ((m.payload as { n: number }).n === 3) throw new Error('only number 3 fails');
      return { detail: m.payload };
    }));
    const ids = [];
    for (let n = 1; n <= 6; n++) ids.push(await put({ topic: 't.batch', payload: { n } }));
    expect(await runner.runOnce()).toBe(6);
    const statuses = await Promise.all(ids.map(async (id) => (await show(id)).message.status));
    expect(statuses).toEqual(['done', 'done', 'pending', 'done', 'done', 'done']);
  });

  it('waits for the whole batch even when settling one message fails, then reports the failure', async () => {
    // A trigger stands in for the database failing while the runner settles one message.
    await sql`create function refuse_settle() returns trigger language plpgsql as $$
              begin
                if new.error = 'refuse to settle' then raise exception 'the database refused the settle'; end if;
                return new;
              end $$;
              create trigger refuse_settle before update on outbox_attempt for each row execute function refuse_settle()`.execute(db);
    try {
      const slow = gate();
      const runner = newRunner({}, ok('t.settle', async (m) => {
        if ((m.payload as { n: number }).n === 1) throw new Error('refuse to settle');
        await slow.promise;
      }));
      await put({ topic: 't.settle', payload: { n: 1 } });
      const other = await put({ topic: 't.settle', payload: { n: 2 } });
      let settled = false;
      const run = runner.runOnce().finally(() => (settled = true));
      run.catch(() => {});
      await sleep(1000);
      expect(settled).toBe(false); // message 2 is still running: runOnce (and stop()) must wait for it
      slow.open();
      await expect(run).rejects.toThrow(/the database refused the settle/);
      expect((await show(other)).message.status).toBe('done');
    } finally {
      await sql`drop trigger refuse_settle on outbox_attempt; drop function refuse_settle()`.execute(db);
    }
  });

  it('cleans what it logs: NUL characters in an error or a detail do not stop the settle', async () => {
    const runner = newRunner({}, ok('t.nul', async () => {
      throw new RetryableFailure('bad\u0000byte', { body: 'x\u0000y', [`k`]: ['\u0000'] });
    }));
    const id = await put({ topic: 't.nul', payload: {} });
    await runner.runOnce();
    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'pending', last_error: 'bad\uFFFDbyte' });
    expect(attempts).toMatchObject([{ outcome: 'failed', error: 'bad\uFFFDbyte', detail: { body: 'x\uFFFDy', k: ['\uFFFD'] } }]);
  });

  it('claims only messages of the topics it has handlers for', async () => {
    const runner = newRunner({}, ok('t.mine'));
    const mine = await put({ topic: 't.mine', payload: {} });
    const theirs = await put({ topic: 't.theirs', payload: {} });
    expect(runner.topics).toEqual(['t.mine']);
    expect(await runner.drain()).toBe(1);
    expect((await show(mine)).message.status).toBe('done');
    expect((await show(theirs)).message).toMatchObject({ status: 'pending', attempts: 0, locked_by: null });
    expect((await show(theirs)).attempts).toEqual([]);
    const idle = newRunner({});
    expect(await idle.runOnce()).toBe(0);
    expect(() => runner.register(ok('t.mine'))).toThrow(/already registered/);
  });

  it('drains a backlog larger than one batch, each message once', async () => {
    const seen: string[] = [];
    const runner = newRunner({ concurrency: 4 }, ok('t.backlog', async (m) => void seen.push(m.id)));
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push(await put({ topic: 't.backlog', payload: { i } }));
    expect(await runner.drain()).toBe(25);
    expect(seen.sort()).toEqual(ids.sort());
  });
});

describe('exactly-once effects', () => {
  it('completeIn(tx) commits the handler’s write and the done mark together', async () => {
    const runner = newRunner({}, ok('t.once', async (m, ctx) => {
      await ctx.db.transaction().execute(async (tx) => {
        await tables<EffectTables>(tx).insertInto('effect').values({ message_id: m.id, worker: runner.worker }).execute();
        await ctx.completeIn(tx);
      });
    }));
    const id = await put({ topic: 't.once', payload: {} });
    expect(await runner.runOnce()).toBe(1);
    expect((await show(id)).message).toMatchObject({ status: 'done', attempts: 1 });
    expect((await show(id)).attempts).toMatchObject([{ attempt: 1, outcome: 'succeeded' }]);
    expect(await effects.selectFrom('effect').selectAll().execute()).toEqual([{ message_id: id, worker: runner.worker }]);
  });

  it('completeIn(tx) rolls the write back when the handler fails later in the same transaction', async () => {
    let calls = 0;
    const runner = newRunner({}, ok('t.once', async (m, ctx) => {
      calls++;
      await ctx.db.transaction().execute(async (tx) => {
        await tables<EffectTables>(tx).insertInto('effect_log').values({ message_id: m.id, worker: 'x' }).execute();
        await ctx.completeIn(tx);
        if (calls === 1) throw new Error('failed after completeIn');
      });
    }));
    const id = await put({ topic: 't.once', payload: {} });
    await runner.runOnce();
    expect((await show(id)).message).toMatchObject({ status: 'pending', attempts: 1, last_error: 'failed after completeIn' });
    expect(await effects.selectFrom('effect_log').selectAll().execute()).toEqual([]);
    clock.advance(3_600_000);
    await runner.runOnce();
    expect((await show(id)).message).toMatchObject({ status: 'done', attempts: 2 });
    expect(await effects.selectFrom('effect_log').select('message_id').execute()).toEqual([{ message_id: id }]);
  });

  it('completeIn(tx) rolls the write back when the worker lost the message meanwhile', async () => {
    const gateA = gate();
    const gateB = gate();
    const startedA = gate();
    const startedB = gate();
    const write = (worker: 'a' | 'b'): OutboxHandler<never> =>
      ok('t.once', async (m, ctx) => {
        (worker === 'a' ? startedA : startedB).open();
        await (worker === 'a' ? gateA : gateB).promise;
        await ctx.db.transaction().execute(async (tx) => {
          // No unique key here: only the transaction keeps this write from happening twice.
          await tables<EffectTables>(tx).insertInto('effect_log').values({ message_id: m.id, worker }).execute();
          await ctx.completeIn(tx);
        });
      });
    const a = newRunner({}, write('a'));
    const b = newRunner({}, write('b'));
    const id = await put({ topic: 't.once', payload: {} });
    const aRun = a.runOnce();
    await startedA.promise;
    await expireLease(id);
    const bRun = b.runOnce();
    await startedB.promise;
    // A wakes up first, while B holds the message: its completeIn fails and its write is rolled back.
    gateA.open();
    await aRun;
    expect(await effects.selectFrom('effect_log').selectAll().execute()).toEqual([]);
    expect((await show(id)).message).toMatchObject({ status: 'running', locked_by: b.worker });
    gateB.open();
    await bRun;
    expect(await effects.selectFrom('effect_log').select(['message_id', 'worker']).execute()).toEqual([{ message_id: id, worker: 'b' }]);
    const { message, attempts } = await show(id);
    expect(message).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    expect(attempts).toMatchObject([
      { attempt: 1, worker: a.worker, outcome: 'abandoned' },
      { attempt: 2, worker: b.worker, outcome: 'succeeded' },
    ]);
  });

  it('leaves idempotency on the event id to the handler: a unique key on message.id absorbs the second run', async () => {
    // The effect is applied, then the attempt fails (a timeout reading the answer, a crash before the settle).
    let calls = 0;
    const runner = newRunner({}, ok('t.idempotent', async (m, ctx) => {
      calls++;
      const inserted = await tables<EffectTables>(ctx.db)
        .insertInto('effect')
        .values({ message_id: m.id, worker: `call ${calls}` })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      if (calls === 1) throw new RetryableFailure('timed out waiting for the answer');
      return { detail: { applied: inserted.numInsertedOrUpdatedRows === 1n } };
    }));
    const id = await put({ topic: 't.idempotent', payload: {} });
    await runner.runOnce();
    clock.advance(3_600_000);
    await runner.runOnce();
    expect(calls).toBe(2);
    expect(await effects.selectFrom('effect').selectAll().execute()).toEqual([{ message_id: id, worker: 'call 1' }]);
    const { message, attempts } = await show(id);
    expect(message.status).toBe('done');
    expect(attempts).toMatchObject([
      { attempt: 1, outcome: 'failed' },
      { attempt: 2, outcome: 'succeeded', detail: { applied: false } },
    ]);
  });
});

describe('the polling loop', () => {
  it('runs work as it is enqueued once started, and stop() waits for the handler in flight', async () => {
    const release = gate();
    const started: string[] = [];
    const finished: string[] = [];
    const runner = newRunner({ pollMs: 20 }, ok('t.loop', async (m) => {
      started.push(m.id);
      if ((m.payload as { hold?: boolean }).hold) await release.promise;
      finished.push(m.id);
    }));
    runner.start();
    const first = await put({ topic: 't.loop', payload: {} });
    runner.wake();
    await vi.waitFor(async () => expect((await show(first)).message.status).toBe('done'), { timeout: 5000, interval: 20 });

    const held = await put({ topic: 't.loop', payload: { hold: true } });
    runner.wake();
    await vi.waitFor(() => expect(started).toContain(held), { timeout: 5000, interval: 10 });
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(finished).toContain(held);
    expect((await show(held)).message.status).toBe('done'); // settled before stop() returned

    // Stopped: new work waits.
    const later = await put({ topic: 't.loop', payload: {} });
    runner.wake();
    await sleep(150);
    expect((await show(later)).message.status).toBe('pending');
  });

  it('keeps its process alive while started (as `agora worker` needs) and lets it go at stop()', async () => {
    const runner = newRunner({ pollMs: 60_000 }, ok('t.alive'));
    const spy = vi.spyOn(globalThis, 'setTimeout');
    let timer: NodeJS.Timeout;
    try {
      runner.start();
      timer = spy.mock.results.at(-1)!.value as NodeJS.Timeout;
    } finally {
      spy.mockRestore();
    }
    // An unref'd poll timer let a worker process end by itself once the pg pool closed its idle connections.
    expect(timer.hasRef()).toBe(true);
    await runner.stop();
  });

  it('never runs two polls side by side, however often it is woken', async () => {
    const release = gate();
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const runner = newRunner({ pollMs: 10_000, concurrency: 1 }, ok('t.overlap', async () => {
      calls++;
      active++;
      maxActive = Math.max(maxActive, active);
      await release.promise;
      active--;
    }));
    for (let i = 0; i < 3; i++) await put({ topic: 't.overlap', payload: { i } });
    runner.start();
    await vi.waitFor(() => expect(calls).toBe(1), { timeout: 5000, interval: 10 });
    for (let i = 0; i < 5; i++) {
      runner.wake(); // e.g. five requests that enqueued work
      await sleep(20);
    }
    await sleep(200);
    expect(calls).toBe(1); // a second poll would have claimed the next message (concurrency 1)
    release.open();
    // The wake-ups during the poll make it poll again at once (not after pollMs) until the work is done.
    await vi.waitFor(async () => expect((await listMessages(db, { topic: 't.overlap', status: 'done', limit: 10 })).length).toBe(3), {
      timeout: 5000,
      interval: 20,
    });
    expect(maxActive).toBe(1);
    await runner.stop();
  });
});

describe('reading the delivery log', () => {
  it('lists messages newest first, by topic and status, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await put({ topic: i % 2 ? 't.list.odd' : 't.list.even', payload: { i } }));
      clock.advance(1000);
    }
    const all = await listMessages(db, { limit: 10 });
    expect(all.map((m) => m.id)).toEqual([...ids].reverse());
    const even = await listMessages(db, { topic: 't.list.even', limit: 10 });
    expect(even.map((m) => (m.payload as { i: number }).i)).toEqual([4, 2, 0]);
    const page1 = await listMessages(db, { limit: 2 });
    const page2 = await listMessages(db, { limit: 2, before: { createdAt: page1[1]!.created_at, id: page1[1]!.id } });
    const page3 = await listMessages(db, { limit: 2, before: { createdAt: page2[1]!.created_at, id: page2[1]!.id } });
    expect([...page1, ...page2, ...page3].map((m) => m.id)).toEqual([...ids].reverse());
    expect(await listMessages(db, { status: 'done', limit: 10 })).toEqual([]);
    expect(await getMessage(db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('pages correctly through messages created at the same instant', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await put({ topic: 't.list.same', payload: { i } }));
    const seen: string[] = [];
    let before: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await listMessages(db, { topic: 't.list.same', limit: 2, before });
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.id));
      before = { createdAt: page.at(-1)!.created_at, id: page.at(-1)!.id };
    }
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual([...ids].sort());
  });
});
