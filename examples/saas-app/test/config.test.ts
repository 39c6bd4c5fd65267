import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, credentialsLoader, loadConfig } from '../src/config.js';
import type { SubscriptionStatus } from '../src/marketplace-client.js';
import { Store } from '../src/store.js';

describe('configuration', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'saas-app-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has defaults for running beside Agora', () => {
    const config = loadConfig({}, dir);
    expect(config).toMatchObject({
      agoraUrl: 'http://localhost:3000',
      issuerUrl: 'http://localhost:3000',
      port: 7071,
      publicUrl: 'http://localhost:7071',
      credentials: undefined,
      credentialsFile: path.join(dir, '.agora', 'demo-credentials.json'),
      dataFile: path.join(dir, '.agora', 'saas-app.json'),
      rejectChanges: false,
    });
  });

  it('reads the environment', () => {
    const config = loadConfig({
      AGORA_URL: 'http://agora:3000/',
      AGORA_ISSUER_URL: 'https://agora.example.com',
      SAAS_APP_PORT: '8080',
      SAAS_APP_TENANT_ID: 't',
      SAAS_APP_CLIENT_ID: 'c',
      SAAS_APP_CLIENT_SECRET: 's',
      SAAS_APP_DATA: 'none',
      SAAS_APP_REJECT_CHANGES: '1',
    }, dir);
    expect(config).toMatchObject({
      agoraUrl: 'http://agora:3000',
      issuerUrl: 'https://agora.example.com',
      port: 8080,
      credentials: { tenantId: 't', clientId: 'c', clientSecret: 's' },
      dataFile: null,
      rejectChanges: true,
    });
  });

  it("takes the webhook issuer from Agora's AGORA_PUBLIC_URL when it is set", () => {
    expect(loadConfig({ AGORA_URL: 'http://127.0.0.1:3000', AGORA_PUBLIC_URL: 'https://agora.example.com/' }, dir).issuerUrl).toBe('https://agora.example.com');
  });

  it('checks for an ended hour to report usage every minute, or never', () => {
    expect(loadConfig({}, dir).usageCheckIntervalMs).toBe(60_000);
    expect(loadConfig({ SAAS_APP_USAGE_CHECK_INTERVAL_MS: '0' }, dir).usageCheckIntervalMs).toBe(0);
    expect(() => loadConfig({ SAAS_APP_USAGE_CHECK_INTERVAL_MS: '-1' }, dir)).toThrow(ConfigError);
  });

  it('refuses half-set credentials and bad values', () => {
    expect(() => loadConfig({ SAAS_APP_TENANT_ID: 't' }, dir)).toThrow(/SAAS_APP_CLIENT_ID, SAAS_APP_CLIENT_SECRET/);
    expect(() => loadConfig({ SAAS_APP_PORT: 'x' }, dir)).toThrow(ConfigError);
    expect(() => loadConfig({ AGORA_URL: 'ftp://x' }, dir)).toThrow(ConfigError);
  });

  it("reads the app registration from Agora's demo-credentials.json, once it exists", async () => {
    const file = path.join(dir, 'demo-credentials.json');
    const load = credentialsLoader({ credentialsFile: file });
    await expect(load()).rejects.toThrow(/SAAS_APP_TENANT_ID/);
    await writeFile(file, JSON.stringify({ publisher: { tenantId: 'x' } }));
    await expect(load()).rejects.toThrow(/app\.tenantId/);
    await writeFile(file, JSON.stringify({ app: { tenantId: 't', clientId: 'c', clientSecret: 's', resource: 'r' } }));
    await expect(load()).resolves.toEqual({ tenantId: 't', clientId: 'c', clientSecret: 's' });
  });

  it('keeps its state in a JSON file between runs', async () => {
    const file = path.join(dir, 'state', 'saas-app.json');
    const store = new Store(file);
    await store.load();
    store.upsertFromMarketplace({ id: 'sub-1', planId: 'standard', quantity: '', saasSubscriptionStatus: ' Subscribed ' as SubscriptionStatus }); // padded, as in the reference's examples
    store.addHistory('sub-1', 'app', 'Activated');
    store.addWebhookEvent({ receivedAt: 'now', operationId: 'op', subscriptionId: 'sub-1', action: 'Renew', status: 'Success', outcome: 'applied' });
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).accounts).toHaveLength(1);
    const again = new Store(file);
    await again.load();
    expect(again.get('sub-1')).toMatchObject({ planId: 'standard', status: 'Subscribed', history: [{ text: 'Activated' }] });
    expect(again.get('sub-1')?.quantity).toBeUndefined();
    expect(again.wasHandled('op', 'Success')).toBe(true);
  });

  it('keeps metered usage and usage reports in the state file', async () => {
    const file = path.join(dir, 'state', 'usage.json');
    const store = new Store(file);
    const meter = store.meter('sub-1', 'metered', 'emails', '2026-05-01T00:00:00Z');
    Object.assign(meter, { usedInTerm: 1250, overageInTerm: 250, pending: { '2026-05-10T10:00:00.000Z': 250 } });
    store.metersChanged();
    store.addUsageReport({ id: 'r1', at: 'now', marketplaceTime: 'then', trigger: 'hourly', calls: [], items: [] });
    await store.flush();
    const again = new Store(file);
    await again.load();
    expect(again.meter('sub-1', 'metered', 'emails')).toMatchObject({ termStart: '2026-05-01T00:00:00Z', usedInTerm: 1250, pending: { '2026-05-10T10:00:00.000Z': 250 }, reportedHours: [] });
    expect(again.recentUsageReports()).toHaveLength(1);
  });
});
