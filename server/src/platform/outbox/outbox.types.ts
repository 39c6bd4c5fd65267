import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/index.js';
import type { Logger } from '../logger.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; each later delay doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Spread each delay by ±this fraction so that retries of many messages do not arrive together. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 3_600_000, jitter: 0.2 };

export interface OutboxMessage<P = Json> {
  /** The event id: handlers are idempotent on it. */
  id: string;
  topic: string;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  createdAt: Date;
}

export interface HandlerContext {
  db: Db;
  clock: Clock;
  log: Logger;
  /**
   * Marks the message done inside the handler's own transaction, so that a handler whose effect is a database write
   * applies it exactly once. Throws (rolling the transaction back) if this worker no longer holds the message.
   */
  completeIn(tx: Tx): Promise<void>;
}

/** What a handler may return: details for the delivery log (an HTTP status, a response excerpt). */
export interface HandlerResult {
  detail?: Json;
}

export interface OutboxHandler<P = Json> {
  topic: string;
  retry?: Partial<RetryPolicy>;
  handle(message: OutboxMessage<P>, ctx: HandlerContext): Promise<HandlerResult | void>;
}

/** Thrown by a handler for a failure that retrying cannot fix: the message goes to the dead-letter state at once. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
  constructor(message: string, readonly detail?: Json) {
    super(message);
  }
}

/** Thrown by a handler for a failure worth retrying, with details for the delivery log. */
export class RetryableFailure extends Error {
  override name = 'RetryableFailure';
  constructor(message: string, readonly detail?: Json) {
    super(message);
  }
}
