import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { historyView } from './history.js';
import { listHistory } from './publishing.store.js';
import type { HistoryEventView } from './publishing.types.js';
import { offerOf, type ServiceEnv } from './submission.service.js';

export interface HistoryQuery {
  eventType?: string[] | undefined;
  initiatedBy?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: string[] | undefined;
  top?: number | undefined;
  skip?: number | undefined;
}

/** A date (whole UTC day) or an instant; `to` as a date includes that whole day. */
function instant(value: string, end: boolean): Date | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(day ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(d.getTime())) return undefined;
  return day && end ? new Date(d.getTime() + 86_400_000 - 1) : d;
}

/** The History page with its four filters: Events, Users, Date and Pages (L17107-17126). Newest first. */
export async function offerHistory(
  x: Executor,
  env: ServiceEnv,
  accountId: string,
  offerId: string,
  q: HistoryQuery,
): Promise<Result<{ events: HistoryEventView[]; total: number; top: number; skip: number }>> {
  const found = await offerOf(x, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const from = q.from === undefined ? undefined : instant(q.from, false);
  const to = q.to === undefined ? undefined : instant(q.to, true);
  if (q.from !== undefined && !from) return fail('ValidationFailed', '"from" is a date (2026-01-31) or an ISO 8601 instant.', { target: 'from' });
  if (q.to !== undefined && !to) return fail('ValidationFailed', '"to" is a date (2026-01-31) or an ISO 8601 instant.', { target: 'to' });
  const top = q.top ?? 100;
  const skip = q.skip ?? 0;
  const { rows, total } = await listHistory(x, found.value.offerUid, {
    ...(q.eventType?.length ? { eventTypes: q.eventType } : {}),
    ...(q.initiatedBy?.length ? { initiatedBy: q.initiatedBy } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.page?.length ? { pages: q.page } : {}),
    top,
    skip,
  });
  return ok({ events: rows.map(historyView), total, top, skip });
}
