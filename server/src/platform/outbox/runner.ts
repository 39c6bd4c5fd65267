import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { newGuid } from '../ids.js';
import type { Logger } from '../logger.js';
import { backoffDelayMs } from './backoff.js';
import { claimDue, markDone, markFailed } from './outbox.store.js';
import { DEFAULT_RETRY, PermanentFailure, RetryableFailure, type Json, type OutboxHandler, type RetryPolicy } from './outbox.types.js';

export interface RunnerOptions {
  database: Database;
  clock: Clock;
  log: Logger;
  /** Poll interval when not woken. */
  pollMs?: number;
  /** How many messages one worker runs at a time. */
  concurrency?: number;
  /** How long a claim is held before another worker may take the message over. */
  leaseMs?: number;
  /** Called before each poll (the virtual clock refreshes its offset here). */
  beforePoll?: () => Promise<void>;
}

/**
 * Runs due outbox messages: claims a batch in one short transaction, runs the handlers outside any transaction
 * (they may call out over the network), and settles each in its own short transaction.
 */
export class OutboxRunner {
  readonly worker = `${hostname()}:${process.pid}:${newGuid().slice(0, 8)}`;
  readonly #handlers = new Map<string, { handler: OutboxHandler<never>; policy: RetryPolicy }>();
  readonly #options: Required<Omit<RunnerOptions, 'beforePoll'>> & Pick<RunnerOptions, 'beforePoll'>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #stopping = false;
  #inFlight: Promise<unknown> = Promise.resolve();
  #wakeRequested = false;

  constructor(options: RunnerOptions) {
    this.#options = { pollMs: 1000, concurrency: 8, leaseMs: 5 * 60_000, ...options };
  }

  register<P>(handler: OutboxHandler<P>): void {
    if (this.#handlers.has(handler.topic)) throw new Error(`an outbox handler for "${handler.topic}" is already registered`);
    this.#handlers.set(handler.topic, { handler: handler as OutboxHandler<never>, policy: { ...DEFAULT_RETRY, ...handler.retry } });
  }

  policy(topic: string): RetryPolicy {
    return this.#handlers.get(topic)?.policy ?? DEFAULT_RETRY;
  }

  get topics(): string[] {
    return [...this.#handlers.keys()];
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#schedule(0);
  }

  /** Asks for a poll now (after a transaction that enqueued work committed). */
  wake(): void {
    if (!this.#running || this.#stopping) return;
    this.#wakeRequested = true;
    this.#schedule(0);
  }

  /** Stops polling and waits for the handlers in flight. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  /** Runs everything that is due now, repeatedly, until nothing is (tests and the CLI use this). */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const n = await this.runOnce();
      if (n === 0) return total;
      total += n;
    }
    return total;
  }

  /** One poll: claims a batch and runs it to completion. Returns how many messages it ran. */
  async runOnce(): Promise<number> {
    const { database, clock, concurrency, leaseMs } = this.#options;
    await this.#options.beforePoll?.();
    const claimed = await database.db.transaction().execute((trx) =>
      claimDue(trx, { worker: this.worker, now: clock.now(), topics: this.topics, limit: concurrency, leaseMs }),
    );
    await Promise.all(claimed.map((row) => this.#runOne(row.id, row.topic, row.payload, row.attempts, row.max_attempts, row.created_at)));
    return claimed.length;
  }

  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref?.();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopping) return;
    let ran = 0;
    const work = (async () => {
      try {
        this.#wakeRequested = false;
        ran = await this.runOnce();
      } catch (error) {
        this.#options.log.error({ err: error }, 'outbox poll failed');
      }
    })();
    this.#inFlight = work;
    await work;
    // A full batch or a wake-up during the poll means more may be due: poll again at once.
    this.#schedule(ran >= this.#options.concurrency || this.#wakeRequested ? 0 : this.#options.pollMs);
  }

  async #runOne(id: string, topic: string, payload: Json, attempt: number, maxAttempts: number, createdAt: Date): Promise<void> {
    const { database, clock, log } = this.#options;
    const entry = this.#handlers.get(topic);
    const owner = { id, worker: this.worker, attempt };
    if (!entry) return;
    let completedInHandler = false;
    const ctx = {
      db: database.db,
      clock,
      log: log.child({ outboxMessage: id, topic, attempt }),
      completeIn: async (tx: Parameters<typeof markDone>[0]) => {
        if (!(await markDone(tx, owner, clock.now(), undefined))) throw new Error(`outbox message ${id} is no longer held by this worker`);
        completedInHandler = true;
      },
    };
    try {
      const result = await entry.handler.handle({ id, topic, payload: payload as never, attempt, createdAt }, ctx);
      if (completedInHandler) return;
      const done = await database.db.transaction().execute((trx) => markDone(trx, owner, clock.now(), result?.detail));
      if (!done) ctx.log.warn('outbox message was taken over by another worker before it was settled');
    } catch (error) {
      const permanent = error instanceof PermanentFailure;
      const detail = error instanceof PermanentFailure || error instanceof RetryableFailure ? error.detail : undefined;
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = permanent || attempt >= maxAttempts ? null : new Date(clock.now().getTime() + backoffDelayMs(entry.policy, attempt));
      const outcome = await database.db.transaction().execute((trx) => markFailed(trx, owner, clock.now(), { error: message, detail, retryAt }));
      ctx.log[outcome === 'dead' ? 'error' : 'warn']({ err: error, outcome, retryAt }, 'outbox handler failed');
    }
  }
}
