import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { AppCredentials } from './config.js';
import {
  MARKETPLACE_RESOURCE,
  MarketplaceApiError,
  isTerminal,
  parseQuantity,
  type MarketplaceClient,
  type Operation,
  type WireQuantity,
} from './marketplace-client.js';
import type { Store, WebhookEvent } from './store.js';

/**
 * The connection webhook: the marketplace's notifications about a subscription (§1.11). Each call carries a bearer JWT
 * that Agora signs; the payload is never trusted as is: Get Operation confirms it before the app acts on it.
 */

export const WEBHOOK_ACTIONS = ['ChangePlan', 'ChangeQuantity', 'Renew', 'Suspend', 'Unsubscribe', 'Reinstate'] as const;
/** Marketplace-initiated changes the publisher must acknowledge with PATCH Success or Failure. */
const ACKNOWLEDGED_ACTIONS = ['ChangePlan', 'ChangeQuantity', 'Reinstate'];

export interface WebhookPayload {
  id: string;
  activityId?: string;
  subscriptionId: string;
  publisherId?: string;
  offerId?: string;
  planId?: string;
  quantity?: WireQuantity;
  timeStamp?: string;
  action: string;
  status: string;
}

// ---- Authentication ------------------------------------------------------------------------------------------------

export class WebhookAuthError extends Error {}

export interface WebhookVerifierOptions {
  agoraUrl: string;
  issuerUrl: string;
  credentials: () => Promise<AppCredentials>;
}

/**
 * Verifies the webhook's `Authorization: Bearer <JWT>`: RS256, signed with a key from Agora's JWKS for the publisher
 * tenant, issued by `${issuerUrl}/${tenantId}/` for this app (aud = our client id) and on behalf of the marketplace
 * (appid/azp = the marketplace's application id), not expired.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions): (authorization: string | undefined) => Promise<JWTPayload> {
  let keys: { tenantId: string; jwks: ReturnType<typeof createRemoteJWKSet> } | undefined;
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) throw new WebhookAuthError('no bearer token');
    const { tenantId, clientId } = await options.credentials();
    if (keys?.tenantId !== tenantId) keys = { tenantId, jwks: createRemoteJWKSet(new URL(`${options.agoraUrl}/${encodeURIComponent(tenantId)}/discovery/keys`)) };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1], keys.jwks, {
        issuer: `${options.issuerUrl}/${tenantId}/`,
        audience: clientId,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat'],
        clockTolerance: 60,
      }));
    } catch (error) {
      throw new WebhookAuthError(`invalid token: ${(error as Error).message}`);
    }
    if (payload.tid !== tenantId) throw new WebhookAuthError(`the token is for tenant ${String(payload.tid)}`);
    const callers = [payload.appid, payload.azp].filter((v) => v !== undefined);
    if (callers.length === 0 || callers.some((v) => v !== MARKETPLACE_RESOURCE)) throw new WebhookAuthError('the token was not issued to the marketplace');
    return payload;
  };
}

// ---- Validation against Get Operation ------------------------------------------------------------------------------

function isPayload(body: unknown): body is WebhookPayload {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return ['id', 'subscriptionId', 'action', 'status'].every((k) => typeof b[k] === 'string' && b[k] !== '');
}

/** How the payload differs from the operation the marketplace reports; empty when they agree. */
export function mismatches(payload: WebhookPayload, op: Operation): string[] {
  const out: string[] = [];
  const differ = (field: string, a: unknown, b: unknown) => out.push(`${field}: the webhook says ${JSON.stringify(a ?? null)}, Get Operation ${JSON.stringify(b ?? null)}`);
  if (op.id && op.id !== payload.id) differ('id', payload.id, op.id);
  if (op.subscriptionId !== undefined && op.subscriptionId !== payload.subscriptionId) differ('subscriptionId', payload.subscriptionId, op.subscriptionId);
  if (op.action !== payload.action) differ('action', payload.action, op.action);
  for (const field of ['offerId', 'publisherId', 'planId'] as const) if ((op[field] || undefined) !== (payload[field] || undefined)) differ(field, payload[field], op[field]);
  if (parseQuantity(op.quantity) !== parseQuantity(payload.quantity)) differ('quantity', payload.quantity, op.quantity);
  if (payload.status === 'Success' && op.status !== 'Succeeded') differ('status', payload.status, op.status);
  return out;
}

