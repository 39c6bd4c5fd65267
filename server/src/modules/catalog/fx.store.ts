import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { pq, type RateRow } from './pricing.tables.js';

/** For each currency, the rate in force on `date` (`YYYY-MM-DD`): the one with the latest effective date ≤ `date`. */
export async function ratesInForce(x: Executor, currencies: readonly string[], date: string): Promise<Map<string, RateRow>> {
  if (currencies.length === 0) return new Map();
  const rows = await pq(x)
    .selectFrom('catalog_exchange_rate')
    .distinctOn('currency')
    .select(['currency', sql<string>`effective_date::text`.as('effective_date'), 'rate', 'set_by', 'set_at'])
    .where('currency', 'in', [...currencies])
    .where('effective_date', '<=', date)
    .orderBy('currency')
    .orderBy('catalog_exchange_rate.effective_date', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.currency, r]));
}

/** Writes rates for one day, replacing rates already set for that day. */
export async function upsertRates(x: Executor, rows: readonly RateRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pq(x)
    .insertInto('catalog_exchange_rate')
    .values(rows.map((r) => ({ ...r })))
    .onConflict((oc) =>
      oc.columns(['currency', 'effective_date']).doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate'), set_by: eb.ref('excluded.set_by'), set_at: eb.ref('excluded.set_at') })),
    )
    .execute();
}
