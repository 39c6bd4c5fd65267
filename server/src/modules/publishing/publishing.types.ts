import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { OutboxRunner } from '../../platform/outbox/index.js';
import type { CatalogService } from '../catalog/index.js';

export interface PublishingDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  catalog: CatalogService;
  /** The publisher's display name for the certification queue (accounts module); optional. */
  accounts?: { getAccount(x: Executor, accountId: string): Promise<{ ok: true; value: { displayName: string } } | { ok: false }> } | undefined;
  /** Woken after a change that enqueued pipeline work, so that it starts at once. */
  runner?: OutboxRunner | undefined;
  /** How long offer validation waits for the landing page and the webhook (10 s). */
  probeTimeoutMs?: number;
  /** The HTTP client for validation probes and test leads (tests may stub it). */
  fetch?: typeof fetch;
}

/**
 * A submission's state. `InProgress`: automated steps before the publisher's sign-off; `WaitingForSignOff`: the
 * preview exists and waits for Go live; `InCertification`: an operator reviews it; `Publishing`: automated steps
 * after sign-off (final publish); `Canceling`: cancel requested, being processed; `Superseded`: a newer submission's
 * preview replaced this one's before it went live.
 */
export type SubmissionStatus = 'InProgress' | 'WaitingForSignOff' | 'InCertification' | 'Publishing' | 'Completed' | 'Failed' | 'Canceling' | 'Canceled' | 'Superseded';
export type StepStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Canceled';
/** `automated`: an outbox job runs it; `signoff`: the publisher's Go live; `manual`: an operator certifies. */
export type StepKind = 'automated' | 'signoff' | 'manual';

/** One entry of the validation report. Offer validation only ever warns (it never blocks preview creation). */
export interface Finding {
  severity: 'warning' | 'error';
  target: string;
  message: string;
  /** The step that found it. */
  step: string;
}

export interface Initiator {
  kind: 'user' | 'system' | 'microsoft' | 'unidentified';
  id: string | null;
  displayName: string | null;
}

/** A page of the offer (a tab, or the plan overview), as the History page's Pages filter names it. */
export interface PageRef {
  id: string;
  title: string;
}

export interface StepView {
  position: number;
  key: string;
  kind: StepKind;
  phase: string;
  name: string;
  estimate: string;
  status: StepStatus;
  startedAt: string | null;
  completedAt: string | null;
  detail: unknown;
}

export interface PhaseView {
  name: string;
  status: StepStatus;
  completedAt: string | null;
}

export interface SubmissionView {
  submissionId: string;
  offerId: string;
  offerType: string;
  kind: 'preview';
  status: SubmissionStatus;
  snapshotId: string;
  draftVersion: number;
  previousOfferStatus: string;
  notesForCertification: string | null;
  createdAt: string;
  createdBy: { id: string; displayName: string };
  previewCreatedAt: string | null;
  signedOffAt: string | null;
  completedAt: string | null;
  phases: PhaseView[];
  steps: StepView[];
  validationReport: Finding[];
  certification: { decision: 'Approved' | 'Rejected'; report: string | null; at: string } | null;
}

export interface HistoryEventView {
  eventId: string;
  eventType: string;
  /** As the History page shows it: "Initiated plan Stop distribution: Standard". */
  event: string;
  subject: string | null;
  initiatedBy: Initiator;
  outcome: 'Completed' | 'Failed' | null;
  at: string;
  pagesChanged: PageRef[];
  submissionId: string | null;
  details: Record<string, unknown>;
}

export interface Change {
  path: string;
  change: 'added' | 'removed' | 'edited' | 'unchanged';
  before: unknown;
  after: unknown;
}
