import type { Executor } from '../../platform/db/index.js';
import type { Principal } from '../../platform/http/index.js';
import { newGuid } from '../../platform/ids.js';
import { insertHistory } from './publishing.store.js';
import type { HistoryRow } from './publishing.tables.js';
import type { HistoryEventView, Initiator, PageRef } from './publishing.types.js';

/**
 * The History page's events (L17086-17101). System events (validation and publishing steps) are recorded under the
 * step's name ("Offer validation", "Preview creation", "Final publish") with how the step ended (L17153-17158).
 *
 * "Created offer", "Created plan: <name>" and "Deleted plan: <name>" come from the catalog's events
 * (`recordCatalogEvent`); "Sync private audience: <name>" comes from the sync action.
 */
export const EVENT = {
  submitted: 'Submitted offer to preview',
  cancelInitiated: 'Initiated submit to preview cancellation',
  canceled: 'Canceled submission to preview',
  signOff: 'Sign-off to go live',
  planStop: 'Initiated plan Stop distribution',
  planResume: 'Resume distribution',
  offerStop: 'Stop distribution offer',
  syncAudience: 'Sync private audience',
  certification: 'Certification',
} as const;

export const SYSTEM: Initiator = { kind: 'system', id: null, displayName: null };

/** Who is acting, as the History page shows them. Apps act for the account like its users. */
export function initiatorOf(principal: Principal | null): Initiator {
  if (!principal) return { kind: 'unidentified', id: null, displayName: null };
  if (principal.kind === 'user') return { kind: 'user', id: principal.userId, displayName: principal.displayName };
  return { kind: 'user', id: principal.objectId, displayName: `Application ${principal.appId}` };
}

/**
 * Marketplace staff act as the marketplace, the way Partner Center shows "Microsoft" for Microsoft's administrators
 * (L17140-17145): the publisher sees the marketplace, not the reviewer's name.
 */
export const operatorInitiator = (principal: Principal | null): Initiator => ({
  kind: 'microsoft',
  id: principal?.kind === 'user' ? principal.userId : null,
  displayName: 'Marketplace operator',
});

export interface NewEvent {
  offerUid: string;
  accountId: string;
  eventType: string;
  subject?: string | null;
  initiatedBy: Initiator;
  outcome?: 'Completed' | 'Failed' | null;
  at: Date;
  pagesChanged?: PageRef[];
  submissionId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordEvent(x: Executor, e: NewEvent): Promise<void> {
  await insertHistory(x, {
    event_id: newGuid(),
    offer_uid: e.offerUid,
    account_id: e.accountId,
    event_type: e.eventType,
    subject: e.subject ?? null,
    initiated_kind: e.initiatedBy.kind,
    initiated_id: e.initiatedBy.id,
    initiated_name: e.initiatedBy.displayName,
    outcome: e.outcome ?? null,
    at: e.at,
    pages_changed: e.pagesChanged ?? [],
    submission_id: e.submissionId ?? null,
    details: e.details ?? {},
  });
}

export function historyView(r: HistoryRow): HistoryEventView {
  // Partner Center removes the names of users whose permissions were withdrawn ("Unidentified user", L17147-17151);
  // the accounts module has no hook for that yet, so names stay as recorded.
  return {
    eventId: r.event_id,
    eventType: r.event_type,
    event: r.subject ? `${r.event_type}: ${r.subject}` : r.event_type,
    subject: r.subject,
    initiatedBy: { kind: r.initiated_kind, id: r.initiated_id, displayName: r.initiated_name },
    outcome: r.outcome,
    at: r.at.toISOString(),
    pagesChanged: (typeof r.pages_changed === 'string' ? JSON.parse(r.pages_changed) : r.pages_changed) as PageRef[],
    submissionId: r.submission_id,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  };
}
