import type { Generated, Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';
import type { Finding, Initiator, PageRef, StepKind, StepStatus, SubmissionStatus } from './publishing.types.js';

export interface PublishingTables {
  publishing_submission: {
    submission_id: string;
    seq: Generated<number>;
    offer_uid: string;
    account_id: string;
    offer_id: string;
    offer_type: string;
    snapshot_id: string;
    draft_version: number;
    kind: 'preview';
    status: SubmissionStatus;
    previous_offer_status: string;
    notes_for_certification: string | null;
    validation_report: Finding[];
    certification_decision: 'Approved' | 'Rejected' | null;
    certification_report: string | null;
    certified_at: Date | null;
    certified_by: string | null;
    created_by: string;
    created_by_name: string;
    created_at: Date;
    preview_created_at: Date | null;
    signed_off_at: Date | null;
    signed_off_by: string | null;
    completed_at: Date | null;
    updated_at: Date;
  };
  publishing_submission_step: {
    submission_id: string;
    position: number;
    step_key: string;
    kind: StepKind;
    phase: string;
    name: string;
    estimate: string;
    status: StepStatus;
    started_at: Date | null;
    completed_at: Date | null;
    detail: unknown;
  };
  publishing_offer: {
    offer_uid: string;
    account_id: string;
    preview_snapshot_id: string | null;
    preview_submission_id: string | null;
    live_snapshot_id: string | null;
    live_submission_id: string | null;
    updated_at: Date;
  };
  publishing_history_event: {
    event_id: string;
    seq: Generated<number>;
    offer_uid: string;
    account_id: string;
    event_type: string;
    subject: string | null;
    initiated_kind: Initiator['kind'];
    initiated_id: string | null;
    initiated_name: string | null;
    outcome: 'Completed' | 'Failed' | null;
    at: Date;
    pages_changed: PageRef[];
    submission_id: string | null;
    details: Record<string, unknown>;
  };
}

export type SubmissionRow = Omit<PublishingTables['publishing_submission'], 'seq'> & { seq: number };
export type StepRow = PublishingTables['publishing_submission_step'];
export type HistoryRow = Omit<PublishingTables['publishing_history_event'], 'seq'> & { seq: number };
export type PublishingOfferRow = PublishingTables['publishing_offer'];

export const pq = (x: Executor): Kysely<PublishingTables> => tables<PublishingTables>(x);

/** jsonb values are written as JSON text so that arrays stay JSON on both engines. */
export const json = <T>(value: T): T => JSON.stringify(value) as unknown as T;

/** jsonb read back: an object on both engines, but tolerate text. */
export const parsed = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
