import { parsed, type StepRow, type SubmissionRow } from './publishing.tables.js';
import type { Finding, PhaseView, StepStatus, StepView, SubmissionView } from './publishing.types.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function stepView(s: StepRow): StepView {
  return {
    position: s.position,
    key: s.step_key,
    kind: s.kind,
    phase: s.phase,
    name: s.name,
    estimate: s.estimate,
    status: s.status,
    startedAt: iso(s.started_at),
    completedAt: iso(s.completed_at),
    detail: s.detail === null ? null : parsed(s.detail),
  };
}

/** The progress bar of the Offer overview page: one entry per phase, in order, with when it completed. */
export function phasesOf(steps: readonly StepRow[]): PhaseView[] {
  const names = [...new Set(steps.map((s) => s.phase))];
  return names.map((name) => {
    const of = steps.filter((s) => s.phase === name);
    const has = (st: StepStatus) => of.some((s) => s.status === st);
    const status: StepStatus = has('Failed')
      ? 'Failed'
      : has('Canceled')
        ? 'Canceled'
        : of.every((s) => s.status === 'Completed')
          ? 'Completed'
          : has('InProgress') || has('Completed')
            ? 'InProgress'
            : 'NotStarted';
    const done = of.map((s) => s.completed_at?.getTime() ?? 0);
    return { name, status, completedAt: status === 'Completed' ? new Date(Math.max(...done)).toISOString() : null };
  });
}

export function submissionView(r: SubmissionRow, steps: readonly StepRow[]): SubmissionView {
  return {
    submissionId: r.submission_id,
    offerId: r.offer_id,
    offerType: r.offer_type,
    kind: r.kind,
    status: r.status,
    snapshotId: r.snapshot_id,
    draftVersion: r.draft_version,
    previousOfferStatus: r.previous_offer_status,
    notesForCertification: r.notes_for_certification,
    createdAt: r.created_at.toISOString(),
    createdBy: { id: r.created_by, displayName: r.created_by_name },
    previewCreatedAt: iso(r.preview_created_at),
    signedOffAt: iso(r.signed_off_at),
    completedAt: iso(r.completed_at),
    phases: phasesOf(steps),
    steps: steps.map(stepView),
    validationReport: parsed<Finding[]>(r.validation_report),
    certification: r.certification_decision && r.certified_at ? { decision: r.certification_decision, report: r.certification_report, at: r.certified_at.toISOString() } : null,
  };
}
