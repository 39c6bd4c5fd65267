import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../test/helpers/database.js';
import type { Database, Db } from '../db/index.js';
import { enqueue } from './index.js';

const DATABASE_URL = process.env.DATABASE_URL;
const SCRIPT = fileURLToPath(new URL('./testing/worker-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOPIC = 'mp.work';
const MESSAGES = 300;

if (!DATABASE_URL) {
  console.info('outbox.multiprocess.int.test.ts skipped: several worker processes need PostgreSQL (set DATABASE_URL); PGlite is one process.');
}

interface Worker {
  child: ChildProcess;
  worker: string;
  hung: Promise<void>;
}

let database: Database & { url?: string };
let db: Db;
const children: ChildProcess[] = [];

/** Starts a worker process and waits until its runner runs. */
async function startWorker(env: Record<string, string> = {}): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, OUTBOX_TEST_DATABASE_URL: database.url!, OUTBOX_TEST_TOPIC: TOPIC, OUTBOX_TEST_SLEEP_MS: '10', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let onReady!: (worker: string) => void;
  let onHung!: () => void;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  const hung = new Promise<void>((resolve) => (onHung = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as { event: string; worker?: string };
    if (event.event === 'ready') onReady(event.worker!);
    if (event.event === 'hung') onHung();
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`worker process exited early with ${String(code)}`);
  });
  const worker = await Promise.race([ready, exited]);
  exited.catch(() => {});
  return { child, worker, hung };
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = once(w.child, 'exit');
  w.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
}

async function enqueueAll(): Promise<string[]> {
  // Due a second ago by the workers' clock (the system clock) as much as by ours.
  const now = new Date(Date.now() - 1000);
  return db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < MESSAGES; i++) ids.push(await enqueue(trx, now, { topic: TOPIC, payload: { i } }));
    return ids;
  });
}

async function waitUntilAllDone(timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_message where status <> 'done'`.execute(db);
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} messages still not done after ${timeoutMs} ms`);
    await sleep(100);
  }
}

const attemptRows = async () =>
  (
    await sql<{ message_id: string; attempt: number; worker: string; outcome: string }>`
      select message_id, attempt, worker, outcome from outbox_attempt order by message_id, attempt`.execute(db)
  ).rows;

describe.skipIf(!DATABASE_URL)('the outbox across worker processes (PostgreSQL)', () => {
  beforeAll(async () => {
    database = await testDatabase();
    db = database.db;
    await sql`create table mp_handled (message_id uuid primary key, worker text not null)`.execute(db);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.close();
  });
  beforeEach(async () => {
    await sql`delete from outbox_message; delete from mp_handled`.execute(db);
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('three processes with 8 handlers each run 300 messages, each exactly once', { timeout: 120_000 }, async () => {
    const workers = await Promise.all([0, 1, 2].map(() => startWorker()));
    const ids = await enqueueAll();
    await waitUntilAllDone();
    await Promise.all(workers.map(stopWorker));

    const { rows: messages } = await sql<{ id: string; status: string; attempts: number }>`select id, status, attempts from outbox_message`.execute(db);
    expect(messages).toHaveLength(MESSAGES);
    expect(messages.every((m) => m.status === 'done' && m.attempts === 1)).toBe(true);
    expect(messages.map((m) => m.id).sort()).toEqual([...ids].sort());

    const attempts = await attemptRows();
    expect(attempts).toHaveLength(MESSAGES);
    expect(attempts.every((a) => a.attempt === 1 && a.outcome === 'succeeded')).toBe(true);

    const { rows: handled } = await sql<{ message_id: string; worker: string }>`select message_id, worker from mp_handled`.execute(db);
    expect(handled).toHaveLength(MESSAGES);
    const workerOf = new Map(attempts.map((a) => [a.message_id, a.worker]));
    for (const h of handled) expect(h.worker).toBe(workerOf.get(h.message_id));

    const used = new Set(attempts.map((a) => a.worker));
    const names = workers.map((w) => w.worker);
    for (const w of used) expect(names).toContain(w);
    expect(used.size).toBeGreaterThanOrEqual(2);
    console.info(`work per process: ${names.map((n) => attempts.filter((a) => a.worker === n).length).join(', ')}`);
  });

  it('the survivors finish the work of a process killed mid-way; its attempts are logged abandoned', { timeout: 120_000 }, async () => {
    const leaseMs = '2000';
    const victim = await startWorker({ OUTBOX_TEST_LEASE_MS: leaseMs, OUTBOX_TEST_HANG_AFTER: '10' });
    const survivors = await Promise.all([0, 1].map(() => startWorker({ OUTBOX_TEST_LEASE_MS: leaseMs })));
    await enqueueAll();
    // The victim has handled 10 messages and is now inside the handlers of its current batch: kill it there.
    await victim.hung;
    const killed = once(victim.child, 'exit');
    victim.child.kill('SIGKILL');
    expect((await killed)[1]).toBe('SIGKILL');
    await waitUntilAllDone();
    await Promise.all(survivors.map(stopWorker));

    const { rows: notDone } = await sql<{ n: number }>`select count(*)::int as n from outbox_message where status <> 'done'`.execute(db);
    expect(notDone[0]!.n).toBe(0);
    const attempts = await attemptRows();
    expect(attempts.filter((a) => a.outcome === 'succeeded')).toHaveLength(MESSAGES);
    expect(new Set(attempts.filter((a) => a.outcome === 'succeeded').map((a) => a.message_id)).size).toBe(MESSAGES);
    expect(attempts.filter((a) => a.outcome === 'running')).toEqual([]);

    const byVictim = attempts.filter((a) => a.worker === victim.worker);
    const abandoned = byVictim.filter((a) => a.outcome === 'abandoned');
    // It settled some messages before it was killed (it was killed inside the handlers of a later batch).
    expect(byVictim.filter((a) => a.outcome === 'succeeded').length).toBeGreaterThanOrEqual(1);
    expect(abandoned.length).toBeGreaterThanOrEqual(1);
    expect(byVictim.every((a) => a.outcome === 'succeeded' || a.outcome === 'abandoned')).toBe(true);
    expect(attempts.filter((a) => a.outcome === 'abandoned').every((a) => a.worker === victim.worker)).toBe(true);
    // Each message the victim abandoned was then run by a survivor, as attempt 2.
    const survivorNames = survivors.map((s) => s.worker);
    for (const a of abandoned) {
      const next = attempts.find((b) => b.message_id === a.message_id && b.attempt === a.attempt + 1);
      expect(next).toMatchObject({ outcome: 'succeeded' });
      expect(survivorNames).toContain(next!.worker);
    }

    // The effect table has each message once: the victim recorded (some of) its abandoned messages before it was
    // killed, and the survivors' second run of those was absorbed by the primary key.
    const { rows: handled } = await sql<{ n: number; distinct_n: number; by_victim_abandoned: number }>`
      select count(*)::int as n, count(distinct message_id)::int as distinct_n,
             count(*) filter (where worker = ${victim.worker}
                                and message_id in (select message_id from outbox_attempt where outcome = 'abandoned'))::int as by_victim_abandoned
        from mp_handled`.execute(db);
    expect(handled[0]).toMatchObject({ n: MESSAGES, distinct_n: MESSAGES });
    expect(handled[0]!.by_victim_abandoned).toBeGreaterThanOrEqual(1);
    expect(handled[0]!.by_victim_abandoned).toBeLessThanOrEqual(abandoned.length);
    console.info(`killed worker: ${byVictim.length - abandoned.length} succeeded, ${abandoned.length} abandoned and taken over`);
  });
});
