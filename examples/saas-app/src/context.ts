import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError, type AppCredentials, type SaasAppConfig } from './config.js';
import { MarketplaceApiError, TokenRequestError, type MarketplaceClient } from './marketplace-client.js';
import { messagePage } from './pages.js';
import { csrfOk, type Session, type Sessions } from './sessions.js';
import type { Account, Store } from './store.js';
import type { UsageReporter } from './usage-reporter.js';

/** What the route modules share. */
export interface AppContext {
  config: SaasAppConfig;
  credentials: () => Promise<AppCredentials>;
  client: MarketplaceClient;
  store: Store;
  sessions: Sessions;
  log: FastifyBaseLogger;
  /** Metered usage: counting, and reporting to the Metering API. */
  usage: UsageReporter;
}

export function sendHtml(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

/** A form field as a trimmed string, or undefined. */
export function field(body: unknown, name: string): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}

/** An error as one sentence for the user. */
export function userMessage(error: unknown): string {
  if (error instanceof MarketplaceApiError) return `The marketplace answered HTTP ${error.status}: ${error.detail}`;
  if (error instanceof TokenRequestError) return `${error.message}. Check the app registration (tenant id, client id and secret).`;
  if (error instanceof ConfigError) return error.message;
  return `The marketplace could not be reached (${(error as Error).message}).`;
}

/**
 * The session and the subscription for a page or form about one subscription. The browser must have opened it from
 * the marketplace (the landing page resolved a token for it) in this session; form posts must carry the CSRF token.
 * Otherwise the answer is sent and undefined returned.
 */
export function access(
  ctx: AppContext,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
  options: { form?: boolean } = {},
): { session: Session; account: Account } | undefined {
  const session = ctx.sessions.get(request, reply);
  const account = ctx.store.get(request.params.id);
  if (!account || !session.resolved.has(account.id)) {
    sendHtml(reply, 403, messagePage('Open your subscription from the marketplace', 'To set up or manage your Contoso Flow subscription, open it from the Azure portal or the Microsoft 365 Admin Center and select "Configure Account" or "Manage Account".'));
    return undefined;
  }
  if (options.form && !csrfOk(session, field(request.body, 'csrf'))) {
    sendHtml(reply, 403, messagePage('Form expired', 'This form has expired. Go back, reload the page and try again.'));
    return undefined;
  }
  return { session, account };
}
