import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

/** The tables of per-market prices (migration 0009): exchange rates by day and each plan's market prices. */
export interface PriceTables {
  catalog_exchange_rate: {
    currency: string;
    /** A `date`: always read as text (`YYYY-MM-DD`), because the drivers of the two engines parse `date` differently. */
    effective_date: string;
    /** numeric(20,10): units of the currency per 1 USD. */
    rate: string;
    set_by: string | null;
    set_at: Date;
  };
  catalog_plan_price: {
    plan_uid: string;
    market: string;
    term: BillingTerm;
    /** '' for the plan's base price; a metered dimension's id for its price per unit. */
    dimension_id: string;
    currency: string;
    /** numeric(20,6). */
    amount: string;
    source: PriceSource;
    fx_rate: string | null;
    fx_date: string | null;
    set_at: Date;
  };
}

export type BillingTerm = 'P1M' | 'P1Y';
export type PriceSource = 'converted' | 'override';
export type RateRow = PriceTables['catalog_exchange_rate'];
export type PriceRow = PriceTables['catalog_plan_price'];

export const pq = (x: Executor): Kysely<PriceTables> => tables<PriceTables>(x);