// ---- Processing ----------------------------------------------------------------------------------------------------

export interface WebhookProcessorOptions {
  client: MarketplaceClient;
  store: Store;
  /** SAAS_APP_REJECT_CHANGES: answer every marketplace-initiated change with Failure. */
  rejectChanges: boolean;
  log: FastifyBaseLogger;
  /** Delays between tries of Get Operation when the marketplace is unavailable. */
  retryDelaysMs?: number[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const transient = (error: unknown) => !(error instanceof MarketplaceApiError) || error.status >= 500 || error.status === 429;

/**
 * Handles notifications one at a time, in arrival order, after the webhook has answered 200: the marketplace expects a
 * quick answer, and the app's calls back to it (Get Operation, PATCH) must not wait on the marketplace's own request.
 */
export class WebhookProcessor {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: WebhookProcessorOptions) {}

  enqueue(payload: WebhookPayload, event: WebhookEvent): void {
    this.queue = this.queue
      .then(() => this.process(payload, event))
      .catch((error: unknown) => {
        this.options.log.error({ err: error, operationId: payload.id }, 'webhook processing failed');
        this.options.store.updateWebhookEvent(event, 'error', (error as Error).message);
      });
  }

  /** Resolves when every notification received so far has been handled. */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.queue;
      await current;
      if (current === this.queue) return;
    }
  }

  private async getOperation(payload: WebhookPayload, correlationId: string): Promise<Operation> {
    const delays = this.options.retryDelaysMs ?? [500, 2000, 5000];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.client.getOperation(payload.subscriptionId, payload.id, { correlationId });
      } catch (error) {
        const delay = delays[attempt];
        if (!transient(error) || delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  async process(payload: WebhookPayload, event: WebhookEvent): Promise<void> {
    const { client, store, log } = this.options;
    const done = (outcome: WebhookEvent['outcome'], detail: string) => {
      store.updateWebhookEvent(event, outcome, detail);
      log.info({ operationId: payload.id, subscriptionId: payload.subscriptionId, action: payload.action, status: payload.status, outcome }, `webhook: ${detail}`);
    };
    if (store.wasHandled(payload.id, payload.status)) return done('duplicate', 'already handled; redelivery ignored');

    // Required by the marketplace: validate and authorize the payload with Get Operation before acting on it.
    const correlationId = randomUUID();
    let op: Operation;
    try {
      op = await this.getOperation(payload, correlationId);
    } catch (error) {
      if (error instanceof MarketplaceApiError && error.status === 404) return done('ignored', 'Get Operation does not know this operation; nothing done');
      throw error;
    }
    const diff = mismatches(payload, op);
    if (diff.length) {
      log.warn({ operationId: payload.id, diff }, 'webhook payload does not match Get Operation; ignored');
      return done('ignored', `does not match Get Operation (${diff.join('; ')}); nothing done`);
    }

    const subscriptionId = payload.subscriptionId;
    const ownOperation = store.operation(payload.id);
    if (payload.status === 'InProgress') {
      if (!ACKNOWLEDGED_ACTIONS.includes(payload.action)) return done('ignored', `${payload.action} is not acknowledged; nothing done`);
      if (isTerminal(op)) {
        if (op.status === 'Succeeded') this.apply(subscriptionId, op);
        return done('ignored', `the operation is already ${op.status}; not acknowledged again`);
      }
      const reject = !ownOperation && (this.options.rejectChanges || store.get(subscriptionId)?.rejectChanges === true);
      try {
        if (reject) {
          await client.updateOperation(subscriptionId, payload.id, 'Failure', { correlationId });
          store.addHistory(subscriptionId, 'webhook', `${payload.action} refused: acknowledged with Failure`);
          done('rejected', 'acknowledged with Failure (changes are rejected for this subscription)');
        } else {
          // Provision the change on our side first, then tell the marketplace it is done.
          const applied = this.apply(subscriptionId, op);
          await client.updateOperation(subscriptionId, payload.id, 'Success', { correlationId });
          store.addHistory(subscriptionId, 'webhook', `${applied}; acknowledged with Success`);
          done('acknowledged', `${applied}; acknowledged with Success`);
        }
      } catch (error) {
        const reason = error instanceof MarketplaceApiError ? `HTTP ${error.status}${error.status === 409 ? ' (a newer change superseded it)' : ''}` : (error as Error).message;
        done('error', `acknowledging the operation failed: ${reason}`);
      }
    } else if (payload.status === 'Success') {
      const applied = this.apply(subscriptionId, op);
      store.addHistory(subscriptionId, 'webhook', applied);
      done('applied', applied);
    } else {
      return done('ignored', `unknown status ${payload.status}; nothing done`);
    }
    if (ownOperation && isTerminal(op)) store.updateOperation(ownOperation.id, { status: op.status, checkedAt: new Date().toISOString() });

    // The marketplace's record is the truth: refresh ours (a new term after Renew, for example).
    try {
      store.upsertFromMarketplace(await client.getSubscription(subscriptionId, { correlationId }));
    } catch (error) {
      log.warn({ err: error, subscriptionId }, 'could not refresh the subscription after a webhook');
    }
  }

  /** Applies a confirmed operation to the app's own record of the subscription; returns what changed, for the log. */
  private apply(id: string, op: Operation): string {
    const quantity = parseQuantity(op.quantity);
    switch (op.action) {
      case 'ChangePlan':
        this.options.store.update(id, (a) => { if (op.planId) a.planId = op.planId; });
        return `plan changed to ${op.planId}`;
      case 'ChangeQuantity':
        this.options.store.update(id, (a) => { a.quantity = quantity; });
        return `quantity changed to ${quantity ?? '(none)'}`;
      case 'Reinstate':
        this.options.store.update(id, (a) => { a.status = 'Subscribed'; });
        return 'access restored (reinstated)';
      case 'Suspend':
        this.options.store.update(id, (a) => { a.status = 'Suspended'; });
        return 'access limited (suspended); data kept';
      case 'Unsubscribe':
        this.options.store.update(id, (a) => { a.status = 'Unsubscribed'; });
        return 'access ended (unsubscribed); data kept for at least 7 days';
      case 'Renew':
        this.options.store.update(id, () => undefined);
        return 'renewed for a new term';
      default:
        return `${op.action ?? 'unknown action'} recorded`;
    }
  }
}

// ---- Route ---------------------------------------------------------------------------------------------------------

export function registerWebhook(
  app: FastifyInstance,
  deps: { verify: (authorization: string | undefined) => Promise<JWTPayload>; processor: WebhookProcessor; store: Store },
): void {
  app.post('/webhook', {
    // Authenticate before the body is even parsed.
    onRequest: async (request, reply) => {
      try {
        await deps.verify(request.headers.authorization);
      } catch (error) {
        request.log.warn({ reason: (error as Error).message }, 'webhook refused');
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
      }
    },
    handler: async (request, reply) => {
      const body = request.body;
      if (!isPayload(body)) return reply.code(400).send({ error: 'The body is not a marketplace webhook payload.' });
      const event = deps.store.addWebhookEvent({
        receivedAt: new Date().toISOString(),
        operationId: body.id,
        subscriptionId: body.subscriptionId,
        action: body.action,
        status: body.status,
        planId: body.planId,
        quantity: body.quantity === undefined || body.quantity === null ? undefined : String(body.quantity),
        outcome: 'received',
      });
      deps.processor.enqueue(body, event);
      return reply.code(200).send();
    },
  });
}
