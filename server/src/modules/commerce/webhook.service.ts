import type { Executor } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import { enqueue, getMessage, PermanentFailure, replay, RetryableFailure, type HandlerContext, type OutboxHandler, type OutboxMessage, type RetryPolicy } from '../../platform/outbox/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { json, mq, parsed, type CommerceTables, type OperationRow, type SubscriptionRow } from './commerce.tables.js';
import type { CommerceEnv } from './commerce.types.js';
import { offerVersion } from './offer-version.js';
import { subscriptionJson } from './views.js';

/**
 * Webhook notifications to the offer's connection webhook (08 §1.11, §2.3, §3.7). Each one is an outbox message:
 * the POST carries the reference's payload and an `Authorization: Bearer` JWT issued by Agora for the offer's app id;
 * a call that is not answered 2xx is retried with back-off, 500 attempts over about 8 hours. When the last attempt
 * fails, the operation it notified fails if it was still waiting for the publisher.
 */

export const WEBHOOK_TOPIC = 'commerce.webhook';

/** 500 attempts: 1 s doubling to 58 s, then every 58 s (±20%): about 8 hours in all. */
export const WEBHOOK_RETRY: RetryPolicy = { maxAttempts: 500, baseDelayMs: 1_000, maxDelayMs: 58_000, jitter: 0.2 };

/** How long one POST may take. */
const TIMEOUT_MS = 10_000;

export interface WebhookPayload {
  id: string;
  activityId: string;
  subscriptionId: string;
  publisherId: string;
  offerId: string;
  planId: string;
  quantity?: number;
  timeStamp: string;
  action: string;
  status: 'InProgress' | 'Success';
  /** Who started the operation: the publisher (Partner) or the marketplace (Azure). */
  operationRequestSource: 'Partner' | 'Azure';
  subscription: ReturnType<typeof subscriptionJson>;
}

/** Records a webhook notification of an operation and queues its delivery, in the caller's transaction. */
export async function notify(x: Executor, env: CommerceEnv, sub: SubscriptionRow, op: OperationRow, status: 'InProgress' | 'Success'): Promise<void> {
  const now = env.clock.now();
  const offer = await offerVersion(x, env.catalog, sub.offer_uid);
  const payload: WebhookPayload = {
    id: op.operation_id,
    activityId: op.activity_id,
    subscriptionId: sub.subscription_id,
    publisherId: sub.publisher_id,
    offerId: sub.offer_id,
    planId: op.plan_id,
    ...(op.quantity !== null ? { quantity: op.quantity } : {}),
    timeStamp: now.toISOString(),
    action: op.action,
    status,
    operationRequestSource: op.source === 'Publisher' ? 'Partner' : 'Azure',
    subscription: subscriptionJson(sub),
  };
  const webhookId = newGuid();
  const outboxId = await enqueue(x, now, { topic: WEBHOOK_TOPIC, payload: { webhookId } });
  await mq(x)
    .insertInto('commerce_webhook')
    .values({
      webhook_id: webhookId,
      outbox_id: outboxId,
      account_id: sub.account_id,
      offer_uid: sub.offer_uid,
      subscription_id: sub.subscription_id,
      operation_id: op.operation_id,
      action: op.action,
      url: offer?.webhookUrl ?? null,
      payload: json(payload),
      created_at: now,
    })
    .execute();
  env.runner?.wake();
}

async function deliver(env: CommerceEnv, message: OutboxMessage<{ webhookId: string }>, ctx: HandlerContext) {
  const hook = await mq(ctx.db).selectFrom('commerce_webhook').selectAll().where('webhook_id', '=', message.payload.webhookId).executeTakeFirst();
  if (!hook) throw new PermanentFailure('The webhook record is gone.');
  const offer = await offerVersion(ctx.db, env.catalog, hook.offer_uid);
  // The offer's current connection webhook and app: a publisher who fixed a wrong URL gets the retries there.
  const url = offer?.webhookUrl ?? hook.url;
  if (!url) throw new PermanentFailure('The offer has no connection webhook.');
  if (!offer?.aadTenantId || !offer.aadApplicationId) throw new PermanentFailure('The offer has no Azure AD tenant and application id to address the token to.');
  const token = await env.identity.issueMarketplaceCallToken(offer.aadTenantId, offer.aadApplicationId);
  const body = JSON.stringify(parsed(hook.payload));
  let status: number;
  let excerpt: string;
  try {
    const res = await (env.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-ms-requestid': newGuid(), 'x-ms-correlationid': hook.operation_id },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    excerpt = (await res.text().catch(() => '')).slice(0, 500);
  } catch (e) {
    await failIfLast(env, message, ctx, hook.subscription_id, hook.operation_id);
    throw new RetryableFailure(`POST ${url} failed: ${(e as Error).message}`, { url, error: (e as Error).message });
  }
  if (status < 200 || status >= 300) {
    await failIfLast(env, message, ctx, hook.subscription_id, hook.operation_id);
    throw new RetryableFailure(`POST ${url} answered ${status}.`, { url, status, response: excerpt });
  }
  return { detail: { url, status, response: excerpt } };
}

/** On the last attempt, an operation still waiting for the publisher fails: it was never accepted (§2.3). */
async function failIfLast(env: CommerceEnv, message: OutboxMessage<{ webhookId: string }>, ctx: HandlerContext, subscriptionId: string, operationId: string): Promise<void> {
  if (message.attempt < WEBHOOK_RETRY.maxAttempts) return;
  await mq(ctx.db)
    .updateTable('commerce_operation')
    .set({ status: 'Failed', completed_at: env.clock.now(), error_status_code: '503', error_message: 'The connection webhook never accepted the notification.' })
    .where('operation_id', '=', operationId)
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'InProgress')
    .where('source', '=', 'Marketplace')
    .execute();
}

