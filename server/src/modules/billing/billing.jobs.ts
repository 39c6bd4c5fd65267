import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { PermanentFailure, enqueue, type OutboxHandler } from '../../platform/outbox/index.js';
import { runBilling } from './billing-run.service.js';
import type { BillingEnv } from './billing.types.js';
import { addDaysUtc, nextPeriod, parsePeriod, periodOf, type Period } from './dates.js';

/**
 * The monthly billing run, on the business clock (ADR 0017). The run of period P (a calendar month) is an outbox
 * message due on the 2nd of the next month at 01:00 UTC — after the Metering API's 24-hour window has closed on P's
 * last hour — with the dedupe key P, so any number of processes scheduling it store one message. Each run first
 * schedules the next period's, so a jump of the sandbox clock runs every overdue month in order.
 */

export const BILLING_RUN_TOPIC = 'billing.run';
const RUN_HOUR_UTC = 1;

export interface BillingRunJob {
  period: string;
}

export const billingRunAt = (p: Period): Date => new Date(addDaysUtc(p.next, 1).getTime() + RUN_HOUR_UTC * 3_600_000);

async function enqueueRun(x: Executor, now: Date, p: Period): Promise<string> {
  return enqueue(x, now, { topic: BILLING_RUN_TOPIC, payload: { period: p.id }, runAt: billingRunAt(p), dedupeKey: p.id });
}

/** Schedules the current month's run unless it exists (idempotent; every process calls it at start-up). */
export async function scheduleBillingRun(x: Executor, clock: Pick<Clock, 'now'>): Promise<string> {
  const now = clock.now();
  return enqueueRun(x, now, periodOf(now));
}

export function billingRunHandler(env: BillingEnv): OutboxHandler<BillingRunJob> {
  return {
    topic: BILLING_RUN_TOPIC,
    retry: { maxAttempts: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
    async handle(message, ctx) {
      const period = parsePeriod(String(message.payload.period));
      if (!period) throw new PermanentFailure(`Not a billing period: ${JSON.stringify(message.payload.period)}.`);
      await enqueueRun(ctx.db, ctx.clock.now(), nextPeriod(period));
      const result = await ctx.db.transaction().execute(async (tx) => {
        const run = await runBilling(tx, env, period);
        if (!run.ok) throw new PermanentFailure(run.error.message);
        await ctx.completeIn(tx);
        return run.value;
      });
      return { detail: { period: result.period, compareOnly: result.compareOnly, invoices: result.invoices.length, unchanged: result.unchanged, pendingAdjustments: result.pendingAdjustments } };
    },
  };
}
