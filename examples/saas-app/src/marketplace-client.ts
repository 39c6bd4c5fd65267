import { randomUUID } from 'node:crypto';
import type { AppCredentials } from './config.js';

/**
 * A typed client of the SaaS Fulfillment API v2 and the Marketplace Metering API, as an ISV writes it against
 * Microsoft's marketplace: an Azure AD v1 client-credentials token (cached), the marketplace's request headers on every
 * call, and Operation-Location polling.
 * Pointed at Agora by changing only the base URL and the token authority.
 */

/** The marketplace API's Azure AD resource (application id), the same in Agora as in Microsoft's marketplace. */
export const MARKETPLACE_RESOURCE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';
export const API_VERSION = '2018-08-31';

export type SubscriptionStatus = 'NotStarted' | 'PendingFulfillmentStart' | 'Subscribed' | 'Suspended' | 'Unsubscribed';
/** On the wire a quantity is a number, a numeric string ("10"), or "" when the plan is not per seat. */
export type WireQuantity = number | string | null | undefined;

export interface AadIdentifier {
  emailId?: string;
  objectId?: string;
  tenantId?: string;
  pid?: string;
  puid?: string;
}

export interface SubscriptionTerm {
  startDate?: string;
  endDate?: string;
  termUnit?: string;
}

export interface Subscription {
  id: string;
  name?: string;
  publisherId?: string;
  offerId?: string;
  planId?: string;
  quantity?: WireQuantity;
  beneficiary?: AadIdentifier;
  purchaser?: AadIdentifier;
  term?: SubscriptionTerm;
  autoRenew?: boolean;
  isFreeTrial?: boolean;
  isTest?: boolean;
  allowedCustomerOperations?: string[];
  sandboxType?: string;
  sessionMode?: string;
  saasSubscriptionStatus?: SubscriptionStatus;
  created?: string;
}

export interface ResolvedSubscription {
  id: string;
  subscriptionName?: string;
  offerId?: string;
  planId?: string;
  quantity?: WireQuantity;
  subscription?: Subscription;
}

export interface Plan {
  planId: string;
  displayName?: string;
  isPrivate?: boolean;
  description?: string;
  minQuantity?: number;
  maxQuantity?: number;
  isPricePerSeat?: boolean;
}

export type OperationAction = 'ChangePlan' | 'ChangeQuantity' | 'Reinstate' | 'Renew' | 'Suspend' | 'Unsubscribe';
export type OperationStatus = 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed' | 'Conflict';

export interface Operation {
  id: string;
  activityId?: string;
  subscriptionId?: string;
  offerId?: string;
  publisherId?: string;
  planId?: string;
  quantity?: WireQuantity;
  action?: string;
  timeStamp?: string;
  status?: string;
  errorStatusCode?: string;
  errorMessage?: string;
}

// ---- Metering API types (meteringapi.v1.json) ----------------------------------------------------------------------

export type UsageEventStatus =
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

export const USAGE_EVENT_STATUSES: readonly UsageEventStatus[] = ['Accepted', 'Expired', 'Duplicate', 'Error', 'ResourceNotFound', 'ResourceNotAuthorized', 'ResourceNotActive', 'InvalidDimension', 'InvalidQuantity', 'BadArgument'];

/** One usage event: the SaaS subscription (resourceId), the units above the included quantity, in one clock hour. */
export interface UsageEvent {
  resourceId: string;
  quantity: number;
  dimension: string;
  /** UTC, e.g. 2018-12-01T08:30:14Z: within the last 24 hours of the marketplace's clock. */
  effectiveStartTime: string;
  planId: string;
}

/** An accepted event (`UsageEventOkResponse`), as the 200 answer or quoted as the accepted one of a Duplicate. */
export interface AcceptedUsageEvent extends Partial<UsageEvent> {
  usageEventId?: string;
  status?: string;
  messageTime?: string;
}

/** One result of a batch (`UsageBatchEventOkMessage`), or what a single event's 200 / 409 answer says. */
export interface UsageEventResult extends Partial<UsageEvent> {
  usageEventId?: string;
  status: string;
  messageTime?: string;
  error?: { message?: string; code?: string; additionalInfo?: { acceptedMessage?: AcceptedUsageEvent } };
}

/** The most usage events one batch call takes. */
export const MAX_BATCH_USAGE_EVENTS = 25;

/** A 202 answer of change plan, change quantity or delete. */
export interface AcceptedOperation {
  operationLocation: string;
  operationId: string | undefined;
}

export const TERMINAL_OPERATION_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Conflict'];
export const isTerminal = (op: Pick<Operation, 'status'>) => TERMINAL_OPERATION_STATUSES.includes(op.status ?? '');

