import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { VirtualClock, type Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { readMigrations } from '../db/index.js';
import { AppError, unwrap } from '../errors.js';
import { isGuid } from '../ids.js';
import { getMessage, listMessages, replay, type OutboxRunner } from '../outbox/index.js';
import { agoraErrorHandler } from './error-envelope.js';

export interface PlatformRouteDeps {
  database: Database;
  clock: Clock;
  sandbox: boolean;
  runner: OutboxRunner | undefined;
}

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };

const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time' }),
  virtual: Type.Boolean({ description: 'True in sandbox mode: the operator can move time forward.' }),
  offsetMs: Type.Integer({ description: 'How far virtual time is ahead of real time.' }),
});

const MessageSchema = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  payload: Type.Unknown(),
  dedupeKey: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  attempts: Type.Integer(),
  maxAttempts: Type.Union([Type.Integer(), Type.Null()], { description: "null: the topic's retry policy decides." }),
  runAt: Type.String({ format: 'date-time' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  replays: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const AttemptSchema = Type.Object({
  attempt: Type.Integer(),
  worker: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  outcome: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
});

type MessageRowLike = Awaited<ReturnType<typeof listMessages>>[number];
const messageView = (m: MessageRowLike) => ({
  id: m.id,
  topic: m.topic,
  payload: m.payload,
  dedupeKey: m.dedupe_key,
  status: m.status,
  attempts: m.attempts,
  maxAttempts: m.max_attempts,
  runAt: m.run_at.toISOString(),
  lastError: m.last_error,
  replays: m.replays,
  createdAt: m.created_at.toISOString(),
  completedAt: m.completed_at?.toISOString() ?? null,
});

/** Health, readiness, the sandbox clock, and the outbox's delivery log with replay. */
export async function platformRoutes(app: FastifyInstance, deps: PlatformRouteDeps): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  const { database, clock } = deps;

  app.get('/healthz', {
    config: { permission: 'public' },
    schema: { operationId: 'health', tags: ['platform'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  let shippedMigrations: ReturnType<typeof readMigrations> | undefined;
  app.get('/readyz', {
    config: { permission: 'public' },
    schema: {
      operationId: 'ready',
      tags: ['platform'],
      summary: 'Readiness: the database answers and every migration of this version is applied',
      response: { 200: Type.Object({ status: Type.String(), database: Type.String(), migrations: Type.Integer() }), 503: Type.Object({ status: Type.String(), reason: Type.String() }) },
    },
    handler: async (_request, reply) => {
      try {
        // The shipped migrations do not change while the process runs: read (and checksum) them once.
        const files = await (shippedMigrations ??= readMigrations().catch((error: unknown) => {
          shippedMigrations = undefined; // a failed read is tried again next time
          throw error;
        }));
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(database.db);
        const applied = rows[0]?.n ?? 0;
        if (applied < files.length) return reply.status(503).send({ status: 'not-ready', reason: `${files.length - applied} migrations are not applied yet` });
        return { status: 'ready', database: database.engine, migrations: applied };
      } catch (error) {
        return reply.status(503).send({ status: 'not-ready', reason: `database unavailable: ${(error as Error).message}` });
      }
    },
  });

  app.get('/api/sandbox/clock', {
    config: { permission: 'public' },
    schema: { operationId: 'getClock', tags: ['sandbox'], summary: "The marketplace's current time (virtual in sandbox mode)", response: { 200: ClockSchema } },
    handler: async () => ({ now: clock.now().toISOString(), virtual: clock instanceof VirtualClock, offsetMs: clock instanceof VirtualClock ? clock.offsetMs : 0 }),
  });

  app.post('/api/admin/clock/advance', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'advanceClock',
      tags: ['admin', 'sandbox'],
      summary: 'Sandbox only: move virtual time forward, by a duration or to an instant; it never moves back',
      body: Type.Object({ milliseconds: Type.Optional(Type.Integer({ minimum: 1 })), to: Type.Optional(Type.String({ format: 'date-time' })) }),
      response: { 200: ClockSchema, ...errors },
    },
    handler: async (request) => {
      if (!deps.sandbox || !(clock instanceof VirtualClock)) throw new AppError(409, 'NotSandbox', 'The clock can be moved only in sandbox mode (AGORA_SANDBOX).');
      const body = request.body as { milliseconds?: number; to?: string };
      if ((body.milliseconds === undefined) === (body.to === undefined)) throw new AppError(400, 'ValidationFailed', 'Give either milliseconds or to.', { target: 'body' });
      unwrap(body.to !== undefined ? await clock.advanceTo(database.db, new Date(body.to)) : await clock.advance(database.db, body.milliseconds!));
      deps.runner?.wake();
      return { now: clock.now().toISOString(), virtual: true, offsetMs: clock.offsetMs };
    },
  });

  app.get('/api/admin/outbox', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'listOutboxMessages',
      tags: ['admin'],
      summary: 'Side effects and jobs, newest first, with their status',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')])),
        topic: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        before: Type.Optional(Type.String({ description: 'The nextCursor of the previous page.' })),
      }),
      response: { 200: Type.Object({ messages: Type.Array(MessageSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
    },
    handler: async (request) => {
      const q = request.query as { status?: 'pending' | 'running' | 'done' | 'dead'; topic?: string; limit?: number; before?: string };
      let before: { createdAt: Date; id: string } | undefined;
      if (q.before) {
        const [at, id] = Buffer.from(q.before, 'base64url').toString().split('|');
        const createdAt = new Date(at ?? '');
        if (!id || !isGuid(id) || Number.isNaN(createdAt.getTime())) throw new AppError(400, 'ValidationFailed', 'The cursor is not valid.', { target: 'before' });
        before = { createdAt, id };
      }
      const limit = q.limit ?? 50;
      const rows = await listMessages(database.db, { status: q.status, topic: q.topic, limit, before });
      const last = rows.at(-1);
      return {
        messages: rows.map(messageView),
        nextCursor: rows.length === limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
      };
    },
  });

  app.get('/api/admin/outbox/:id', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'getOutboxMessage',
      tags: ['admin'],
      summary: 'One side effect with its delivery log (every attempt and its result)',
      params: Type.Object({ id: Type.String() }),
      response: { 200: Type.Object({ message: MessageSchema, attempts: Type.Array(AttemptSchema) }), ...errors },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const found = isGuid(id) ? await getMessage(database.db, id) : undefined;
      if (!found) throw new AppError(404, 'NotFound', 'No such message.');
      return {
        message: messageView(found.message),
        attempts: found.attempts.map((a) => ({
          attempt: a.attempt,
          worker: a.worker,
          startedAt: a.started_at.toISOString(),
          finishedAt: a.finished_at?.toISOString() ?? null,
          outcome: a.outcome,
          error: a.error,
          detail: a.detail,
        })),
      };
    },
  });

  app.post('/api/admin/outbox/:id/replay', {
    config: { permission: 'operator' },
    schema: {
      operationId: 'replayOutboxMessage',
      tags: ['admin'],
      summary: 'Run a delivered or dead message again, with a fresh allowance of attempts',
      params: Type.Object({ id: Type.String() }),
      response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('pending') }), ...errors },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!isGuid(id)) throw new AppError(404, 'NotFound', 'No such message.');
      const result = await database.db.transaction().execute(async (trx) => {
        const found = await getMessage(trx, id);
        return replay(trx, id, clock.now(), deps.runner?.policy(found?.message.topic ?? ''));
      });
      if (result === 'not-found') throw new AppError(404, 'NotFound', 'No such message.');
      if (result === 'not-finished') throw new AppError(409, 'Conflict', 'Only a delivered or dead message can be replayed; this one is still pending or running.');
      deps.runner?.wake();
      return reply.status(202).send({ id, status: 'pending' as const });
    },
  });
}
