import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { PermanentFailure, enqueue, type OutboxHandler } from '../../platform/outbox/index.js';
import { isMonth, monthOf, nextMonthOf, payoutRunAt } from './payout.math.js';
import { runPayouts, type PayoutEnv } from './payout-run.service.js';

/**
 * The monthly payout run on the business clock (ADR 0018): the run of month M is an outbox message due on the 15th
 * of M at 02:00 UTC with the dedupe key M, so any number of processes scheduling it store one message. Each run first
 * schedules the next month's, so a jump of the sandbox clock runs every overdue month in order. A month already run
 * (by the operator) is not run again.
 */

export const PAYOUT_RUN_TOPIC = 'billing.payout-run';

export interface PayoutRunJob {
  month: string;
}

async function enqueueRun(x: Executor, now: Date, month: string): Promise<string> {
  return enqueue(x, now, { topic: PAYOUT_RUN_TOPIC, payload: { month }, runAt: payoutRunAt(month), dedupeKey: month });
}

/** Schedules the current month's payout run unless it exists (idempotent; called at start-up). */
export async function schedulePayoutRun(x: Executor, clock: Pick<Clock, 'now'>): Promise<string> {
  const now = clock.now();
  return enqueueRun(x, now, monthOf(now));
}

export function payoutRunHandler(env: PayoutEnv): OutboxHandler<PayoutRunJob> {
  return {
    topic: PAYOUT_RUN_TOPIC,
    retry: { maxAttempts: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
    async handle(message, ctx) {
      const month = String(message.payload.month);
      if (!isMonth(month)) throw new PermanentFailure(`Not a payout month: ${JSON.stringify(message.payload.month)}.`);
      await enqueueRun(ctx.db, ctx.clock.now(), nextMonthOf(month));
      const result = await ctx.db.transaction().execute(async (tx) => {
        const run = await runPayouts(tx, env, month, { trigger: 'schedule' });
        if (!run.ok) throw new PermanentFailure(run.error.message);
        await ctx.completeIn(tx);
        return run.value;
      });
      return { detail: { month, created: result.created, payouts: result.payouts.length, carriedForward: result.carriedForward.length } };
    },
  };
}
