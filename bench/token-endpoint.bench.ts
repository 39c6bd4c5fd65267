// Token endpoint and bearer-check throughput, as ratios against the cheapest route (/healthz) measured in the same
// run on the same database, so machine speed cancels out. Run: npm run bench
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../server/src/app.js';
import { ManualClock } from '../server/src/platform/clock.js';
import { loadConfig } from '../server/src/platform/config.js';
import { migrate, openDatabase } from '../server/src/platform/db/index.js';
import { marketplaceScope } from '../server/src/platform/http/index.js';
import { createLogger } from '../server/src/platform/logger.js';

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = 16;

async function measure(label: string, app: FastifyInstance, request: () => InjectOptions): Promise<number> {
  for (let i = 0; i < 100; i++) await app.inject(request()); // warm-up
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        next++;
        const res = await app.inject(request());
        if (res.statusCode >= 400) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
      }
    }),
  );
  const perSecond = N / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} req/s`);
  return perSecond;
}

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
await migrate(database.db);
const clock = new ManualClock(new Date());
const { app, services } = await buildApp({
  config: { ...loadConfig({ AGORA_PUBLIC_URL: 'http://bench.test' }), logLevel: 'silent' },
  database,
  clock,
  securityClock: clock,
  log: createLogger('silent'),
  webDir: '/nonexistent',
});
await app.register(async (scope) => {
  marketplaceScope(scope);
  scope.get('/api/bench/probe', { config: { permission: { bearer: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7', publisher: true } }, schema: { operationId: 'benchProbe', hide: true }, handler: async () => ({ ok: true }) });
});
await app.ready();

const org = await services.identity.signUpOrganization(database.db, { organizationName: 'Bench', email: 'b@bench.example', displayName: 'B', password: 'Correct-Horse-42' });
if (!org.ok) throw new Error(org.error.message);
const owner = { kind: 'user' as const, userId: org.value.user.objectId, tenantId: org.value.tenant.tenantId, email: 'b@bench.example', displayName: 'B', isOperator: false, via: 'session' as const, sessionId: '', csrfToken: '' };
const account = await services.accounts.createAccount(database.db, owner, { publisherId: 'bench', displayName: 'Bench' });
if (!account.ok) throw new Error(account.error.message);
const registered = await services.accounts.registerApp(database.db, account.value.accountId, owner.userId, { displayName: 'Bench app', roles: ['Manager'] });
if (!registered.ok) throw new Error(registered.error.message);
const form = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: registered.value.app.appId,
  client_secret: registered.value.secret.secret,
  resource: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7',
}).toString();
const tenant = org.value.tenant.tenantId;
const token = (await app.inject({ method: 'POST', url: `/${tenant}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })).json().access_token as string;

console.log(`engine: ${database.engine}, ${N} requests per case, ${CONCURRENCY} in flight (app.inject, no sockets)`);
const baseline = await measure('baseline GET /healthz', app, () => ({ url: '/healthz' }));
const issue = await measure('POST /{tenant}/oauth2/token', app, () => ({ method: 'POST', url: `/${tenant}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form }));
const check = await measure('marketplace bearer check', app, () => ({ url: '/api/bench/probe?api-version=2018-08-31', headers: { authorization: `Bearer ${token}` } }));
console.log(`ratio token issue / baseline:  ${(issue / baseline).toFixed(3)}`);
console.log(`ratio bearer check / baseline: ${(check / baseline).toFixed(3)}`);
await app.close();
await database.close();
