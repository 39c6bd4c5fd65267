import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, registerApp, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';
import { testPki } from '../../../../test/helpers/tls.js';
import { freePort } from '../../../../test/helpers/net.js';
import { marketplaceProbe } from '../../../../test/helpers/probe.js';
import { MARKETPLACE_API_RESOURCE } from './index.js';

const run = promisify(execFile);
const CLIENT = path.resolve('test/fixtures/azure-identity-client.mjs');

let t: TestApp;
let pub: Publisher;
let creds: { appId: string; secret: string };
let authority: string;
let dir: string;
let caFile: string;

beforeAll(async () => {
  const pki = testPki();
  dir = await mkdtemp(path.join(tmpdir(), 'agora-ca-'));
  caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, pki.caPem);
  const port = await freePort();
  authority = `https://localhost:${port}`;
  t = await testApp({ publicUrl: authority, register: marketplaceProbe, https: { key: pki.keyPem, cert: pki.certPem } });
  await t.app.listen({ port, host: '127.0.0.1' });
  pub = await createPublisher(t);
  creds = await registerApp(t, pub);
}, 120_000);

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function credentialToken(secret: string): Promise<{ token?: string; error?: string }> {
  // NODE_EXTRA_CA_CERTS is read when a process starts, hence the child process.
  const { stdout } = await run(process.execPath, [CLIENT, authority, pub.tenantId, creds.appId, secret, `${MARKETPLACE_API_RESOURCE}/.default`], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, AZURE_LOG_LEVEL: '' },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { token?: string; error?: string };
}

describe("Microsoft's @azure/identity against Agora", () => {
  it('ClientSecretCredential obtains a token that the marketplace API check accepts', async () => {
    const result = await credentialToken(creds.secret);
    expect(result.error).toBeUndefined();
    expect(result.token).toBeTruthy();
    const res = await t.app.inject({ url: '/api/probe/whoami?api-version=2018-08-31', headers: { authorization: `Bearer ${result.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ appId: creds.appId, tenantId: pub.tenantId, accountId: pub.accountId });
    // The SaaS Fulfillment API takes the same token.
    const list = await t.app.inject({ url: '/api/saas/subscriptions?api-version=2018-08-31', headers: { authorization: `Bearer ${result.token}` } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({ subscriptions: [] });
  }, 90_000);

  it('a wrong secret is rejected with AADSTS7000215', async () => {
    const result = await credentialToken('wrong8Q~secret-value-that-is-not-valid-00');
    expect(result.token).toBeUndefined();
    expect(result.error).toMatch(/AADSTS7000215/);
  }, 90_000);
});
