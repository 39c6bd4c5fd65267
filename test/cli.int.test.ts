import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './helpers/database.js';
import { freePort } from './helpers/net.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/agora.js');

let dataDir: string;
let databaseUrl: string | undefined;
let closeDb: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'agora-cli-'));
  if (process.env.DATABASE_URL) {
    // On PostgreSQL the commands run against a fresh database of their own.
    const db = await testDatabase();
    databaseUrl = db.url;
    closeDb = db.close;
    // The CLI migrates it itself; the template's migrations are already there, which is the "nothing to do" case.
  }
});
afterAll(async () => {
  await closeDb?.();
  await rm(dataDir, { recursive: true, force: true });
});

function env(port: number): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, AGORA_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', AGORA_PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
  delete e.DATABASE_URL;
  if (databaseUrl) e.DATABASE_URL = databaseUrl;
  return e;
}

async function serve(port: number): Promise<{ child: ChildProcess; output: () => string; startedMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--seed-demo'], { env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (out.includes('Agora is running')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!out.includes('Agora is running')) throw new Error(`server did not start: ${out}`);
  return { child, output: () => out, startedMs: Date.now() - started };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('the agora command', () => {
  it('serve --seed-demo migrates, seeds once, prints the URLs, serves, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = await serve(port);
    const base = `http://127.0.0.1:${port}`;
    console.log(`agora serve answered after ${first.startedMs} ms (${databaseUrl ? 'PostgreSQL' : 'PGlite'}, first run with seeding)`);
    for (const label of ['Storefront', 'Publisher portal', 'Operator console', 'API docs', 'Token endpoint', 'Demo credentials']) expect(first.output()).toContain(label);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/docs/`)).status).toBe(200);

    const creds = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(creds.publisher.publisherId).toBe('contoso');
    expect(Object.keys(creds.users)).toEqual(expect.arrayContaining(['operator', 'publisherOwner']));
    const token = await fetch(creds.app.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.app.clientId, client_secret: creds.app.clientSecret, resource: creds.app.resource }),
    });
    expect(token.status).toBe(200);
    expect((await token.json()).expires_in).toBe('3600');
    const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds.users.operator) });
    expect(signIn.status).toBe(200);
    expect((await signIn.json()).user.isOperator).toBe(true);

    // The demo catalog: Live offers with a flat-rate, a metered, a private and a per-user plan, listed in the file.
    expect(creds.catalog.offers.map((o: { offerId: string }) => o.offerId)).toEqual(['contoso-flow', 'contoso-seats']);
    const owner = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds.users.publisherOwner) });
    const cookie = owner.headers.get('set-cookie')!.split(';')[0]!;
    for (const offerId of ['contoso-flow', 'contoso-seats']) {
      const offer = await (await fetch(`${base}/api/accounts/${creds.publisher.accountId}/offers/${offerId}`, { headers: { cookie } })).json();
      expect(offer).toMatchObject({ status: 'Live', published: true, readyToPublish: true });
    }
    const flow = await (await fetch(`${base}/api/accounts/${creds.publisher.accountId}/offers/contoso-flow`, { headers: { cookie } })).json();
    expect(flow.planList.map((p: { planId: string; visibility: string; state: string }) => `${p.planId}:${p.visibility}:${p.state}`)).toEqual([
      'standard:public:live',
      'metered:public:live',
      'enterprise:private:live',
    ]);
    const history = await (await fetch(`${base}/api/accounts/${creds.publisher.accountId}/offers/contoso-flow/history`, { headers: { cookie } })).json();
    expect(JSON.stringify(history)).toContain('Final publish');
    // The demo publisher can be paid from the start: its tax profile is validated and its bank account verified.
    const tax = await (await fetch(`${base}/api/accounts/${creds.publisher.accountId}/tax-profile`, { headers: { cookie } })).json();
    const payout = await (await fetch(`${base}/api/accounts/${creds.publisher.accountId}/payout-profile`, { headers: { cookie } })).json();
    expect([tax.status, payout.status, payout.payoutCurrency]).toEqual(['Validated', 'Verified', 'USD']);
    expect(await stop(first.child)).toBe(0);

    // A second start keeps the data and the credentials, and seeds nothing again.
    const second = await serve(port);
    expect(second.output()).not.toContain('(just created)');
    const again = JSON.parse(await readFile(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(again.app.clientSecret).toBe(creds.app.clientSecret);
    expect((await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds.users.publisherOwner) })).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  }, 180_000);

  it('migrate is idempotent; seed-demo runs once; unknown commands fail', async () => {
    const port = await freePort();
    const migrate = await run(process.execPath, [BIN, 'migrate'], { env: env(port) });
    expect(migrate.stdout).toContain('migrations are up to date');
    const seed = await run(process.execPath, [BIN, 'seed-demo'], { env: env(port) });
    expect(seed.stdout).toContain('already seeded');
    await expect(run(process.execPath, [BIN, 'frobnicate'], { env: env(port) })).rejects.toMatchObject({ code: 2 });
  }, 120_000);

  it('worker needs PostgreSQL, and runs on it until SIGTERM', async () => {
    const port = await freePort();
    if (!databaseUrl) {
      await expect(run(process.execPath, [BIN, 'worker'], { env: env(port) })).rejects.toMatchObject({ code: 2 });
      return;
    }
    const child = spawn(process.execPath, [BIN, 'worker'], { env: { ...env(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    for (let i = 0; i < 300 && !out.includes('outbox worker running'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('outbox worker running');
    expect(await stop(child)).toBe(0);
  }, 120_000);
});
