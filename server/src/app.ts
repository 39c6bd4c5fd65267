import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/index.js';
import { agoraErrorHandler, idFromHeader, platformRoutes, registerAuth, registerRequestContext } from './platform/http/index.js';
import type { Logger } from './platform/logger.js';
import type { OutboxRunner } from './platform/outbox/index.js';
import { LocalFileStorage, type FileStorage } from './platform/storage/index.js';
import { createAccounts, type AccountsService, type InvitationMailer } from './modules/accounts/index.js';
import { createCatalog, type CatalogEventSink, type CatalogService } from './modules/catalog/index.js';
import { createPublishing, type PublishingService } from './modules/publishing/index.js';
import { createCommerce, type CommerceService } from './modules/commerce/index.js';
import { createStorefront, type StorefrontService } from './modules/storefront/index.js';
import { createMetering, type MeteringService } from './modules/metering/index.js';
import { createNotifications, type NotificationsService } from './modules/notifications/index.js';
import { createBilling, type BillingService } from './modules/billing/index.js';
import { dailyUsage } from './modules/metering/index.js';
import { PARTNER_CENTER_RESOURCE, bearerVerifier, createIdentity, type IdentityService } from './modules/identity/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Business time: the virtual clock in sandbox mode. */
  clock: Clock;
  /** Real time for security lifetimes (sessions, tokens, secrets). */
  securityClock: Clock;
  log: Logger;
  /** The outbox runner of this process, if it runs one (woken after changes that enqueue work). */
  runner?: OutboxRunner | undefined;
  /** Directory of the built web app; defaults to web/dist. */
  webDir?: string | undefined;
  /** Where uploaded files go; defaults to `<AGORA_DATA_DIR>/files` on disk. */
  storage?: FileStorage | undefined;
  /** Serve HTTPS with this key and certificate (PEM). */
  https?: { key: string; cert: string } | undefined;
}

export interface Services {
  identity: IdentityService;
  accounts: AccountsService;
  catalog: CatalogService;
  publishing: PublishingService;
  storefront: StorefrontService;
  commerce: CommerceService;
  metering: MeteringService;
  notifications: NotificationsService;
  billing: BillingService;
}

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      target: Type.Optional(Type.String()),
      details: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String(), target: Type.Optional(Type.String()) }))),
    }),
  },
  { $id: 'Error' },
);

/** Builds the modules' services without an HTTP server (the CLI's seed uses this too). */
export function createServices(deps: AppDeps): Services {
  const base = { db: deps.database.db, clock: deps.clock, securityClock: deps.securityClock, publicUrl: deps.config.publicUrl, log: deps.log };
  const identity = createIdentity(base);
  // Invitations are emailed through notifications, which needs accounts: its sendEmail is bound below.
  const mailers: { invitation?: InvitationMailer } = {};
  const accounts = createAccounts({
    ...base,
    identity,
    invitationMailer: async (x, mail) => {
      if (!mailers.invitation) throw new Error('The invitation mailer is not bound yet.');
      return mailers.invitation(x, mail);
    },
  });
  for (const handler of accounts.handlers) deps.runner?.register(handler);
  const storage = deps.storage ?? new LocalFileStorage(path.join(deps.config.dataDir, 'files'));
  // Publishing and the storefront need the catalog, so the catalog's event sink is bound afterwards.
  const catalogEvents: { sink?: CatalogEventSink } = {};
  const catalog = createCatalog({
    db: base.db,
    clock: base.clock,
    log: base.log,
    sandbox: deps.config.sandbox,
    storage,
    accountOfApp: accounts.accountOfApp,
    onEvent: async (x, event) => catalogEvents.sink?.(x, event),
  });
  const publishing = createPublishing({ db: base.db, clock: base.clock, log: base.log, catalog, accounts, runner: deps.runner });
  const storefront = createStorefront({ db: base.db, catalog, accounts, mediaFile: catalog.mediaFile });
  // Catalog events go to publishing's history and refresh the storefront's read model, in the same transaction.
  catalogEvents.sink = async (x, event) => {
    await publishing.recordCatalogEvent(x, event);
    await storefront.onCatalogEvent(x, event);
  };
  for (const handler of publishing.handlers) deps.runner?.register(handler);
  const commerce = createCommerce({ ...base, sandbox: deps.config.sandbox, catalog, accounts, identity, runner: deps.runner });
  for (const handler of commerce.handlers) deps.runner?.register(handler);
  const notifications = createNotifications({ ...base, smtpUrl: deps.config.smtpUrl, mailFrom: deps.config.mailFrom, accounts, identity, runner: deps.runner });
  for (const handler of notifications.handlers) deps.runner?.register(handler);
  mailers.invitation = (x, mail) => notifications.sendEmail(x, { ...mail, kind: 'invitation' });
  const metering = createMetering({ db: base.db, clock: base.clock, commerce, notifications });
  for (const handler of metering.handlers) deps.runner?.register(handler);
  const billing = createBilling({
    db: base.db,
    clock: base.clock,
    log: base.log,
    sandbox: deps.config.sandbox,
    commerce,
    dailyUsage,
    runner: deps.runner,
    seller: { name: 'Agora marketplace', url: deps.config.publicUrl },
  });
  for (const handler of billing.handlers) deps.runner?.register(handler);
  return { identity, accounts, catalog, publishing, storefront, commerce, metering, notifications, billing };
}

/** The Fastify application: platform plugins, then each module's routes. Tests call this and use `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; services: Services }> {
  const app = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (req) => idFromHeader(req.headers['x-ms-requestid']),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }) as unknown as FastifyInstance;
  const services = createServices(deps);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Agora',
        version: '0.1.0',
        description:
          "Agora's APIs: the Azure AD-compatible token endpoint, the publisher portal and operator APIs, and (as they arrive) the Microsoft-compatible marketplace APIs.",
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'agora_session' },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(ErrorSchema);

  registerRequestContext(app);
  registerAuth(app, {
    sessions: services.identity.sessions,
    authorizer: services.accounts.authorizer,
    bearer: bearerVerifier(services.identity, services.accounts.accountOfApp, deps.securityClock),
    ownApiAudience: PARTNER_CENTER_RESOURCE,
  });
  app.setErrorHandler(agoraErrorHandler);

  await services.identity.register(app);
  await services.accounts.register(app);
  await services.catalog.register(app);
  await services.publishing.register(app);
  await services.storefront.register(app);
  await services.commerce.register(app);
  await services.metering.register(app);
  await services.notifications.register(app);
  await services.billing.register(app);
  await app.register(async (scope) =>
    platformRoutes(scope, { database: deps.database, clock: deps.clock, sandbox: deps.config.sandbox, runner: deps.runner }),
  );

  app.get('/openapi.json', {
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  await registerWeb(app, deps.webDir ?? DEFAULT_WEB_DIR);
  return { app, services };
}

/** The React app: its built files, and index.html for the client-side routes of the three areas. */
async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const indexHtml = existsSync(index) ? readFileSync(index, 'utf8') : undefined;
  if (indexHtml !== undefined) {
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), permission: 'public' };
      });
      await scope.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false });
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (isPage && indexHtml !== undefined) return reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
    return reply.status(404).send({ error: { code: 'NotFound', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
}
