import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Operation, Plan, Subscription } from '../src/marketplace-client.js';

/**
 * A local stand-in for the marketplace, built from the SaaS Fulfillment API v2 OpenAPI document and the reference:
 * an Azure AD v1 token endpoint, a JWKS, and the subscription and operation endpoints under /api. It records every
 * call so tests can check what the sample app sent.
 */

export const MARKETPLACE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface StandInOperation extends Operation {
  /** GETs left before a publisher-initiated operation completes. */
  pollsLeft: number;
  /** Apply it to the subscription when it succeeds. */
  apply?: () => void;
}

export interface StandInOptions {
  pageSize?: number;
  tokenLifetimeSeconds?: number;
  /** Polls before a publisher-initiated operation is Succeeded. */
  pollsUntilDone?: number;
  /** Serve Agora's GET /api/sandbox/clock (default); false answers 404, as Microsoft's marketplace does. */
  sandboxClock?: boolean;
}

/** Included quantity of a metered dimension per term unit. */
export type StandInIncluded = Partial<Record<string, number | 'unlimited'>>;

/** An event the stand-in's Metering API accepted. */
export interface StandInUsageEvent {
  usageEventId: string;
  status: 'Accepted';
  messageTime: string;
  resourceId: string;
  quantity: number;
  dimension: string;
  effectiveStartTime: string;
  planId: string;
}

type UsageStatus = 'Accepted' | 'Expired' | 'Duplicate' | 'Error' | 'ResourceNotFound' | 'ResourceNotAuthorized' | 'ResourceNotActive' | 'InvalidDimension' | 'InvalidQuantity' | 'BadArgument';
type Judged = { status: 'Accepted'; event: StandInUsageEvent } | { status: 'Duplicate'; accepted: StandInUsageEvent; echo: Record<string, unknown> } | { status: Exclude<UsageStatus, 'Accepted' | 'Duplicate'>; message: string; target: string; echo: Record<string, unknown> };

const HOUR_MS = 3_600_000;

