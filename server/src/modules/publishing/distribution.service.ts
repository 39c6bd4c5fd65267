import type { Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import type { PlanState } from '../catalog/index.js';
import { EVENT, recordEvent } from './history.js';
import { TOPIC, setStatus } from './pipeline.jobs.js';
import { activeSubmission, publishingOffer, waitingSubmissions } from './publishing.store.js';
import type { Initiator } from './publishing.types.js';
import { offerOf, type ServiceEnv } from './submission.service.js';

/**
 * Stop distribution of an offer (L17317-17334): the offer is Pending Stop distribution at once and, when the job has
 * run, Not available: new customers can no longer find or buy it; existing customers keep it.
 */
export async function stopOfferDistribution(tx: Tx, env: ServiceEnv, actor: Initiator, accountId: string, offerId: string): Promise<Result<{ offerId: string; status: 'PendingStopDistribution' }>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const { offerUid, detail } = found.value;
  const versions = await publishingOffer(tx, offerUid);
  const live = detail.status === 'Live' || (versions?.live_snapshot_id != null && (detail.status === 'Preview' || detail.status === 'AttentionNeeded'));
  if (!live) return fail('NotLive', `Only a live offer can stop distribution; this offer is ${detail.status}.`);
  // Setting the status locks the offer's row first, so a Publish that got there before is seen below (and one that
  // comes after sees this); a refusal rolls the status back.
  await env.catalog.setOfferStatus(tx, offerUid, 'PendingStopDistribution');
  const active = await activeSubmission(tx, offerUid);
  if (active) return fail('SubmissionInProgress', `A submission of this offer is ${active.status}; wait for it or cancel it first.`, { target: active.submission_id });
  const now = env.clock.now();
  // A preview waiting for Go live goes with the live version.
  for (const waiting of await waitingSubmissions(tx, offerUid)) await setStatus(tx, waiting, 'Superseded', now, { completed_at: now });
  await recordEvent(tx, { offerUid, accountId, eventType: EVENT.offerStop, initiatedBy: actor, at: now });
  await enqueue(tx, now, { topic: TOPIC.stopDistribution, payload: { offerUid, accountId, offerId } });
  return ok({ offerId, status: 'PendingStopDistribution' as const });
}

/**
 * Stop distribution of a live plan, or resume it while the stop is pending (L16627-16635). The stop takes effect at
 * the offer's next publish (the catalog leaves the plan out of the next snapshot and stops it at Go live).
 */
export async function planDistribution(
  tx: Tx,
  env: ServiceEnv,
  actor: Initiator,
  accountId: string,
  offerId: string,
  planId: string,
  action: 'stop' | 'resume',
): Promise<Result<{ planId: string; state: PlanState }>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const { offerUid, detail } = found.value;
  const plan = detail.planList.find((p) => p.planId === planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in this offer.`);
  const changed = await env.catalog.setPlanDistribution(tx, offerUid, planId, action);
  if (!changed.ok) return changed;
  await recordEvent(tx, {
    offerUid,
    accountId,
    eventType: action === 'stop' ? EVENT.planStop : EVENT.planResume,
    subject: plan.name,
    initiatedBy: actor,
    at: env.clock.now(),
    details: { planId },
  });
  return ok({ planId, state: changed.value });
}

/**
 * "Sync private audience" (L2287, L16634): publishes only a live private plan's audience changes, with no other
 * pending edit and no certification, and records the history event.
 */
export async function syncPrivateAudience(
  tx: Tx,
  env: ServiceEnv,
  actor: Initiator,
  accountId: string,
  offerId: string,
  planId: string,
): Promise<Result<{ planId: string; added: number; removed: number; audienceSize: number }>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const { offerUid } = found.value;
  const synced = await env.catalog.syncPlanAudience(tx, offerUid, planId);
  if (!synced.ok) return synced;
  const { planName, added, removed, size } = synced.value;
  await recordEvent(tx, { offerUid, accountId, eventType: EVENT.syncAudience, subject: planName, initiatedBy: actor, at: env.clock.now(), details: { planId, added, removed, audienceSize: size } });
  return ok({ planId, added, removed, audienceSize: size });
}
