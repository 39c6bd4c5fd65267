import type { Executor, Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import type { PublishedDocument } from '../catalog/index.js';
import { EVENT, recordEvent } from './history.js';
import { advance, setStatus } from './pipeline.jobs.js';
import { findSubmission, inCertification, stepsOf, updateStep } from './publishing.store.js';
import { parsed, type SubmissionRow } from './publishing.tables.js';
import type { PublishingDeps, Finding, Initiator, SubmissionView } from './publishing.types.js';
import type { ServiceEnv } from './submission.service.js';
import { submissionView } from './views.js';

export interface CertificationEnv extends ServiceEnv {
  accounts?: PublishingDeps['accounts'];
}

export interface QueueItem {
  submissionId: string;
  offer: { offerId: string; alias: string; name: string | null; offerType: string };
  publisher: { accountId: string; displayName: string | null };
  submittedAt: string;
  signedOffAt: string | null;
  notesForCertification: string | null;
  validationReport: Finding[];
}

async function item(x: Executor, env: CertificationEnv, r: SubmissionRow, doc: PublishedDocument | undefined): Promise<QueueItem> {
  const account = env.accounts ? await env.accounts.getAccount(x, r.account_id) : undefined;
  const listing = doc?.offer.draft.listing as { name?: string } | undefined;
  return {
    submissionId: r.submission_id,
    offer: { offerId: r.offer_id, alias: doc?.offer.alias ?? r.offer_id, name: listing?.name ?? null, offerType: r.offer_type },
    publisher: { accountId: r.account_id, displayName: account?.ok ? account.value.displayName : null },
    submittedAt: r.created_at.toISOString(),
    signedOffAt: r.signed_off_at?.toISOString() ?? null,
    notesForCertification: r.notes_for_certification,
    validationReport: parsed<Finding[]>(r.validation_report),
  };
}

/** The certification queue: submissions waiting for an operator, oldest first. */
export async function certificationQueue(x: Executor, env: CertificationEnv, limit = 200): Promise<QueueItem[]> {
  const out: QueueItem[] = [];
  for (const r of await inCertification(x, limit)) out.push(await item(x, env, r, (await env.catalog.getSnapshot(x, r.snapshot_id))?.document));
  return out;
}

/** One submission under review: the queue entry, its steps, and the frozen document the operator certifies. */
export async function certificationItem(
  x: Executor,
  env: CertificationEnv,
  submissionId: string,
): Promise<Result<QueueItem & { status: string; submission: SubmissionView; snapshot: { snapshotId: string; draftVersion: number; document: PublishedDocument } }>> {
  const r = isGuid(submissionId) ? await findSubmission(x, submissionId) : undefined;
  if (!r) return fail('NotFound', `No submission ${submissionId}.`);
  const snap = await env.catalog.getSnapshot(x, r.snapshot_id);
  if (!snap) return fail('NotFound', `The snapshot of submission ${submissionId} is gone.`);
  return ok({
    ...(await item(x, env, r, snap.document)),
    status: r.status,
    submission: submissionView(r, await stepsOf(x, r.submission_id)),
    snapshot: { snapshotId: snap.snapshotId, draftVersion: snap.draftVersion, document: snap.document },
  });
}

async function underReview(tx: Tx, submissionId: string): Promise<Result<{ sub: SubmissionRow; steps: Awaited<ReturnType<typeof stepsOf>>; position: number }>> {
  const sub = isGuid(submissionId) ? await findSubmission(tx, submissionId, true) : undefined;
  if (!sub) return fail('NotFound', `No submission ${submissionId}.`);
  if (sub.status !== 'InCertification') return fail('NotInCertification', `This submission is ${sub.status}, not waiting for certification.`);
  const steps = await stepsOf(tx, sub.submission_id);
  const step = steps.find((s) => s.kind === 'manual' && s.status === 'InProgress');
  if (!step) throw new Error(`submission ${sub.submission_id} is in certification without a certification step in progress`);
  return ok({ sub, steps, position: step.position });
}

/** The operator certifies the submission: the pipeline continues (for SaaS: final publish). */
export async function approve(tx: Tx, env: CertificationEnv, operator: Initiator, submissionId: string, report: string | undefined): Promise<Result<SubmissionView>> {
  const got = await underReview(tx, submissionId);
  if (!got.ok) return got;
  const { sub, steps, position } = got.value;
  const now = env.clock.now();
  const notes = report?.trim() || null;
  await updateStep(tx, sub.submission_id, position, { status: 'Completed', completed_at: now, detail: { decision: 'Approved', report: notes } });
  await setStatus(tx, sub, sub.status, now, { certification_decision: 'Approved', certification_report: notes, certified_at: now, certified_by: operator.id });
  Object.assign(sub, { certification_decision: 'Approved', certification_report: notes, certified_at: now, certified_by: operator.id });
  await recordEvent(tx, { offerUid: sub.offer_uid, accountId: sub.account_id, eventType: EVENT.certification, initiatedBy: operator, outcome: 'Completed', at: now, submissionId: sub.submission_id });
  await advance(tx, sub, steps, position, now);
  return ok(submissionView(sub, await stepsOf(tx, sub.submission_id)));
}

/**
 * The operator fails certification with a report of the failed policies and notes (L16969-16975): the submission
 * fails, the offer needs attention, and the report is on the submission for the publisher, who fixes the draft and
 * publishes again (as often as needed).
 */
export async function reject(tx: Tx, env: CertificationEnv, operator: Initiator, submissionId: string, report: string): Promise<Result<SubmissionView>> {
  const text = report.trim();
  if (!text) return fail('ValidationFailed', 'The certification failure report is required: list the failed policies and your notes.', { target: 'report' });
  const got = await underReview(tx, submissionId);
  if (!got.ok) return got;
  const { sub, position } = got.value;
  const now = env.clock.now();
  await updateStep(tx, sub.submission_id, position, { status: 'Failed', completed_at: now, detail: { decision: 'Rejected' } });
  await setStatus(tx, sub, 'Failed', now, { certification_decision: 'Rejected', certification_report: text, certified_at: now, certified_by: operator.id, completed_at: now });
  Object.assign(sub, { certification_decision: 'Rejected', certification_report: text, certified_at: now, certified_by: operator.id, completed_at: now });
  await env.catalog.setOfferStatus(tx, sub.offer_uid, 'AttentionNeeded');
  await recordEvent(tx, { offerUid: sub.offer_uid, accountId: sub.account_id, eventType: EVENT.certification, initiatedBy: operator, outcome: 'Failed', at: now, submissionId: sub.submission_id });
  return ok(submissionView(sub, await stepsOf(tx, sub.submission_id)));
}
