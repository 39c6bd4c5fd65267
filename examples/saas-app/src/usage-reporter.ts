import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { ConfigError } from './config.js';
import { MarketplaceApiError, TokenRequestError, USAGE_EVENT_STATUSES, type MarketplaceClient, type UsageEventResult } from './marketplace-client.js';
import type { MarketplaceClock } from './marketplace-clock.js';
import {
  HOUR_MS,
  METERED_PLANS,
  applyResult,
  chunk,
  dueEvents,
  hourOf,
  includedFor,
  meteredPlanOf,
  pruneHours,
  recordUsage,
  type DueEvent,
  type MeteredDimension,
  type MeteredPlan,
  type RecordedUsage,
  type UsageMeter,
} from './metering.js';
import type { Account, Store, UsageReport, UsageReportCall, UsageReportItem } from './store.js';

/**
 * Counts the product's usage and reports the overage to the Marketplace Metering API.
 *
 * - `use()`: the product did something billable (sent emails, generated a report): count it in the subscription's
 *   term, and keep what is above the included quantity, in the marketplace clock's current hour.
 * - `check()`, every minute: once a clock hour is over, report every subscription's and dimension's overage of the
 *   hours that have ended (normally just the previous one): one event per subscription, plan, dimension and hour, all
 *   in batch calls of at most 25 (one event alone goes to POST /api/usageEvent).
 * - `reportNow()`: the demo's "Report usage now", the same with the current hour so far. Usage of an hour that was
 *   already reported is kept for a later hour, because the marketplace takes one event per hour (a second is a
 *   Duplicate); so is usage the marketplace answers Duplicate for.
 *
 * Runs are one at a time, so the same hour is never sent twice at once.
 */

export interface UsageReporterOptions {
  client: MarketplaceClient;
  store: Store;
  clock: MarketplaceClock;
  log: FastifyBaseLogger;
  plans?: readonly MeteredPlan[];
  /** How often the hourly reporter looks for an ended hour; 0 leaves it off (reportNow and check still work). */
  checkIntervalMs: number;
  /** After a failed hourly call, the next one waits at least this long. */
  retryAfterMs?: number;
}

export interface UseResult extends RecordedUsage {
  plan: MeteredPlan;
  dimension: MeteredDimension;
  meter: UsageMeter;
  quantity: number;
  at: Date;
}

export class UsageError extends Error {}

/** Whether a failed call may have been processed anyway (no answer, or a server error). */
function unanswered(error: unknown): boolean {
  if (error instanceof MarketplaceApiError) return error.status >= 500;
  return !(error instanceof TokenRequestError || error instanceof ConfigError || error instanceof RangeError);
}

function describe(error: unknown): string {
  if (error instanceof MarketplaceApiError) return `HTTP ${error.status}: ${error.detail}`;
  if (error instanceof TokenRequestError || error instanceof ConfigError) return error.message;
  return `The marketplace could not be reached (${(error as Error).message})`;
}

/** A single event's 400 that judges the event (its details carry a usage status such as Expired): its result. */
function rejectionOf(error: unknown): { status: string; message: string } | undefined {
  if (!(error instanceof MarketplaceApiError) || error.status !== 400) return undefined;
  const details = (error.body as { details?: { code?: unknown; message?: unknown }[] } | undefined)?.details;
  const first = Array.isArray(details) ? details[0] : undefined;
  if (!first || typeof first.code !== 'string') return undefined;
  const status = (USAGE_EVENT_STATUSES as readonly string[]).includes(first.code) ? first.code : 'BadArgument';
  return { status, message: typeof first.message === 'string' ? first.message : error.detail };
}

const itemKey = (e: { resourceId?: string; planId?: string; dimension?: string; effectiveStartTime?: string }) =>
  `${(e.resourceId ?? '').toLowerCase()}|${e.planId ?? ''}|${e.dimension ?? ''}|${e.effectiveStartTime ? hourOf(Date.parse(e.effectiveStartTime)) : ''}`;

/** The batch's results in the order of the events sent: matched by resource, plan, dimension and hour, else by position. */
export function matchResults(sent: readonly DueEvent[], results: readonly UsageEventResult[]): (UsageEventResult | undefined)[] {
  const byKey = new Map<string, UsageEventResult>();
  for (const r of results) if (r.effectiveStartTime && r.resourceId) byKey.set(itemKey(r), r);
  return sent.map((d, i) => byKey.get(itemKey(d.event)) ?? results[i]);
}

export class UsageReporter {
  readonly plans: readonly MeteredPlan[];
  private readonly client: MarketplaceClient;
  private readonly store: Store;
  readonly clock: MarketplaceClock;
  private readonly log: FastifyBaseLogger;
  private readonly checkIntervalMs: number;
  private readonly retryAfterMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private retryNotBefore = 0;

