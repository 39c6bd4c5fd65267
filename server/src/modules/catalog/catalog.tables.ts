import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

export type OfferStatus = 'Draft' | 'PublishInProgress' | 'AttentionNeeded' | 'Preview' | 'Live' | 'PendingStopDistribution' | 'NotAvailable';
export type PlanState = 'draft' | 'live' | 'stop_pending' | 'stopped';

export interface CatalogTables {
  catalog_offer: {
    offer_uid: string;
    account_id: string;
    offer_id: string;
    alias: string;
    offer_type: string;
    draft: Record<string, unknown>;
    version: number;
    status: OfferStatus;
    first_published_at: Date | null;
    preview_snapshot_id: string | null;
    live_snapshot_id: string | null;
    created_at: Date;
    created_by: string;
    updated_at: Date;
  };
  catalog_plan: {
    plan_uid: string;
    offer_uid: string;
    plan_id: string;
    draft: Record<string, unknown>;
    state: PlanState;
    first_published_at: Date | null;
    /** When the live audience was last made equal to the draft audience (Go live or Sync private audience). */
    audience_synced_at: Date | null;
    position: number;
    created_at: Date;
  };
  /** A private plan's draft audience (what the publisher edits). */
  catalog_plan_audience: { plan_uid: string; tenant_id: string; description: string };
  /** The audience in force on the storefront. */
  catalog_plan_audience_live: { plan_uid: string; tenant_id: string; description: string };
  catalog_snapshot: { snapshot_id: string; offer_uid: string; draft_version: number; document: unknown; created_at: Date };
}

export type OfferRow = CatalogTables['catalog_offer'];
export type PlanRow = CatalogTables['catalog_plan'];

export const cq = (x: Executor): Kysely<CatalogTables> => tables<CatalogTables>(x);

/** jsonb values are written as JSON text so that arrays stay JSON on both engines. */
export const json = <T>(value: T): T => JSON.stringify(value) as unknown as T;
