import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeStatus, parseQuantity, type AadIdentifier, type Subscription, type SubscriptionTerm } from './marketplace-client.js';
import { meterKey, newMeter, type Outcome, type UsageMeter } from './metering.js';

/** What Contoso Flow knows about one SaaS subscription: its own provisioning record. */
export interface Account {
  id: string;
  name?: string;
  publisherId?: string;
  offerId?: string;
  planId?: string;
  /** Seats, for a per-seat plan. */
  quantity?: number;
  status?: string;
  term?: SubscriptionTerm;
  beneficiary?: AadIdentifier;
  purchaser?: AadIdentifier;
  isFreeTrial?: boolean;
  allowedCustomerOperations?: string[];
  /** Answer marketplace-initiated changes of this subscription with Failure (a demo switch). */
  rejectChanges: boolean;
  activatedBy?: string;
  updatedAt: string;
  history: HistoryEntry[];
}

export interface HistoryEntry {
  at: string;
  source: 'landing' | 'app' | 'webhook' | 'marketplace';
  text: string;
}

export type WebhookOutcome = 'received' | 'acknowledged' | 'rejected' | 'applied' | 'ignored' | 'duplicate' | 'error';

export interface WebhookEvent {
  receivedAt: string;
  operationId: string;
  subscriptionId: string;
  action: string;
  status: string;
  planId?: string;
  quantity?: string;
  outcome: WebhookOutcome;
  detail?: string;
}

/** An operation this app started (change plan, change quantity, cancel), tracked by its Operation-Location. */
export interface TrackedOperation {
  id: string;
  subscriptionId: string;
  action: string;
  location: string;
  requestedAt: string;
  requestedBy?: string;
  status: string;
  detail?: string;
  checkedAt?: string;
}

/** One usage event the app reported (or could not), and what it did with the answer. */
export interface UsageReportItem {
  subscriptionId: string;
  planId: string;
  dimension: string;
  /** The clock hour the usage was counted in (marketplace time). */
  hour: string;
  effectiveStartTime?: string;
  quantity: number;
  /** The marketplace's status (Accepted, Duplicate, Expired, InvalidDimension...), or NotSent when the call failed. */
  status: string;
  usageEventId?: string;
  message?: string;
  outcome: Outcome;
  /** The hour the usage waits in now, when it was moved (Duplicate) or grew while being reported. */
  movedTo?: string;
}

/** One call of the Metering API in a report. */
export interface UsageReportCall {
  endpoint: 'usageEvent' | 'batchUsageEvent';
  events: number;
  /** The HTTP status (200, 409...), if there was an answer. */
  httpStatus?: number;
  error?: string;
}

/** One run of the reporter: hourly, or "Report usage now". */
export interface UsageReport {
  id: string;
  /** Local time of the run. */
  at: string;
  /** The marketplace's time of the run (the hours are on this clock). */
  marketplaceTime: string;
  trigger: 'hourly' | 'manual';
  /** The subscription of a manual report from its Manage account page. */
  subscriptionId?: string;
  calls: UsageReportCall[];
  items: UsageReportItem[];
  /** Why the run could not report at all (no credentials...). */
  error?: string;
}

interface Snapshot {
  accounts: Account[];
  webhookEvents: WebhookEvent[];
  operations: TrackedOperation[];
  meters?: UsageMeter[];
  usageReports?: UsageReport[];
}

const MAX_HISTORY = 50;
const MAX_EVENTS = 200;
const MAX_OPERATIONS = 200;
const MAX_USAGE_REPORTS = 100;

/** The app's state, in memory, optionally written to a JSON file after each change. */
export class Store {
  private readonly accounts = new Map<string, Account>();
  private webhookEvents: WebhookEvent[] = [];
  private readonly operations = new Map<string, TrackedOperation>();
  private readonly meters = new Map<string, UsageMeter>();
  private usageReports: UsageReport[] = [];
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(private readonly file: string | null) {}

  async load(): Promise<void> {
    if (!this.file) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    const snap = JSON.parse(text) as Partial<Snapshot>;
    for (const a of snap.accounts ?? []) this.accounts.set(a.id, a);
    this.webhookEvents = snap.webhookEvents ?? [];
    for (const o of snap.operations ?? []) this.operations.set(o.id, o);
    for (const m of snap.meters ?? []) this.meters.set(meterKey(m), { ...newMeter(m.subscriptionId, m.planId, m.dimension), ...m });
    this.usageReports = snap.usageReports ?? [];
  }

