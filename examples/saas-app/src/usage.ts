import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { access, field, seeOther, sendHtml, userMessage, type AppContext } from './context.js';
import { alignTerm, formatQuantity, hourOf, includedFor, nextHour, pendingTotal, type Included, type MeteredDimension, type MeteredPlan, type UsageMeter } from './metering.js';
import { messagePage } from './pages.js';
import { csrfOk } from './sessions.js';
import type { Account, UsageReport, UsageReportItem } from './store.js';
import { clockText, hourText, reportSummary, usageMessage } from './usage-text.js';

/**
 * Metered usage on the app's pages: "Use the product" (count usage), "Report usage now", and what the pages show
 * about it (the term's counters, what waits to be reported, the reported events and their results).
 */

type IdRoute = { Params: { id: string } };

const subPath = (id: string) => `/subscriptions/${encodeURIComponent(id)}`;

export interface UsageRow {
  dimension: MeteredDimension;
  included: Included;
  used: number;
  overage: number;
  billed: number;
  waiting: { hour: string; quantity: number }[];
}

/** What the Manage account page shows about a metered subscription. */
export interface UsageView {
  plan: MeteredPlan;
  termUnit?: string;
  termStart?: string;
  rows: UsageRow[];
  canUse: boolean;
  items: (UsageReportItem & { reportedAt: string; trigger: UsageReport['trigger'] })[];
  failedCalls: { at: string; error: string }[];
  marketplaceTime: string;
  clock: string;
  /** When the hourly reporter sends the current hour (its end), or undefined when it is off. */
  nextHourly?: string;
}

function rowOf(dimension: MeteredDimension, account: Account, meter: UsageMeter | undefined): UsageRow {
  const included = includedFor(dimension, account.term?.termUnit);
  if (!meter) return { dimension, included, used: 0, overage: 0, billed: 0, waiting: [] };
  // A term that started since the last use has no usage yet.
  const m: UsageMeter = { ...meter, pending: { ...meter.pending } };
  alignTerm(m, account.term?.startDate);
  return {
    dimension,
    included,
    used: m.usedInTerm,
    overage: m.overageInTerm,
    billed: m.billedInTerm,
    waiting: Object.entries(m.pending)
      .filter(([, q]) => q > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([hour, quantity]) => ({ hour, quantity })),
  };
}

export async function usageView(ctx: AppContext, account: Account): Promise<UsageView | undefined> {
  const plan = ctx.usage.planOf(account);
  if (!plan) return undefined;
  const meters = ctx.store.metersOf(account.id).filter((m) => m.planId === plan.planId);
  const now = await ctx.usage.clock.now();
  return {
    plan,
    termUnit: account.term?.termUnit,
    termStart: account.term?.startDate,
    rows: plan.dimensions.map((d) => rowOf(d, account, meters.find((m) => m.dimension === d.id))),
    canUse: account.status === 'Subscribed',
    items: ctx.store.usageItemsOf(account.id, 20),
    failedCalls: ctx.store.usageCallErrorsOf(account.id, 3).map((r) => ({ at: r.at, error: r.error ?? r.calls.filter((c) => c.error).map((c) => `${c.endpoint}: ${c.error}`).join('; ') })),
    marketplaceTime: now.toISOString(),
    clock: clockText(ctx.usage.clock.reading(), now),
    nextHourly: ctx.config.usageCheckIntervalMs > 0 ? nextHour(hourOf(now)) : undefined,
  };
}

/** What the operator view shows: every meter with usage waiting or counted, and the last reports. */
export interface UsageHomeView {
  meters: { meter: UsageMeter; waiting: number }[];
  reports: UsageReport[];
  clock: string;
  nextHourly?: string;
}

