import path from 'node:path';
import { buildApp, createServices, type Services } from './app.js';
import { VirtualClock, systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { migrate, openDatabase, type Database } from './platform/db/index.js';
import { createLogger, type Logger } from './platform/logger.js';
import { OutboxRunner } from './platform/outbox/index.js';
import type { FastifyInstance } from 'fastify';

export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  clock: Clock;
}

/** Where the embedded database lives inside the data directory. */
export const pgliteDir = (config: Config) => path.join(config.dataDir, 'pgdata');

/** config -> database -> migrations -> clock: what every command needs first. */
export async function openPlatform(config: Config, log = createLogger(config.logLevel)): Promise<Platform> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : pgliteDir(config) });
  const { applied } = await migrate(database.db);
  if (applied.length) log.info({ applied }, `applied ${applied.length} migrations`);
  const clock = config.sandbox ? await VirtualClock.load(database.db) : systemClock;
  return { config, log, database, clock };
}

export interface Running {
  app: FastifyInstance | undefined;
  services: Services | undefined;
  runner: OutboxRunner;
  url: string | undefined;
  stop(): Promise<void>;
}

/** `serve` (HTTP API and the outbox runner) or `worker` (the runner only, to scale out on PostgreSQL). */
export async function start(platform: Platform, role: 'serve' | 'worker'): Promise<Running> {
  const { config, log, database, clock } = platform;
  const runner = new OutboxRunner({
    database,
    clock,
    log,
    pollMs: config.runnerPollMs,
    beforePoll: clock instanceof VirtualClock ? () => clock.refresh(database.db) : undefined,
  });
  let app: FastifyInstance | undefined;
  let services: Services | undefined;
  let url: string | undefined;
  if (role === 'serve') {
    ({ app, services } = await buildApp({ config, database, clock, securityClock: systemClock, log, runner }));
    // The storefront's read model is a projection of the published offers: make it whole before serving it.
    await services.storefront.rebuildAll();
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    url = typeof address === 'object' && address ? `http://localhost:${address.port}` : config.publicUrl;
  } else {
    // The worker serves no HTTP, but the modules' services register their job handlers on its runner.
    services = createServices({ config, database, clock, securityClock: systemClock, log, runner });
  }
  await services.metering.scheduleAnomalyScan();
  await services.billing.scheduleBillingRun();
  runner.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      await app?.close();
      await runner.stop();
      await database.close();
    })());
  return { app, services, runner, url, stop };
}

/** Ends the process cleanly on SIGINT/SIGTERM: stop taking requests, finish work in flight, close the database. */
export function stopOnSignals(running: Running, log: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'signal received');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
