import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { CommerceService } from '../commerce/index.js';
import { meteringRoutes } from './metering.routes.js';
import { usageReportRoutes } from './usage-report.routes.js';

export { MAX_BATCH } from './metering.routes.js';

export interface MeteringDeps {
  db: Db;
  clock: Clock;
  commerce: Pick<CommerceService, 'meteringTargets'>;
}

/** Metering: usage events reported by publishers (the Marketplace Metering API), their dedupe and queries. */
export function createMetering(deps: MeteringDeps) {
  return {
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => meteringRoutes(scope, deps));
      await app.register(async (scope) => usageReportRoutes(scope, deps));
    },
  };
}

export type MeteringService = ReturnType<typeof createMetering>;
