// Metering API ingestion: accepted usage events per second through POST /api/usageEvent (one event per request) and
// POST /api/batchUsageEvent (25 events per request), each as a ratio to a plain parameterized INSERT loop — one row
// per statement, autocommit — into a table with the columns and indexes of metering_usage_event, created in the same
// database and measured in the same run with the same concurrency. Every event is accepted: each takes a bucket
// (subscription × dimension × hour) of its own, and each case runs in a fresh 24-hour window of the business clock.
// The target, on PostgreSQL: batch ingestion at least half the plain-insert rate.
//   npx tsx bench/metering.bench.ts         in-memory PGlite, app.inject (no sockets)
//   ... --pg, or with DATABASE_URL set      PostgreSQL: a fresh agora_bench_* database next to DATABASE_URL, else next to
//                                           BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped
//   ... --http                              through a real socket (app.listen on 127.0.0.1 + fetch) instead
// Env: BENCH_N single-event requests (default 3000), BENCH_BATCHES batch requests (default 600), per case.
// After the table, a profile of one request of each kind sent alone: the statements it runs and their time.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.js';
import { ManualClock } from '../server/src/platform/clock.js';
import { loadConfig } from '../server/src/platform/config.js';
import type { Database, Db } from '../server/src/platform/db/index.js';
import { unwrap } from '../server/src/platform/errors.js';
import { newGuid } from '../server/src/platform/ids.js';
import { createLogger } from '../server/src/platform/logger.js';
import { MemoryFileStorage } from '../server/src/platform/storage/index.js';
import { benchDatabase } from './lib/database.js';
import { BENCH_PASSWORD, benchSeller } from './lib/seller.js';
import { measure, type Measurement, type Reply } from './lib/load.js';
import { StatementCounter } from './lib/statements.js';

