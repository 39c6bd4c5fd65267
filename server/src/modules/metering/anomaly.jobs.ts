import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { PermanentFailure, enqueue, type OutboxHandler } from '../../platform/outbox/index.js';
import { DAY_MS, dayNumber, dayOf, dayString } from './anomaly.model.js';
import { scanUsageDay, type AnomalyEnv } from './anomaly.service.js';

/**
 * The daily anomaly scan, on the business clock (ADR 0014). The run of day R is an outbox message due at R 02:00 UTC
 * with the dedupe key R, so any number of processes scheduling it store one message, and it runs once. It judges
 * usage day R − 2: the latest day whose usage is final, since an event is accepted up to 24 hours after its hour
 * (usage of D 23:00-23:59 can arrive until D+1 23:59:59). Each run first schedules the next day's run (so a failing
 * scan does not stop the chain), then scans in short transactions (a flag is unique per series and day, so a retried
 * run adds nothing twice); the runner settles the message with the scan's counts in the delivery log. After downtime (or a jump of the sandbox clock) the
 * overdue runs follow one another until the chain reaches today, so no day is skipped.
 */

export const ANOMALY_SCAN_TOPIC = 'metering.anomaly-scan';
/** The hour (UTC) of the daily run. */
export const SCAN_HOUR_UTC = 2;
/** The run of day R judges usage day R − SCAN_LAG_DAYS. */
export const SCAN_LAG_DAYS = 2;

export interface AnomalyScanJob {
  /** The run's day, `YYYY-MM-DD`. */
  runDate: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const scanRunAt = (runDate: string): Date => new Date(dayOf(runDate) * DAY_MS + SCAN_HOUR_UTC * 3_600_000);
/** The usage day judged by the run of `runDate`. */
export const scannedDay = (runDate: string): string => dayString(dayOf(runDate) - SCAN_LAG_DAYS);

async function enqueueRun(x: Executor, now: Date, runDate: string): Promise<string> {
  return enqueue(x, now, { topic: ANOMALY_SCAN_TOPIC, payload: { runDate }, runAt: scanRunAt(runDate), dedupeKey: runDate });
}

/**
 * Schedules today's run (due at 02:00 UTC, at once if that has passed) unless it exists: call it at start-up, in
 * every process; it is idempotent. Returns the message id.
 */
export async function scheduleAnomalyScan(x: Executor, clock: Pick<Clock, 'now'>): Promise<string> {
  const now = clock.now();
  return enqueueRun(x, now, dayString(dayNumber(now)));
}

export function anomalyScanHandler(env: AnomalyEnv): OutboxHandler<AnomalyScanJob> {
  return {
    topic: ANOMALY_SCAN_TOPIC,
    retry: { maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
    async handle(message, ctx) {
      const { runDate } = message.payload;
      if (typeof runDate !== 'string' || !DATE.test(runDate)) throw new PermanentFailure(`Not a run date: ${JSON.stringify(runDate)}.`);
      await enqueueRun(ctx.db, ctx.clock.now(), dayString(dayOf(runDate) + 1));
      // Idempotent (one flag per series and day), so the runner settles it: its result goes to the delivery log.
      const result = await scanUsageDay(env, scannedDay(runDate));
      return { detail: { ...result } };
    },
  };
}
