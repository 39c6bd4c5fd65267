// SaaS Fulfillment API v2 throughput and latency: "Get Subscription" and "List subscriptions" (first page of 100) for a
// publisher with BENCH_SUBS subscriptions (another publisher has as many, so the list query really filters), each as a
// ratio to a bare route of the same app measured in the same run with the same load generator.
//   npx tsx bench/fulfillment.bench.ts         in-memory PGlite, app.inject (no sockets)
//   ... --pg, or with DATABASE_URL set         PostgreSQL: a fresh agora_bench_* database next to DATABASE_URL, else
//                                              next to BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
//                                              dropped at the end
//   ... --http                                 through a real socket (app.listen on 127.0.0.1 + fetch) instead
// Env: BENCH_N requests per case (default 2000), BENCH_SUBS subscriptions per publisher (default 1000).
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/src/app.js';
import { ManualClock } from '../server/src/platform/clock.js';
import { loadConfig } from '../server/src/platform/config.js';
import { unwrap } from '../server/src/platform/errors.js';
import { createLogger } from '../server/src/platform/logger.js';
import { MemoryFileStorage } from '../server/src/platform/storage/index.js';
import { benchDatabase } from './lib/database.js';
import { BENCH_PASSWORD, benchSeller } from './lib/seller.js';
import { measure, printTable, type Reply } from './lib/load.js';

const N = Number(process.env.BENCH_N ?? 2000);
const SUBS = Number(process.env.BENCH_SUBS ?? 1000);
const CONCURRENCY = 16;
const API = 'api-version=2018-08-31';
const CUSTOMERS = 10;
const overHttp = process.argv.includes('--http');
const pgUrl = process.env.DATABASE_URL || (process.argv.includes('--pg') ? (process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : undefined);

const database = await benchDatabase(pgUrl);
const clock = new ManualClock(new Date());
const { app, services } = await buildApp({
  config: { ...loadConfig({ AGORA_PUBLIC_URL: 'http://bench.test' }), logLevel: 'silent' },
  database,
  clock,
  securityClock: clock,
  log: createLogger('silent'),
  webDir: '/nonexistent',
  storage: new MemoryFileStorage(),
});
// The baseline: public (no auth), no database, a constant body. It still runs the app's global hooks, so the ratios
// show what auth, the database and serialization of the real routes add on top of the framework.
app.get('/bench/baseline', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({ ok: true, name: 'baseline' }));

try {
  await app.ready();
  const { db } = database;
  const { commerce, identity } = services;
  const password = BENCH_PASSWORD;

  const seller = (name: string) =>
    benchSeller(app, db, services, name, {
      planId: 'standard',
      name: 'Standard',
      markets: ['US', 'DE'],
      pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '490.00' }], dimensions: [] },
    });

  console.log(`setup: 2 publishers x ${SUBS} subscriptions from ${CUSTOMERS} customers...`);
  const sellers = [await seller('bencha'), await seller('benchb')];
  const customers: { tenantId: string; userId: string; email: string }[] = [];
  for (let c = 0; c < CUSTOMERS; c++) {
    const email = `buyer${c}@customer${c}.example`;
    const org = unwrap(await identity.signUpOrganization(db, { organizationName: `Customer ${c}`, email, displayName: 'Buyer', password }));
    customers.push({ tenantId: org.tenant.tenantId, userId: org.user.objectId, email });
  }
  // Purchases through the commerce service (what POST /api/store/purchases does), 100 per transaction; then every
  // third subscription is activated through the Fulfillment API, so pages mix PendingFulfillmentStart and Subscribed.
  const ids = new Map<string, string[]>(sellers.map((s) => [s.name, []]));
  for (const s of sellers) {
    for (let from = 0; from < SUBS; from += 100) {
      await db.transaction().execute(async (trx) => {
        for (let i = from; i < Math.min(SUBS, from + 100); i++) {
          const input = { accountId: s.accountId, offerId: s.offerId, planId: 'standard', termUnit: i % 2 ? 'P1M' : 'P1Y', acceptTerms: true, purchaser: customers[i % CUSTOMERS]! } as const;
          ids.get(s.name)!.push(unwrap(await commerce.purchase(trx, input)).subscriptionId);
        }
      });
    }
    for (const id of ids.get(s.name)!.filter((_, i) => i % 3 === 0)) {
      const res = await app.inject({ method: 'POST', url: `/api/saas/subscriptions/${id}/activate?${API}`, headers: { ...s.auth, 'content-type': 'application/json' }, payload: JSON.stringify({ planId: 'standard' }) });
      if (res.statusCode !== 200) throw new Error(`activate: ${res.statusCode} ${res.body}`);
    }
  }

  // The transport: app.inject (default) or a real listener on 127.0.0.1 with keep-alive fetch (undici).
  let origin = '';
  if (overHttp) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }
  const get = async (url: string, headers: Record<string, string> = {}): Promise<Reply> => {
    if (!overHttp) {
      const res = await app.inject({ url, headers });
      return { status: res.statusCode, body: res.body };
    }
    const res = await fetch(origin + url, { headers });
    return { status: res.status, body: await res.text() };
  };

  // Sanity checks, so the bench measures the real answers: a full first page of this publisher's subscriptions only.
  const [a] = sellers as [(typeof sellers)[number]];
  const mine = ids.get(a.name)!;
  const page = JSON.parse((await get(`/api/saas/subscriptions?${API}`, a.auth)).body) as { subscriptions: { id: string; offerId: string }[]; '@nextLink'?: string };
  if (page.subscriptions.length !== Math.min(100, SUBS) || page.subscriptions.some((s) => s.offerId !== a.offerId) || (SUBS > 100 && !page['@nextLink'])) throw new Error(`unexpected first page: ${JSON.stringify(page).slice(0, 300)}`);
  const one = JSON.parse((await get(`/api/saas/subscriptions/${mine[0]}?${API}`, a.auth)).body) as { id: string };
  if (one.id !== mine[0]) throw new Error(`unexpected subscription: ${JSON.stringify(one).slice(0, 300)}`);

  const engine = database.engine;
  console.log(`engine: ${engine}, transport: ${overHttp ? 'http (app.listen + fetch)' : 'app.inject (no sockets)'}, ${N} requests per case, ${CONCURRENCY} in flight`);
  const options = { n: N, concurrency: CONCURRENCY, warmup: 200 };
  const baseline = await measure('baseline GET /bench/baseline', () => get('/bench/baseline'), options);
  const getSub = await measure('GET /api/saas/subscriptions/{id}', (i) => get(`/api/saas/subscriptions/${mine[i % mine.length]}?${API}`, a.auth), options);
  const list = await measure('GET /api/saas/subscriptions (100)', () => get(`/api/saas/subscriptions?${API}`, a.auth), options);
  printTable(engine, [baseline, getSub, list], baseline);
} finally {
  await app.close();
  await database.close();
}