/** "10" → 10, 10 → 10, "" / null / undefined → undefined (the plan is not per seat). */
export function parseQuantity(q: WireQuantity): number | undefined {
  if (q === null || q === undefined) return undefined;
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const t = q.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** The reference's examples pad statuses (" Subscribed "): compare them trimmed. */
export const normalizeStatus = (s: string | undefined): string | undefined => s?.trim() || undefined;

/** The operation id at the end of an Operation-Location URL (`.../operations/<id>?api-version=...`). */
export function operationIdFrom(location: string): string | undefined {
  try {
    const m = /\/operations\/([^/?#]+)\/?$/.exec(new URL(location, 'http://x').pathname);
    return m?.[1] ? decodeURIComponent(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class MarketplaceApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The marketplace's own error message. */
    readonly detail: string,
    readonly body: unknown,
    readonly requestId: string,
    readonly correlationId: string,
  ) {
    super(message);
    this.name = 'MarketplaceApiError';
  }
}

export class TokenRequestError extends Error {
  constructor(readonly status: number, message: string, readonly error?: string) {
    super(message);
    this.name = 'TokenRequestError';
  }
}

export interface MarketplaceClientOptions {
  /** Agora's origin (Microsoft: the token authority https://login.microsoftonline.com and https://marketplaceapi.microsoft.com). */
  agoraUrl: string;
  credentials: () => Promise<AppCredentials>;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; injectable for the token cache's tests. */
  now?: () => number;
  /** A cached token is renewed this long before it expires. */
  refreshMarginMs?: number;
  requestTimeoutMs?: number;
  /** Told when a URL from the marketplace points elsewhere than agoraUrl. */
  onWarning?: (message: string) => void;
}

export interface CallOptions {
  /** One id for all the calls of one client operation (a landing page visit, a webhook); a new one if not given. */
  correlationId?: string;
}

interface CachedToken {
  accessToken: string;
  expiresAtMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The marketplace's error details (`details: [{message, target, code}]`, e.g. of a metering 400) as one sentence. */
function detailsOf(details: unknown): string {
  if (!Array.isArray(details)) return '';
  return details
    .filter((d): d is { message?: unknown; target?: unknown; code?: unknown } => !!d && typeof d === 'object')
    .map((d) => [typeof d.target === 'string' && d.target ? `${d.target}: ` : '', typeof d.message === 'string' ? d.message : '', typeof d.code === 'string' && d.code ? ` (${d.code})` : ''].join(''))
    .filter((t) => t.trim())
    .join('; ');
}

function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; details?: unknown; error?: { message?: unknown } | string; error_description?: unknown };
    const details = detailsOf(b.details);
    if (typeof b.message === 'string' && b.message) return details ? `${b.message} ${details}` : b.message;
    if (b.error && typeof b.error === 'object' && typeof b.error.message === 'string') return b.error.message;
    if (typeof b.error_description === 'string') return b.error_description;
  }
  if (typeof body === 'string' && body) return body.slice(0, 300);
  return fallback;
}

export class MarketplaceClient {
  private readonly agoraUrl: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly refreshMarginMs: number;
  private readonly requestTimeoutMs: number;
  private token: CachedToken | undefined;
  private pendingToken: Promise<CachedToken> | undefined;

  constructor(private readonly options: MarketplaceClientOptions) {
    this.agoraUrl = options.agoraUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  // ---- Token (Azure AD v1 client credentials) -------------------------------------------------------------------

  /** A bearer token for the marketplace API, from the cache until about five minutes before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAtMs - this.refreshMarginMs) return this.token.accessToken;
    // Concurrent callers share one token request.
    this.pendingToken ??= this.requestToken().finally(() => {
      this.pendingToken = undefined;
    });
    this.token = await this.pendingToken;
    return this.token.accessToken;
  }

  /** Forget the cached token (after a 403, the next call gets a new one). */
  invalidateToken(): void {
    this.token = undefined;
  }

  private async requestToken(): Promise<CachedToken> {
    const creds = await this.options.credentials();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      resource: MARKETPLACE_RESOURCE,
    });
    const url = `${this.agoraUrl}/${encodeURIComponent(creds.tenantId)}/oauth2/token`;
    const res = await this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // not JSON: reported below
    }
    if (!res.ok) {
      const error = typeof body.error === 'string' ? body.error : undefined;
      throw new TokenRequestError(res.status, `The token request failed (HTTP ${res.status}${error ? `, ${error}` : ''}): ${messageOf(body, text.slice(0, 200))}`, error);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) throw new TokenRequestError(res.status, 'The token response has no access_token');
    // v1 answers carry numbers as strings: expires_on is the exp claim, in seconds since the epoch.
    const expiresOn = Number(body.expires_on);
    const expiresIn = Number(body.expires_in);
    const expiresAtMs = Number.isFinite(expiresOn) && expiresOn > 0 ? expiresOn * 1000 : this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000;
    return { accessToken: body.access_token, expiresAtMs };
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------------

  /**
   * The URL of a marketplace call: a path under `${agoraUrl}/api`, or a URL the marketplace gave us (Operation-Location,
   * @nextLink). The bearer token never leaves agoraUrl: a URL on another origin keeps only its path and query.
   */
  private urlFor(pathOrUrl: string): URL {
    let url: URL;
    if (/^https?:\/\//i.test(pathOrUrl)) {
      url = new URL(pathOrUrl);
      const base = new URL(this.agoraUrl);
      if (url.origin !== base.origin) {
        this.options.onWarning?.(`The marketplace returned a URL on ${url.origin}; calling ${base.origin} instead`);
        url = new URL(url.pathname + url.search, base);
      }
    } else {
      url = new URL(`${this.agoraUrl}/api${pathOrUrl}`);
    }
    if (!url.pathname.startsWith('/api/')) throw new Error(`Not a marketplace API URL: ${url.pathname}`);
    if (url.searchParams.get('api-version') !== API_VERSION) url.searchParams.set('api-version', API_VERSION);
    return url;
  }

  private async call(method: string, pathOrUrl: string, options: CallOptions & { body?: unknown; headers?: Record<string, string> } = {}) {
    const url = this.urlFor(pathOrUrl);
    const requestId = randomUUID();
    const correlationId = options.correlationId ?? randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.accessToken()}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'x-ms-requestid': requestId,
      'x-ms-correlationid': correlationId,
      ...options.headers,
    };
    const res = await this.fetch(url, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await res.text();
    let body: unknown;
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!res.ok) {
      if (res.status === 401 || res.status === 403) this.invalidateToken();
      const detail = messageOf(body, res.statusText);
      throw new MarketplaceApiError(res.status, `${method} ${url.pathname} failed with HTTP ${res.status}: ${detail}`, detail, body, requestId, correlationId);
    }
    return { status: res.status, headers: res.headers, body };
  }

  private accepted(res: { headers: Headers }): AcceptedOperation {
    const location = res.headers.get('operation-location');
    if (!location) throw new Error('The marketplace accepted the request but sent no Operation-Location');
    return { operationLocation: location, operationId: operationIdFrom(location) };
  }

  // ---- Subscription APIs -----------------------------------------------------------------------------------------

  /** Resolve: the purchase token from the landing page URL, already URL-decoded once, goes in x-ms-marketplace-token. */
  async resolve(marketplaceToken: string, options: CallOptions = {}): Promise<ResolvedSubscription> {
    const res = await this.call('POST', '/saas/subscriptions/resolve', { ...options, headers: { 'x-ms-marketplace-token': marketplaceToken } });
    return res.body as ResolvedSubscription;
  }

  /** Activate: echoes the purchased plan, and the purchased quantity for a per-seat plan (omitted otherwise). */
  async activate(subscriptionId: string, purchase: { planId: string; quantity?: number }, options: CallOptions = {}): Promise<void> {
    const body = purchase.quantity === undefined ? { planId: purchase.planId } : { planId: purchase.planId, quantity: purchase.quantity };
    await this.call('POST', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}/activate`, { ...options, body });
  }

  async getSubscription(subscriptionId: string, options: CallOptions = {}): Promise<Subscription> {
    return (await this.call('GET', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}`, options)).body as Subscription;
  }

  /** All the publisher's subscriptions, every status, following @nextLink until the last page. */
  async listAllSubscriptions(options: CallOptions & { maxPages?: number } = {}): Promise<Subscription[]> {
    const all: Subscription[] = [];
    const seen = new Set<string>();
    let next: string | undefined = '/saas/subscriptions';
    for (let page = 0; next && page < (options.maxPages ?? 1000); page++) {
      seen.add(next);
      // The answer is an empty body when the publisher has no subscriptions.
      const body = (await this.call('GET', next, options)).body as { subscriptions?: Subscription[]; '@nextLink'?: string } | undefined;
      all.push(...(body?.subscriptions ?? []));
      const link = body?.['@nextLink'];
      next = link && !seen.has(link) ? link : undefined;
    }
    return all;
  }

  async listAvailablePlans(subscriptionId: string, options: CallOptions = {}): Promise<Plan[]> {
    const body = (await this.call('GET', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}/listAvailablePlans`, options)).body as { plans?: Plan[] } | undefined;
    return body?.plans ?? [];
  }

  async changePlan(subscriptionId: string, planId: string, options: CallOptions = {}): Promise<AcceptedOperation> {
    return this.accepted(await this.call('PATCH', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}`, { ...options, body: { planId } }));
  }

  async changeQuantity(subscriptionId: string, quantity: number, options: CallOptions = {}): Promise<AcceptedOperation> {
    return this.accepted(await this.call('PATCH', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}`, { ...options, body: { quantity } }));
  }

  /** Cancel (unsubscribe). */
  async deleteSubscription(subscriptionId: string, options: CallOptions = {}): Promise<AcceptedOperation> {
    return this.accepted(await this.call('DELETE', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}`, options));
  }

  // ---- Metering API ----------------------------------------------------------------------------------------------

  /**
   * POST /api/usageEvent: 200 is the accepted event; 409 (this resource, plan, dimension and hour already has an event)
   * is returned as a `Duplicate` result quoting the accepted event. Anything else (400 with details, 403, 5xx) throws
   * MarketplaceApiError.
   */
  async postUsageEvent(event: UsageEvent, options: CallOptions = {}): Promise<UsageEventResult> {
    try {
      const res = await this.call('POST', '/usageEvent', { ...options, body: event });
      const body = (res.body ?? {}) as AcceptedUsageEvent;
      return { ...event, ...body, status: typeof body.status === 'string' ? body.status : 'Accepted' };
    } catch (error) {
      if (error instanceof MarketplaceApiError && error.status === 409) {
        const body = (error.body && typeof error.body === 'object' ? error.body : {}) as { additionalInfo?: { acceptedMessage?: AcceptedUsageEvent }; message?: string; code?: string };
        return { ...event, status: 'Duplicate', error: { message: body.message ?? error.detail, code: body.code ?? 'Conflict', additionalInfo: body.additionalInfo } };
      }
      throw error;
    }
  }

  /** POST /api/batchUsageEvent: at most 25 events; each result says Accepted or why not (check every item). */
  async postBatchUsageEvent(events: UsageEvent[], options: CallOptions = {}): Promise<{ count: number; result: UsageEventResult[] }> {
    if (events.length === 0 || events.length > MAX_BATCH_USAGE_EVENTS) throw new RangeError(`A batch has 1 to ${MAX_BATCH_USAGE_EVENTS} usage events, not ${events.length}`);
    const body = (await this.call('POST', '/batchUsageEvent', { ...options, body: { request: events } })).body as { count?: number; result?: UsageEventResult[] } | undefined;
    const result = Array.isArray(body?.result) ? body.result : [];
    return { count: typeof body?.count === 'number' ? body.count : result.length, result };
  }

  // ---- Operations APIs -------------------------------------------------------------------------------------------

  async listOutstandingOperations(subscriptionId: string, options: CallOptions = {}): Promise<Operation[]> {
    const body = (await this.call('GET', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}/operations`, options)).body as { operations?: Operation[] } | undefined;
    return body?.operations ?? [];
  }

  async getOperation(subscriptionId: string, operationId: string, options: CallOptions = {}): Promise<Operation> {
    return this.getOperationAt(`/saas/subscriptions/${encodeURIComponent(subscriptionId)}/operations/${encodeURIComponent(operationId)}`, options);
  }

  /** GET an Operation-Location URL (or an operation path under /api). */
  async getOperationAt(operationLocation: string, options: CallOptions = {}): Promise<Operation> {
    const op = (await this.call('GET', operationLocation, options)).body as Operation;
    return { ...op, status: normalizeStatus(op.status) };
  }

  /** Acknowledge a marketplace-initiated operation. */
  async updateOperation(subscriptionId: string, operationId: string, status: 'Success' | 'Failure', options: CallOptions = {}): Promise<void> {
    await this.call('PATCH', `/saas/subscriptions/${encodeURIComponent(subscriptionId)}/operations/${encodeURIComponent(operationId)}`, { ...options, body: { status } });
  }

  /**
   * Polls an Operation-Location until the operation is Succeeded, Failed or Conflict, or until timeoutMs has passed.
   * `done` is false when it timed out; `operation` is then the last answer.
   */
  async pollOperation(operationLocation: string, options: CallOptions & { intervalMs?: number; timeoutMs?: number } = {}): Promise<{ operation: Operation; done: boolean }> {
    const intervalMs = options.intervalMs ?? 5000;
    const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
    const correlationId = options.correlationId ?? randomUUID();
    for (;;) {
      const operation = await this.getOperationAt(operationLocation, { correlationId });
      if (isTerminal(operation)) return { operation, done: true };
      if (Date.now() + intervalMs > deadline) return { operation, done: false };
      await sleep(intervalMs);
    }
  }
}