export async function startStandIn(options: StandInOptions = {}) {
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = 'stand-in~secret+/=';
  const kid = 'standin-key-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };

  const tokenRequests: { tenant: string; contentType: string | undefined; form: Record<string, string> }[] = [];
  const issuedTokens = new Set<string>();
  const calls: RecordedCall[] = [];
  const subscriptions = new Map<string, Subscription>();
  const purchaseTokens = new Map<string, string>();
  const operations = new Map<string, StandInOperation>();
  const plans: Plan[] = [
    { planId: 'standard', displayName: 'Standard', isPrivate: false },
    { planId: 'metered', displayName: 'Metered', isPrivate: false },
    { planId: 'enterprise', displayName: 'Enterprise', isPrivate: true },
  ];
  let tokenCounter = 0;
  // Metering: the plans' dimensions (as the demo catalog's plan "metered"), the accepted events, and the clock.
  const meteringPlans = new Map<string, Record<string, StandInIncluded>>([['metered', { emails: { P1M: 1000, P1Y: 12000 }, reports: { P1M: 'unlimited', P1Y: 'unlimited' } }]]);
  const usageEvents: StandInUsageEvent[] = [];
  /** When subscriptions were activated (marketplace time); usage from before is not taken. */
  const activatedAt = new Map<string, number>();
  /** Answers for the next metering calls instead of processing them. */
  const meteringFailures: { status: number; body?: unknown }[] = [];
  const metering = { lostAnswers: 0 };
  const clock = { frozenAt: undefined as number | undefined, offsetMs: 0 };
  const now = () => new Date(clock.frozenAt ?? Date.now() + clock.offsetMs);

  const app = Fastify();
  await app.register(formbody);
  // Like Microsoft's API: `content-type: application/json` with an empty body (Resolve, DELETE) is fine.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, typeof body === 'string' && body.trim() ? JSON.parse(body) : undefined);
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });

  let url = '';

  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/token', async (request, reply) => {
    const form = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, string>));
    tokenRequests.push({ tenant: request.params.tenant, contentType: request.headers['content-type'], form });
    if (request.params.tenant !== tenantId) return reply.code(400).send({ error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
    if (form.grant_type !== 'client_credentials' || form.resource !== MARKETPLACE) return reply.code(400).send({ error: 'invalid_request', error_description: 'bad request' });
    if (form.client_id !== clientId || form.client_secret !== clientSecret) return reply.code(401).send({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    const now = Math.floor(Date.now() / 1000);
    const lifetime = options.tokenLifetimeSeconds ?? 3600;
    const accessToken = `standin-token-${++tokenCounter}`;
    issuedTokens.add(accessToken);
    return {
      token_type: 'Bearer',
      expires_in: String(lifetime),
      ext_expires_in: '0',
      expires_on: String(now + lifetime),
      not_before: String(now),
      resource: MARKETPLACE,
      access_token: accessToken,
    };
  });

  app.get<{ Params: { tenant: string } }>('/:tenant/discovery/keys', async (request, reply) => {
    if (request.params.tenant !== tenantId) return reply.code(400).send({ error: 'invalid_tenant' });
    return { keys: [jwk] };
  });

  const apiError = (reply: FastifyReply, status: number, message: string) =>
    reply.code(status).send({ message, target: 'request', details: [], code: status === 403 ? 'Forbidden' : status === 404 ? 'NotFound' : 'BadArgument' });

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const u = new URL(request.url, 'http://x');
    calls.push({ method: request.method, path: u.pathname, query: Object.fromEntries(u.searchParams), headers: { ...request.headers }, body: request.body });
    // Agora's sandbox clock is public, and not a marketplace API (no api-version, no token).
    if (u.pathname === '/api/sandbox/clock') return;
    if (u.searchParams.get('api-version') !== '2018-08-31') return apiError(reply, 400, 'api-version is required');
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !issuedTokens.has(bearer)) return apiError(reply, 403, 'Forbidden');
  });

  const subscriptionOr404 = (reply: FastifyReply, id: string) => {
    const sub = subscriptions.get(id);
    if (!sub) apiError(reply, 404, 'Subscription not found');
    return sub;
  };
  const operationLocation = (subscriptionId: string, operationId: string) => `${url}/api/saas/subscriptions/${subscriptionId}/operations/${operationId}?api-version=2018-08-31`;
  const newOperation = (sub: Subscription, action: string, fields: Partial<Operation>, apply?: () => void): StandInOperation => {
    const op: StandInOperation = {
      id: randomUUID(),
      activityId: randomUUID(),
      subscriptionId: sub.id,
      offerId: sub.offerId,
      publisherId: sub.publisherId,
      planId: sub.planId,
      quantity: sub.quantity,
      action,
      timeStamp: new Date().toISOString(),
      status: 'InProgress',
      errorStatusCode: '',
      errorMessage: '',
      ...fields,
      pollsLeft: options.pollsUntilDone ?? 2,
      apply,
    };
    operations.set(op.id, op);
    return op;
  };
  const publicOp = (op: StandInOperation): Operation => {
    const { pollsLeft: _p, apply: _a, ...rest } = op;
    return rest;
  };

  app.post('/api/saas/subscriptions/resolve', async (request, reply) => {
    const token = request.headers['x-ms-marketplace-token'];
    const id = typeof token === 'string' ? purchaseTokens.get(token) : undefined;
    const sub = id ? subscriptions.get(id) : undefined;
    if (!sub) return apiError(reply, 400, 'The token is invalid or expired.');
    return { id: sub.id, subscriptionName: sub.name, offerId: sub.offerId, planId: sub.planId, quantity: sub.quantity, subscription: sub };
  });

  app.post<{ Params: { id: string } }>('/api/saas/subscriptions/:id/activate', async (request, reply) => {
    const sub = subscriptionOr404(reply, request.params.id);
    if (!sub) return reply;
    const body = (request.body ?? {}) as { planId?: string; quantity?: number | string };
    if (sub.saasSubscriptionStatus !== 'PendingFulfillmentStart') return apiError(reply, 400, 'The subscription is already active.');
    if (body.planId !== sub.planId) return apiError(reply, 400, 'planId does not match the purchase');
    const purchased = sub.quantity === '' || sub.quantity === undefined ? undefined : Number(sub.quantity);
    const sent = body.quantity === '' || body.quantity === undefined ? undefined : Number(body.quantity);
    if (purchased !== sent) return apiError(reply, 400, 'quantity does not match the purchase');
    const today = new Date().toISOString().slice(0, 10);
    Object.assign(sub, { saasSubscriptionStatus: 'Subscribed', term: { startDate: today, endDate: today, termUnit: 'P1M' } });
    activatedAt.set(sub.id, now().getTime());
    return reply.code(200).send();
  });

  app.get<{ Querystring: { continuationToken?: string } }>('/api/saas/subscriptions', async (request, reply) => {
    const all = [...subscriptions.values()];
    if (all.length === 0) return reply.code(200).send();
    const size = options.pageSize ?? 100;
    const start = Number(request.query.continuationToken ?? 0);
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? `${url}/api/saas/subscriptions?continuationToken=${start + size}&api-version=2018-08-31` : '';
    return { subscriptions: page, '@nextLink': next };
  });

  app.get<{ Params: { id: string } }>('/api/saas/subscriptions/:id', async (request, reply) => subscriptionOr404(reply, request.params.id) ?? reply);

  app.get<{ Params: { id: string } }>('/api/saas/subscriptions/:id/listAvailablePlans', async (request, reply) => {
    if (!subscriptions.has(request.params.id)) return reply.code(200).send();
    return { plans };
  });

  app.patch<{ Params: { id: string } }>('/api/saas/subscriptions/:id', async (request, reply) => {
    const sub = subscriptionOr404(reply, request.params.id);
    if (!sub) return reply;
    const body = (request.body ?? {}) as { planId?: string; quantity?: number };
    if ((body.planId === undefined) === (body.quantity === undefined)) return apiError(reply, 400, 'Send planId or quantity.');
    if (sub.saasSubscriptionStatus !== 'Subscribed') return apiError(reply, 400, 'The subscription is not active.');
    const op = body.planId !== undefined
      ? newOperation(sub, 'ChangePlan', { planId: body.planId }, () => { sub.planId = body.planId; })
      : newOperation(sub, 'ChangeQuantity', { quantity: String(body.quantity) }, () => { sub.quantity = String(body.quantity); });
    return reply.code(202).header('operation-location', operationLocation(sub.id, op.id)).send();
  });

  app.delete<{ Params: { id: string } }>('/api/saas/subscriptions/:id', async (request, reply) => {
    const sub = subscriptionOr404(reply, request.params.id);
    if (!sub) return reply;
    const op = newOperation(sub, 'Unsubscribe', {}, () => { sub.saasSubscriptionStatus = 'Unsubscribed'; });
    return reply.code(202).header('operation-location', operationLocation(sub.id, op.id)).send();
  });

  app.get<{ Params: { id: string } }>('/api/saas/subscriptions/:id/operations', async (request, reply) => {
    if (!subscriptionOr404(reply, request.params.id)) return reply;
    const pending = [...operations.values()].filter((o) => o.subscriptionId === request.params.id && o.status === 'InProgress');
    return pending.length ? { operations: pending.map(publicOp) } : reply.code(200).send();
  });

  app.get<{ Params: { id: string; op: string } }>('/api/saas/subscriptions/:id/operations/:op', async (request, reply) => {
    const op = operations.get(request.params.op);
    if (!op || op.subscriptionId !== request.params.id) return apiError(reply, 404, 'Operation not found');
    if (op.status === 'InProgress' && op.apply && --op.pollsLeft <= 0) {
      op.apply();
      op.status = 'Succeeded';
    }
    return publicOp(op);
  });

  app.patch<{ Params: { id: string; op: string } }>('/api/saas/subscriptions/:id/operations/:op', async (request, reply) => {
    const op = operations.get(request.params.op);
    if (!op || op.subscriptionId !== request.params.id) return apiError(reply, 404, 'Operation not found');
    const status = (request.body as { status?: string } | undefined)?.status;
    if (status !== 'Success' && status !== 'Failure') return apiError(reply, 400, 'status must be Success or Failure');
    if (op.status !== 'InProgress') return apiError(reply, 409, 'The operation was already completed.');
    op.status = status === 'Success' ? 'Succeeded' : 'Failed';
    if (status === 'Success') op.apply?.();
    return reply.code(200).send();
  });

  // ---- Agora's sandbox clock ----

  app.get('/api/sandbox/clock', async (_request, reply) => {
    if (options.sandboxClock === false) return reply.code(404).send({ error: { code: 'NotFound', message: 'No route for GET /api/sandbox/clock' } });
    const offsetMs = now().getTime() - Date.now();
    return { now: now().toISOString(), virtual: offsetMs !== 0, offsetMs };
  });

  // ---- Marketplace Metering API (meteringapi.v1.json; spec 08 §3.3-3.4, §4.1) ----

  const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
  /** Judges one usage event as the Metering API does, recording it when Accepted. */
  const judge = (raw: unknown): Judged => {
    const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const echo = Object.fromEntries(['resourceId', 'quantity', 'dimension', 'effectiveStartTime', 'planId'].filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
    const bad = (status: Exclude<UsageStatus, 'Accepted' | 'Duplicate'>, target: string, message: string): Judged => ({ status, target, message, echo });
    if (typeof r.resourceId !== 'string' || !r.resourceId) return bad('BadArgument', 'ResourceId', 'The resourceId is required.');
    if (typeof r.quantity !== 'number') return bad('BadArgument', 'Quantity', 'The quantity is required.');
    if (!(r.quantity > 0)) return bad('InvalidQuantity', 'Quantity', 'The quantity must be greater than 0.');
    if (typeof r.dimension !== 'string' || !r.dimension) return bad('BadArgument', 'Dimension', 'The dimension is required.');
    if (typeof r.planId !== 'string' || !r.planId) return bad('BadArgument', 'PlanId', 'The planId is required.');
    const time = typeof r.effectiveStartTime === 'string' ? Date.parse(r.effectiveStartTime) : NaN;
    if (!Number.isFinite(time)) return bad('BadArgument', 'EffectiveStartTime', 'The effectiveStartTime is required.');
    if (time > now().getTime() + 5 * 60_000) return bad('BadArgument', 'EffectiveStartTime', 'The effectiveStartTime is in the future.');
    if (time < now().getTime() - 24 * HOUR_MS) return bad('Expired', 'EffectiveStartTime', 'Event has expired.');
    const sub = subscriptions.get(r.resourceId);
    if (!sub) return bad('ResourceNotFound', 'ResourceId', 'The usage resource is invalid.');
    if (sub.saasSubscriptionStatus !== 'Subscribed') return bad('ResourceNotActive', 'ResourceId', 'The resource is suspended or was never activated.');
    if (time < (activatedAt.get(sub.id) ?? -Infinity)) return bad('ResourceNotActive', 'EffectiveStartTime', 'The subscription was not active yet at the effectiveStartTime.');
    if (r.planId !== sub.planId) return bad('BadArgument', 'PlanId', 'The planId is not the subscription\'s plan.');
    const included = meteringPlans.get(sub.planId ?? '')?.[r.dimension];
    if (!included || included[sub.term?.termUnit ?? 'P1M'] === 'unlimited') return bad('InvalidDimension', 'Dimension', 'The dimension is invalid for this offer/plan.');
    const accepted = usageEvents.find((e) => e.resourceId === r.resourceId && e.planId === r.planId && e.dimension === r.dimension && hourOf(Date.parse(e.effectiveStartTime)) === hourOf(time));
    if (accepted) return { status: 'Duplicate', accepted, echo };
    const event: StandInUsageEvent = {
      usageEventId: randomUUID(),
      status: 'Accepted',
      messageTime: now().toISOString(),
      resourceId: r.resourceId,
      quantity: r.quantity,
      dimension: r.dimension,
      effectiveStartTime: new Date(time).toISOString(),
      planId: r.planId,
    };
    usageEvents.push(event);
    return { status: 'Accepted', event };
  };
  const duplicateBody = (accepted: StandInUsageEvent) => ({ additionalInfo: { acceptedMessage: { ...accepted, status: 'Duplicate' } }, message: 'This usage event already exist.', code: 'Conflict' });
  /** A queued failure, or a lost answer (processed, then 500): true when it answered. */
  const interfere = (reply: FastifyReply, process: () => void): boolean => {
    const failure = meteringFailures.shift();
    if (failure) {
      reply.code(failure.status).send(failure.body);
      return true;
    }
    if (metering.lostAnswers > 0) {
      metering.lostAnswers--;
      process();
      reply.code(500).send({ message: 'Internal server error. Retry the API call.', code: 'InternalServerError' });
      return true;
    }
    return false;
  };

  app.post('/api/usageEvent', async (request, reply) => {
    if (interfere(reply, () => judge(request.body))) return reply;
    const result = judge(request.body);
    if (result.status === 'Accepted') return result.event;
    if (result.status === 'Duplicate') return reply.code(409).send(duplicateBody(result.accepted));
    return reply.code(400).send({ message: 'One or more errors have occurred.', target: 'usageEventRequest', details: [{ message: result.message, target: result.target, code: result.status }], code: 'BadArgument' });
  });

  app.post('/api/batchUsageEvent', async (request, reply) => {
    const items = (request.body as { request?: unknown } | undefined)?.request;
    if (!Array.isArray(items) || items.length === 0) return apiError(reply, 400, 'The body is {"request": [usage events]}.');
    if (items.length > 25) return apiError(reply, 400, 'The batch contained more than 25 usage events.');
    if (interfere(reply, () => items.forEach(judge))) return reply;
    const result = items.map((raw) => {
      const r = judge(raw);
      if (r.status === 'Accepted') return r.event;
      const noTime = { messageTime: '0001-01-01T00:00:00', ...r.echo };
      if (r.status === 'Duplicate') return { status: 'Duplicate', ...noTime, error: duplicateBody(r.accepted) };
      return { status: r.status, ...noTime, error: { message: r.message, code: r.status } };
    });
    return { count: result.length, result };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    tenantId,
    clientId,
    clientSecret,
    credentials: { tenantId, clientId, clientSecret },
    kid,
    privateKey: privateKey as CryptoKey,
    tokenRequests,
    calls,
    subscriptions,
    operations,
    plans,
    meteringPlans,
    usageEvents,
    meteringFailures,
    metering,
    /** Freezes the marketplace's clock at this time (undefined: real time). */
    setTime(time: string | Date | undefined): void {
      clock.frozenAt = time === undefined ? undefined : new Date(time).getTime();
    },
    now,
    /** The API calls (method and path) in order, e.g. "PATCH /api/saas/subscriptions/<id>/operations/<op>". */
    callLines: () => calls.map((c) => `${c.method} ${c.path}`),
    apiCalls: (method: string, pathPart: string) => calls.filter((c) => c.method === method && c.path.includes(pathPart)),

    /** A purchased subscription and a purchase token that resolves to it. */
    purchase(fields: Partial<Subscription> = {}, token = `tok-${randomUUID()}`): { subscription: Subscription; token: string } {
      const subscription: Subscription = {
        id: randomUUID(),
        name: 'Fabrikam workflows',
        publisherId: 'contoso',
        offerId: 'contoso-flow',
        planId: 'standard',
        quantity: '',
        beneficiary: { emailId: 'buyer@fabrikam.example', objectId: randomUUID(), tenantId: randomUUID(), pid: randomUUID() },
        purchaser: { emailId: 'buyer@fabrikam.example', objectId: randomUUID(), tenantId: randomUUID(), pid: randomUUID() },
        term: { termUnit: 'P1M' },
        autoRenew: true,
        isFreeTrial: false,
        isTest: false,
        allowedCustomerOperations: ['Read', 'Update', 'Delete'],
        sandboxType: 'None',
        sessionMode: 'None',
        saasSubscriptionStatus: 'PendingFulfillmentStart',
        ...fields,
      };
      subscriptions.set(subscription.id, subscription);
      purchaseTokens.set(token, subscription.id);
      return { subscription, token };
    },

    /** A marketplace-initiated operation (the customer changed something in the marketplace). */
    marketplaceOperation(subscriptionId: string, action: string, fields: Partial<Operation> = {}): Operation {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error('unknown subscription');
      const apply = () => {
        if (action === 'ChangePlan' && fields.planId) sub.planId = fields.planId;
        if (action === 'ChangeQuantity') sub.quantity = String(fields.quantity);
        if (action === 'Reinstate') sub.saasSubscriptionStatus = 'Subscribed';
        if (action === 'Suspend') sub.saasSubscriptionStatus = 'Suspended';
        if (action === 'Unsubscribe') sub.saasSubscriptionStatus = 'Unsubscribed';
      };
      const op = newOperation(sub, action, fields, apply);
      op.pollsLeft = Number.POSITIVE_INFINITY; // completes only through PATCH (or is already Succeeded)
      if (op.status === 'Succeeded') apply();
      return publicOp(op);
    },

    /** A webhook bearer token as Agora signs it; `claims`, `key` and `kid` override the defaults to forge bad ones. */
    async webhookToken(overrides: { claims?: JWTPayload; key?: CryptoKey; kid?: string } = {}): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = {
        iss: `${url}/${tenantId}/`,
        aud: clientId,
        tid: tenantId,
        appid: MARKETPLACE,
        azp: MARKETPLACE,
        ver: '1.0',
        iat: now,
        nbf: now,
        exp: now + 300,
        ...overrides.claims,
      };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? kid, typ: 'JWT' }).sign(overrides.key ?? privateKey);
    },

    close: () => app.close(),
  };
}

export type StandIn = Awaited<ReturnType<typeof startStandIn>>;
