import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCustomer, liveSaasOffer, type Seller } from '../../../../test/helpers/commerce.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { freePort } from '../../../../test/helpers/net.js';
import type { TestApp } from '../../../../test/helpers/app.js';
import { buildApp } from '../../app.js';
import { MARKETPLACE_API_RESOURCE } from '../identity/index.js';
import { ManualClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase, type Database } from '../../platform/db/index.js';
import { createLogger } from '../../platform/logger.js';
import { OutboxRunner } from '../../platform/outbox/index.js';

/**
 * "A 200 is sent only after the event is committed": a real `agora serve` process takes a load of usage events (single
 * events and batches, 8 clients) and is killed with SIGKILL several times in the middle of it, then started again on
 * the same database. The clients send again whatever got no answer. In the end every acknowledged event is stored,
 * every bucket has exactly one row, and an event whose commit outran the kill came back as a Duplicate quoting the
 * stored row — never as a second row. Half the kills are sent the moment an answer arrives (an answer sent before its
 * commit would lose the event: the test fails on a server that answers inside the transaction), the other half right
 * after a client received an answer it then throws away (its events are committed: sent again, they must come back
 * as Duplicates).
 *
 * Runs on PostgreSQL (DATABASE_URL: a fresh test database) and on the embedded database (a PGlite data directory on
 * disk, which a process kill does not lose: its commits are written through to the files before the answer).
 * METERING_DURABILITY_KILLS (4) and METERING_DURABILITY_SUBS (3 subscriptions, 690 buckets each) size it.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/agora.js');
const PUBLIC_URL = 'http://agora.durability.test';
const HOUR = 3_600_000;
const API = 'api-version=2018-08-31';

const DIMENSIONS = 30; // the most a plan has
const HOURS = 23; // hours 0..22 before the current one: all inside the 24-hour window for the whole test
const SUBSCRIPTIONS = Number(process.env.METERING_DURABILITY_SUBS ?? 3);
const CLIENTS = 8;
/** Clients 0..5 send one event per request, 6..7 batches of this many. */
const BATCH = 10;
const BATCH_CLIENTS = 2;
const KILLS = Number(process.env.METERING_DURABILITY_KILLS ?? 4);

interface UsageEvent {
  key: string;
  body: { resourceId: string; planId: string; dimension: string; effectiveStartTime: string; quantity: number };
}

const pricing = {
  markets: ['US'],
  pricing: {
    model: 'flatRate',
    billingTerms: [{ term: 'P1M', priceUsd: '20.00' }],
    dimensions: Array.from({ length: DIMENSIONS }, (_, i) => ({ id: `d${i}`, displayName: `Dimension ${i}`, unitOfMeasure: 'per unit', priceUsd: '0.01', included: {} })),
  },
  freeTrial: false,
  visibility: 'public',
};

let dir: string;
let port: number;
let database: (Database & { url?: string }) | undefined;
let server: ChildProcess | undefined;
/** The server's exit, listened for from its start (a kill may come from inside a response handler). */
let serverExit: Promise<unknown[]> | undefined;
let serverOutput = '';

const bucketKey = (resourceId: string, planId: string, dimension: string, hour: Date) => `${resourceId}|${planId}|${dimension}|${hour.getTime()}`;

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    AGORA_PUBLIC_URL: PUBLIC_URL,
    AGORA_DATA_DIR: dir,
    LOG_LEVEL: 'error',
    // Nothing for the runner to do here; keep its polling out of the way.
    AGORA_RUNNER_POLL_MS: '30000',
  };
  delete env.DATABASE_URL;
  if (database?.url) env.DATABASE_URL = database.url;
  return env;
}

/**
 * Starts `agora serve` on the test's port and database. Resolves once it listens (it prints its banner after
 * app.listen); `ready` once /readyz has answered 200 — which, under the load, can take seconds.
 */
