import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../platform/db/index.js';
import type { CatalogEvent } from '../catalog/index.js';
import type { OutboxHandler } from '../../platform/outbox/index.js';
import { recordEvent } from './history.js';
import { setVersions } from './publishing.store.js';
import { publishingHandlers, TOPIC } from './pipeline.jobs.js';
import { PIPELINES, checkPipeline } from './pipeline.js';
import { publishingRoutes } from './publishing.routes.js';
import type { PublishingDeps } from './publishing.types.js';

export type { PublishingDeps, SubmissionView, SubmissionStatus, StepStatus, Finding, HistoryEventView, Initiator } from './publishing.types.js';
export { PIPELINES, type PipelineDefinition, type StepDefinition } from './pipeline.js';
export { TOPIC as PUBLISHING_TOPICS };

/**
 * Publishing: submissions of an offer's frozen draft through the pipeline (automated validation as outbox jobs,
 * preview creation, the publisher's Go live, certification by operators, final publish), cancel publish, stop
 * distribution, the offer's history and Compare.
 */
export function createPublishing(deps: PublishingDeps) {
  for (const p of Object.values(PIPELINES)) {
    const problems = checkPipeline(p);
    if (problems.length) throw new Error(`the ${p.offerType} publishing pipeline needs ${problems.join(', ')}`);
  }
  const handlers: OutboxHandler<never>[] = publishingHandlers({
    catalog: deps.catalog,
    clock: deps.clock,
    log: deps.log,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    probeTimeoutMs: deps.probeTimeoutMs ?? 10_000,
  });
  return {
    /** The outbox handlers of the pipeline: register them on the process's runner. */
    handlers,
    /** The offer's history for catalog changes: "Created offer", "Created plan: <name>", "Deleted plan: <name>". */
    recordCatalogEvent: async (x: Executor, e: CatalogEvent): Promise<void> => {
      // Publication events are publishing's own doing: its history already has them.
      if (e.kind !== 'OfferCreated' && e.kind !== 'PlanCreated' && e.kind !== 'PlanDeleted') return;
      const eventType = e.kind === 'OfferCreated' ? 'Created offer' : e.kind === 'PlanCreated' ? 'Created plan' : 'Deleted plan';
      await recordEvent(x, {
        offerUid: e.offerUid,
        accountId: e.accountId,
        eventType,
        subject: e.planName ?? null,
        initiatedBy: e.actor ? { kind: 'user', id: e.actor.id, displayName: e.actor.displayName } : { kind: 'system', id: null, displayName: null },
        at: e.at,
        ...(e.planId ? { details: { planId: e.planId } } : {}),
      });
    },
    /**
     * Records a version that was made live without a submission (the demo seed): publishing's view of the offer's
     * live version, and a system history event saying how it got there.
     */
    recordSeededLive: async (x: Executor, input: { offerUid: string; accountId: string; snapshotId: string; note: string }) => {
      const now = deps.clock.now();
      await setVersions(x, input.offerUid, input.accountId, now, { live_snapshot_id: input.snapshotId, preview_snapshot_id: null, preview_submission_id: null });
      await recordEvent(x, {
        offerUid: input.offerUid,
        accountId: input.accountId,
        eventType: 'Final publish',
        initiatedBy: { kind: 'system', id: null, displayName: null },
        outcome: 'Completed',
        at: now,
        details: { note: input.note },
      });
    },
    register: async (app: FastifyInstance) => {
      await app.register(async (scope) => publishingRoutes(scope, deps));
    },
  };
}

export type PublishingService = ReturnType<typeof createPublishing>;
