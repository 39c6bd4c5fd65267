import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { bq, type TaxCollector } from './billing.tables.js';

/** SQL for the operator's billing settings: the store service fee and tax rates by day, and keyed settings. */

export interface FeeRate {
  effectiveFrom: string;
  rate: string;
  createdAt: Date;
  createdBy: string;
}

export interface TaxRate {
  country: string;
  effectiveFrom: string;
  rate: string;
  collectedBy: TaxCollector;
}

export async function feeRates(x: Executor): Promise<FeeRate[]> {
  const rows = await bq(x)
    .selectFrom('billing_fee_rate')
    .select([sql<string>`effective_from::text`.as('effective_from'), 'rate', 'created_at', 'created_by'])
    .orderBy('effective_from', 'desc')
    .execute();
  return rows.map((r) => ({ effectiveFrom: r.effective_from, rate: String(r.rate), createdAt: r.created_at, createdBy: r.created_by }));
}

/** The fee rates in force on each day: pick with `feeRateOn`. */
export function feeRateOn(rates: readonly FeeRate[], date: string): string {
  return rates.find((r) => r.effectiveFrom <= date)?.rate ?? '0';
}

export async function upsertFeeRate(x: Executor, row: { effectiveFrom: string; rate: string; at: Date; by: string }): Promise<void> {
  await bq(x)
    .insertInto('billing_fee_rate')
    .values({ effective_from: row.effectiveFrom, rate: row.rate, created_at: row.at, created_by: row.by })
    .onConflict((oc) => oc.column('effective_from').doUpdateSet({ rate: row.rate, created_at: row.at, created_by: row.by }))
    .execute();
}

export async function taxRates(x: Executor, filter: { country?: string | undefined } = {}): Promise<TaxRate[]> {
  let q = bq(x).selectFrom('billing_tax_rate').select(['country', sql<string>`effective_from::text`.as('effective_from'), 'rate', 'collected_by']);
  if (filter.country) q = q.where('country', '=', filter.country);
  const rows = await q.orderBy('country').orderBy('effective_from', 'desc').execute();
  return rows.map((r) => ({ country: r.country, effectiveFrom: r.effective_from, rate: String(r.rate), collectedBy: r.collected_by }));
}

/** The tax rate in force in `country` on `date`: none means no tax, the publisher being responsible for any. */
export function taxRateOn(rates: readonly TaxRate[], country: string, date: string): TaxRate {
  return rates.find((r) => r.country === country && r.effectiveFrom <= date) ?? { country, effectiveFrom: date, rate: '0', collectedBy: 'publisher' };
}

export async function upsertTaxRate(x: Executor, row: TaxRate & { at: Date }): Promise<void> {
  await bq(x)
    .insertInto('billing_tax_rate')
    .values({ country: row.country, effective_from: row.effectiveFrom, rate: row.rate, collected_by: row.collectedBy, created_at: row.at })
    .onConflict((oc) => oc.columns(['country', 'effective_from']).doUpdateSet({ rate: row.rate, collected_by: row.collectedBy, created_at: row.at }))
    .execute();
}

export async function deleteTaxRate(x: Executor, country: string, effectiveFrom: string): Promise<boolean> {
  const r = await bq(x).deleteFrom('billing_tax_rate').where('country', '=', country).where('effective_from', '=', effectiveFrom).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function getSetting<T>(x: Executor, key: string): Promise<T | undefined> {
  const row = await bq(x).selectFrom('billing_setting').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  return (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as T;
}

export async function putSetting(x: Executor, key: string, value: unknown, at: Date): Promise<void> {
  const json = JSON.stringify(value);
  await bq(x)
    .insertInto('billing_setting')
    .values({ key, value: json, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
    .execute();
}
