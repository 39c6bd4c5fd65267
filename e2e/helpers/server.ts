import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { freePort } from '../../test/helpers/net.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = path.join(ROOT, 'web');

export interface DemoLogin {
  email: string;
  password: string;
}

/** The part of `<dataDir>/demo-credentials.json` the journeys use. */
export interface DemoCredentials {
  publisher: { accountId: string; publisherId: string; sellerId: string; displayName: string; tenantId: string };
  app: { tenantId: string; clientId: string; clientSecret: string; resource: string; tokenEndpoint: string; tokenEndpointV2: string };
  users: { operator: DemoLogin; publisherOwner: DemoLogin; publisherDeveloper: DemoLogin; customer: DemoLogin & { tenantId: string } };
}

export interface RunningServer {
  baseUrl: string;
  /** The sample ISV app (examples/saas-app) the demo offers' landing page and webhook point at. */
  sampleAppUrl: string;
  dataDir: string;
  credentials: DemoCredentials;
  /** The server's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Builds web/dist with Vite when it is missing or older than web/src (or index.html, vite.config.ts). */
export async function buildWebIfStale(): Promise<'built' | 'fresh'> {
  const built = path.join(WEB, 'dist', 'index.html');
  if (existsSync(built)) {
    const sources = Math.max(newestMtime(path.join(WEB, 'src')), newestMtime(path.join(WEB, 'index.html')), newestMtime(path.join(WEB, 'vite.config.ts')));
    if (statSync(built).mtimeMs >= sources) return 'fresh';
  }
  await run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], ROOT);
  if (!existsSync(built)) throw new Error('vite build finished but web/dist/index.html is missing');
  return 'built';
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`)),
    );
  });
}

export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node bin/agora.js serve --seed-demo` on a fresh embedded database and a free port, waits until it is ready
 * and the demo data is committed, and returns its URL and the demo credentials.
 */
export async function startServer(options: { readyTimeoutMs?: number } = {}): Promise<RunningServer> {
  const timeout = options.readyTimeoutMs ?? 60_000;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'agora-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const samplePort = await freePort();
  const sampleAppUrl = `http://127.0.0.1:${samplePort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AGORA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    AGORA_PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    // The journeys move the virtual clock.
    AGORA_SANDBOX: 'on',
    AGORA_DEMO_SAAS_APP_URL: sampleAppUrl,
  };
  // The embedded database, whatever the calling shell points at; and the server as a person runs it (not in vitest's test mode).
  delete env.DATABASE_URL;
  delete env.NODE_ENV;

  const child: ChildProcess = spawn(process.execPath, ['bin/agora.js', 'serve', '--seed-demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The sample app reads the demo credentials from the same data directory once the seed has written them.
  const sample: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/saas-app/src/server.ts'], {
    cwd: ROOT,
    env: { ...env, AGORA_URL: baseUrl, SAAS_APP_PORT: String(samplePort), SAAS_APP_HOST: '127.0.0.1', SAAS_APP_PUBLIC_URL: sampleAppUrl, SAAS_APP_DATA: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  sample.stdout?.on('data', keep);
  sample.stderr?.on('data', keep);
  const sampleExit = new Promise<void>((resolve) => sample.on('exit', () => resolve()));
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      resolve();
    }),
  );

  const stop = async () => {
    if (sample.exitCode === null && sample.signalCode === null) {
      sample.kill('SIGTERM');
      await Promise.race([sampleExit, sleep(5_000)]);
    }
    if (exited === undefined) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + timeout;
    const fail = (why: string) => new Error(`agora serve ${why}.\n--- server output ---\n${output}`);
    // 1. Readiness: the database answers and the migrations are applied.
    for (;;) {
      if (exited !== undefined) throw fail(`exited (${exited}) before it was ready`);
      if (Date.now() > deadline) throw fail(`was not ready within ${timeout / 1000} s`);
      const ready = await fetch(`${baseUrl}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      await sleep(250);
    }
    // 2. The demo seed: its credentials file is written inside the seeding transaction, so wait until a demo user can sign in.
    const file = path.join(dataDir, 'demo-credentials.json');
    let credentials: DemoCredentials | undefined;
    for (;;) {
      if (exited !== undefined) throw fail(`exited (${exited}) while seeding the demo data`);
      if (Date.now() > deadline) throw fail(`did not finish seeding the demo data within ${timeout / 1000} s`);
      if (!credentials && existsSync(file)) {
        try {
          credentials = JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
        } catch {
          credentials = undefined; // still being written
        }
      }
      if (credentials) {
        const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credentials.users.operator),
        }).catch(() => undefined);
        if (res?.status === 200) break;
      }
      await sleep(250);
    }
    // 3. The sample app answers.
    for (;;) {
      if (Date.now() > deadline) throw fail(`: the sample SaaS app did not answer at ${sampleAppUrl} within ${timeout / 1000} s`);
      if (await fetch(sampleAppUrl).then((r) => r.status < 500, () => false)) break;
      await sleep(250);
    }
    return { baseUrl, sampleAppUrl, dataDir, credentials, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