export async function usageHomeView(ctx: AppContext): Promise<UsageHomeView> {
  const now = await ctx.usage.clock.now();
  return {
    meters: ctx.store
      .allMeters()
      .map((stored) => {
        // Counters of a term that has ended since the last use read as the new term's (nothing used yet).
        const meter: UsageMeter = { ...stored, pending: { ...stored.pending } };
        alignTerm(meter, ctx.store.get(meter.subscriptionId)?.term?.startDate);
        return meter;
      })
      .filter((m) => m.usedInTerm > 0 || pendingTotal(m) > 0)
      .map((meter) => ({ meter, waiting: pendingTotal(meter) })),
    reports: ctx.store.recentUsageReports(10),
    clock: clockText(ctx.usage.clock.reading(), now),
    nextHourly: ctx.config.usageCheckIntervalMs > 0 ? nextHour(hourOf(now)) : undefined,
  };
}

/** The message when "Report usage now" had nothing to send. */
function nothingToReport(ctx: AppContext, subscriptionId?: string): string {
  const meters = ctx.store.allMeters().filter((m) => !subscriptionId || m.subscriptionId === subscriptionId);
  const later = meters.flatMap((m) => Object.entries(m.pending).map(([hour, quantity]) => ({ m, hour, quantity }))).filter((w) => w.quantity > 0);
  if (later.length === 0) return 'Nothing to report: no usage above the included quantities is waiting.';
  return `Nothing to report yet: ${later.map((w) => `${formatQuantity(w.quantity)} ${w.m.dimension} wait${w.quantity === 1 ? 's' : ''} for the ${hourText(w.hour)} hour`).join(', ')}, because the marketplace takes one event per subscription, dimension and hour and the current hour already has one.`;
}

export function registerUsage(app: FastifyInstance, ctx: AppContext): void {
  /** "Use the product": the subscription did something billable. */
  app.post<IdRoute>('/subscriptions/:id/use', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    const { session } = found;
    let account = found.account;
    const back = () => seeOther(reply, subPath(account.id));
    // The current plan, status and term (its start resets the included quantity), as the marketplace has them.
    try {
      account = ctx.store.upsertFromMarketplace(await ctx.client.getSubscription(account.id, { correlationId: randomUUID() }));
    } catch (error) {
      ctx.log.warn({ err: error, subscriptionId: account.id }, 'could not refresh the subscription before counting usage');
    }
    const plan = ctx.usage.planOf(account);
    const action = plan?.actions.find((a) => a.id === field(request.body, 'action'));
    if (!plan || !action) {
      session.flash = { kind: 'error', text: plan ? 'Choose something to do.' : `Plan ${account.planId ?? ''} has no metered features.` };
      return back();
    }
    if (account.status !== 'Subscribed') {
      session.flash = { kind: 'error', text: `Only an active subscription can use Contoso Flow (this one is ${account.status ?? 'unknown'}).` };
      return back();
    }
    const used = await ctx.usage.use(account, action.dimension, action.quantity);
    session.flash = { kind: 'info', text: usageMessage(action, used) };
    return back();
  });

  /** "Report usage now" for one subscription: its overage so far, this hour included. */
  app.post<IdRoute>('/subscriptions/:id/report-usage', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    found.session.flash = await reportNow(ctx, found.account.id);
    return seeOther(reply, subPath(found.account.id));
  });

  /** "Report usage now" for every subscription, from the operator view. */
  app.post('/admin/report-usage', async (request, reply) => {
    const session = ctx.sessions.get(request, reply);
    if (!csrfOk(session, field(request.body, 'csrf'))) return sendHtml(reply, 403, messagePage('Form expired', 'Reload the page and try again.'));
    session.flash = await reportNow(ctx);
    return seeOther(reply, '/');
  });
}

async function reportNow(ctx: AppContext, subscriptionId?: string): Promise<{ kind: 'info' | 'warning' | 'error'; text: string }> {
  try {
    const report = await ctx.usage.reportNow(subscriptionId);
    if (!report) return { kind: 'info', text: nothingToReport(ctx, subscriptionId) };
    const bad = report.calls.some((c) => c.error) || report.items.some((i) => i.outcome === 'dropped');
    const partly = report.items.some((i) => i.outcome === 'moved' || i.outcome === 'retry');
    return { kind: bad ? 'error' : partly ? 'warning' : 'info', text: reportSummary(report) };
  } catch (error) {
    ctx.log.error({ err: error }, 'reporting usage failed');
    return { kind: 'error', text: `Usage could not be reported. ${userMessage(error)}` };
  }
}
