import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app registration Contoso Flow uses to call the marketplace APIs (its Azure AD "App B"). */
export interface AppCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface SaasAppConfig {
  /** Agora's origin: the token authority and the marketplace API host (`${agoraUrl}/api/saas/...`). */
  agoraUrl: string;
  /** The origin in Agora's token issuers (`${issuerUrl}/${tenantId}/`): Agora's AGORA_PUBLIC_URL. Usually agoraUrl. */
  issuerUrl: string;
  host: string;
  port: number;
  /** This app's own origin as the browser and Agora see it; only used to show the landing page and webhook URLs. */
  publicUrl: string;
  /** Set when the credentials come from the environment; otherwise they are read from `credentialsFile`. */
  credentials?: AppCredentials;
  credentialsFile: string;
  /** Where the app keeps its state between runs; null keeps it in memory only. */
  dataFile: string | null;
  /** Acknowledge every marketplace-initiated change with Failure instead of Success (demos and tests). */
  rejectChanges: boolean;
  /** How often an operation's Operation-Location is polled, and how long a form submission waits for it. */
  pollIntervalMs: number;
  operationWaitMs: number;
  /** How often the hourly usage reporter looks for an ended clock hour to report; 0 turns it off. */
  usageCheckIntervalMs: number;
}

export class ConfigError extends Error {}

/** The repository root (examples/saas-app/src → ../../..): `.agora/` lives there. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const trimSlash = (url: string) => url.replace(/\/+$/, '');

function parseUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return trimSlash(value);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): SaasAppConfig {
  const agoraUrl = parseUrl('AGORA_URL', env.AGORA_URL || 'http://localhost:3000');
  const port = parseInteger('SAAS_APP_PORT', env.SAAS_APP_PORT, 7071, 0, 65535);
  const names = ['SAAS_APP_TENANT_ID', 'SAAS_APP_CLIENT_ID', 'SAAS_APP_CLIENT_SECRET'] as const;
  const given = names.filter((n) => env[n]);
  if (given.length > 0 && given.length < names.length)
    throw new ConfigError(`Set all of ${names.join(', ')} or none of them (missing: ${names.filter((n) => !env[n]).join(', ')})`);
  const dataDir = env.AGORA_DATA_DIR ? path.resolve(root, env.AGORA_DATA_DIR) : path.join(root, '.agora');
  const data = env.SAAS_APP_DATA;
  return {
    agoraUrl,
    // Agora puts its AGORA_PUBLIC_URL in token issuers; it differs from AGORA_URL when Agora is reached another way.
    issuerUrl: env.AGORA_ISSUER_URL ? parseUrl('AGORA_ISSUER_URL', env.AGORA_ISSUER_URL) : env.AGORA_PUBLIC_URL ? parseUrl('AGORA_PUBLIC_URL', env.AGORA_PUBLIC_URL) : agoraUrl,
    host: env.SAAS_APP_HOST || 'localhost',
    port,
    publicUrl: env.SAAS_APP_PUBLIC_URL ? parseUrl('SAAS_APP_PUBLIC_URL', env.SAAS_APP_PUBLIC_URL) : `http://localhost:${port}`,
    credentials: given.length ? { tenantId: env.SAAS_APP_TENANT_ID!, clientId: env.SAAS_APP_CLIENT_ID!, clientSecret: env.SAAS_APP_CLIENT_SECRET! } : undefined,
    credentialsFile: path.join(dataDir, 'demo-credentials.json'),
    dataFile: data === 'none' || data === 'memory' ? null : path.resolve(root, data || path.join('.agora', 'saas-app.json')),
    rejectChanges: truthy(env.SAAS_APP_REJECT_CHANGES),
    pollIntervalMs: parseInteger('SAAS_APP_POLL_INTERVAL_MS', env.SAAS_APP_POLL_INTERVAL_MS, 2000, 10, 60_000),
    operationWaitMs: parseInteger('SAAS_APP_OPERATION_WAIT_MS', env.SAAS_APP_OPERATION_WAIT_MS, 6000, 0, 120_000),
    usageCheckIntervalMs: parseInteger('SAAS_APP_USAGE_CHECK_INTERVAL_MS', env.SAAS_APP_USAGE_CHECK_INTERVAL_MS, 60_000, 0, 3_600_000),
  };
}

/**
 * Where the credentials come from. From the environment they are fixed; from Agora's demo-credentials.json they are
 * read on first use (Agora may still be seeding when this app starts), and read again until the file has them.
 */
export function credentialsLoader(config: Pick<SaasAppConfig, 'credentials' | 'credentialsFile'>): () => Promise<AppCredentials> {
  if (config.credentials) {
    const fixed = config.credentials;
    return async () => fixed;
  }
  let found: AppCredentials | undefined;
  return async () => {
    if (found) return found;
    let text: string;
    try {
      text = await readFile(config.credentialsFile, 'utf8');
    } catch {
      throw new ConfigError(`No marketplace credentials: set SAAS_APP_TENANT_ID, SAAS_APP_CLIENT_ID and SAAS_APP_CLIENT_SECRET, or start Agora with its demo data so that ${config.credentialsFile} exists`);
    }
    let app: Partial<AppCredentials> | undefined;
    try {
      app = (JSON.parse(text) as { app?: Partial<AppCredentials> }).app;
    } catch {
      throw new ConfigError(`${config.credentialsFile} is not valid JSON`);
    }
    if (!app?.tenantId || !app.clientId || !app.clientSecret)
      throw new ConfigError(`${config.credentialsFile} has no app.tenantId, app.clientId and app.clientSecret; set SAAS_APP_TENANT_ID, SAAS_APP_CLIENT_ID and SAAS_APP_CLIENT_SECRET`);
    found = { tenantId: app.tenantId, clientId: app.clientId, clientSecret: app.clientSecret };
    return found;
  };
}
