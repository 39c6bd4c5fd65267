import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';
import type { PlanFacts } from './pricing.js';
import type { VersionKind } from './visibility.js';

/** The storefront's read model (migration 0014): one row per published version of an offer. */
export interface StorefrontTables {
  storefront_listing: {
    offer_uid: string;
    version: VersionKind;
    snapshot_id: string;
    account_id: string;
    offer_id: string;
    offer_type: string;
    name: string;
    publisher_name: string;
    summary: string;
    stores: string[];
    categories: string[];
    subcategories: string[];
    industries: string[];
    verticals: string[];
    transactable: boolean;
    listing_option: string | null;
    publicly_listed: boolean;
    private_plans: string[];
    plans: PlanFacts[];
    logo_small: string | null;
    preview_audience: string[];
    listed_at: Date;
    search: string;
  };
}

export type ListingRow = StorefrontTables['storefront_listing'];

export const sq = (x: Executor): Kysely<StorefrontTables> => tables<StorefrontTables>(x);
