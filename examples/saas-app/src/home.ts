import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { field, seeOther, sendHtml, userMessage, type AppContext } from './context.js';
import type { Subscription } from './marketplace-client.js';
import { homePage, messagePage } from './pages.js';
import { csrfOk } from './sessions.js';
import { usageHomeView } from './usage.js';

/**
 * The operator view at `/`: how the app is wired to the marketplace, the subscriptions it has provisioned, their metered
 * usage and the last usage reports, the last webhook notifications, and every subscription of the publisher (List subscriptions, following @nextLink). It has no
 * sign-in of its own: run the sample on a trusted machine.
 */
export function registerHome(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', async (request, reply) => {
    const session = ctx.sessions.get(request, reply);
    let tenantId: string | undefined;
    let clientId: string | undefined;
    let credentialsError: string | undefined;
    try {
      ({ tenantId, clientId } = await ctx.credentials());
    } catch (error) {
      credentialsError = userMessage(error);
    }
    let marketplace: Subscription[] | undefined;
    let marketplaceError: string | undefined;
    if (!credentialsError) {
      try {
        marketplace = await ctx.client.listAllSubscriptions({ correlationId: randomUUID() });
      } catch (error) {
        marketplaceError = userMessage(error);
      }
    }
    return sendHtml(reply, 200, homePage({
      agoraUrl: ctx.config.agoraUrl,
      publicUrl: ctx.config.publicUrl,
      tenantId,
      clientId,
      credentialsFrom: ctx.config.credentials ? 'SAAS_APP_TENANT_ID, SAAS_APP_CLIENT_ID, SAAS_APP_CLIENT_SECRET' : ctx.config.credentialsFile,
      credentialsError,
      rejectChanges: ctx.config.rejectChanges,
      accounts: ctx.store.list(),
      marketplace,
      marketplaceError,
      events: ctx.store.recentWebhookEvents(20),
      usage: await usageHomeView(ctx),
    }, session, ctx.sessions.takeFlash(session)));
  });

  /** The demo switch: answer this subscription's marketplace-initiated changes with Failure. */
  app.post<{ Params: { id: string } }>('/admin/subscriptions/:id/reject-changes', async (request, reply) => {
    const session = ctx.sessions.get(request, reply);
    if (!csrfOk(session, field(request.body, 'csrf'))) return sendHtml(reply, 403, messagePage('Form expired', 'Reload the page and try again.'));
    if (!ctx.store.get(request.params.id)) return sendHtml(reply, 404, messagePage('Not found', 'Contoso Flow does not know this subscription.'));
    const reject = field(request.body, 'reject') === 'on';
    ctx.store.update(request.params.id, (a) => {
      a.rejectChanges = reject;
    });
    session.flash = { kind: 'info', text: `Marketplace changes of ${request.params.id} are now ${reject ? 'rejected (PATCH Failure)' : 'accepted (PATCH Success)'}.` };
    return seeOther(reply, '/');
  });
}
