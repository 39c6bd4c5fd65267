import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok } from '../../platform/errors.js';
import { mt } from './metering.tables.js';
import { parseUtc } from './usage-event.js';

/**
 * GET /api/usageEvents (the OpenAPI file's `MeteringOperations_GetUsageEvent`): the publisher's usage per day,
 * resource and dimension. Agora accepts or rejects an event when it arrives and stores only accepted ones, so the
 * submitted and processed quantities are equal and every row is reconciled (`Accepted`).
 */

export interface UsageQuery {
  usageStartDate?: string;
  UsageEndDate?: string;
  offerId?: string;
  planId?: string;
  dimension?: string;
  azureSubscriptionId?: string;
  reconStatus?: string;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

export async function usageByDay(x: Executor, accountId: string, q: UsageQuery, now: Date) {
  const start = parseUtc(q.usageStartDate);
  if (!q.usageStartDate) return fail('BadArgument', 'The usageStartDate is required.', { target: 'usageStartDate' });
  if (!start) return fail('BadArgument', 'The usageStartDate must be a UTC date or date and time.', { target: 'usageStartDate' });
  const end = q.UsageEndDate === undefined ? now : parseUtc(q.UsageEndDate);
  if (!end) return fail('BadArgument', 'The UsageEndDate must be a UTC date or date and time.', { target: 'UsageEndDate' });
  if (end.getTime() < start.getTime()) return fail('BadArgument', 'The UsageEndDate is before the usageStartDate.', { target: 'UsageEndDate' });
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY_MS) return fail('BadArgument', `Ask for at most ${MAX_DAYS} days at a time.`, { target: 'UsageEndDate' });
  if (q.reconStatus !== undefined && !['Submitted', 'Accepted', 'Rejected', 'Mismatch'].includes(q.reconStatus))
    return fail('BadArgument', 'The reconStatus is Submitted, Accepted, Rejected or Mismatch.', { target: 'reconStatus' });
  // Every stored event is reconciled: only Accepted has rows.
  if (q.reconStatus !== undefined && q.reconStatus !== 'Accepted') return ok([]);
  // azureSubscriptionId names an Azure subscription (managed applications); SaaS usage has none.
  if (q.azureSubscriptionId !== undefined) return ok([]);

  let query = mt(x)
    .selectFrom('metering_usage_event')
    .select((eb) => [
      sql<Date>`date_trunc('day', usage_hour at time zone 'UTC') at time zone 'UTC'`.as('usage_date'),
      'resource_id',
      'offer_id',
      'plan_id',
      'dimension',
      eb.fn.sum<string>('quantity').as('quantity'),
      eb.fn.countAll<string>().as('events'),
    ])
    .where('account_id', '=', accountId)
    .where('usage_hour', '>=', new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000))
    .where('usage_hour', '<=', end);
  if (q.offerId) query = query.where('offer_id', '=', q.offerId);
  if (q.planId) query = query.where('plan_id', '=', q.planId);
  if (q.dimension) query = query.where('dimension', '=', q.dimension);
  const rows = await query.groupBy(['usage_date', 'resource_id', 'offer_id', 'plan_id', 'dimension']).orderBy('usage_date').orderBy('resource_id').orderBy('dimension').execute();
  return ok(
    rows.map((r) => ({
      usageDate: new Date(r.usage_date).toISOString(),
      usageResourceId: r.resource_id,
      dimension: r.dimension,
      planId: r.plan_id,
      offerId: r.offer_id,
      offerType: 'SaaS',
      reconStatus: 'Accepted',
      submittedQuantity: Number(r.quantity),
      processedQuantity: Number(r.quantity),
      submittedCount: Number(r.events),
    })),
  );
}

export type UsageDayRow = Extract<Awaited<ReturnType<typeof usageByDay>>, { ok: true }>['value'][number];
