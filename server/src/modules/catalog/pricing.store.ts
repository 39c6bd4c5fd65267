import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { cq, type OfferRow, type PlanRow } from './catalog.tables.js';
import { pq, type PriceRow } from './pricing.tables.js';

export interface PriceKey {
  market: string;
  term: string;
  dimension_id: string;
}

export async function pricesOf(x: Executor, planUid: string): Promise<PriceRow[]> {
  return pq(x)
    .selectFrom('catalog_plan_price')
    .select(['plan_uid', 'market', 'term', 'dimension_id', 'currency', 'amount', 'source', 'fx_rate', sql<string | null>`fx_date::text`.as('fx_date'), 'set_at'])
    .where('plan_uid', '=', planUid)
    .execute();
}

/** Inserts or replaces price rows (in batches: a plan can have 141 markets × 2 terms × 31 prices). */
export async function upsertPrices(x: Executor, rows: readonly PriceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await pq(x)
      .insertInto('catalog_plan_price')
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r })))
      .onConflict((oc) =>
        oc.columns(['plan_uid', 'market', 'term', 'dimension_id']).doUpdateSet((eb) => ({
          currency: eb.ref('excluded.currency'),
          amount: eb.ref('excluded.amount'),
          source: eb.ref('excluded.source'),
          fx_rate: eb.ref('excluded.fx_rate'),
          fx_date: eb.ref('excluded.fx_date'),
          set_at: eb.ref('excluded.set_at'),
        })),
      )
      .execute();
  }
}

export async function deletePrices(x: Executor, planUid: string, keys: readonly PriceKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    await pq(x)
      .deleteFrom('catalog_plan_price')
      .where('plan_uid', '=', planUid)
      .where(sql<boolean>`(market, term, dimension_id) in (${sql.join(batch.map((k) => sql`(${k.market}, ${k.term}, ${k.dimension_id})`))})`)
      .execute();
  }
}

export async function planByUid(x: Executor, planUid: string): Promise<PlanRow | undefined> {
  return cq(x).selectFrom('catalog_plan').selectAll().where('plan_uid', '=', planUid).executeTakeFirst();
}

export async function offerByUid(x: Executor, offerUid: string): Promise<OfferRow | undefined> {
  return cq(x).selectFrom('catalog_offer').selectAll().where('offer_uid', '=', offerUid).executeTakeFirst();
}
