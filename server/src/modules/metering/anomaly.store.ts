import { sql, type Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';
import { DAY_MS } from './anomaly.model.js';
import type { MeteringTables } from './metering.tables.js';

/** SQL for the anomaly tables (migration 0016) and the daily usage the scan reads. */

export type AnomalyStatus = 'open' | 'anomaly' | 'not_anomaly';

export interface AnomalyTables {
  metering_anomaly: {
    anomaly_id: string;
    account_id: string;
    resource_id: string;
    offer_id: string;
    plan_id: string;
    dimension: string;
    /** `YYYY-MM-DD` (written as text, read through `::text`). */
    usage_date: string;
    observed_quantity: string;
    expected_quantity: string;
    upper_bound: string;
    deviation: number | null;
    model: unknown;
    unit_price: string | null;
    currency: string | null;
    status: AnomalyStatus;
    created_at: Date;
    action_expires_at: Date;
    decided_at: Date | null;
    decided_by: string | null;
    decided_by_kind: 'user' | 'app' | null;
    reason: string | null;
    corrected_quantity: string | null;
  };
  metering_usage_adjustment: {
    adjustment_id: string;
    account_id: string;
    resource_id: string;
    offer_id: string;
    plan_id: string;
    dimension: string;
    usage_date: string;
    quantity_delta: string;
    anomaly_id: string;
    created_at: Date;
  };
}

export type AnomalyRow = AnomalyTables['metering_anomaly'];
export type AdjustmentRow = AnomalyTables['metering_usage_adjustment'];

const at = (x: Executor): Kysely<AnomalyTables & MeteringTables> => tables<AnomalyTables & MeteringTables>(x);

const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);

/** The columns of an anomaly row, with the date as text. */
const anomalyColumns = [
  'anomaly_id',
  'account_id',
  'resource_id',
  'offer_id',
  'plan_id',
  'dimension',
  sql<string>`usage_date::text`.as('usage_date'),
  'observed_quantity',
  'expected_quantity',
  'upper_bound',
  'deviation',
  'model',
  'unit_price',
  'currency',
  'status',
  'created_at',
  'action_expires_at',
  'decided_at',
  'decided_by',
  'decided_by_kind',
  'reason',
  'corrected_quantity',
] as const;

// ---- the scan ----

export interface SeriesKey {
  resourceId: string;
  dimension: string;
}

/** The (resource, dimension) series with usage on `date`, in key order after `after`, at most `limit`. */
export async function seriesWithUsage(x: Executor, date: string, after: SeriesKey | undefined, limit: number): Promise<SeriesKey[]> {
  const from = dayStart(date);
  let q = at(x)
    .selectFrom('metering_usage_event')
    .select(['resource_id', 'dimension'])
    .where('usage_hour', '>=', from)
    .where('usage_hour', '<', new Date(from.getTime() + DAY_MS));
  if (after) q = q.where(sql<boolean>`(resource_id, dimension) > (${after.resourceId}::uuid, ${after.dimension})`);
  const rows = await q.groupBy(['resource_id', 'dimension']).orderBy('resource_id').orderBy('dimension').limit(limit).execute();
  return rows.map((r) => ({ resourceId: r.resource_id, dimension: r.dimension }));
}

export interface DailyUsage {
  resourceId: string;
  dimension: string;
  date: string;
  /** Reported usage of the day (exact decimal string). */
  reported: string;
  /** Adjustments of the day (exact decimal string, ≤ 0). */
  adjusted: string;
  /** Account, offer and plan of the day's latest event. */
  accountId: string;
  offerId: string;
  planId: string;
}

/** Daily usage of the given series from `fromDate` to `toDate` inclusive, with the adjustments of each day. */
export async function dailyUsage(x: Executor, series: readonly SeriesKey[], fromDate: string, toDate: string): Promise<DailyUsage[]> {
  if (series.length === 0) return [];
  const keys = sql.join(series.map((s) => sql`(${s.resourceId}::uuid, ${s.dimension})`));
  const from = dayStart(fromDate);
  const to = new Date(dayStart(toDate).getTime() + DAY_MS);
  const usage = await at(x)
    .selectFrom('metering_usage_event')
    .select((eb) => [
      'resource_id',
      'dimension',
      sql<string>`(usage_hour at time zone 'UTC')::date::text`.as('date'),
      eb.fn.sum<string>('quantity').as('quantity'),
      sql<string>`(array_agg(account_id order by usage_hour desc, message_time desc))[1]`.as('account_id'),
      sql<string>`(array_agg(offer_id order by usage_hour desc, message_time desc))[1]`.as('offer_id'),
      sql<string>`(array_agg(plan_id order by usage_hour desc, message_time desc))[1]`.as('plan_id'),
    ])
    .where(sql<boolean>`(resource_id, dimension) in (${keys})`)
    .where('usage_hour', '>=', from)
    .where('usage_hour', '<', to)
    .groupBy(['resource_id', 'dimension', sql`(usage_hour at time zone 'UTC')::date`])
    .execute();
  const adjustments = await at(x)
    .selectFrom('metering_usage_adjustment')
    .select((eb) => ['resource_id', 'dimension', sql<string>`usage_date::text`.as('date'), eb.fn.sum<string>('quantity_delta').as('delta')])
    .where(sql<boolean>`(resource_id, dimension) in (${keys})`)
    .where('usage_date', '>=', fromDate)
    .where('usage_date', '<=', toDate)
    .groupBy(['resource_id', 'dimension', 'usage_date'])
    .execute();
  const delta = new Map(adjustments.map((a) => [`${a.resource_id}|${a.dimension}|${a.date}`, String(a.delta)]));
  return usage.map((u) => ({
    resourceId: u.resource_id,
    dimension: u.dimension,
    date: u.date,
    reported: String(u.quantity),
    adjusted: delta.get(`${u.resource_id}|${u.dimension}|${u.date}`) ?? '0',
    accountId: u.account_id,
    offerId: u.offer_id,
    planId: u.plan_id,
  }));
}

