import { isGuid } from '../../platform/ids.js';

/**
 * One usage event as the Metering API receives it, checked for shape (spec 08 §1.7, §4.1): the parts that can be
 * judged without the database. Statuses are the API's (`BadArgument`, `InvalidQuantity`, `Expired`).
 */

export type UsageStatus =
  | 'Accepted'
  | 'Expired'
  | 'Duplicate'
  | 'Error'
  | 'ResourceNotFound'
  | 'ResourceNotAuthorized'
  | 'ResourceNotActive'
  | 'InvalidDimension'
  | 'InvalidQuantity'
  | 'BadArgument';

export interface UsageEventInput {
  resourceId: string;
  quantity: number;
  dimension: string;
  effectiveStartTime: Date;
  planId: string;
}

/** The fields of a request item that are well-formed, echoed in a response (a malformed one is left out). */
export interface UsageEcho {
  resourceId?: string;
  resourceUri?: string;
  quantity?: number;
  dimension?: string;
  effectiveStartTime?: string;
  planId?: string;
}

export interface Rejection {
  status: Exclude<UsageStatus, 'Accepted' | 'Duplicate'>;
  message: string;
  target: string;
}

export type ParsedItem = { ok: true; event: UsageEventInput; echo: UsageEcho } | { ok: false; rejection: Rejection; echo: UsageEcho };

const HOUR_MS = 3_600_000;
/** How old an event may be: 24 hours (L24703-24824). */
export const MAX_AGE_MS = 24 * HOUR_MS;
/** Clock skew tolerated for an event stamped slightly ahead of the marketplace's clock. */
export const FUTURE_SKEW_MS = 5 * 60_000;
const MAX_QUANTITY = 1e15;

/** UTC times: `2018-12-01T08:30:14` (no zone: UTC, as the reference's examples), with `Z` / an offset, or a date alone. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseUtc(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}.${(m[7] ?? '0').padEnd(3, '0').slice(0, 3)}${m[8] ?? 'Z'}`);
  // Reject dates that roll over (2026-02-30).
  if (Number.isNaN(d.getTime()) || (!m[8] && d.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  return d;
}

/** The dedupe bucket of an event: the clock hour of its effective start time (8:00:00-8:59:59). */
export const usageHour = (t: Date): Date => new Date(Math.floor(t.getTime() / HOUR_MS) * HOUR_MS);

/** Times as the API writes them: UTC with a 7-digit fraction (`2020-01-12T13:19:35.3458658Z`). */
export const apiTime = (t: Date): string => t.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

const reject = (status: Rejection['status'], target: string, message: string, echo: UsageEcho): ParsedItem => ({ ok: false, rejection: { status, target, message }, echo });

/** Checks one item's shape and time window against `now` (business time). */
export function parseItem(raw: unknown, now: Date): ParsedItem {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return reject('BadArgument', 'usageEventRequest', 'A usage event is a JSON object.', {});
  const r = raw as Record<string, unknown>;
  const time = parseUtc(r.effectiveStartTime);
  const echo: UsageEcho = {
    ...(typeof r.resourceId === 'string' && isGuid(r.resourceId) ? { resourceId: r.resourceId.toLowerCase() } : {}),
    ...(typeof r.resourceUri === 'string' ? { resourceUri: r.resourceUri } : {}),
    ...(typeof r.quantity === 'number' && Number.isFinite(r.quantity) ? { quantity: r.quantity } : {}),
    ...(typeof r.dimension === 'string' ? { dimension: r.dimension } : {}),
    ...(time ? { effectiveStartTime: time.toISOString() } : {}),
    ...(typeof r.planId === 'string' ? { planId: r.planId } : {}),
  };
  if (r.resourceUri !== undefined && r.resourceId !== undefined) return reject('BadArgument', 'ResourceUri', 'Send resourceId or resourceUri, never both.', echo);
  if (r.resourceUri !== undefined)
    return reject('BadArgument', 'ResourceUri', 'resourceUri identifies a managed application; Agora meters SaaS subscriptions only so far: send resourceId, the SaaS subscription id.', echo);
  if (r.resourceId === undefined || r.resourceId === null || r.resourceId === '') return reject('BadArgument', 'ResourceId', 'The resourceId is required.', echo);
  if (!echo.resourceId) return reject('BadArgument', 'ResourceId', 'The resourceId must be a GUID (the SaaS subscription id).', echo);
  if (r.quantity === undefined || r.quantity === null) return reject('BadArgument', 'Quantity', 'The quantity is required.', echo);
  if (echo.quantity === undefined) return reject('BadArgument', 'Quantity', 'The quantity must be a number.', echo);
  if (echo.quantity <= 0) return reject('InvalidQuantity', 'Quantity', 'The quantity must be greater than 0.', echo);
  if (echo.quantity > MAX_QUANTITY) return reject('InvalidQuantity', 'Quantity', `The quantity must be at most ${MAX_QUANTITY}.`, echo);
  if (typeof r.dimension !== 'string' || !r.dimension.trim()) return reject('BadArgument', 'Dimension', 'The dimension is required.', echo);
  if (r.dimension.length > 50) return reject('BadArgument', 'Dimension', 'A dimension id has at most 50 characters.', echo);
  if (typeof r.planId !== 'string' || !r.planId.trim()) return reject('BadArgument', 'PlanId', 'The planId is required.', echo);
  if (r.effectiveStartTime === undefined || r.effectiveStartTime === null) return reject('BadArgument', 'EffectiveStartTime', 'The effectiveStartTime is required.', echo);
  if (!time) return reject('BadArgument', 'EffectiveStartTime', 'The effectiveStartTime must be a UTC date and time, e.g. 2018-12-01T08:30:14.', echo);
  if (time.getTime() > now.getTime() + FUTURE_SKEW_MS) return reject('BadArgument', 'EffectiveStartTime', 'The effectiveStartTime is in the future.', echo);
  if (time.getTime() < now.getTime() - MAX_AGE_MS) return reject('Expired', 'EffectiveStartTime', 'Event has expired: the effectiveStartTime is more than 24 hours in the past.', echo);
  return { ok: true, event: { resourceId: echo.resourceId, quantity: echo.quantity, dimension: r.dimension, effectiveStartTime: time, planId: r.planId }, echo };
}
