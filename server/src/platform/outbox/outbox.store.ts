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
    max_attempts: number | null;
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
  /** Attempts in all; can lower, not raise, the limit of the topic's retry policy (which applies when absent). */
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
      max_attempts: input.maxAttempts ?? null,
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
 * Enqueues many messages in one statement per 500 (for a run that schedules one job per item it wrote). A message
 * whose (topic, dedupeKey) exists is skipped, as with `enqueue`.
 */
export async function enqueueMany(executor: Executor, now: Date, inputs: readonly EnqueueInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 500) {
    const rows = inputs.slice(i, i + 500).map((input) => ({
      id: newGuid(),
      topic: input.topic,
      payload: JSON.stringify(input.payload) as unknown as Json,
      dedupe_key: input.dedupeKey ?? null,
      status: 'pending' as const,
      attempts: 0,
      max_attempts: input.maxAttempts ?? null,
      run_at: input.runAt ?? now,
      created_at: now,
      replays: 0,
    }));
    await q(executor)
      .insertInto('outbox_message')
      .values(rows)
      .onConflict((oc) => oc.columns(['topic', 'dedupe_key']).doNothing())
      .execute();
  }
}

const ABANDONED = 'the worker running this attempt stopped before finishing it';

/**
 * Claims up to `limit` due messages of the given topics for `worker`: pending ones whose `run_at` has come (business
 * time), and running ones whose worker's lease ran out (real database time). Logs a new attempt for each and marks
 * the attempt of a lost worker "abandoned". A message whose worker was lost during its last allowed attempt is not
 * run again but becomes dead (else a message that crashes its worker would be retried for ever). Call it in one
 * short transaction.
 */
export async function claimDue(
  executor: Executor,
  args: { worker: string; now: Date; topics: string[]; limit: number; leaseMs: number; maxAttemptsByTopic?: Record<string, number> },
): Promise<MessageRow[]> {
  if (args.topics.length === 0) return [];
  // The attempts a message may make: the lower of its own limit and its topic's policy (DEFAULT_RETRY for topics
  // the caller does not name).
  const policies = JSON.stringify(Object.fromEntries(args.topics.map((t) => [t, args.maxAttemptsByTopic?.[t] ?? DEFAULT_RETRY.maxAttempts])));
  const limit = sql`least(coalesce(max_attempts, 2147483647), (${policies}::jsonb ->> topic)::int)`;
  const { rows: exhausted } = await sql<{ id: string }>`
    update outbox_message m
       set status = 'dead', completed_at = ${args.now}, locked_by = null, locked_until = null, last_error = ${ABANDONED}
     where m.id in (
       select id from outbox_message
        where topic = any(${args.topics}) and status = 'running' and locked_until < now() and attempts >= ${limit}
        for update skip locked)
    returning m.id`.execute(executor);
  const { rows } = await sql<MessageRow>`
    update outbox_message m
       set status = 'running',
           attempts = m.attempts + 1,
           locked_by = ${args.worker},
           locked_until = now() + make_interval(secs => ${args.leaseMs / 1000})
     where m.id in (
       select id from outbox_message
        where topic = any(${args.topics})
          and ((status = 'pending' and run_at <= ${args.now}) or (status = 'running' and locked_until < now() and attempts < ${limit}))
        order by run_at, created_at
        limit ${args.limit}
        for update skip locked)
    returning m.*`.execute(executor);
  const ids = [...exhausted.map((r) => r.id), ...rows.map((r) => r.id)];
  if (ids.length === 0) return rows;
  await q(executor)
    .updateTable('outbox_attempt')
    .set({ outcome: 'abandoned', finished_at: args.now, error: ABANDONED })
    .where('message_id', 'in', ids)
    .where('outcome', '=', 'running')
    .execute();
  if (rows.length === 0) return rows;
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
      last_error: logText(failure.error),
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
    .set({ outcome, finished_at: now, error: error === null ? null : logText(error), detail: detail === undefined ? null : (logJson(detail) as unknown as Json) })
    .where('message_id', '=', owner.id)
    .where('attempt', '=', owner.attempt)
    .execute();
}

/**
 * What goes into the delivery log comes from outside (an error message, a response excerpt). PostgreSQL text and jsonb
 * cannot hold U+0000, and a detail may not be serialisable: either would make the settle fail and leave the message
 * running until its lease ran out, to be run again. So the log gets a cleaned copy.
 */
function logText(text: string): string {
  return text.slice(0, 4000).replaceAll('\u0000', '\uFFFD');
}

function logJson(detail: Json): string {
  try {
    return JSON.stringify(detail, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD') : value));
  } catch (error) {
    return JSON.stringify(`(the detail could not be serialised: ${error instanceof Error ? error.message : String(error)})`);
  }
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
