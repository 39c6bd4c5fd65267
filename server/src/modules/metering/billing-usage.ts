import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { Dec } from '../../platform/money.js';
import { usageAdjustments } from './anomaly.service.js';
import { mt } from './metering.tables.js';

/**
 * The accepted usage billing rates (ADR 0017): per subscription, plan, dimension and UTC day, the quantity of the
 * accepted events whose effective start falls in [from, to), net of the corrections the publisher made to anomalies
 * of those days (negative quantities).
 */
export interface DailyUsage {
  subscriptionId: string;
  planId: string;
  dimension: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** A decimal string (may be 0 or, for a fully corrected day, below what was reported). */
  quantity: string;
}

export async function dailyUsage(x: Executor, subscriptionIds: readonly string[], from: Date, to: Date): Promise<DailyUsage[]> {
  const all = [...new Set(subscriptionIds.map((id) => id.toLowerCase()))];
  const byKey = new Map<string, DailyUsage>();
  // In chunks: PostgreSQL takes at most 65,535 bind parameters per statement.
  for (let i = 0; i < all.length; i += 10_000) await addChunk(x, all.slice(i, i + 10_000), from, to, byKey);
  return [...byKey.values()].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId) || a.date.localeCompare(b.date) || a.planId.localeCompare(b.planId) || a.dimension.localeCompare(b.dimension));
}

async function addChunk(x: Executor, ids: readonly string[], from: Date, to: Date, byKey: Map<string, DailyUsage>): Promise<void> {
  const rows = await mt(x)
    .selectFrom('metering_usage_event')
    .select((eb) => [
      'resource_id',
      'plan_id',
      'dimension',
      sql<string>`((effective_start_time at time zone 'UTC')::date)::text`.as('date'),
      eb.fn.sum<string>('quantity').as('quantity'),
    ])
    .where('resource_id', 'in', ids)
    .where('effective_start_time', '>=', from)
    .where('effective_start_time', '<', to)
    .groupBy(['resource_id', 'plan_id', 'dimension', sql`(effective_start_time at time zone 'UTC')::date`])
    .execute();
  for (const r of rows) {
    const u = { subscriptionId: r.resource_id, planId: r.plan_id, dimension: r.dimension, date: r.date, quantity: new Dec(r.quantity).toFixed() };
    byKey.set(`${u.subscriptionId}|${u.planId}|${u.dimension}|${u.date}`, u);
  }
  for (const a of await usageAdjustments(x, ids, from, to)) {
    const key = `${a.resourceId}|${a.planId}|${a.dimension}|${a.usageDate}`;
    const u = byKey.get(key) ?? { subscriptionId: a.resourceId, planId: a.planId, dimension: a.dimension, date: a.usageDate, quantity: '0' };
    byKey.set(key, { ...u, quantity: new Dec(u.quantity).plus(a.quantityDelta).toFixed() });
  }
}