async function startServer(): Promise<{ listeningMs: number; ready: Promise<number> }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  serverExit = once(child, 'exit');
  serverExit.catch(() => {});
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    serverOutput = (serverOutput + d.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const alive = () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`agora serve exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${serverOutput}`);
    if (Date.now() - started > 60_000) throw new Error(`agora serve not ready after 60 s:\n${serverOutput}`);
  };
  while (!output.includes('Agora is running')) {
    alive();
    await sleep(10);
  }
  const listeningMs = Date.now() - started;
  const ready = (async () => {
    for (;;) {
      alive();
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(20_000) });
        await res.body?.cancel();
        if (res.status === 200) return Date.now() - started;
      } catch {
        // not answering yet
      }
      await sleep(25);
    }
  })();
  ready.catch(() => {});
  return { listeningMs, ready };
}

/** SIGKILL (unless already sent) and wait until the process is gone. */
async function killServer(): Promise<void> {
  server!.kill('SIGKILL');
  const [, signal] = (await serverExit!) as [number | null, NodeJS.Signals | null];
  expect(signal).toBe('SIGKILL');
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const [code] = (await serverExit!) as [number | null];
  expect(code, serverOutput).toBe(0);
}

/**
 * Seeds, in this process and on the database the server will use, a publisher with a live SaaS offer whose plan has
 * 30 metered dimensions, and SUBSCRIPTIONS Subscribed subscriptions of it. Returns the publisher's app credentials.
 */
async function seed(db: Database): Promise<{ app: Seller['app']; subscriptions: string[] }> {
  const config = { ...loadConfig({ AGORA_PUBLIC_URL: PUBLIC_URL, AGORA_DATA_DIR: dir, NODE_ENV: 'test' }), logLevel: 'silent' };
  // Bought and activated two days ago by business time (usage before activation is refused); real time for security.
  const clock = new ManualClock(new Date(Date.now() - 48 * HOUR));
  const securityClock = new ManualClock(new Date());
  const log = createLogger('silent');
  const runner = new OutboxRunner({ database: db, clock, log });
  const { app, services } = await buildApp({ config, database: db, clock, securityClock, log, webDir: '/nonexistent', runner });
  await app.ready();
  const t: TestApp = { app, services, database: db, config, clock, virtualClock: undefined, runner, securityClock, close: () => app.close() };
  try {
    const seller = await liveSaasOffer(t, [{ planId: 'metered', pricing }], { landing: 'https://isv.example/landing', webhook: 'https://isv.example/webhook' });
    const subscriptions: string[] = [];
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const buyer = await createCustomer(t);
      const p = await app.inject({ method: 'POST', url: '/api/store/purchases', headers: buyer.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'metered', termUnit: 'P1M', acceptTerms: true } });
      if (p.statusCode !== 201) throw new Error(`purchase: ${p.statusCode} ${p.body}`);
      const id = p.json<{ subscriptionId: string }>().subscriptionId;
      const a = await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId: 'metered' } });
      if (a.statusCode !== 200) throw new Error(`activate: ${a.statusCode} ${a.body}`);
      subscriptions.push(id);
    }
    // The webhooks of the purchases and activations are not this test's business (isv.example does not exist).
    await sql`delete from outbox_message`.execute(db.db);
    return { app: seller.app, subscriptions };
  } finally {
    await app.close();
  }
}

