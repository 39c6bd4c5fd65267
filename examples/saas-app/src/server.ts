import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAccount } from './account.js';
import { credentialsLoader, loadConfig, type SaasAppConfig } from './config.js';
import { sendHtml, type AppContext } from './context.js';
import { registerHome } from './home.js';
import { registerLanding } from './landing.js';
import { MarketplaceClient } from './marketplace-client.js';
import { MarketplaceClock } from './marketplace-clock.js';
import { messagePage } from './pages.js';
import { Sessions } from './sessions.js';
import { Store } from './store.js';
import { registerUsage } from './usage.js';
import { UsageReporter } from './usage-reporter.js';
import { createWebhookVerifier, registerWebhook, WebhookProcessor } from './webhook.js';

/**
 * Contoso Flow: a sample SaaS application that sells through the marketplace and integrates with it only through its
 * public APIs, as an ISV does with Microsoft's: the landing page, the SaaS Fulfillment API v2, the webhook, and the
 * Marketplace Metering API for the usage above what a plan includes.
 */

export interface SaasAppContext extends AppContext {
  webhooks: WebhookProcessor;
}

export type SaasApp = FastifyInstance & { saas: SaasAppContext };

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  fetch?: typeof fetch;
  /** Delays between tries of Get Operation for a webhook when the marketplace is unavailable. */
  webhookRetryDelaysMs?: number[];
  /** How long a reading of the marketplace's clock is reused (tests: 0, read it every time). */
  clockMaxAgeMs?: number;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function buildSaasApp(config: SaasAppConfig, options: BuildOptions = {}): Promise<SaasApp> {
  const app = Fastify({ logger: options.logger ?? false });
  await app.register(cookie);
  await app.register(formbody);

  const store = new Store(config.dataFile);
  await store.load();
  const credentials = credentialsLoader(config);
  const client = new MarketplaceClient({ agoraUrl: config.agoraUrl, credentials, fetch: options.fetch, onWarning: (message) => app.log.warn(message) });
  const sessions = new Sessions(config.publicUrl.startsWith('https:'));
  const webhooks = new WebhookProcessor({ client, store, rejectChanges: config.rejectChanges, log: app.log, retryDelaysMs: options.webhookRetryDelaysMs });
  const clock = new MarketplaceClock({ agoraUrl: config.agoraUrl, fetch: options.fetch, maxAgeMs: options.clockMaxAgeMs });
  const usage = new UsageReporter({ client, store, clock, log: app.log, checkIntervalMs: config.usageCheckIntervalMs });
  const ctx: SaasAppContext = { config, credentials, client, store, sessions, log: app.log, webhooks, usage };

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    // The landing page URL carries the purchase token: never send it on in a Referer.
    reply.header('referrer-policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  registerWebhook(app, { verify: createWebhookVerifier({ agoraUrl: config.agoraUrl, issuerUrl: config.issuerUrl, credentials }), processor: webhooks, store });
  registerLanding(app, ctx);
  registerAccount(app, ctx);
  registerHome(app, ctx);
  registerUsage(app, ctx);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.setNotFoundHandler((_request, reply) => sendHtml(reply, 404, messagePage('Not found', 'There is no such page.')));
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.url.startsWith('/webhook')) return reply.code(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message });
    return sendHtml(reply, status, messagePage('Something went wrong', status >= 500 ? 'Contoso Flow could not complete this request. Try again.' : 'The request was not valid.'));
  });
  app.addHook('onReady', async () => {
    usage.start();
  });
  app.addHook('onClose', async () => {
    await usage.stop();
    await webhooks.idle();
    await store.flush();
  });

  app.decorate('saas', ctx);
  // decorate() does not narrow the instance's type.
  return app as unknown as SaasApp;
}

export async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildSaasApp(config, { logger: { level: process.env.LOG_LEVEL || 'info' } });
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    {
      landingPage: `${config.publicUrl}/landing`,
      webhook: `${config.publicUrl}/webhook`,
      marketplace: config.agoraUrl,
      credentials: config.credentials ? 'environment' : config.credentialsFile,
      data: config.dataFile ?? 'memory only',
      usageReports: config.usageCheckIntervalMs > 0 ? `hourly (checked every ${config.usageCheckIntervalMs / 1000} s)` : 'off (SAAS_APP_USAGE_CHECK_INTERVAL_MS=0)',
    },
    `Contoso Flow (sample SaaS app) is at ${config.publicUrl}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
