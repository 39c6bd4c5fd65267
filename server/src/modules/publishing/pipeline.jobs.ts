import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import { enqueue, type HandlerContext, type HandlerResult, type OutboxHandler, type OutboxMessage } from '../../platform/outbox/index.js';
import type { CatalogService } from '../catalog/index.js';
import { EVENT, SYSTEM, recordEvent } from './history.js';
import type { StepKey } from './pipeline.js';
import { STEP_RUNNERS, type CheckResult } from './pipeline.steps.js';
import { findSubmission, setVersions, stepsOf, updateStep, updateSubmission, waitingSubmissions } from './publishing.store.js';
import { parsed, type StepRow, type SubmissionRow } from './publishing.tables.js';
import type { Finding, Initiator, SubmissionStatus } from './publishing.types.js';
import { canTransition, statusForStep } from './submission.state.js';

export const TOPIC = {
  runStep: 'publishing.run-step',
  cancel: 'publishing.cancel',
  stopDistribution: 'publishing.stop-distribution',
} as const;

export interface JobEnv {
  catalog: CatalogService;
  clock: Clock;
  log: Logger;
  fetch: typeof fetch;
  probeTimeoutMs: number;
}

type RunStepPayload = { submissionId: string; position: number };
type CancelPayload = { submissionId: string; initiatedBy: Initiator };
type StopPayload = { offerUid: string; accountId: string; offerId: string };

const RUN_STEP_RETRY = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, jitter: 0.2 };

export async function setStatus(x: Executor, sub: SubmissionRow, to: SubmissionStatus, now: Date, extra: Parameters<typeof updateSubmission>[2] = {}): Promise<void> {
  if (sub.status !== to && !canTransition(sub.status, to)) throw new Error(`submission ${sub.submission_id}: ${sub.status} -> ${to} is not a transition`);
  await updateSubmission(x, sub.submission_id, { ...extra, status: to, updated_at: now });
  sub.status = to;
}

/**
 * Moves a submission to the step after `from` (−1: the first): an automated step is started and enqueued; the
 * sign-off waits for the publisher's Go live; certification waits for an operator; after the last step the submission
 * is complete. Call it in the transaction that finished the previous step.
 */
export async function advance(tx: Tx, sub: SubmissionRow, steps: readonly StepRow[], from: number, now: Date): Promise<void> {
  const next = steps.find((s) => s.position > from);
  const status = statusForStep(next?.kind, sub.signed_off_at !== null);
  if (!next) {
    await setStatus(tx, sub, status, now, { completed_at: now });
    return;
  }
  await updateStep(tx, sub.submission_id, next.position, { status: 'InProgress', started_at: now });
  await setStatus(tx, sub, status, now);
  if (next.kind === 'automated')
    await enqueue(tx, now, { topic: TOPIC.runStep, payload: { submissionId: sub.submission_id, position: next.position }, dedupeKey: `${sub.submission_id}:${next.position}` });
}

/** Whether a step job still has work: its submission runs automated steps and the step is the current one. */
const stillRunning = (sub: SubmissionRow | undefined, step: StepRow | undefined): boolean =>
  !!sub && !!step && step.status === 'InProgress' && (sub.status === 'InProgress' || sub.status === 'Publishing');

async function recordStep(tx: Tx, sub: SubmissionRow, step: StepRow, outcome: 'Completed' | 'Failed', now: Date, details: Record<string, unknown> = {}): Promise<void> {
  await recordEvent(tx, { offerUid: sub.offer_uid, accountId: sub.account_id, eventType: step.name, initiatedBy: SYSTEM, outcome, at: now, submissionId: sub.submission_id, details });
}

/** A step that cannot complete: the submission fails and the offer needs attention (L16873). */
export async function failSubmission(tx: Tx, catalog: CatalogService, sub: SubmissionRow, step: StepRow, now: Date, finding: Omit<Finding, 'step'>, detail: unknown): Promise<void> {
  await updateStep(tx, sub.submission_id, step.position, { status: 'Failed', completed_at: now, detail });
  const report = [...parsed<Finding[]>(sub.validation_report), { ...finding, step: step.name }];
  await setStatus(tx, sub, 'Failed', now, { completed_at: now, validation_report: report });
  await catalog.setOfferStatus(tx, sub.offer_uid, 'AttentionNeeded');
  await recordStep(tx, sub, step, 'Failed', now, { message: finding.message });
}

