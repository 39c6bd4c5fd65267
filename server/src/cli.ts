import { createServices } from './app.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { systemClock } from './platform/clock.js';
import { createLogger } from './platform/logger.js';
import { MigrationError } from './platform/db/index.js';
import { openPlatform, start, stopOnSignals } from './main.js';
import { credentialsPath, seedDemo } from './seed/demo.js';

const USAGE = `agora <command>

Commands:
  serve [--seed-demo]   HTTP API, web app and the outbox runner. --seed-demo seeds the demo data on first run.
  worker                The outbox runner only, to scale out (needs DATABASE_URL: PGlite is one process).
  migrate               Apply pending database migrations and exit.
  seed-demo             Seed the demo marketplace (once) and write <AGORA_DATA_DIR>/demo-credentials.json.
  rotate-keys           Start signing tokens with a new key (the old one stays published until its tokens expire).

Environment: PORT (3000), HOST (0.0.0.0), AGORA_DATA_DIR (./.agora), DATABASE_URL, AGORA_PUBLIC_URL,
AGORA_SANDBOX (on), LOG_LEVEL (info).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...flags] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);

  switch (command) {
    case 'migrate': {
      const platform = await openPlatform(config, log);
      await platform.database.close();
      console.log('migrations are up to date');
      return 0;
    }
    case 'seed-demo': {
      const platform = await openPlatform(config, log);
      const services = createServices({ ...platform, securityClock: systemClock });
      await services.identity.keyring.ensureKey();
      const { created } = await seedDemo(platform.database.db, services, config);
      await platform.database.close();
      console.log(created ? `demo data seeded; credentials in ${credentialsPath(config)}` : `demo data was already seeded; credentials in ${credentialsPath(config)}`);
      return 0;
    }
    case 'rotate-keys': {
      const platform = await openPlatform(config, log);
      const services = createServices({ ...platform, securityClock: systemClock });
      await services.identity.keyring.ensureKey();
      const kid = await services.identity.keyring.rotate();
      await platform.database.close();
      console.log(`signing with new key ${kid}`);
      return 0;
    }
    case 'worker': {
      if (!config.databaseUrl) {
        console.error('agora worker needs DATABASE_URL: the embedded database serves one process, and `agora serve` already runs the outbox runner.');
        return 2;
      }
      const platform = await openPlatform(config, log);
      const running = await start(platform, 'worker');
      stopOnSignals(running, log);
      log.info({ worker: running.runner.worker }, 'outbox worker running');
      return -1;
    }
    case 'serve': {
      const platform = await openPlatform(config, log);
      // Seed before listening, so that /readyz answers only once the demo data is committed.
      let seeded = false;
      if (flags.includes('--seed-demo')) {
        const services = createServices({ ...platform, securityClock: systemClock });
        await services.identity.keyring.ensureKey();
        seeded = (await seedDemo(platform.database.db, services, config)).created;
      }
      const running = await start(platform, 'serve');
      stopOnSignals(running, log);
      const base = config.publicUrl;
      const lines = [
        '',
        `Agora is running (${platform.database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}${config.sandbox ? ', sandbox mode' : ''})`,
        `  Storefront        ${base}/`,
        `  Publisher portal  ${base}/partner`,
        `  Operator console  ${base}/admin`,
        `  API docs          ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
        `  Token endpoint    ${base}/{tenantId}/oauth2/token  and  /{tenantId}/oauth2/v2.0/token`,
        `  SaaS Fulfillment  ${base}/api/saas/subscriptions?api-version=2018-08-31`,
        process.env.AGORA_SAMPLE_APP_STARTED ? `  Sample SaaS app   ${config.demoSaasAppUrl}   (the demo offers' landing page and webhook)` : '',
        `  Health            ${base}/healthz  ${base}/readyz`,
        flags.includes('--seed-demo') ? `  Demo credentials  ${credentialsPath(config)}${seeded ? ' (just created)' : ''}` : '',
        '',
      ];
      console.log(lines.filter((l, i) => l !== '' || i === 0 || i === lines.length - 1).join('\n'));
      return -1;
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof MigrationError) console.error(`agora: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
