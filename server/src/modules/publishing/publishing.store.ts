import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { ACTIVE } from './submission.state.js';
import { json, pq, type HistoryRow, type PublishingOfferRow, type StepRow, type SubmissionRow } from './publishing.tables.js';

type NewSubmission = Omit<SubmissionRow, 'seq'>;

export async function insertSubmission(x: Executor, row: NewSubmission, steps: StepRow[]): Promise<void> {
  await pq(x)
    .insertInto('publishing_submission')
    .values({ ...row, validation_report: json(row.validation_report) })
    .execute();
  if (steps.length) await pq(x).insertInto('publishing_submission_step').values(steps.map((s) => ({ ...s, detail: s.detail === null ? null : json(s.detail) }))).execute();
}

export async function findSubmission(x: Executor, submissionId: string, forUpdate = false): Promise<SubmissionRow | undefined> {
  let q = pq(x).selectFrom('publishing_submission').selectAll().where('submission_id', '=', submissionId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function stepsOf(x: Executor, submissionId: string): Promise<StepRow[]> {
  return pq(x).selectFrom('publishing_submission_step').selectAll().where('submission_id', '=', submissionId).orderBy('position').execute();
}

export async function stepsOfMany(x: Executor, submissionIds: readonly string[]): Promise<Map<string, StepRow[]>> {
  const out = new Map<string, StepRow[]>();
  if (submissionIds.length === 0) return out;
  const rows = await pq(x).selectFrom('publishing_submission_step').selectAll().where('submission_id', 'in', submissionIds).orderBy('submission_id').orderBy('position').execute();
  for (const r of rows) out.set(r.submission_id, [...(out.get(r.submission_id) ?? []), r]);
  return out;
}

export async function submissionsOfOffer(x: Executor, offerUid: string, limit = 50): Promise<SubmissionRow[]> {
  return pq(x).selectFrom('publishing_submission').selectAll().where('offer_uid', '=', offerUid).orderBy('seq', 'desc').limit(limit).execute();
}

/** The submission of the offer that is moving through the pipeline, if any. */
export async function activeSubmission(x: Executor, offerUid: string): Promise<SubmissionRow | undefined> {
  return pq(x).selectFrom('publishing_submission').selectAll().where('offer_uid', '=', offerUid).where('status', 'in', [...ACTIVE]).executeTakeFirst();
}

export async function waitingSubmissions(x: Executor, offerUid: string): Promise<SubmissionRow[]> {
  return pq(x).selectFrom('publishing_submission').selectAll().where('offer_uid', '=', offerUid).where('status', '=', 'WaitingForSignOff').forUpdate().execute();
}

export async function updateSubmission(x: Executor, submissionId: string, patch: Partial<Omit<SubmissionRow, 'submission_id' | 'seq'>>): Promise<void> {
  const values = { ...patch, ...(patch.validation_report !== undefined ? { validation_report: json(patch.validation_report) } : {}) };
  await pq(x).updateTable('publishing_submission').set(values).where('submission_id', '=', submissionId).execute();
}

export async function updateStep(x: Executor, submissionId: string, position: number, patch: Partial<Pick<StepRow, 'status' | 'started_at' | 'completed_at' | 'detail'>>): Promise<void> {
  const values = { ...patch, ...(patch.detail !== undefined ? { detail: patch.detail === null ? null : json(patch.detail) } : {}) };
  await pq(x).updateTable('publishing_submission_step').set(values).where('submission_id', '=', submissionId).where('position', '=', position).execute();
}

/** Submissions an operator has to certify, oldest sign-off first. */
export async function inCertification(x: Executor, limit: number): Promise<SubmissionRow[]> {
  return pq(x).selectFrom('publishing_submission').selectAll().where('status', '=', 'InCertification').orderBy('seq').limit(limit).execute();
}

// ---- the offer's preview and live versions ----

export async function publishingOffer(x: Executor, offerUid: string): Promise<PublishingOfferRow | undefined> {
  return pq(x).selectFrom('publishing_offer').selectAll().where('offer_uid', '=', offerUid).executeTakeFirst();
}

export async function setVersions(
  x: Executor,
  offerUid: string,
  accountId: string,
  now: Date,
  patch: Partial<Pick<PublishingOfferRow, 'preview_snapshot_id' | 'preview_submission_id' | 'live_snapshot_id' | 'live_submission_id'>>,
): Promise<void> {
  await pq(x)
    .insertInto('publishing_offer')
    .values({ offer_uid: offerUid, account_id: accountId, preview_snapshot_id: null, preview_submission_id: null, live_snapshot_id: null, live_submission_id: null, ...patch, updated_at: now })
    .onConflict((oc) => oc.column('offer_uid').doUpdateSet({ ...patch, updated_at: now }))
    .execute();
}

// ---- history ----

export async function insertHistory(x: Executor, row: Omit<HistoryRow, 'seq'>): Promise<void> {
  await pq(x)
    .insertInto('publishing_history_event')
    .values({ ...row, pages_changed: json(row.pages_changed), details: json(row.details) })
    .execute();
}

export interface HistoryFilter {
  eventTypes?: readonly string[];
  /** Kinds ("user", "system", "microsoft") or principal ids. */
  initiatedBy?: readonly string[];
  from?: Date;
  to?: Date;
  /** Page ids or titles: "Submitted offer to preview" events that changed one of them. */
  pages?: readonly string[];
  top: number;
  skip: number;
}

export async function listHistory(x: Executor, offerUid: string, f: HistoryFilter): Promise<{ rows: HistoryRow[]; total: number }> {
  let q = pq(x).selectFrom('publishing_history_event').where('offer_uid', '=', offerUid);
  if (f.eventTypes?.length) {
    const types = [...f.eventTypes];
    // A type matches the base type or the full text shown ("Initiated plan Stop distribution: Standard").
    q = q.where((eb) =>
      eb.or([eb('event_type', 'in', types), eb(sql<string>`event_type || coalesce(': ' || subject, '')`, 'in', types)]),
    );
  }
  if (f.initiatedBy?.length) {
    const who = [...f.initiatedBy];
    q = q.where((eb) => eb.or([eb('initiated_kind', 'in', who as HistoryRow['initiated_kind'][]), eb('initiated_id', 'in', who)]));
  }
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  if (f.pages?.length) {
    const pages = [...f.pages];
    q = q.where((eb) =>
      eb.or(pages.flatMap((p) => [sql<boolean>`pages_changed @> ${JSON.stringify([{ id: p }])}::jsonb`, sql<boolean>`pages_changed @> ${JSON.stringify([{ title: p }])}::jsonb`].map((s) => eb(s, '=', true)))),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('at', 'desc').orderBy('seq', 'desc').limit(f.top).offset(f.skip).execute();
  return { rows, total: Number(total.n) };
}
