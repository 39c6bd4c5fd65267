import { diff } from './diff.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type DomainError, type Result } from '../../platform/errors.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import { enqueue } from '../../platform/outbox/index.js';
import { OFFER_TYPES, type CatalogService, type OfferDetail, type OfferTypeDefinition, type PublishedDocument } from '../catalog/index.js';
import { EVENT, recordEvent } from './history.js';
import { PIPELINES, stepsFor } from './pipeline.js';
import { TOPIC, advance, setStatus } from './pipeline.jobs.js';
import { activeSubmission, findSubmission, insertSubmission, publishingOffer, stepsOf, submissionsOfOffer, updateStep, updateSubmission } from './publishing.store.js';
import type { StepRow, SubmissionRow } from './publishing.tables.js';
import type { Initiator, PageRef, SubmissionView } from './publishing.types.js';
import { canCancel } from './submission.state.js';
import { submissionView } from './views.js';

export interface ServiceEnv {
  catalog: CatalogService;
  clock: Clock;
}

/** The offer (internal id and detail) of an account, or NotFound. */
export async function offerOf(x: Executor, catalog: CatalogService, accountId: string, offerId: string): Promise<Result<{ offerUid: string; detail: OfferDetail }>> {
  if (!isGuid(accountId)) return fail('NotFound', `No offer "${offerId}" in this account.`);
  return catalog.offerForPublishing(x, accountId, offerId);
}

/** A submission of this offer, or NotFound. */
export async function submissionOf(x: Executor, offerUid: string, submissionId: string, forUpdate = false): Promise<Result<SubmissionRow>> {
  const row = isGuid(submissionId) ? await findSubmission(x, submissionId, forUpdate) : undefined;
  return row && row.offer_uid === offerUid ? ok(row) : fail('NotFound', `No submission ${submissionId} for this offer.`);
}

/** Why Publish is not possible yet: each incomplete tab's and plan's reasons (L16778-16780). */
export function incompleteReasons(detail: OfferDetail): DomainError[] {
  const out: DomainError[] = [];
  for (const tab of detail.tabs)
    for (const m of tab.missing) out.push({ code: m.code, message: `${tab.title}: ${m.message}`, target: `${tab.id}.${m.target}` });
  for (const m of detail.planOverview.missing) out.push({ code: m.code, message: `Plan overview: ${m.message}`, target: m.target });
  return out;
}

const incomplete = (detail: OfferDetail) =>
  fail('OfferIncomplete', 'Every page must be complete before the offer can be published; see details for what is missing.', { details: incompleteReasons(detail) });

/**
 * The pages a submission changed, for the History page's Pages filter: Offer setup always, Plan overview for offer
 * types with plans (L17116-17126), and every other page whose content differs from the last version that reached
 * preview (all of them on the first submission).
 */
export function pagesChanged(def: OfferTypeDefinition, doc: PublishedDocument, previous: PublishedDocument | undefined): PageRef[] {
  const pages: PageRef[] = [];
  for (const tab of def.tabs) {
    if (tab.id === 'setup') {
      pages.push({ id: tab.id, title: tab.title });
      continue;
    }
    const applies = tab.appliesTo(doc.offer.draft) || (previous !== undefined && tab.appliesTo(previous.offer.draft));
    if (!applies) continue;
    if (!previous || diff(previous.offer.draft[tab.id], doc.offer.draft[tab.id]).some((c) => c.change !== 'unchanged')) pages.push({ id: tab.id, title: tab.title });
  }
  if (def.plans) pages.push({ id: 'planOverview', title: 'Plan overview' });
  return pages;
}

async function view(x: Executor, row: SubmissionRow): Promise<SubmissionView> {
  return submissionView(row, await stepsOf(x, row.submission_id));
}

/**
 * Publish (Review and publish → Publish): freezes the draft and starts its submission to preview. One transaction:
 * the snapshot, the submission and its steps, the offer's status, the history event and the first step's job.
 */