const N = Number(process.env.BENCH_N ?? 3000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 600);
const CONCURRENCY = 16;
const BATCH = 25;
const DIMENSIONS = 30;
const HOURS = 24;
const WARMUP = 100;
const BATCH_WARMUP = 20;
const PROFILE_REQUESTS = 100;
const HOUR = 3_600_000;
const API = 'api-version=2018-08-31';
const overHttp = process.argv.includes('--http');
const pgUrl = process.env.DATABASE_URL || (process.argv.includes('--pg') ? (process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : undefined);

/** The most events one case sends (warm-up included): the buckets of one 24-hour window must hold them. */
const PER_CASE = Math.max(N + WARMUP, (BATCHES + BATCH_WARMUP) * BATCH, PROFILE_REQUESTS * BATCH);
const SUBS = Math.ceil(PER_CASE / (DIMENSIONS * HOURS));

const opened = await benchDatabase(pgUrl);
const counter = new StatementCounter();
const database: Database = { ...opened, db: opened.db.withPlugin(counter) as Db };
const start = new Date(Math.floor(Date.now() / HOUR) * HOUR);
// Business time: the subscriptions are bought and activated at `start`; each case runs in a window a day later.
const clock = new ManualClock(start);
const securityClock = new ManualClock(new Date());
const { app, services } = await buildApp({
  config: { ...loadConfig({ AGORA_PUBLIC_URL: 'http://bench.test' }), logLevel: 'silent' },
  database,
  clock,
  securityClock,
  log: createLogger('silent'),
  webDir: '/nonexistent',
  storage: new MemoryFileStorage(),
});

try {
  await app.ready();
  const { db } = opened;
  const { commerce, identity } = services;
  const password = BENCH_PASSWORD;
  const name = 'benchmeter';

  // The seller of both benches, with a flat-rate plan of 30 metered dimensions.
  console.log(`setup: a metered plan of ${DIMENSIONS} dimensions, ${SUBS} subscriptions (${SUBS * DIMENSIONS * HOURS} buckets per 24-hour window)...`);
  const dimensions = Array.from({ length: DIMENSIONS }, (_, i) => ({ id: `d${i}`, displayName: `Dimension ${i}`, unitOfMeasure: 'per unit', priceUsd: '0.01', included: {} }));
  const seller = await benchSeller(app, db, services, name, { planId: 'metered', name: 'Metered', markets: ['US'], pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }], dimensions } });
  const { accountId, offerId } = seller;
  const auth = { ...seller.auth, 'content-type': 'application/json' };

  // Subscriptions bought by 10 customers through the commerce service (what POST /api/store/purchases does), then
  // activated through the Fulfillment API.
  const customers: { tenantId: string; userId: string; email: string }[] = [];
  for (let c = 0; c < 10; c++) {
    const buyer = `buyer${c}@meter${c}.example`;
    const o = unwrap(await identity.signUpOrganization(db, { organizationName: `Meter customer ${c}`, email: buyer, displayName: 'Buyer', password }));
    customers.push({ tenantId: o.tenant.tenantId, userId: o.user.objectId, email: buyer });
  }
  const subscriptions: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < SUBS; i++) {
      const input = { accountId, offerId, planId: 'metered', termUnit: 'P1M', acceptTerms: true, purchaser: customers[i % customers.length]! } as const;
      subscriptions.push(unwrap(await commerce.purchase(trx, input)).subscriptionId);
    }
  });
  for (const id of subscriptions) {
    const res = await app.inject({ method: 'POST', url: `/api/saas/subscriptions/${id}/activate?${API}`, headers: auth, payload: JSON.stringify({ planId: 'metered' }) });
    if (res.statusCode !== 200) throw new Error(`activate: ${res.statusCode} ${res.body}`);
  }

  // The plain baseline's table: the columns, checks, primary key and indexes of metering_usage_event.
  await sql`create table bench_plain_usage_event (like metering_usage_event including all)`.execute(db);

  let origin = '';
  if (overHttp) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }
  const post = async (url: string, body: unknown): Promise<Reply> => {
    const payload = JSON.stringify(body);
    if (!overHttp) {
      const res = await app.inject({ method: 'POST', url, headers: auth, payload });
      return { status: res.statusCode, body: res.body };
    }
    const res = await fetch(origin + url, { method: 'POST', headers: auth, body: payload });
    return { status: res.status, body: await res.text() };
  };

  /**
   * The events of one case: a fresh 24-hour window of the business clock (half past the hour, a day after the last),
   * event i in bucket (subscription i mod SUBS, dimension, hour) — a batch of 25 spans 25 subscriptions.
   */
  let window = 0;
  const nextWindow = () => {
    window++;
    clock.set(new Date(start.getTime() + window * 25 * HOUR + HOUR / 2));
    const hour = Math.floor(clock.now().getTime() / HOUR) * HOUR;
    let i = 0;
    return () => {
      if (i >= SUBS * DIMENSIONS * HOURS) throw new Error('out of buckets');
      const s = i % SUBS;
      const d = Math.floor(i / SUBS) % DIMENSIONS;
      const h = Math.floor(i / (SUBS * DIMENSIONS));
      i++;
      return { resourceId: subscriptions[s]!, planId: 'metered', dimension: `d${d}`, effectiveStartTime: new Date(hour - h * HOUR).toISOString(), quantity: 1 + (i % 7) };
    };
  };
  type Event = ReturnType<ReturnType<typeof nextWindow>>;
  const allAccepted = (reply: Reply, n: number): Reply => {
    if (reply.status !== 200) return reply;
    const body = JSON.parse(reply.body) as { result?: { status: string }[]; status?: string };
    const statuses = body.result?.map((r) => r.status) ?? [body.status];
    return statuses.length === n && statuses.every((s) => s === 'Accepted') ? reply : { status: 599, body: `not all accepted: ${reply.body.slice(0, 300)}` };
  };
  const single = (next: () => Event) => async () => allAccepted(await post(`/api/usageEvent?${API}`, next()), 1);
  const batch = (next: () => Event) => async () => allAccepted(await post(`/api/batchUsageEvent?${API}`, { request: Array.from({ length: BATCH }, next) }), BATCH);
  // The plain baseline: the row the API would write, as one parameterized INSERT (or one of 25 rows), autocommit.
  const row = (e: Event) => {
    const at = new Date(e.effectiveStartTime);
    return sql`(${newGuid()}, ${accountId}, ${e.resourceId}, ${null}, ${offerId}, ${e.planId}, ${e.dimension}, ${String(e.quantity)}, ${at}, ${new Date(Math.floor(at.getTime() / HOUR) * HOUR)}, ${clock.now()})`;
  };
  const plain = (next: () => Event, rows: number) => async (): Promise<Reply> => {
    await sql`insert into bench_plain_usage_event (usage_event_id, account_id, resource_id, resource_uri, offer_id, plan_id, dimension, quantity, effective_start_time, usage_hour, message_time)
              values ${sql.join(Array.from({ length: rows }, () => row(next())))}`.execute(database.db);
    return { status: 200, body: '' };
  };

  interface Result {
    m: Measurement;
    events: number;
    statements: number;
    /** This process's CPU time per request (the app, and the load generator's small share). */
    cpuMs: number;
  }
  const run = async (label: string, make: (next: () => Event) => () => Promise<Reply>, events: number, n: number, warmup: number): Promise<Result> => {
    const send = make(nextWindow());
    for (let i = 0; i < warmup; i++) await send();
    const before = counter.statements;
    const cpu = process.cpuUsage();
    const m = await measure(label, send, { n, concurrency: CONCURRENCY, warmup: 0 });
    const used = process.cpuUsage(cpu);
    return { m, events, statements: (counter.statements - before) / n, cpuMs: (used.user + used.system) / 1000 / n };
  };

  const engine = database.engine;
  console.log(`engine: ${engine}, transport: ${overHttp ? 'http (app.listen + fetch)' : 'app.inject (no sockets)'}, ${CONCURRENCY} in flight; ${N} single-event requests, ${BATCHES} batches of ${BATCH}`);
  const results: Result[] = [];
  const baseline = await run('plain INSERT, 1 row per statement', (next) => plain(next, 1), 1, N, WARMUP);
  results.push(baseline);
  results.push(await run('POST /api/usageEvent (1 event)', single, 1, N, WARMUP));
  results.push(await run(`POST /api/batchUsageEvent (${BATCH} events)`, batch, BATCH, BATCHES, BATCH_WARMUP));
  results.push(await run(`plain INSERT, ${BATCH} rows per statement`, (next) => plain(next, BATCH), BATCH, BATCHES, BATCH_WARMUP));

  const baseRate = baseline.m.perSecond * baseline.events;
  const head = ['target', 'engine', 'events/s', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stmts/req', 'cpu ms/req', 'ratio'];
  const rows = results.map((r) => [
    r.m.label,
    engine,
    (r.m.perSecond * r.events).toFixed(0),
    r.m.perSecond.toFixed(0),
    r.m.p50.toFixed(2),
    r.m.p95.toFixed(2),
    r.m.p99.toFixed(2),
    r.statements.toFixed(1),
    r.cpuMs.toFixed(3),
    ((r.m.perSecond * r.events) / baseRate).toFixed(3),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('ratio: accepted events per second over the plain INSERT loop\'s rows per second (1 row per statement, same concurrency, same database).');
  console.log(`stmts/req: statements per request (ingestion autocommits its one INSERT: no BEGIN/COMMIT); cpu ms/req: this process's CPU time per request${engine === 'pglite' ? ' (PGlite runs in it)' : ''}.`);
  const batchRatio = (results[2]!.m.perSecond * BATCH) / baseRate;
  const verdict = batchRatio >= 0.5 ? 'met' : 'NOT met';
  console.log(
    engine === 'postgres'
      ? `target (PostgreSQL): batch ingestion >= 0.5 x plain insert: ${verdict} (${batchRatio.toFixed(3)})`
      : `target (on PostgreSQL; this run is ${engine}): batch ingestion >= 0.5 x plain insert would be ${verdict} here (${batchRatio.toFixed(3)})`,
  );

  // Where one request's time goes, sent alone (no concurrency): its statements, by kind and table, and the rest —
  // Token verification, JSON parsing and validation, judging, serialization.
  const profile = async (label: string, make: (next: () => Event) => () => Promise<Reply>, events: number) => {
    const send = make(nextWindow());
    for (let i = 0; i < 10; i++) await send();
    counter.profiling = new Map();
    const t0 = performance.now();
    for (let i = 0; i < PROFILE_REQUESTS; i++) {
      const reply = await send();
      if (reply.status >= 400) throw new Error(`${label}: ${reply.status} ${reply.body.slice(0, 300)}`);
    }
    const perRequest = (performance.now() - t0) / PROFILE_REQUESTS;
    const statements = [...counter.profiling].sort((a, b) => b[1].ms - a[1].ms);
    counter.profiling = undefined;
    const inStatements = statements.reduce((sum, [, s]) => sum + s.ms, 0) / PROFILE_REQUESTS;
    console.log(`\n${label}, alone: ${perRequest.toFixed(3)} ms per request (${(perRequest / events).toFixed(4)} ms per event)`);
    for (const [what, s] of statements) console.log(`  ${(s.n / PROFILE_REQUESTS).toFixed(2).padStart(5)} x  ${(s.ms / PROFILE_REQUESTS).toFixed(3).padStart(7)} ms  ${what}`);
    const rest = label.startsWith('plain') ? 'the rest (the load generator, Kysely)' : 'the rest (token check, JSON parsing and schemas, judging, serialization)';
    console.log(`  ${(perRequest - inStatements).toFixed(3).padStart(15)} ms  ${rest}`);
  };
  await profile('plain INSERT, 1 row', (next) => plain(next, 1), 1);
  await profile('POST /api/usageEvent', single, 1);
  await profile(`POST /api/batchUsageEvent (${BATCH})`, batch, BATCH);

  const { rows: count } = await sql<{ n: number }>`select count(*)::int as n from metering_usage_event`.execute(db);
  const expected = (N + WARMUP) + (BATCHES + BATCH_WARMUP) * BATCH + (PROFILE_REQUESTS + 10) * (1 + BATCH);
  if (count[0]!.n !== expected) throw new Error(`metering_usage_event has ${count[0]!.n} rows, expected ${expected}`);
} finally {
  await app.close();
  await database.close();
}
