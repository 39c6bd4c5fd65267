import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import type { CommerceService, MeteredDimension } from '../commerce/index.js';
import { mt } from './metering.tables.js';
import { rateByCycle, type BillingCycle } from './rating.js';
import { usageAdjustments } from './anomaly.service.js';
import { parseUtc } from './usage-event.js';

/**
 * A subscription's usage for the publisher's portal and API: the plan's dimensions, the accepted usage per day and
 * dimension, and the usage charge lines of each billing cycle (what the billing issue invoices), net of the
 * corrections the publisher made to anomalies.
 */

export interface UsageReport {
  subscriptionId: string;
  offerId: string;
  planId: string;
  currency: string;
  dimensions: (Omit<MeteredDimension, 'pricePerUnit'> & { pricePerUnit: string | null })[];
  days: { date: string; dimension: string; quantity: number; events: number }[];
  cycles: BillingCycle[];
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

export async function usageReport(
  x: Executor,
  commerce: Pick<CommerceService, 'meteringTargets'>,
  accountId: string,
  subscriptionId: string,
  range: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Promise<Result<UsageReport>> {
  const target = (await commerce.meteringTargets(x, [subscriptionId])).get(subscriptionId.toLowerCase());
  if (!target || target.accountId !== accountId) return fail('NotFound', 'No subscription of this account has this id.', { target: 'subscriptionId' });
  const to = range.to ? parseUtc(range.to) : now;
  const from = range.from ? parseUtc(range.from) : new Date(now.getTime() - 31 * DAY_MS);
  if (!from) return fail('ValidationFailed', 'from is a date (YYYY-MM-DD).', { target: 'from' });
  if (!to) return fail('ValidationFailed', 'to is a date (YYYY-MM-DD).', { target: 'to' });
  const end = range.to ? new Date(to.getTime() + DAY_MS) : to;
  if (end.getTime() <= from.getTime()) return fail('ValidationFailed', 'to is before from.', { target: 'to' });
  if (end.getTime() - from.getTime() > MAX_DAYS * DAY_MS) return fail('ValidationFailed', `Ask for at most ${MAX_DAYS} days at a time.`, { target: 'from' });

  const events = await mt(x)
    .selectFrom('metering_usage_event')
    .select(['dimension', 'effective_start_time', 'quantity'])
    .where('resource_id', '=', target.subscriptionId)
    .where('effective_start_time', '>=', from)
    .where('effective_start_time', '<', end)
    .orderBy('effective_start_time')
    .execute();
  const days = await mt(x)
    .selectFrom('metering_usage_event')
    .select((eb) => [sql<string>`to_char(usage_hour at time zone 'UTC', 'YYYY-MM-DD')`.as('date'), 'dimension', eb.fn.sum<string>('quantity').as('quantity'), eb.fn.countAll<string>().as('events')])
    .where('resource_id', '=', target.subscriptionId)
    .where('effective_start_time', '>=', from)
    .where('effective_start_time', '<', end)
    .groupBy(['date', 'dimension'])
    .orderBy('date')
    .orderBy('dimension')
    .execute();
  // Corrections the publisher made after an anomaly are negative usage of their day (a credit).
  const corrections = await usageAdjustments(x, [target.subscriptionId], from, end);
  const prices = new Map([...target.dimensions.values()].map((d) => [d.id, d.pricePerUnit ?? null]));
  const anchor = target.termStart ?? from;
  return ok({
    subscriptionId: target.subscriptionId,
    offerId: target.offerId,
    planId: target.planId,
    currency: target.currency,
    dimensions: [...target.dimensions.values()].map((d) => ({ ...d, pricePerUnit: d.pricePerUnit ?? null })),
    days: days.map((r) => ({ date: r.date, dimension: r.dimension, quantity: Number(r.quantity), events: Number(r.events) })),
    cycles: rateByCycle(
      anchor,
      [
        ...events.map((e) => ({ dimension: e.dimension, at: e.effective_start_time, quantity: String(e.quantity) })),
        ...corrections.map((c) => ({ dimension: c.dimension, at: new Date(`${c.usageDate}T00:00:00Z`), quantity: c.quantityDelta })),
      ],
      prices,
    ),
  });
}
