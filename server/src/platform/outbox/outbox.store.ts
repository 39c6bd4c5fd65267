import { sql, type Kysely } from 'kysely';
import { newGuid } from '../ids.js';
import { tables, type Executor } from '../db/index.js';
import { DEFAULT_RETRY, type Json, type RetryPolicy } from './outbox.types.js';

export interface OutboxTables {
  outbox_message: {
    id: string;
    topic: string;
    payload: Json;
    dedupe_key: string | null;
    status: 'pending' | 'running' | 'done' | 'dead';
    attempts: number;
    max_attempts: number;
    run_at: Date;
    locked_by: string | null;
    locked_until: Date | null;
    last_error: string | null;
    replays: number;
    created_at: Date;
    completed_at: Date | null;
  };
  outbox_attempt: {
    message_id: string;
    attempt: number;
    worker: string;
    started_at: Date;
    finished_at: Date | null;
    outcome: 'running' | 'succeeded' | 'failed' | 'dead' | 'abandoned';
    error: string | null;
    detail: Json | null;
  };
}

export type MessageRow = OutboxTables['outbox_message'];
export type AttemptRow = OutboxTables['outbox_attempt'];

const q = (executor: Executor): Kysely<OutboxTables> => tables<OutboxTables>(executor);

export interface EnqueueInput {
  topic: string;
  payload: Json;
  /** Business time at which the message becomes due; defaults to `now`. */
  runAt?: Date;
  /** At most one message per (topic, dedupeKey): a second enqueue with the same key is ignored. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/**
 * Writes a message in the caller's transaction. Returns its id, or the id of the message already stored under the
 * same (topic, dedupeKey).
 */
export async function enqueue(executor: Executor, now: Date, input: EnqueueInput): Promise<string> {
  const id = newGuid();
  const inserted = await q(executor)
    .insertInto('outbox_message')
    .values({
      id,
      topic: input.topic,
      payload: JSON.stringify(input.payload) as unknown as Json,
      dedupe_key: input.dedupeKey ?? null,
      status: 'pending',
      attempts: 0,
      max_attempts: input.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
      run_at: input.runAt ?? now,
      created_at: now,
      replays: 0,
    })
    .onConflict((oc) => oc.columns(['topic', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await q(executor)
    .selectFrom('outbox_message')
    .select('id')
    .where('topic', '=', input.topic)
    .where('dedupe_key', '=', input.dedupeKey ?? null)
    .executeTakeFirstOrThrow();
  return existing.id;
}

/**
 * Claims up to `limit` due messages of the given topics for `worker`: pending ones whose `run_at` has come (business
 * time), and running ones whose worker's lease ran out (real database time). Logs a new attempt for each and marks
 * the attempt of a lost worker "abandoned". One short transaction.
 */
export async function claimDue(
  executor: Executor,
  args: { worker: string; now: Date; topics: string[]; limit: number; leaseMs: number },
): Promise<MessageRow[]> {
  if (args.topics.length === 0) return [];
  const { rows } = await sql<MessageRow>`
    update outbox_message m
       set status = 'running',
           attempts = m.attempts + 1,
           locked_by = ${args.worker},
           locked_until = now() + make_interval(secs => ${args.leaseMs / 1000})
     where m.id in (
       select id from outbox_message
        where topic = any(${args.topics})
          and ((status = 'pending' and run_at <= ${args.now}) or (status = 'running' and locked_until < now()))
        order by run_at, created_at
        limit ${args.limit}
        for update skip locked)
    returning m.*`.execute(executor);
  if (rows.length === 0) return rows;
  const ids = rows.map((r) => r.id);
  await q(executor)
    .updateTable('outbox_attempt')
    .set({ outcome: 'abandoned', finished_at: args.now, error: 'the worker running this attempt stopped before finishing it' })
    .where('message_id', 'in', ids)
    .where('outcome', '=', 'running')
    .execute();
  await q(executor)
    .insertInto('outbox_attempt')
    .values(rows.map((r) => ({ message_id: r.id, attempt: r.attempts, worker: args.worker, started_at: args.now, outcome: 'running' as const })))
    .execute();
  return rows;
}

interface Owner {
  id: string;
  worker: string;
  attempt: number;
}

/** Marks a claimed message done, if `worker` still holds it. Returns false when the lease was lost. */
export async function markDone(executor: Executor, owner: Owner, now: Date, detail: Json | undefined): Promise<boolean> {
  const updated = await q(executor)
    .updateTable('outbox_message')
    .set({ status: 'done', completed_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', owner.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', owner.worker)
    .where('attempts', '=', owner.attempt)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await finishAttempt(executor, owner, now, 'succeeded', null, detail);
  return true;
}

/** Settles a failed attempt: back to pending at `retryAt`, or dead when no attempts are left. */
export async function markFailed(
  executor: Executor,
  owner: Owner,
  now: Date,
  failure: { error: string; detail: Json | undefined; retryAt: Date | null },
): Promise<'retrying' | 'dead' | 'lost'> {
  const dead = failure.retryAt === null;
  const updated = await q(executor)
    .updateTable('outbox_message')
    .set({
      status: dead ? 'dead' : 'pending',
      run_at: failure.retryAt ?? now,
      completed_at: dead ? now : null,
      locked_by: null,
      locked_until: null,
      last_error: failure.error.slice(0, 4000),
    })
    .where('id', '=', owner.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', owner.worker)
    .where('attempts', '=', owner.attempt)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return 'lost';
  await finishAttempt(executor, owner, now, dead ? 'dead' : 'failed', failure.error, failure.detail);
  return dead ? 'dead' : 'retrying';
}

async function finishAttempt(
  executor: Executor,
  owner: Owner,
  now: Date,
  outcome: AttemptRow['outcome'],
  error: string | null,
  detail: Json | undefined,
): Promise<void> {
  await q(executor)
    .updateTable('outbox_attempt')
    .set({ outcome, finished_at: now, error: error?.slice(0, 4000) ?? null, detail: detail === undefined ? null : (JSON.stringify(detail) as unknown as Json) })
    .where('message_id', '=', owner.id)
    .where('attempt', '=', owner.attempt)
    .execute();
}

export type ReplayResult = 'replayed' | 'not-found' | 'not-finished';

/**
 * Sends a finished (done or dead) message again: it becomes pending now, with a fresh allowance of attempts.
 * Its delivery log is kept and continues.
 */
export async function replay(executor: Executor, id: string, now: Date, policy: RetryPolicy = DEFAULT_RETRY): Promise<ReplayResult> {
  const row = await q(executor).selectFrom('outbox_message').select(['status', 'attempts']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return 'not-found';
  if (row.status !== 'done' && row.status !== 'dead') return 'not-finished';
  await q(executor)
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'pending',
      run_at: now,
      completed_at: null,
      max_attempts: row.attempts + policy.maxAttempts,
      replays: eb('replays', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
  return 'replayed';
}

export interface MessageFilter {
  topic?: string | undefined;
  status?: MessageRow['status'] | undefined;
  limit: number;
  /** Messages created before this one (keyset paging, newest first). */
  before?: { createdAt: Date; id: string } | undefined;
}

export async function listMessages(executor: Executor, filter: MessageFilter): Promise<MessageRow[]> {
  let query = q(executor).selectFrom('outbox_message').selectAll();
  if (filter.topic) query = query.where('topic', '=', filter.topic);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) {
    const b = filter.before;
    query = query.where((eb) => eb.or([eb('created_at', '<', b.createdAt), eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function getMessage(executor: Executor, id: string): Promise<{ message: MessageRow; attempts: AttemptRow[] } | undefined> {
  const message = await q(executor).selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst();
  if (!message) return undefined;
  const attempts = await q(executor).selectFrom('outbox_attempt').selectAll().where('message_id', '=', id).orderBy('attempt').execute();
  return { message, attempts };
}