/** Inserts flags; a flag that exists for the same (resource, dimension, day) is kept. Returns the inserted ones. */
export async function insertAnomalies(x: Executor, rows: readonly AnomalyRow[]): Promise<AnomalyRow[]> {
  if (rows.length === 0) return [];
  const inserted = await at(x)
    .insertInto('metering_anomaly')
    .values(rows.map((r) => ({ ...r, model: JSON.stringify(r.model) })))
    .onConflict((oc) => oc.columns(['resource_id', 'dimension', 'usage_date']).doNothing())
    .returning('anomaly_id')
    .execute();
  const ids = new Set(inserted.map((r) => r.anomaly_id));
  return rows.filter((r) => ids.has(r.anomaly_id));
}

// ---- the publisher's view ----

export interface AnomalyFilter {
  status?: AnomalyStatus;
  /** Open flags whose action window is still open (true) or over (false), at `now`. */
  actionable?: { now: Date; open: boolean };
  resourceId?: string;
  offerId?: string;
  dimension?: string;
  /** Only flags whose dimension had a price (an estimated impact). */
  priced?: boolean;
  limit: number;
  offset: number;
}

export async function listAnomalies(x: Executor, accountId: string, f: AnomalyFilter): Promise<AnomalyRow[]> {
  let q = at(x).selectFrom('metering_anomaly').select(anomalyColumns).where('account_id', '=', accountId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.actionable) q = q.where('status', '=', 'open').where('action_expires_at', f.actionable.open ? '>' : '<=', f.actionable.now);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.offerId) q = q.where('offer_id', '=', f.offerId);
  if (f.dimension) q = q.where('dimension', '=', f.dimension);
  if (f.priced) q = q.where('unit_price', 'is not', null).where('currency', 'is not', null);
  return (await q.orderBy('usage_date', 'desc').orderBy('created_at', 'desc').orderBy('anomaly_id').limit(f.limit).offset(f.offset).execute()) as AnomalyRow[];
}

export async function findAnomaly(x: Executor, accountId: string, anomalyId: string, lock = false): Promise<AnomalyRow | undefined> {
  let q = at(x).selectFrom('metering_anomaly').select(anomalyColumns).where('anomaly_id', '=', anomalyId).where('account_id', '=', accountId);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as AnomalyRow | undefined;
}

export async function updateAnomaly(x: Executor, anomalyId: string, changes: Partial<Pick<AnomalyRow, 'status' | 'decided_at' | 'decided_by' | 'decided_by_kind' | 'reason' | 'corrected_quantity'>>): Promise<void> {
  await at(x).updateTable('metering_anomaly').set(changes).where('anomaly_id', '=', anomalyId).execute();
}

export async function insertAdjustment(x: Executor, row: AdjustmentRow): Promise<void> {
  await at(x).insertInto('metering_usage_adjustment').values(row).execute();
}

const adjustmentColumns = [
  'adjustment_id',
  'account_id',
  'resource_id',
  'offer_id',
  'plan_id',
  'dimension',
  sql<string>`usage_date::text`.as('usage_date'),
  'quantity_delta',
  'anomaly_id',
  'created_at',
] as const;

export async function adjustmentsOfAnomalies(x: Executor, anomalyIds: readonly string[]): Promise<AdjustmentRow[]> {
  if (anomalyIds.length === 0) return [];
  return (await at(x).selectFrom('metering_usage_adjustment').select(adjustmentColumns).where('anomaly_id', 'in', [...anomalyIds]).execute()) as AdjustmentRow[];
}

/** Adjustments of the given resources whose usage day is in [fromDate, toDate). */
export async function adjustmentsOfResources(x: Executor, resourceIds: readonly string[], fromDate: string, toDate: string): Promise<AdjustmentRow[]> {
  if (resourceIds.length === 0) return [];
  return (await at(x)
    .selectFrom('metering_usage_adjustment')
    .select(adjustmentColumns)
    .where('resource_id', 'in', [...resourceIds])
    .where('usage_date', '>=', fromDate)
    .where('usage_date', '<', toDate)
    .orderBy('usage_date')
    .orderBy('resource_id')
    .orderBy('dimension')
    .execute()) as AdjustmentRow[];
}
