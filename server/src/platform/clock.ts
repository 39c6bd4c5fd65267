import { sql } from 'kysely';
import type { Executor } from './db/index.js';
import { type Result, ok, fail } from './errors.js';

/** The latest instant virtual time may reach: the end of year 9999 (ISO 8601 without an expanded year). */
export const MAX_VIRTUAL_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** All time goes through a Clock (DESIGN.md "Time"). */
export interface Clock {
  now(): Date;
  /** True when the clock can be advanced (sandbox mode). */
  readonly virtual: boolean;
}

export const systemClock: Clock = { now: () => new Date(), virtual: false };

/**
 * The sandbox clock: real time plus an offset that is persisted in `platform_clock` and can only grow, so virtual
 * time never runs backwards, across restarts and across processes (each process refreshes its copy of the offset).
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  #offsetMs: number;

  private constructor(offsetMs: number) {
    this.#offsetMs = offsetMs;
  }

  static async load(db: Executor): Promise<VirtualClock> {
    return new VirtualClock(await readOffset(db));
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Picks up an advance made by another process. Offsets only grow, so a stale read never moves time back. */
  async refresh(db: Executor): Promise<void> {
    this.#offsetMs = Math.max(this.#offsetMs, await readOffset(db));
  }

  /** Moves virtual time forward by `ms` (> 0), as long as virtual time stays before the year 10000. */
  async advance(db: Executor, ms: number): Promise<Result<Date>> {
    if (!Number.isSafeInteger(ms) || ms <= 0) return fail('BadRequest', 'The clock moves forward only: give a whole number of milliseconds greater than 0.', { target: 'milliseconds' });
    // The offset can never be taken back, so an offset beyond what a Date (or an int8 read as a safe integer) can hold
    // would break the clock for good: refuse it, checking against the stored offset, which another process may have grown.
    const maxOffset = MAX_VIRTUAL_TIME - Date.now();
    const { rows } = await sql<{ offset_ms: number }>`
      update platform_clock set offset_ms = offset_ms + ${ms}, updated_at = now()
       where id and offset_ms + ${ms} <= ${maxOffset} returning offset_ms`.execute(db);
    if (rows.length === 0) return fail('BadRequest', `The clock cannot move past ${new Date(MAX_VIRTUAL_TIME).toISOString()}.`, { target: 'milliseconds' });
    this.#offsetMs = Math.max(this.#offsetMs, rows[0]!.offset_ms);
    return ok(this.now());
  }

  /** Moves virtual time forward to `target`, which must not be in the (virtual) past. */
  async advanceTo(db: Executor, target: Date): Promise<Result<Date>> {
    await this.refresh(db);
    const ms = target.getTime() - this.now().getTime();
    if (!Number.isFinite(ms)) return fail('BadRequest', 'Give a valid instant to move the clock to.', { target: 'to' });
    if (ms <= 0) return fail('BadRequest', `The clock moves forward only: ${target.toISOString()} is not after ${this.now().toISOString()}.`, { target: 'to' });
    if (target.getTime() > MAX_VIRTUAL_TIME) return fail('BadRequest', `The clock cannot move past ${new Date(MAX_VIRTUAL_TIME).toISOString()}.`, { target: 'to' });
    return this.advance(db, Math.ceil(ms));
  }
}

async function readOffset(db: Executor): Promise<number> {
  const { rows } = await sql<{ offset_ms: number }>`select offset_ms from platform_clock where id`.execute(db);
  return rows[0]?.offset_ms ?? 0;
}

/** A clock for unit tests: stands still until told to move. */
export class ManualClock implements Clock {
  readonly virtual = true;
  constructor(private current: Date = new Date('2026-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
