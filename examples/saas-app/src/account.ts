import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { access, field, seeOther, sendHtml, userMessage, type AppContext } from './context.js';
import { isTerminal, type AcceptedOperation, type Operation } from './marketplace-client.js';
import { messagePage, operationPage } from './pages.js';
import type { Session } from './sessions.js';
import type { Account } from './store.js';

/**
 * "Manage account": publisher-initiated changes. Each answers 202 with an Operation-Location, which the app polls
 * until the operation is Succeeded, Failed or Conflict; the request's page keeps polling if that takes longer.
 */

type IdRoute = { Params: { id: string } };
type OperationRoute = { Params: { id: string; operationId: string } };

const subPath = (id: string) => `/subscriptions/${encodeURIComponent(id)}`;

async function startOperation(
  ctx: AppContext,
  reply: FastifyReply,
  found: { session: Session; account: Account },
  action: string,
  detail: string,
  call: (correlationId: string) => Promise<AcceptedOperation>,
): Promise<FastifyReply> {
  const { session, account } = found;
  const correlationId = randomUUID();
  let accepted: AcceptedOperation;
  try {
    accepted = await call(correlationId);
  } catch (error) {
    ctx.log.warn({ err: error, subscriptionId: account.id, action }, 'the marketplace refused the request');
    session.flash = { kind: 'error', text: `${action} was not accepted. ${userMessage(error)}` };
    return seeOther(reply, subPath(account.id));
  }
  const operationId = accepted.operationId ?? randomUUID();
  ctx.store.trackOperation({
    id: operationId,
    subscriptionId: account.id,
    action,
    detail,
    location: accepted.operationLocation,
    requestedAt: new Date().toISOString(),
    requestedBy: session.email,
    status: 'InProgress',
  });
  ctx.store.addHistory(account.id, 'app', `${action} requested (${detail})${session.email ? ` by ${session.email}` : ''}`);
  // Usually quick: wait a little for the result so the next page can show it.
  try {
    const { operation } = await ctx.client.pollOperation(accepted.operationLocation, { correlationId, intervalMs: ctx.config.pollIntervalMs, timeoutMs: ctx.config.operationWaitMs });
    await recordResult(ctx, account.id, operationId, operation, correlationId);
  } catch (error) {
    ctx.log.warn({ err: error, operationId }, 'polling the operation failed; its page tries again');
  }
  return seeOther(reply, `${subPath(account.id)}/operations/${encodeURIComponent(operationId)}`);
}

/** Records an operation's latest status; when it has just finished, refreshes the subscription. */
async function recordResult(ctx: AppContext, subscriptionId: string, operationId: string, op: Operation, correlationId: string): Promise<void> {
  const tracked = ctx.store.operation(operationId);
  if (!tracked) return;
  const finishedNow = isTerminal(op) && !['Succeeded', 'Failed', 'Conflict'].includes(tracked.status);
  ctx.store.updateOperation(operationId, { status: op.status ?? tracked.status, checkedAt: new Date().toISOString() });
  if (!finishedNow) return;
  ctx.store.addHistory(subscriptionId, 'marketplace', `${tracked.action} ${op.status}${op.errorMessage ? `: ${op.errorMessage}` : ''}`);
  try {
    ctx.store.upsertFromMarketplace(await ctx.client.getSubscription(subscriptionId, { correlationId }));
  } catch (error) {
    ctx.log.warn({ err: error, subscriptionId }, 'could not refresh the subscription');
  }
}

export function registerAccount(app: FastifyInstance, ctx: AppContext): void {
  app.post<IdRoute>('/subscriptions/:id/change-plan', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    const planId = field(request.body, 'planId');
    if (!planId || planId.length > 100 || planId === found.account.planId) {
      found.session.flash = { kind: 'error', text: 'Choose a different plan.' };
      return seeOther(reply, subPath(found.account.id));
    }
    return startOperation(ctx, reply, found, 'ChangePlan', `to plan ${planId}`, (correlationId) => ctx.client.changePlan(found.account.id, planId, { correlationId }));
  });

  app.post<IdRoute>('/subscriptions/:id/change-quantity', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    const text = field(request.body, 'quantity') ?? '';
    const quantity = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
    if (!(quantity >= 1) || quantity === found.account.quantity) {
      found.session.flash = { kind: 'error', text: 'Enter a different number of seats (1 or more).' };
      return seeOther(reply, subPath(found.account.id));
    }
    return startOperation(ctx, reply, found, 'ChangeQuantity', `to ${quantity} seats`, (correlationId) => ctx.client.changeQuantity(found.account.id, quantity, { correlationId }));
  });

  app.post<IdRoute>('/subscriptions/:id/cancel', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    if (field(request.body, 'confirm') !== 'yes') {
      found.session.flash = { kind: 'error', text: 'Confirm that you want to cancel.' };
      return seeOther(reply, subPath(found.account.id));
    }
    return startOperation(ctx, reply, found, 'Unsubscribe', 'cancel the subscription', (correlationId) => ctx.client.deleteSubscription(found.account.id, { correlationId }));
  });

  app.get<OperationRoute>('/subscriptions/:id/operations/:operationId', async (request, reply) => {
    const found = access(ctx, request, reply);
    if (!found) return reply;
    const tracked = ctx.store.operation(request.params.operationId);
    if (!tracked || tracked.subscriptionId !== found.account.id) return sendHtml(reply, 404, messagePage('Not found', 'Contoso Flow has no such request for this subscription.'));
    const correlationId = randomUUID();
    let op: Operation | undefined;
    let error: string | undefined;
    try {
      // Poll the Operation-Location the marketplace gave us.
      op = await ctx.client.getOperationAt(tracked.location, { correlationId });
      await recordResult(ctx, found.account.id, tracked.id, op, correlationId);
    } catch (e) {
      error = userMessage(e);
    }
    return sendHtml(reply, 200, operationPage(ctx.store.get(found.account.id) ?? found.account, tracked, op, error));
  });
}