export async function submit(
  tx: Tx,
  env: ServiceEnv,
  actor: Initiator & { id: string },
  accountId: string,
  offerId: string,
  input: { notesForCertification?: string | undefined },
): Promise<Result<SubmissionView>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const { offerUid, detail } = found.value;
  if (!detail.readyToPublish) return incomplete(detail);
  const def = OFFER_TYPES[detail.offerType];
  if (!def || !PIPELINES[detail.offerType]) return fail('Conflict', `Offers of type ${detail.offerType} cannot be published yet.`);

  // Freezing locks the offer's row: concurrent Publish (and Stop distribution) requests for one offer queue here, and
  // what is read after it is current.
  const frozen = await env.catalog.freezeDraft(tx, offerUid);
  if (!frozen.ok) return frozen;
  const current = await offerOf(tx, env.catalog, accountId, offerId);
  if (!current.ok) return current;
  if (!current.value.detail.readyToPublish) return incomplete(current.value.detail);
  const previousStatus = current.value.detail.status;
  if (previousStatus === 'PendingStopDistribution') return fail('Conflict', 'Stop distribution of this offer is in progress; publish again once it is Not available.');
  const active = await activeSubmission(tx, offerUid);
  if (active) return fail('SubmissionInProgress', `A submission of this offer is already ${active.status}; cancel it or wait until it finishes.`, { target: active.submission_id });

  const now = env.clock.now();
  const doc = frozen.value.document;
  const steps = stepsFor(detail.offerType, doc)!;
  const versions = await publishingOffer(tx, offerUid);
  const previousId = versions?.preview_snapshot_id ?? versions?.live_snapshot_id;
  const previous = previousId ? await env.catalog.getSnapshot(tx, previousId) : undefined;

  const submissionId = newGuid();
  const row: Omit<SubmissionRow, 'seq'> = {
    submission_id: submissionId,
    offer_uid: offerUid,
    account_id: accountId,
    offer_id: offerId,
    offer_type: detail.offerType,
    snapshot_id: frozen.value.snapshotId,
    draft_version: frozen.value.draftVersion,
    kind: 'preview',
    status: 'InProgress',
    previous_offer_status: previousStatus,
    notes_for_certification: input.notesForCertification?.trim() || null,
    validation_report: [],
    certification_decision: null,
    certification_report: null,
    certified_at: null,
    certified_by: null,
    created_by: actor.id,
    created_by_name: actor.displayName ?? '',
    created_at: now,
    preview_created_at: null,
    signed_off_at: null,
    signed_off_by: null,
    completed_at: null,
    updated_at: now,
  };
  const stepRows: StepRow[] = steps.map((s, position) => ({
    submission_id: submissionId,
    position,
    step_key: s.key,
    kind: s.kind,
    phase: s.phase,
    name: s.name,
    estimate: s.estimate,
    status: 'NotStarted',
    started_at: null,
    completed_at: null,
    detail: null,
  }));
  await insertSubmission(tx, row, stepRows);
  await env.catalog.setOfferStatus(tx, offerUid, 'PublishInProgress');
  await recordEvent(tx, {
    offerUid,
    accountId,
    eventType: EVENT.submitted,
    initiatedBy: actor,
    at: now,
    pagesChanged: pagesChanged(def, doc, previous?.document),
    submissionId,
    details: { draftVersion: frozen.value.draftVersion },
  });
  const stored = (await findSubmission(tx, submissionId))!;
  await advance(tx, stored, stepRows, -1, now);
  return ok(await view(tx, stored));
}

