import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { FileStorage } from '../../platform/storage/index.js';
import type { Issue, TabStatus } from './offer-type.js';
import type { OfferStatus, PlanState } from './catalog.tables.js';

/** Who did something, as the offer's history shows it. */
export interface Actor {
  id: string;
  displayName: string;
}

/** Changes of the catalog that the offer's history records (saving a draft is not one, L17103-17105). */
export interface CatalogEvent {
  /**
   * Draft events (the offer's history) and publication events (what the storefront shows changed): `OfferPreview`
   * and `OfferLive` when a version becomes the preview or the live one, `OfferStopped` when the offer leaves the
   * storefront, `AudienceSynced` when a private plan's live audience changed without a publish.
   */
  kind: 'OfferCreated' | 'PlanCreated' | 'PlanDeleted' | 'OfferPreview' | 'OfferLive' | 'OfferStopped' | 'AudienceSynced';
  offerUid: string;
  accountId: string;
  planId?: string;
  planName?: string;
  actor: Actor | null;
  at: Date;
}

/** Receives catalog events inside the transaction that made the change. */
export type CatalogEventSink = (x: Executor, event: CatalogEvent) => Promise<void>;

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  sandbox: boolean;
  /** Where uploaded listing files are kept. */
  storage: FileStorage;
  /**
   * The publisher account a (tenant id, app id) pair is registered to (accounts module), read through `x` — inside a
   * transaction that must be the transaction (PGlite has one connection).
   */
  accountOfApp(tenantId: string, appId: string, x: Executor): Promise<string | null>;
  /** Where catalog events go (the publishing module's history). */
  onEvent?: CatalogEventSink;
}

export interface TabView {
  id: string;
  title: string;
  status: TabStatus;
  /** Why the tab is Incomplete. */
  missing: Issue[];
  value: unknown;
}

export interface PlanSummary {
  planId: string;
  name: string;
  pricingModel: string | null;
  visibility: 'public' | 'private';
  state: PlanState;
  status: TabStatus;
  missing: Issue[];
  /** A live private plan whose draft audience differs from its live one: "Sync private audience" would publish it. */
  audienceSyncPending: boolean;
}

export interface OfferSummary {
  offerId: string;
  alias: string;
  offerType: string;
  status: OfferStatus;
  version: number;
  plans: number;
  createdAt: string;
  updatedAt: string;
}

export interface OfferDetail extends OfferSummary {
  offerTypeName: string;
  published: boolean;
  stores: string[];
  tabs: TabView[];
  planOverview: { status: TabStatus; missing: Issue[] };
  planList: PlanSummary[];
  /** Every tab and plan is complete: Publish can start. */
  readyToPublish: boolean;
}

export interface PlanDetail extends PlanSummary {
  offerVersion: number;
  sections: { listing: unknown; pricingAndAvailability: unknown };
  audienceSize: number;
  /** How many tenant ids the storefront uses (null until the plan's audience was first published). */
  liveAudienceSize: number | null;
  audienceSyncedAt: string | null;
  published: boolean;
}