export function webhookHandler(env: CommerceEnv): OutboxHandler<{ webhookId: string }> {
  return { topic: WEBHOOK_TOPIC, retry: WEBHOOK_RETRY, handle: (message, ctx) => deliver(env, message, ctx) };
}

export interface WebhookDeliveryView {
  webhookId: string;
  subscriptionId: string;
  operationId: string;
  action: string;
  url: string | null;
  createdAt: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  payload?: unknown;
  attemptLog?: { attempt: number; startedAt: string; finishedAt: string | null; outcome: string; error: string | null; detail: unknown }[];
}

type WebhookRow = CommerceTables['commerce_webhook'];

/** A delivery with the outbox's state of it; with `detail`, its payload and every attempt. */
async function deliveryView(x: Executor, r: WebhookRow, detail: boolean): Promise<WebhookDeliveryView> {
  const m = await getMessage(x, r.outbox_id);
  return {
    webhookId: r.webhook_id,
    subscriptionId: r.subscription_id,
    operationId: r.operation_id,
    action: r.action,
    url: r.url,
    createdAt: r.created_at.toISOString(),
    status: m?.message.status ?? 'unknown',
    attempts: m?.message.attempts ?? 0,
    lastError: m?.message.last_error ?? null,
    nextAttemptAt: m && m.message.status === 'pending' ? m.message.run_at.toISOString() : null,
    ...(detail
      ? {
          payload: parsed(r.payload),
          attemptLog: (m?.attempts ?? []).map((a) => ({
            attempt: a.attempt,
            startedAt: a.started_at.toISOString(),
            finishedAt: a.finished_at?.toISOString() ?? null,
            outcome: a.outcome,
            error: a.error,
            detail: a.detail === null ? null : parsed(a.detail),
          })),
        }
      : {}),
  };
}

/** The portal's view of an account's webhook deliveries, newest first, with the outbox's state of each. */
export async function listDeliveries(x: Executor, accountId: string, filter: { subscriptionId?: string | undefined; limit: number }): Promise<WebhookDeliveryView[]> {
  let q = mq(x).selectFrom('commerce_webhook').selectAll().where('account_id', '=', accountId);
  if (filter.subscriptionId) q = q.where('subscription_id', '=', filter.subscriptionId);
  const rows = await q.orderBy('created_at', 'desc').limit(filter.limit).execute();
  const out: WebhookDeliveryView[] = [];
  for (const r of rows) out.push(await deliveryView(x, r, false));
  return out;
}

export async function getDelivery(x: Executor, accountId: string, webhookId: string): Promise<Result<WebhookDeliveryView>> {
  const r = await mq(x).selectFrom('commerce_webhook').selectAll().where('account_id', '=', accountId).where('webhook_id', '=', webhookId).executeTakeFirst();
  if (!r) return fail('NotFound', 'No such webhook delivery in this account.');
  return ok(await deliveryView(x, r, true));
}

/** Sends a finished (delivered or dead) webhook again. */
export async function replayDelivery(x: Executor, env: CommerceEnv, accountId: string, webhookId: string): Promise<Result<WebhookDeliveryView>> {
  const r = await mq(x).selectFrom('commerce_webhook').select(['outbox_id']).where('account_id', '=', accountId).where('webhook_id', '=', webhookId).executeTakeFirst();
  if (!r) return fail('NotFound', 'No such webhook delivery in this account.');
  const result = await replay(x, r.outbox_id, env.clock.now(), WEBHOOK_RETRY);
  if (result === 'not-finished') return fail('Conflict', 'This delivery is still being attempted; it can be sent again once it has succeeded or given up.');
  if (result === 'not-found') return fail('NotFound', 'The delivery log of this webhook is gone.');
  env.runner?.wake();
  return getDelivery(x, accountId, webhookId);
}