export async function listSubmissions(x: Executor, env: ServiceEnv, accountId: string, offerId: string): Promise<Result<SubmissionView[]>> {
  const found = await offerOf(x, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const rows = await submissionsOfOffer(x, found.value.offerUid);
  const out: SubmissionView[] = [];
  for (const r of rows) out.push(await view(x, r));
  return ok(out);
}

export async function getSubmission(x: Executor, env: ServiceEnv, accountId: string, offerId: string, submissionId: string): Promise<Result<SubmissionView>> {
  const found = await offerOf(x, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const row = await submissionOf(x, found.value.offerUid, submissionId);
  return row.ok ? ok(await view(x, row.value)) : row;
}

/**
 * Go live: the publisher signs off the preview (L17026-17034). The offer is publishing again; for SaaS the next step
 * is certification by an operator, then final publish.
 */
export async function goLive(tx: Tx, env: ServiceEnv, actor: Initiator, accountId: string, offerId: string, submissionId: string): Promise<Result<SubmissionView>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const got = await submissionOf(tx, found.value.offerUid, submissionId, true);
  if (!got.ok) return got;
  const sub = got.value;
  if (sub.status !== 'WaitingForSignOff') return fail('NotWaitingForSignOff', `Go live needs a preview waiting for sign-off; this submission is ${sub.status}.`);
  const other = await activeSubmission(tx, sub.offer_uid);
  if (other) return fail('SubmissionInProgress', `Another submission of this offer is ${other.status}; wait for it or cancel it first.`, { target: other.submission_id });
  const now = env.clock.now();
  const steps = await stepsOf(tx, sub.submission_id);
  const signOff = steps.find((s) => s.kind === 'signoff' && s.status === 'InProgress');
  if (!signOff) throw new Error(`submission ${sub.submission_id} waits for sign-off without a sign-off step in progress`);
  await updateStep(tx, sub.submission_id, signOff.position, { status: 'Completed', completed_at: now, detail: { by: actor.displayName } });
  sub.signed_off_at = now;
  sub.signed_off_by = actor.id;
  await updateSubmission(tx, sub.submission_id, { signed_off_at: now, signed_off_by: actor.id, updated_at: now });
  await env.catalog.setOfferStatus(tx, sub.offer_uid, 'PublishInProgress');
  await recordEvent(tx, { offerUid: sub.offer_uid, accountId: sub.account_id, eventType: EVENT.signOff, initiatedBy: actor, at: now, submissionId: sub.submission_id });
  await advance(tx, sub, steps, signOff.position, now);
  return ok(await view(tx, sub));
}

/**
 * Cancel publish, allowed only before the publisher's sign-off (L16995-16997). The request is recorded at once
 * ("Initiated submit to preview cancellation"); a job finishes it ("Canceled submission to preview", the offer back
 * to its previous status), and step jobs that are still running see the cancellation and stop.
 */
export async function cancel(tx: Tx, env: ServiceEnv, actor: Initiator, accountId: string, offerId: string, submissionId: string): Promise<Result<SubmissionView>> {
  const found = await offerOf(tx, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const got = await submissionOf(tx, found.value.offerUid, submissionId, true);
  if (!got.ok) return got;
  const sub = got.value;
  if (!canCancel(sub.status, sub.signed_off_at !== null)) {
    const why =
      sub.status === 'WaitingForSignOff'
        ? 'The preview is ready and waits for your sign-off: publishing can no longer be canceled (publish again to replace the preview).'
        : sub.signed_off_at !== null && (sub.status === 'InCertification' || sub.status === 'Publishing')
          ? 'After Go live, publishing can no longer be canceled.'
          : `This submission is ${sub.status}.`;
    return fail('CancelNotAllowed', why);
  }
  const now = env.clock.now();
  await setStatus(tx, sub, 'Canceling', now);
  await recordEvent(tx, { offerUid: sub.offer_uid, accountId: sub.account_id, eventType: EVENT.cancelInitiated, initiatedBy: actor, at: now, submissionId: sub.submission_id });
  await enqueue(tx, now, { topic: TOPIC.cancel, payload: { submissionId: sub.submission_id, initiatedBy: { ...actor } }, dedupeKey: sub.submission_id });
  return ok(await view(tx, sub));
}
