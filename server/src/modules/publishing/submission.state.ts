import type { StepKind, SubmissionStatus } from './publishing.types.js';

/** Submissions moving through the pipeline: at most one per offer (a unique index backs this). */
export const ACTIVE: readonly SubmissionStatus[] = ['InProgress', 'InCertification', 'Publishing', 'Canceling'];
export const FINISHED: readonly SubmissionStatus[] = ['Completed', 'Failed', 'Canceled', 'Superseded'];

/** The allowed transitions of a submission. */
export const TRANSITIONS: Readonly<Record<SubmissionStatus, readonly SubmissionStatus[]>> = {
  InProgress: ['InProgress', 'WaitingForSignOff', 'InCertification', 'Completed', 'Failed', 'Canceling'],
  // A newer submission's preview replaces a preview that waits for sign-off; stopping distribution drops it too.
  WaitingForSignOff: ['InCertification', 'Publishing', 'InProgress', 'Completed', 'Superseded'],
  InCertification: ['InProgress', 'WaitingForSignOff', 'Publishing', 'Completed', 'Failed', 'Canceling'],
  Publishing: ['Publishing', 'InCertification', 'Completed', 'Failed'],
  Canceling: ['Canceled'],
  Completed: [],
  Failed: [],
  Canceled: [],
  Superseded: [],
};

export function canTransition(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const isActive = (status: SubmissionStatus): boolean => ACTIVE.includes(status);

/**
 * The submission's status once a step of `kind` is the current one. Automated steps before the sign-off belong to
 * the submission to preview, after it to the publish phase.
 */
export function statusForStep(kind: StepKind | undefined, signedOff: boolean): SubmissionStatus {
  if (kind === undefined) return 'Completed';
  if (kind === 'signoff') return 'WaitingForSignOff';
  if (kind === 'manual') return 'InCertification';
  return signedOff ? 'Publishing' : 'InProgress';
}

/**
 * Cancel publish is possible only before the publisher's sign-off (L16995-16997): while automated validation (or,
 * for offer types that certify before preview, certification) runs. Once the preview waits for Go live, the
 * publisher replaces it by publishing again instead.
 */
export function canCancel(status: SubmissionStatus, signedOff: boolean): boolean {
  return !signedOff && (status === 'InProgress' || status === 'InCertification');
}
