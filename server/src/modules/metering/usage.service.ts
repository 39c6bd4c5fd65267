import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import type { CommerceService, MeteringTarget } from '../commerce/index.js';
import { mt, type UsageEventRow } from './metering.tables.js';
import { apiTime, parseItem, usageHour, type Rejection, type UsageEcho, type UsageStatus } from './usage-event.js';

/**
 * Records usage events (spec 08 §3.3-3.4, §4.1): each item is judged on its own — shape, time window, resource,
 * publisher, status, plan and dimension — and the acceptable ones are inserted in one statement whose unique index on
 * (resource, plan, dimension, hour) decides, also between concurrent requests, which event of a bucket is accepted.
 * The caller commits before answering.
 */

export type ItemResult =
  | { status: 'Accepted'; event: UsageEventRow }
  | { status: 'Duplicate'; echo: UsageEcho; accepted: UsageEventRow }
  | { status: Rejection['status']; echo: UsageEcho; rejection: Rejection };

export interface MeteringEnv {
  commerce: Pick<CommerceService, 'meteringTargets'>;
}

function judge(target: MeteringTarget | undefined, accountId: string, planId: string, dimension: string, at: Date): Rejection | undefined {
  if (!target) return { status: 'ResourceNotFound', target: 'ResourceId', message: 'No SaaS subscription has this resourceId.' };
  if (target.accountId !== accountId) return { status: 'ResourceNotAuthorized', target: 'ResourceId', message: 'The resource does not belong to the publisher of this access token.' };
  if (target.status !== 'Subscribed') return { status: 'ResourceNotActive', target: 'ResourceId', message: `The subscription is ${target.status}: usage is accepted for Subscribed subscriptions only.` };
  if (!target.activatedAt || at.getTime() < target.activatedAt.getTime())
    return { status: 'ResourceNotActive', target: 'EffectiveStartTime', message: 'The subscription was not active yet at the effectiveStartTime: usage starts with activation.' };
  if (planId !== target.planId) return { status: 'BadArgument', target: 'PlanId', message: `The planId "${planId}" is not the subscription's plan.` };
  const dim = target.dimensions.get(dimension);
  if (!dim) return { status: 'InvalidDimension', target: 'Dimension', message: `The dimension "${dimension}" is not a metered dimension of plan "${planId}".` };
  // An unlimited dimension is included without limit: it is never charged and takes no usage (spec 05 §1.x, L15496).
  if (dim.included[target.termUnit] === 'unlimited')
    return { status: 'InvalidDimension', target: 'Dimension', message: `The dimension "${dimension}" is included without limit in this plan's ${target.termUnit} term: it takes no usage events.` };
  return undefined;
}

const bucketKey = (r: Pick<UsageEventRow, 'resource_id' | 'plan_id' | 'dimension' | 'usage_hour'>) => `${r.resource_id}|${r.plan_id}|${r.dimension}|${r.usage_hour.getTime()}`;

export async function recordUsage(x: Executor, env: MeteringEnv, accountId: string, items: readonly unknown[], now: Date): Promise<ItemResult[]> {
  const parsed = items.map((raw) => parseItem(raw, now));
  const targets = await env.commerce.meteringTargets(
    x,
    parsed.flatMap((p) => (p.ok ? [p.event.resourceId] : [])),
  );
  const results: (ItemResult | undefined)[] = [];
  const candidates: { index: number; row: UsageEventRow; echo: UsageEcho }[] = [];
  parsed.forEach((p, index) => {
    if (!p.ok) {
      results[index] = { status: p.rejection.status, echo: p.echo, rejection: p.rejection };
      return;
    }
    const target = targets.get(p.event.resourceId);
    const rejection = judge(target, accountId, p.event.planId, p.event.dimension, p.event.effectiveStartTime);
    if (rejection) {
      results[index] = { status: rejection.status, echo: p.echo, rejection };
      return;
    }
    const row: UsageEventRow = {
      usage_event_id: newGuid(),
      account_id: accountId,
      resource_id: p.event.resourceId,
      resource_uri: null,
      offer_id: target!.offerId,
      plan_id: p.event.planId,
      dimension: p.event.dimension,
      quantity: String(p.event.quantity),
      effective_start_time: p.event.effectiveStartTime,
      usage_hour: usageHour(p.event.effectiveStartTime),
      message_time: now,
    };
    candidates.push({ index, row, echo: p.echo });
  });

  if (candidates.length > 0) {
    const inserted = await mt(x)
      .insertInto('metering_usage_event')
      .values(candidates.map((c) => c.row))
      .onConflict((oc) => oc.columns(['resource_id', 'plan_id', 'dimension', 'usage_hour']).doNothing())
      .returning('usage_event_id')
      .execute();
    const won = new Set(inserted.map((r) => r.usage_event_id));
    const lost = candidates.filter((c) => !won.has(c.row.usage_event_id));
    const existing = new Map<string, UsageEventRow>();
    if (lost.length > 0) {
      const keys = sql.join(lost.map((c) => sql`(${c.row.resource_id}::uuid, ${c.row.plan_id}, ${c.row.dimension}, ${c.row.usage_hour}::timestamptz)`));
      const rows = await mt(x)
        .selectFrom('metering_usage_event')
        .selectAll()
        .where(sql<boolean>`(resource_id, plan_id, dimension, usage_hour) in (${keys})`)
        .execute();
      for (const r of rows) existing.set(bucketKey(r), { ...r, quantity: String(r.quantity) });
    }
    for (const c of candidates) {
      if (won.has(c.row.usage_event_id)) results[c.index] = { status: 'Accepted', event: c.row };
      else {
        const accepted = existing.get(bucketKey(c.row));
        // Lost to an event that is not visible yet (a concurrent transaction that then rolled back): say so; the
        // client may send it again.
        results[c.index] = accepted
          ? { status: 'Duplicate', echo: c.echo, accepted }
          : { status: 'Error', echo: c.echo, rejection: { status: 'Error', target: 'usageEventRequest', message: 'A concurrent event for this hour was not committed; send the event again.' } };
      }
    }
  }
  return results as ItemResult[];
}

/** An accepted event in the API's shape (`UsageEventOkResponse`); `status` is Accepted, or Duplicate when quoted. */
export function acceptedMessage(e: UsageEventRow, status: UsageStatus = 'Accepted') {
  return {
    usageEventId: e.usage_event_id,
    status,
    messageTime: apiTime(e.message_time),
    resourceId: e.resource_id,
    quantity: Number(e.quantity),
    dimension: e.dimension,
    effectiveStartTime: e.effective_start_time.toISOString(),
    planId: e.plan_id,
  };
}

/** The time of a message that was not recorded (the reference's `0001-01-01T00:00:00`, with its zone). */
export const NO_MESSAGE_TIME = '0001-01-01T00:00:00Z';

export const DUPLICATE_MESSAGE = 'This usage event already exist.';

/** One item of a batch response (`UsageBatchEventOkMessage`). */
export function batchItem(r: ItemResult) {
  if (r.status === 'Accepted') return acceptedMessage(r.event);
  if (r.status === 'Duplicate')
    return { status: 'Duplicate' as const, messageTime: NO_MESSAGE_TIME, error: { additionalInfo: { acceptedMessage: acceptedMessage(r.accepted, 'Duplicate') }, message: DUPLICATE_MESSAGE, code: 'Conflict' }, ...r.echo };
  return { status: r.status, messageTime: NO_MESSAGE_TIME, error: { message: r.rejection.message, code: r.status }, ...r.echo };
}
