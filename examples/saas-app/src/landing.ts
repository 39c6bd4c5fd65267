import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { access, field, seeOther, sendHtml, userMessage, type AppContext } from './context.js';
import { MarketplaceApiError, type Plan, type Subscription } from './marketplace-client.js';
import { managePage, messagePage, pendingPage, PURCHASE_NOT_IDENTIFIED, unsubscribedPage, type Flash } from './pages.js';
import type { Session } from './sessions.js';
import type { Account } from './store.js';
import { usageView } from './usage.js';

/**
 * The landing page: the marketplace opens `/landing?token=<url-encoded purchase token>` after a purchase
 * ("Configure account") and for every later "Manage account". Resolve tells which subscription the token is for and
 * whether it is a new purchase (PendingFulfillmentStart: sign in, then activate) or an existing one (manage it).
 */

type IdRoute = { Params: { id: string } };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const subPath = (id: string) => `/subscriptions/${encodeURIComponent(id)}`;

/** Renders the page for a subscription's status: setup, manage, or canceled. */
export async function renderAccount(ctx: AppContext, reply: FastifyReply, session: Session, account: Account, correlationId: string): Promise<FastifyReply> {
  const flash = ctx.sessions.takeFlash(session);
  switch (account.status) {
    case 'PendingFulfillmentStart':
      return sendHtml(reply, 200, pendingPage(account, session, flash));
    case 'Subscribed':
    case 'Suspended': {
      let plans: Plan[] | undefined;
      let plansError: string | undefined;
      if (account.status === 'Subscribed') {
        try {
          plans = await ctx.client.listAvailablePlans(account.id, { correlationId });
        } catch (error) {
          plansError = userMessage(error);
        }
      }
      return sendHtml(reply, 200, managePage(account, session, { plans, plansError, operations: ctx.store.operationsOf(account.id).slice(0, 5), usage: await usageView(ctx, account), flash }));
    }
    case 'Unsubscribed':
      return sendHtml(reply, 200, unsubscribedPage(account, flash));
    default:
      return sendHtml(reply, 200, messagePage('Subscription', `This subscription's status is ${account.status ?? 'unknown'}; there is nothing to set up yet.`));
  }
}

export function registerLanding(app: FastifyInstance, ctx: AppContext): void {
  app.get('/landing', async (request, reply) => {
    const session = ctx.sessions.get(request, reply);
    // The query parser has URL-decoded the token once; it goes to Resolve exactly as it is now (never decoded again).
    const token = (request.query as Record<string, unknown>).token;
    if (typeof token !== 'string' || token === '')
      return sendHtml(reply, 400, messagePage('Contoso Flow landing page', 'The marketplace opens this page with a purchase token after you buy Contoso Flow.', 'Open your subscription from the Azure portal or the Microsoft 365 Admin Center and select "Configure Account" or "Manage Account".'));
    if (token.length > 8192) return sendHtml(reply, 400, messagePage('We couldn\'t identify this purchase', PURCHASE_NOT_IDENTIFIED));
    const correlationId = randomUUID();
    let subscription: Subscription;
    try {
      const resolved = await ctx.client.resolve(token, { correlationId });
      subscription = resolved.subscription
        ? { ...resolved.subscription, id: resolved.subscription.id ?? resolved.id }
        : { id: resolved.id, name: resolved.subscriptionName, offerId: resolved.offerId, planId: resolved.planId, quantity: resolved.quantity };
      if (!subscription.id) throw new Error('Resolve returned no subscription id');
    } catch (error) {
      // A header value fetch refuses (a control character) is an invalid token too.
      const invalidToken = (error instanceof MarketplaceApiError && (error.status === 400 || error.status === 404)) || error instanceof TypeError;
      if (invalidToken) {
        request.log.info({ err: error }, 'the purchase token did not resolve');
        return sendHtml(reply, 400, messagePage('We couldn\'t identify this purchase', PURCHASE_NOT_IDENTIFIED));
      }
      request.log.error({ err: error }, 'Resolve failed');
      return sendHtml(reply, 502, messagePage('Something went wrong', `Contoso Flow could not look up your purchase. ${userMessage(error)}`, 'Try again in a few minutes.'));
    }
    const isNew = !ctx.store.get(subscription.id);
    const account = ctx.store.upsertFromMarketplace(subscription);
    if (isNew) ctx.store.addHistory(account.id, 'landing', `Opened from the marketplace (${account.status})`);
    session.resolved.add(account.id);
    return renderAccount(ctx, reply, session, account, correlationId);
  });

  app.get<IdRoute>('/subscriptions/:id', async (request, reply) => {
    const found = access(ctx, request, reply);
    if (!found) return reply;
    const correlationId = randomUUID();
    let account = found.account;
    try {
      account = ctx.store.upsertFromMarketplace(await ctx.client.getSubscription(account.id, { correlationId }));
    } catch (error) {
      found.session.flash ??= { kind: 'warning', text: `Showing the last known details. ${userMessage(error)}` };
    }
    return renderAccount(ctx, reply, found.session, account, correlationId);
  });

  app.post<IdRoute>('/subscriptions/:id/sign-in', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    const email = field(request.body, 'email');
    if (!email || email.length > 254 || !EMAIL.test(email)) {
      found.session.flash = { kind: 'error', text: 'Enter a valid email address.' };
    } else {
      found.session.email = email;
    }
    return seeOther(reply, subPath(found.account.id));
  });

  app.post<IdRoute>('/subscriptions/:id/sign-out', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    found.session.email = undefined;
    return seeOther(reply, subPath(found.account.id));
  });

  app.post<IdRoute>('/subscriptions/:id/activate', async (request, reply) => {
    const found = access(ctx, request, reply, { form: true });
    if (!found) return reply;
    const { session, account } = found;
    const fail = (flash: Flash) => {
      session.flash = flash;
      return seeOther(reply, subPath(account.id));
    };
    if (!session.email) return fail({ kind: 'error', text: 'Sign in before activating.' });
    if (account.status !== 'PendingFulfillmentStart') return fail({ kind: 'info', text: 'This subscription is already active.' });
    if (!account.planId) return fail({ kind: 'error', text: 'The purchased plan is unknown; reopen the subscription from the marketplace.' });
    const correlationId = randomUUID();
    try {
      // Echo exactly what was purchased: the plan, and the seats for a per-seat plan.
      await ctx.client.activate(account.id, { planId: account.planId, quantity: account.quantity }, { correlationId });
    } catch (error) {
      request.log.warn({ err: error, subscriptionId: account.id }, 'activation failed');
      return fail({ kind: 'error', text: `Activation failed. ${userMessage(error)}` });
    }
    ctx.store.update(account.id, (a) => {
      a.activatedBy = session.email;
    });
    ctx.store.addHistory(account.id, 'app', `Activated by ${session.email}`);
    try {
      ctx.store.upsertFromMarketplace(await ctx.client.getSubscription(account.id, { correlationId }));
    } catch (error) {
      request.log.warn({ err: error }, 'could not read the subscription after activating it');
      ctx.store.update(account.id, (a) => {
        a.status = 'Subscribed';
      });
    }
    session.flash = { kind: 'info', text: `Your ${account.planId} subscription is active. Welcome to Contoso Flow!` };
    return seeOther(reply, subPath(account.id));
  });
}
