import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** The externally visible origin, e.g. `https://agora.example.com` (no trailing slash). */
  publicUrl: string;
  /** Sandbox mode: virtual clock and other test controls for ISVs. */
  sandbox: boolean;
  logLevel: string;
  /** How often the outbox runner polls for due work when it has not been woken. */
  runnerPollMs: number;
  /** Where the sample ISV app (examples/saas-app) listens: the demo offers' landing page and webhook point at it. */
  demoSaasAppUrl: string;
  /** Outgoing mail server, `smtp://user:pass@host:587` or `smtps://…:465`; when absent emails are logged as not sent. */
  smtpUrl: string | undefined;
  /** The From address of Agora's emails. */
  mailFrom: string;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const host = env.HOST || '0.0.0.0';
  const dataDir = path.resolve(env.AGORA_DATA_DIR || './.agora');
  const publicUrl = (env.AGORA_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`AGORA_PUBLIC_URL must be an absolute URL, got "${env.AGORA_PUBLIC_URL}"`);
  }
  const smtpUrl = env.AGORA_SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:$/.test(URL.canParse(smtpUrl) ? new URL(smtpUrl).protocol : ''))
    throw new ConfigError('AGORA_SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587');
  const runnerPollMs = env.AGORA_RUNNER_POLL_MS ? Number(env.AGORA_RUNNER_POLL_MS) : 1000;
  return {
    port,
    host,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl,
    sandbox: flag(env.AGORA_SANDBOX, true),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    runnerPollMs,
    demoSaasAppUrl: (env.AGORA_DEMO_SAAS_APP_URL || 'http://localhost:7071').replace(/\/+$/, ''),
    smtpUrl,
    mailFrom: env.AGORA_MAIL_FROM || `Agora <no-reply@${new URL(publicUrl).hostname}>`,
  };
}