  /** Writes are serialized and coalesced; `flush()` waits for the last one. */
  private persist(): void {
    if (!this.file) return;
    const file = this.file;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const snap: Snapshot = {
        accounts: [...this.accounts.values()],
        webhookEvents: this.webhookEvents,
        operations: [...this.operations.values()],
        meters: [...this.meters.values()],
        usageReports: this.usageReports,
      };
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(snap, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, file);
    }).catch((error: unknown) => {
      console.error(`Contoso Flow could not save ${file}:`, error);
    });
  }

  flush(): Promise<void> {
    return this.writing;
  }

  // ---- Accounts --------------------------------------------------------------------------------------------------

  get(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  list(): Account[] {
    return [...this.accounts.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Records the marketplace's view of a subscription (from Resolve, Get subscription or List). */
  upsertFromMarketplace(sub: Subscription): Account {
    const existing = this.accounts.get(sub.id);
    const account: Account = {
      rejectChanges: false,
      history: [],
      ...existing,
      id: sub.id,
      name: sub.name ?? existing?.name,
      publisherId: sub.publisherId ?? existing?.publisherId,
      offerId: sub.offerId ?? existing?.offerId,
      planId: sub.planId ?? existing?.planId,
      quantity: sub.quantity === undefined ? existing?.quantity : parseQuantity(sub.quantity),
      status: normalizeStatus(sub.saasSubscriptionStatus) ?? existing?.status,
      term: sub.term ?? existing?.term,
      beneficiary: sub.beneficiary ?? existing?.beneficiary,
      purchaser: sub.purchaser ?? existing?.purchaser,
      isFreeTrial: sub.isFreeTrial ?? existing?.isFreeTrial,
      allowedCustomerOperations: sub.allowedCustomerOperations ?? existing?.allowedCustomerOperations,
      updatedAt: new Date().toISOString(),
    };
    this.accounts.set(sub.id, account);
    this.persist();
    return account;
  }

  update(id: string, change: (account: Account) => void): Account {
    const account = this.accounts.get(id) ?? { id, rejectChanges: false, history: [], updatedAt: '' };
    change(account);
    account.updatedAt = new Date().toISOString();
    this.accounts.set(id, account);
    this.persist();
    return account;
  }

  addHistory(id: string, source: HistoryEntry['source'], text: string): void {
    this.update(id, (a) => {
      a.history = [{ at: new Date().toISOString(), source, text }, ...a.history].slice(0, MAX_HISTORY);
    });
  }

  // ---- Webhook events --------------------------------------------------------------------------------------------

  addWebhookEvent(event: WebhookEvent): WebhookEvent {
    this.webhookEvents = [event, ...this.webhookEvents].slice(0, MAX_EVENTS);
    this.persist();
    return event;
  }

  updateWebhookEvent(event: WebhookEvent, outcome: WebhookOutcome, detail?: string): void {
    event.outcome = outcome;
    event.detail = detail;
    this.persist();
  }

  recentWebhookEvents(limit = 20): WebhookEvent[] {
    return this.webhookEvents.slice(0, limit);
  }

  /** Whether a notification (operation id and status) was already handled, for the marketplace's redeliveries. */
  wasHandled(operationId: string, status: string): boolean {
    return this.webhookEvents.some((e) => e.operationId === operationId && e.status === status && ['acknowledged', 'rejected', 'applied'].includes(e.outcome));
  }

  // ---- Operations this app started -------------------------------------------------------------------------------

  trackOperation(op: TrackedOperation): void {
    this.operations.set(op.id, op);
    if (this.operations.size > MAX_OPERATIONS) {
      const oldest = [...this.operations.values()].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))[0];
      if (oldest) this.operations.delete(oldest.id);
    }
    this.persist();
  }

  operation(id: string): TrackedOperation | undefined {
    return this.operations.get(id);
  }

  updateOperation(id: string, change: Partial<TrackedOperation>): void {
    const op = this.operations.get(id);
    if (!op) return;
    Object.assign(op, change);
    this.persist();
  }

  operationsOf(subscriptionId: string): TrackedOperation[] {
    return [...this.operations.values()].filter((o) => o.subscriptionId === subscriptionId).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  // ---- Metered usage ---------------------------------------------------------------------------------------------

  /** The meter of a subscription's plan and dimension, made empty on first use (for the term starting at termStart). */
  meter(subscriptionId: string, planId: string, dimension: string, termStart?: string): UsageMeter {
    const key = meterKey({ subscriptionId, planId, dimension });
    let meter = this.meters.get(key);
    if (!meter) {
      meter = newMeter(subscriptionId, planId, dimension, termStart);
      this.meters.set(key, meter);
    }
    return meter;
  }

  findMeter(key: string): UsageMeter | undefined {
    return this.meters.get(key);
  }

  allMeters(): UsageMeter[] {
    return [...this.meters.values()];
  }

  metersOf(subscriptionId: string): UsageMeter[] {
    return this.allMeters().filter((m) => m.subscriptionId === subscriptionId);
  }

  /** Saves meters changed in place. */
  metersChanged(): void {
    this.persist();
  }

  addUsageReport(report: UsageReport): void {
    this.usageReports = [report, ...this.usageReports].slice(0, MAX_USAGE_REPORTS);
    this.persist();
  }

  recentUsageReports(limit = 10): UsageReport[] {
    return this.usageReports.slice(0, limit);
  }

  /** The latest reported items of one subscription, newest first. */
  usageItemsOf(subscriptionId: string, limit = 20): (UsageReportItem & { reportedAt: string; trigger: UsageReport['trigger'] })[] {
    return this.usageReports
      .flatMap((r) => r.items.filter((i) => i.subscriptionId === subscriptionId).map((i) => ({ ...i, reportedAt: r.at, trigger: r.trigger })))
      .slice(0, limit);
  }

  /** Reports of one subscription that failed as a whole (a call error), newest first. */
  usageCallErrorsOf(subscriptionId: string, limit = 5): UsageReport[] {
    return this.usageReports.filter((r) => (r.error || r.calls.some((c) => c.error)) && (r.subscriptionId === subscriptionId || r.items.some((i) => i.subscriptionId === subscriptionId))).slice(0, limit);
  }
}