describe(`accepted usage events survive SIGKILL of the server (${DATABASE_URL ? 'PostgreSQL' : 'PGlite data directory'})`, () => {
  let credentials: Seller['app'];
  let subscriptions: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'agora-metering-durability-'));
    port = await freePort();
    if (DATABASE_URL) database = await testDatabase();
    // The server opens <AGORA_DATA_DIR>/pgdata: start it from the run's migrated template, as testDatabase() does.
    else database = await openDatabase({ pgliteDir: path.join(dir, 'pgdata'), pgliteDump: new Blob([await readFile(inject('databaseTemplate'))]) });
    ({ app: credentials, subscriptions } = await seed(database));
    // The embedded database is one process's: hand it over to the server (it is reopened for the checks).
    if (!DATABASE_URL) {
      await database.close();
      database = undefined;
    }
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`${KILLS} kills during ${SUBSCRIPTIONS * HOURS * DIMENSIONS} events from ${CLIENTS} clients: every acknowledged event is stored, none twice`, { timeout: 150_000 }, async () => {
    const began = Date.now();
    const first = await startServer();
    const firstStartMs = await first.ready;
    const base = `http://127.0.0.1:${port}`;
    const tokenRes = await fetch(`${base}/${credentials.tenantId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.appId, client_secret: credentials.secret, resource: MARKETPLACE_API_RESOURCE }),
    });
    expect(tokenRes.status).toBe(200);
    const headers = { authorization: `Bearer ${(await tokenRes.json()).access_token as string}`, 'content-type': 'application/json' };

    // One event per bucket: subscription × dimension × hour, in an order that mixes them all.
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const events: UsageEvent[] = [];
    for (let h = 0; h < HOURS; h++)
      for (let d = 0; d < DIMENSIONS; d++)
        for (const [s, resourceId] of subscriptions.entries()) {
          const at = new Date(currentHour - h * HOUR);
          const quantity = 1 + s * 10_000 + h * 100 + d; // tells the events apart in the stored rows
          events.push({ key: bucketKey(resourceId, 'metered', `d${d}`, at), body: { resourceId, planId: 'metered', dimension: `d${d}`, effectiveStartTime: at.toISOString(), quantity } });
        }
    const byKey = new Map(events.map((e) => [e.key, e]));
    expect(byKey.size).toBe(events.length);

    /** The answer each bucket finally got: Accepted with its id, or Duplicate quoting the accepted id. */
    const accepted = new Map<string, string>();
    const duplicates = new Map<string, string>();
    const unexpected: string[] = [];
    let connectionErrors = 0;
    let retriedErrors = 0;
    let inFlight = 0;
    let next = 0;
    let done = false;

    type Answer = { usageEventId?: string; status?: string; error?: { additionalInfo?: { acceptedMessage?: { usageEventId?: string } } }; additionalInfo?: { acceptedMessage?: { usageEventId?: string } } };
    const quoted = (a: Answer) => a.additionalInfo?.acceptedMessage?.usageEventId ?? a.error?.additionalInfo?.acceptedMessage?.usageEventId;
    const settle = (e: UsageEvent, status: string, answer: Answer): boolean => {
      if (status !== 'Accepted' && status !== 'Duplicate') return false;
      if (accepted.has(e.key) || duplicates.has(e.key)) unexpected.push(`a second answer for ${e.key}`);
      if (status === 'Accepted') accepted.set(e.key, answer.usageEventId!);
      else duplicates.set(e.key, quoted(answer)!);
      return true;
    };

    /**
     * Each kill comes right as a client has its answer. At even kills that client (a single-event one, then a batch
     * one) throws the answer away — its events are committed — as if the kill had cut the connection before it
     * arrived, and sends the request again to the restarted server: the committed events must come back as
     * Duplicates quoting the ids of the answer that was lost. At odd kills the answer is kept (a witness): had the
     * server answered before its commit, that event would be missing after the kill.
     */
    const lost: { client: number; events: UsageEvent[]; status: number; answer: Record<string, unknown> }[] = [];
    /** The next kill's trigger: the next answer of one client, thrown away, or ('any') the next answer of any, kept. */
    let trigger: { client: number | 'any'; heard: () => void; killed: Promise<void> } | undefined;
    /** Resolved while a server is up; during a restart, resolved once the new one is ready. */
    let restarted: Promise<unknown> = Promise.resolve();

    /**
     * One request over a keep-alive socket (node:http rather than fetch, so that a witness kill is sent from inside
     * the socket's data callback, the moment the answer's head is parsed: as soon after the server's write as this
     * process can see it). Rejects on any connection error, including an answer cut short.
     */
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const send = (client: number, url: string, payload: string) =>
      new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
        const req = request(`${base}${url}`, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) }, timeout: 15_000 }, (res) => {
          const t = trigger;
          if (t?.client === 'any') {
            trigger = undefined;
            server!.kill('SIGKILL');
            t.heard();
          }
          const chunks: Buffer[] = [];
          let ended = false;
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            ended = true;
            try {
              resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> });
            } catch (error) {
              reject(error as Error);
            }
          });
          res.on('error', reject);
          res.on('close', () => ended || reject(new Error('answer cut short')));
        });
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end(payload);
      });

    /** Posts until the server answers (after a connection error, or a lost answer, the same request is sent again). */
    async function post(client: number, events: UsageEvent[], url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
      const payload = JSON.stringify(body);
      for (;;) {
        inFlight++;
        let res: { status: number; json: Record<string, unknown> };
        try {
          res = await send(client, url, payload);
        } catch {
          // The server is down: send it again once the restarted one is ready.
          connectionErrors++;
          await restarted;
          await sleep(5);
          continue;
        } finally {
          inFlight--;
        }
        const t = trigger;
        if (!t || t.client !== client) return res;
        trigger = undefined;
        lost.push({ client, events, status: res.status, answer: res.json });
        t.heard();
        await t.killed;
      }
    }

    async function client(c: number): Promise<void> {
      const size = c >= CLIENTS - BATCH_CLIENTS ? BATCH : 1;
      while (next < events.length && unexpected.length === 0) {
        let pending = events.slice(next, (next += size));
        while (pending.length > 0 && unexpected.length === 0) {
          if (size === 1) {
            const e = pending[0]!;
            const res = await post(c, pending, `/api/usageEvent?${API}`, e.body);
            const status = res.status === 200 ? 'Accepted' : res.status === 409 ? 'Duplicate' : '';
            if (settle(e, status, res.json)) pending = [];
            // Lost to a concurrent insert that was not committed: send it again.
            else if ((res.json.details as { code?: string }[] | undefined)?.[0]?.code === 'Error') retriedErrors++;
            else unexpected.push(`${res.status} ${JSON.stringify(res.json)}`);
          } else {
            const res = await post(c, pending, `/api/batchUsageEvent?${API}`, { request: pending.map((e) => e.body) });
            const results = res.json.result as (Answer & { status: string })[] | undefined;
            if (res.status !== 200 || results?.length !== pending.length) {
              unexpected.push(`${res.status} ${JSON.stringify(res.json)}`);
              continue;
            }
            const again: UsageEvent[] = [];
            pending.forEach((e, i) => {
              const r = results[i]!;
              if (settle(e, r.status, r)) return;
              if (r.status === 'Error') {
                retriedErrors++;
                again.push(e);
              } else unexpected.push(`batch item ${JSON.stringify(r)}`);
            });
            pending = again;
          }
        }
      }
    }

    // The killer: SIGKILL at random moments while the load runs — once the server has answered a random number of
    // events since it was ready, a few random milliseconds later, right as the trigger's client has its answer — and
    // start the server again on the same database. The clients send again what got no answer once the
    // new server is ready by /readyz.
    const answered = () => accepted.size + duplicates.size;
    const kills: { answered: number; inFlight: number; listeningMs: number; readyMs: number }[] = [];
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    const load = Promise.all(clients).finally(() => (done = true));
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        const threshold = answered() + Math.floor(events.length * (0.03 + Math.random() * 0.09));
        while (!done && unexpected.length === 0 && answered() < threshold) await sleep(2);
        if (done || unexpected.length > 0) return;
        await sleep(Math.random() * 15);
        let up!: (ready: Promise<number>) => void;
        restarted = new Promise<number>((resolve) => (up = resolve));
        const c = k % 2 === 1 ? 'any' : k % 4 === 0 ? 0 : CLIENTS - 1;
        let sent!: () => void;
        const heard = new Promise<void>((resolve) => (trigger = { client: c, heard: resolve, killed: new Promise<void>((r) => (sent = r)) }));
        await Promise.race([heard, c === 'any' ? load : clients[c]]);
        const at = { answered: answered(), inFlight };
        const killed = killServer();
        sent();
        await killed;
        const { listeningMs, ready } = await startServer();
        up(ready);
        kills.push({ ...at, listeningMs, readyMs: await ready });
      }
    })();
    await load;
    await killer;
    agent.destroy();
    await stopServer();
    const loadMs = Date.now() - began;

    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(kills).toHaveLength(KILLS);
    // Every kill hit requests in flight (besides the one whose answer came).
    for (const k of kills) expect(k.inFlight).toBeGreaterThan(0);
    expect(lost).toHaveLength(Math.ceil(KILLS / 2));
    // Every event got its final answer.
    expect(accepted.size + duplicates.size).toBe(events.length);

    // The stored rows, read from the database the killed servers wrote (the embedded one reopened from its directory).
    const check = database ?? (await openDatabase({ pgliteDir: path.join(dir, 'pgdata') }));
    let rows: { usage_event_id: string; resource_id: string; plan_id: string; dimension: string; usage_hour: Date; quantity: string }[];
    try {
      rows = (await sql<(typeof rows)[number]>`select usage_event_id, resource_id, plan_id, dimension, usage_hour, quantity from metering_usage_event`.execute(check.db)).rows;
    } finally {
      if (check !== database) await check.close();
    }

    const stored = new Map<string, (typeof rows)[number]>();
    const doubled: string[] = [];
    for (const r of rows) {
      const key = bucketKey(r.resource_id, r.plan_id, r.dimension, r.usage_hour);
      if (stored.has(key)) doubled.push(key);
      stored.set(key, r);
    }
    // Every acknowledged event is stored, as acknowledged.
    const missing = [...accepted].filter(([key, id]) => stored.get(key)?.usage_event_id !== id);
    expect(missing, 'acknowledged (200) but not stored').toEqual([]);
    // Every Duplicate quoted the stored event of its bucket: a commit whose answer a kill lost.
    const misquoted = [...duplicates].filter(([key, id]) => stored.get(key)?.usage_event_id !== id);
    expect(misquoted, 'a Duplicate quoting an event that is not stored').toEqual([]);
    // The answers thrown away at a kill: each event they accepted came back as a Duplicate quoting the lost id.
    let lostAccepted = 0;
    const relost: string[] = [];
    for (const l of lost) {
      const items = (l.answer.result as (Answer & { status: string })[] | undefined) ?? [{ ...(l.answer as Answer), status: l.status === 200 ? 'Accepted' : l.status === 409 ? 'Duplicate' : String(l.status) }];
      expect(items).toHaveLength(l.events.length);
      l.events.forEach((e, i) => {
        const item = items[i]!;
        const id = item.status === 'Accepted' ? item.usageEventId : item.status === 'Duplicate' ? quoted(item) : undefined;
        if (item.status === 'Accepted') lostAccepted++;
        if (!id || duplicates.get(e.key) !== id || stored.get(e.key)?.usage_event_id !== id)
          relost.push(`${e.key}: lost answer ${item.status} ${id}, sent again: ${accepted.has(e.key) ? `Accepted ${accepted.get(e.key)}` : `Duplicate of ${duplicates.get(e.key)}`}, stored ${stored.get(e.key)?.usage_event_id}`);
      });
    }
    expect(relost, 'a committed event whose answer was lost, sent again').toEqual([]);
    expect(lostAccepted).toBeGreaterThanOrEqual(1);
    // No bucket has two rows; every row is one of the events sent, with its quantity; one row per bucket.
    expect(doubled).toEqual([]);
    expect([...stored].filter(([key, r]) => byKey.get(key)?.body.quantity !== Number(r.quantity)).map(([key]) => key)).toEqual([]);
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((r) => r.usage_event_id)).size).toBe(rows.length);
    const lostKeys = new Set(lost.flatMap((l) => l.events.map((e) => e.key)));
    const cut = [...duplicates.keys()].filter((key) => !lostKeys.has(key)).length;

    console.info(
      `metering durability (${DATABASE_URL ? 'PostgreSQL' : 'PGlite data directory'}): ${events.length} events (${SUBSCRIPTIONS} subscriptions × ${DIMENSIONS} dimensions × ${HOURS} hours), ` +
        `${CLIENTS} clients (${BATCH_CLIENTS} sending batches of ${BATCH}); ${kills.length} SIGKILLs after ${kills.map((k) => `${k.answered} answers with ${k.inFlight} requests in flight`).join(', ')}; ` +
        `restarts listened after ${kills.map((k) => k.listeningMs).join('/')} ms, ready by /readyz after ${kills.map((k) => k.readyMs).join('/')} ms (first start ${firstStartMs} ms); ${connectionErrors} requests sent again after a connection error; ` +
        `${accepted.size} Accepted, ${duplicates.size} Duplicates (committed, answer lost: ${lostAccepted} thrown away on purpose at a kill, ${cut} cut by one), ${retriedErrors} retried Error items; ${rows.length} rows; ${loadMs} ms`,
    );
  });
});
