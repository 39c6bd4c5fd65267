import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import type { OutboxHandler } from '../../platform/outbox/index.js';
import type { CommerceService } from '../commerce/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { anomalyScanHandler, scheduleAnomalyScan } from './anomaly.jobs.js';
import { anomalyRoutes } from './anomaly.routes.js';
import { usageAdjustments, type AnomalyEnv } from './anomaly.service.js';
import { meteringRoutes } from './metering.routes.js';
import { usageReportRoutes } from './usage-report.routes.js';

export { MAX_BATCH } from './metering.routes.js';
export { ANOMALY_SCAN_TOPIC } from './anomaly.jobs.js';
export { usageAdjustments, type UsageAdjustment } from './anomaly.service.js';
export { dailyUsage, type DailyUsage } from './billing-usage.js';
export { DEFAULT_ANOMALY_MODEL, type AnomalyModelParams } from './anomaly.model.js';

export interface MeteringDeps {
  db: Db;
  clock: Clock;
  commerce: Pick<CommerceService, 'meteringTargets'>;
  /** Anomaly flags are notified to the publisher account (inbox and email). */
  notifications: Pick<NotificationsService, 'notify'>;
}

/**
 * Metering: usage events reported by publishers (the Marketplace Metering API), their dedupe and queries, rating,
 * and the daily anomaly scan with the publisher's decisions.
 */
export function createMetering(deps: MeteringDeps) {
  const anomalies: AnomalyEnv = { db: deps.db, clock: deps.clock, commerce: deps.commerce, notifications: deps.notifications };
  return {
    handlers: [anomalyScanHandler(anomalies) as OutboxHandler<never>],
    /** Schedules the daily anomaly scan if it is not scheduled (idempotent; every process calls it at start). */
    scheduleAnomalyScan: (x: Executor = deps.db) => scheduleAnomalyScan(x, deps.clock),
    usageAdjustments,
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => meteringRoutes(scope, deps));
      await app.register(async (scope) => usageReportRoutes(scope, deps));
      await app.register(async (scope) => anomalyRoutes(scope, anomalies));
    },
  };
}

export type MeteringService = ReturnType<typeof createMetering>;