export function publishingHandlers(env: JobEnv): OutboxHandler<never>[] {
  const runStep: OutboxHandler<RunStepPayload> = {
    topic: TOPIC.runStep,
    retry: RUN_STEP_RETRY,
    async handle(message: OutboxMessage<RunStepPayload>, ctx: HandlerContext): Promise<HandlerResult> {
      const { submissionId, position } = message.payload;
      const sub = await findSubmission(ctx.db, submissionId);
      const step = sub && (await stepsOf(ctx.db, submissionId)).find((s) => s.position === position);
      if (!sub || !step || !stillRunning(sub, step)) return { detail: { skipped: `the submission is ${sub?.status ?? 'gone'}` } };
      const runner = STEP_RUNNERS[step.step_key as StepKey];
      try {
        let result: CheckResult = { findings: [], detail: {} };
        if (runner?.check) {
          const snapshot = await env.catalog.getSnapshot(ctx.db, sub.snapshot_id);
          if (!snapshot) throw new Error(`snapshot ${sub.snapshot_id} does not exist`);
          result = await runner.check(snapshot.document, env);
        }
        let outcome = 'completed';
        await ctx.db.transaction().execute(async (tx) => {
          // Settle under the submission's lock: a cancellation may have come while the checks ran.
          const current = await findSubmission(tx, submissionId, true);
          const steps = await stepsOf(tx, submissionId);
          const currentStep = steps.find((s) => s.position === position);
          if (!current || !currentStep || !stillRunning(current, currentStep)) {
            outcome = `skipped: the submission is ${current?.status ?? 'gone'}`;
            await ctx.completeIn(tx);
            return;
          }
          const now = env.clock.now();
          await runner?.apply?.(tx, { catalog: env.catalog, now, submission: current });
          const findings: Finding[] = result.findings.map((f) => ({ ...f, step: step.name }));
          await updateStep(tx, submissionId, position, { status: 'Completed', completed_at: now, detail: { ...result.detail, findings: findings.length } });
          if (findings.length) await updateSubmission(tx, submissionId, { validation_report: [...parsed<Finding[]>(current.validation_report), ...findings] });
          await recordStep(tx, current, currentStep, 'Completed', now, findings.length ? { warnings: findings.length } : {});
          await advance(tx, current, steps, position, now);
          await ctx.completeIn(tx);
        });
        return { detail: { step: step.name, outcome } };
      } catch (error) {
        // Out of retries: the step fails (the submission needs the publisher's attention) rather than hanging.
        if (message.attempt < RUN_STEP_RETRY.maxAttempts) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        env.log.error({ err: error, submissionId, step: step.name }, 'publishing step failed for good');
        await ctx.db.transaction().execute(async (tx) => {
          const current = await findSubmission(tx, submissionId, true);
          const currentStep = (await stepsOf(tx, submissionId)).find((s) => s.position === position);
          if (current && currentStep && stillRunning(current, currentStep))
            await failSubmission(tx, env.catalog, current, currentStep, env.clock.now(), { severity: 'error', target: step.name, message: `The step could not complete: ${reason}` }, { error: reason });
          await ctx.completeIn(tx);
        });
        return { detail: { step: step.name, outcome: 'failed', error: reason } };
      }
    },
  };

  const cancel: OutboxHandler<CancelPayload> = {
    topic: TOPIC.cancel,
    async handle(message, ctx) {
      await ctx.db.transaction().execute(async (tx) => {
        const sub = await findSubmission(tx, message.payload.submissionId, true);
        if (sub?.status === 'Canceling') {
          const now = env.clock.now();
          for (const s of await stepsOf(tx, sub.submission_id)) if (s.status === 'InProgress') await updateStep(tx, sub.submission_id, s.position, { status: 'Canceled', completed_at: now });
          await setStatus(tx, sub, 'Canceled', now, { completed_at: now });
          await env.catalog.setOfferStatus(tx, sub.offer_uid, sub.previous_offer_status as Parameters<CatalogService['setOfferStatus']>[2]);
          await recordEvent(tx, {
            offerUid: sub.offer_uid,
            accountId: sub.account_id,
            eventType: EVENT.canceled,
            initiatedBy: message.payload.initiatedBy,
            at: now,
            submissionId: sub.submission_id,
            details: { restoredStatus: sub.previous_offer_status },
          });
        }
        await ctx.completeIn(tx);
      });
    },
  };

  const stopDistribution: OutboxHandler<StopPayload> = {
    topic: TOPIC.stopDistribution,
    async handle(message, ctx) {
      const { offerUid, accountId, offerId } = message.payload;
      await ctx.db.transaction().execute(async (tx) => {
        const found = await env.catalog.offerForPublishing(tx, accountId, offerId);
        if (found.ok && found.value.offerUid === offerUid && found.value.detail.status === 'PendingStopDistribution') {
          const now = env.clock.now();
          await env.catalog.stopOfferDistribution(tx, offerUid);
          for (const waiting of await waitingSubmissions(tx, offerUid)) await setStatus(tx, waiting, 'Superseded', now, { completed_at: now });
          await setVersions(tx, offerUid, accountId, now, { live_snapshot_id: null, live_submission_id: null, preview_snapshot_id: null, preview_submission_id: null });
        }
        await ctx.completeIn(tx);
      });
    },
  };

  return [runStep, cancel, stopDistribution] as unknown as OutboxHandler<never>[];
}