  constructor(options: UsageReporterOptions) {
    this.client = options.client;
    this.store = options.store;
    this.clock = options.clock;
    this.log = options.log;
    this.plans = options.plans ?? METERED_PLANS;
    this.checkIntervalMs = options.checkIntervalMs;
    this.retryAfterMs = options.retryAfterMs ?? 5 * 60_000;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.checkIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.check().catch((error: unknown) => this.log.error({ err: error }, 'the hourly usage report failed'));
    }, this.checkIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue.catch(() => undefined);
  }

  planOf(account: Pick<Account, 'offerId' | 'planId'>): MeteredPlan | undefined {
    return meteredPlanOf(this.plans, account);
  }

  /** Counts `quantity` of a dimension for a subscription (its plan and term as last read from the marketplace). */
  async use(account: Account, dimensionId: string, quantity: number): Promise<UseResult> {
    const plan = this.planOf(account);
    if (!plan) throw new UsageError(`Plan ${account.planId ?? '(unknown)'} has no metered dimensions.`);
    const dimension = plan.dimensions.find((d) => d.id === dimensionId);
    if (!dimension) throw new UsageError(`Plan ${plan.planId} has no dimension "${dimensionId}".`);
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new UsageError('The quantity must be greater than 0.');
    // Stamped on the marketplace's clock as it is now (Agora's sandbox clock may just have been moved).
    const at = await this.clock.now(0);
    const meter = this.store.meter(account.id, plan.planId, dimension.id, account.term?.startDate);
    const recorded = recordUsage(meter, { quantity, at, termStart: account.term?.startDate, included: includedFor(dimension, account.term?.termUnit) });
    this.store.metersChanged();
    return { ...recorded, plan, dimension, meter, quantity, at };
  }

  /** The hourly report: the overage of the hours that have ended, if there is any. */
  check(): Promise<UsageReport | undefined> {
    return this.serialized(() => this.run('hourly'));
  }

  /** "Report usage now": the overage so far, the current hour included (of one subscription, or all). */
  reportNow(subscriptionId?: string): Promise<UsageReport | undefined> {
    return this.serialized(() => this.run('manual', subscriptionId));
  }

  /** Waits for the run in progress, if any. */
  idle(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(trigger: UsageReport['trigger'], subscriptionId?: string): Promise<UsageReport | undefined> {
    const waiting = this.store.allMeters().filter((m) => Object.keys(m.pending).length > 0 && (!subscriptionId || m.subscriptionId === subscriptionId));
    if (waiting.length === 0) return undefined;
    if (trigger === 'hourly' && Date.now() < this.retryNotBefore) return undefined;
    await this.clock.refresh();
    const now = this.clock.nowFromLastReading();
    const through = trigger === 'hourly' ? hourOf(now.getTime() - HOUR_MS) : hourOf(now);
    const { due, expired } = dueEvents(waiting, { through, now, subscriptionId });
    if (due.length === 0 && expired.length === 0) return undefined;

    const report: UsageReport = { id: randomUUID(), at: new Date().toISOString(), marketplaceTime: now.toISOString(), trigger, subscriptionId, calls: [], items: [] };
    for (const e of expired) {
      const meter = this.store.findMeter(e.key);
      if (!meter) continue;
      delete meter.pending[e.hour];
      delete meter.startedAt[e.hour];
      report.items.push({ subscriptionId: meter.subscriptionId, planId: meter.planId, dimension: meter.dimension, hour: e.hour, quantity: e.quantity, status: 'Expired', message: 'Not reported within 24 hours: the marketplace no longer takes it.', outcome: 'dropped' });
    }

    const correlationId = randomUUID();
    let failed = false;
    for (const batch of due.length === 1 ? [due] : chunk(due)) {
      const call: UsageReportCall = { endpoint: batch.length === 1 ? 'usageEvent' : 'batchUsageEvent', events: batch.length };
      report.calls.push(call);
      let results: (UsageEventResult | undefined)[];
      try {
        if (batch.length === 1) {
          const result = await this.client.postUsageEvent(batch[0]!.event, { correlationId });
          call.httpStatus = result.status === 'Duplicate' ? 409 : 200;
          results = [result];
        } else {
          const answer = await this.client.postBatchUsageEvent(batch.map((d) => d.event), { correlationId });
          call.httpStatus = 200;
          results = matchResults(batch, answer.result);
        }
      } catch (error) {
        const rejection = batch.length === 1 ? rejectionOf(error) : undefined;
        if (error instanceof MarketplaceApiError) call.httpStatus = error.status;
        if (rejection) {
          results = [{ status: rejection.status, error: { message: rejection.message, code: rejection.status } }];
        } else {
          failed = true;
          call.error = describe(error);
          this.log.warn({ err: error, events: batch.length }, 'a Metering API call failed; its usage is kept for the next report');
          const maybeProcessed = unanswered(error);
          for (const d of batch) this.apply(report, d, { status: 'NotSent', error: { message: call.error } }, maybeProcessed);
          continue;
        }
      }
      batch.forEach((d, i) => this.apply(report, d, results[i] ?? { status: 'Error', error: { message: 'The marketplace sent no result for this event.' } }, false));
    }

    for (const m of waiting) pruneHours(m, now);
    this.store.metersChanged();
    this.store.addUsageReport(report);
    if (trigger === 'hourly') this.retryNotBefore = failed ? Date.now() + this.retryAfterMs : 0;
    return report;
  }

  private apply(report: UsageReport, due: DueEvent, result: UsageEventResult, maybeProcessed: boolean): void {
    const meter = this.store.findMeter(due.key);
    if (!meter) return;
    const accepted = result.error?.additionalInfo?.acceptedMessage;
    const applied = applyResult(meter, due.hour, due.event.quantity, { status: result.status, acceptedQuantity: typeof accepted?.quantity === 'number' ? accepted.quantity : undefined, unanswered: maybeProcessed });
    const item: UsageReportItem = {
      subscriptionId: meter.subscriptionId,
      planId: meter.planId,
      dimension: meter.dimension,
      hour: due.hour,
      effectiveStartTime: due.event.effectiveStartTime,
      quantity: due.event.quantity,
      status: result.status,
      outcome: applied.outcome,
    };
    const usageEventId = result.usageEventId ?? accepted?.usageEventId;
    if (usageEventId) item.usageEventId = usageEventId;
    if (result.error?.message) item.message = result.error.message;
    if (applied.movedTo) item.movedTo = applied.movedTo;
    report.items.push(item);
  }
}
