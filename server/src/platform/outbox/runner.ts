import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { newGuid } from '../ids.js';
import type { Logger } from '../logger.js';
import { backoffDelayMs } from './backoff.js';
import { claimDue, markDone, markFailed, type MessageRow } from './outbox.store.js';
import { DEFAULT_RETRY, PermanentFailure, RetryableFailure, type OutboxHandler, type RetryPolicy } from './outbox.types.js';

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
  /** Source of the retry jitter, in [0, 1) (tests pin it). */
  random?: () => number;
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
  #ticking = false;
  #wakeRequested = false;

  constructor(options: RunnerOptions) {
    this.#options = { pollMs: 1000, concurrency: 8, leaseMs: 5 * 60_000, random: Math.random, ...options };
  }

  register<P>(handler: OutboxHandler<P>): void {
    if (this.#handlers.has(handler.topic)) throw new Error(`an outbox handler for "${handler.topic}" is already registered`);
    this.#handlers.set(handler.topic, { handler: handler as OutboxHandler<never>, policy: { ...DEFAULT_RETRY, ...handler.retry } });
  }

  policy(topic: string): RetryPolicy {
    return this.#handlers.get(topic)?.policy ?? DEFAULT_RETRY;
  }

  #maxAttemptsByTopic(): Record<string, number> {
    return Object.fromEntries([...this.#handlers].map(([topic, { policy }]) => [topic, policy.maxAttempts]));
  }

  get topics(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Starts polling; the process stays alive until stop(). */
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
    // During a poll the flag is enough: the poll looks again at once when it ends. Scheduling another tick here would
    // run two polls side by side (beyond `concurrency`, and `stop()` would wait for the last one only).
    if (!this.#ticking) this.#schedule(0);
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

  /**
   * One poll: claims a batch and runs it to completion. Returns how many messages it ran. If settling a message failed
   * (the database went away), throws once every message of the batch has finished.
   */
  async runOnce(): Promise<number> {
    const { database, clock, concurrency, leaseMs } = this.#options;
    await this.#options.beforePoll?.();
    const claimed = await database.db.transaction().execute((trx) =>
      claimDue(trx, { worker: this.worker, now: clock.now(), topics: this.topics, limit: concurrency, leaseMs, maxAttemptsByTopic: this.#maxAttemptsByTopic() }),
    );
    // allSettled, not all: one failure must not let runOnce (and stop()) return while the others still run.
    const results = await Promise.allSettled(claimed.map((row) => this.#runOne(row)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return claimed.length;
  }

  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    if (this.#timer) clearTimeout(this.#timer);
    // Not unref'd: a started runner keeps its process alive until stop(). (`agora worker` has nothing else to keep it
    // alive once the pg pool closes its idle connections, which it did with a poll interval of 10 s or more.)
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopping || this.#ticking) return;
    this.#ticking = true;
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
    this.#ticking = false;
    // A full batch or a wake-up during the poll means more may be due: poll again at once.
    this.#schedule(ran >= this.#options.concurrency || this.#wakeRequested ? 0 : this.#options.pollMs);
  }

  async #runOne(row: MessageRow): Promise<void> {
    const { id, topic, payload, attempts: attempt, created_at: createdAt } = row;
    const { database, clock, log, random } = this.#options;
    const entry = this.#handlers.get(topic);
    const owner = { id, worker: this.worker, attempt };
    if (!entry) return;
    // The topic's policy bounds the attempts (an enqueuer can ask for fewer); after a replay, the row's limit, which
    // replay() set from the policy, counts on from the attempts already made.
    const maxAttempts = row.replays === 0 ? Math.min(row.max_attempts ?? entry.policy.maxAttempts, entry.policy.maxAttempts) : (row.max_attempts ?? entry.policy.maxAttempts);
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
      const retryAt = permanent || attempt >= maxAttempts ? null : new Date(clock.now().getTime() + backoffDelayMs(entry.policy, attempt, random));
      const outcome = await database.db.transaction().execute((trx) => markFailed(trx, owner, clock.now(), { error: message, detail, retryAt }));
      ctx.log[outcome === 'dead' ? 'error' : 'warn']({ err: error, outcome, retryAt }, 'outbox handler failed');
    }
  }
}
