import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { advanceTo, annualMonthly, billingCounts, earningsText, invoiceOf, lineText, meteredBase } from '../../../../test/helpers/billing.js';
import { createCustomer, flat, liveSaasOffer, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { freePort } from '../../../../test/helpers/net.js';
import { buildApp } from '../../app.js';
import { ManualClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import { openDatabase, type Database } from '../../platform/db/index.js';
import { createLogger } from '../../platform/logger.js';
import { Dec } from '../../platform/money.js';
import { OutboxRunner } from '../../platform/outbox/index.js';
import { dailyUsage } from '../metering/index.js';
import { BILLING_RUN_TOPIC, createBilling } from './index.js';

/**
 * Crash and resume of the monthly billing run (one transaction, ADR 0017): a run that fails after writing some of its
 * invoices leaves nothing behind — no invoice, line, earning, collection job, billing run or invoice number — and the
 * run that follows issues exactly what an uninterrupted run issues. The failure is injected through `onInvoiceIssued`
 * (called inside the run's transaction after each invoice) of a second billing service built with the app's own
 * dependencies, once called directly and once as the outbox job, which the app's runner then retries. The same
 * purchases in a second database, billed without a failure, are the reference.
 */

type Role = 'X' | 'Y' | 'Z' | 'W';
interface World {
  t: TestApp;
  seller: Seller;
  operator: Session;
  cs: Record<Role, Customer>;
  labels: Map<string, string>;
}

/** January 2026: four customers whose invoices cover each kind of line. */
async function world(t: TestApp): Promise<World> {
  hooks ??= await new WebhookReceiver().start();
  t.clock.set(new Date('2026-01-01T09:00:00Z'));
  const seller = await liveSaasOffer(
    t,
    [
      { planId: 'basic', pricing: flat('100.00', { markets: ['US'] }) },
      { planId: 'yearly', pricing: annualMonthly('1000.00') },
      { planId: 'base', pricing: meteredBase() },
    ],
    { landing: 'https://isv.example/landing', webhook: `${hooks.url}/webhook` },
  );
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops-${seller.pub.publisherId}@ops.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  const operator = await signIn(t.app, `ops-${seller.pub.publisherId}@ops.example`);
  const cs = { X: await createCustomer(t), Y: await createCustomer(t), Z: await createCustomer(t), W: await createCustomer(t) };
  const labels = new Map<string, string>();
  await t.services.billing.scheduleBillingRun(); // January's run, 2026-02-02 01:00

  const buy = async (who: Role, planId: string, termUnit: 'P1M' | 'P1Y') => {
    const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: cs[who].session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId, termUnit, market: 'US', acceptTerms: true } });
    expect(p.statusCode, p.body).toBe(201);
    const id = p.json().subscriptionId as string;
    expect((await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId } })).statusCode).toBe(200);
    labels.set(id, who);
    return id;
  };
  await advanceTo(t, '2026-01-01T10:00:00Z');
  const z = await buy('Z', 'base', 'P1M'); // $0; usage cycle Jan 1 .. Jan 31
  await advanceTo(t, '2026-01-08T13:00:00Z');
  const event = await seller.api.call('POST', '/api/usageEvent', { body: { resourceId: z, planId: 'base', dimension: 'gb', quantity: 7, effectiveStartTime: '2026-01-08T12:00:00Z' } });
  expect(event.statusCode, event.body).toBe(200);
  await advanceTo(t, '2026-01-10T09:30:00Z');
  await buy('X', 'basic', 'P1M');
  await advanceTo(t, '2026-01-20T09:00:00Z');
  const w = await buy('W', 'basic', 'P1M');
  await advanceTo(t, '2026-01-20T10:00:00Z');
  expect((await t.app.inject({ method: 'DELETE', url: `/api/me/subscriptions/${w}`, headers: cs.W.session.headers })).statusCode).toBe(200); // refunded
  await advanceTo(t, '2026-01-31T10:00:00Z');
  await buy('Y', 'yearly', 'P1Y');
  await advanceTo(t, '2026-02-02T00:59:00Z');
  return { t, seller, operator, cs, labels };
}

/** What the January run issued, per customer, with no ids: lines, totals, status, payments and earnings. */
async function issued(w: World) {
  const out: Record<string, unknown> = {};
  for (const who of ['X', 'Y', 'Z', 'W'] as const) {
    const inv = await invoiceOf(w.t, w.cs[who], '2026-01');
    out[who] = inv && {
      lines: inv.lines.map((l) => `${lineText(l, w.labels)} | ${l.description}`),
      subtotal: inv.subtotal,
      tax: inv.tax,
      total: inv.total,
      status: inv.status,
      payments: inv.payments.map((p) => `${p.attempt} ${p.kind} ${p.amount} ${p.status}`),
      earnings: await earningsText(w.t, inv.invoiceId),
    };
  }
  const numbers = await sql<{ number: string }>`select number from billing_invoice order by number`.execute(w.t.database.db);
  return { invoices: out, numbers: numbers.rows.map((r) => r.number) };
}

const EXPECTED = {
  X: { lines: ['recurring 100 2026-01-10 2026-01-10..2026-02-09 X/basic'], total: '100', status: 'paid', earnings: ['1 recurring 100 3 97 available'] }, // 3% of 100
  // 1000 / 12 = 83.333… → 83.33; fee 83.33 × 3% = 2.4999 → 2.50
  Y: { lines: ['installment 83.33 2026-01-31 2026-01-31..2026-02-27 Y/yearly'], total: '83.33', status: 'paid', earnings: ['1 installment 83.33 2.5 80.83 available'] },
  // 7 GB over the included 100 × $10 = 70; fee 2.10
  Z: { lines: ['usage 70 2026-01-31 2026-01-01..2026-01-31 Z/base x7 @10'], total: '70', status: 'paid', earnings: ['1 usage 70 2.1 67.9 available'] },
  // charged and refunded the same day: nothing to collect
  W: {
    lines: ['refund -100 2026-01-20 2026-01-20..2026-02-19 W/basic', 'recurring 100 2026-01-20 2026-01-20..2026-02-19 W/basic'],
    total: '0',
    status: 'settled',
    earnings: ['1 refund -100 -3 -97 available', '2 recurring 100 3 97 available'],
  },
};

let hooks: WebhookReceiver | undefined;
let crashed: World;
let reference: World;
const NOTHING = { invoices: 0, lines: 0, earnings: 0, runs: 0, collects: 0, counter: 0 };

beforeAll(async () => {
  crashed = await world(await testApp());
  reference = await world(await testApp());
}, 120_000);
afterAll(async () => {
  await crashed?.t.close();
  await reference?.t.close();
  await hooks?.close();
});

/** A billing service like the app's (createServices) whose `onInvoiceIssued` throws at the `failAt`-th invoice. */
function failingBilling(t: TestApp, failAt: number) {
  let issuedSoFar = 0;
  return createBilling({
    db: t.database.db,
    clock: t.clock,
    log: createLogger('silent'),
    sandbox: t.config.sandbox,
    commerce: t.services.commerce,
    dailyUsage,
    runner: undefined,
    seller: { name: 'Agora marketplace', url: t.config.publicUrl },
    onInvoiceIssued: async () => {
      if (++issuedSoFar === failAt) throw new Error(`the process died after invoice ${issuedSoFar}`);
    },
  });
}

describe('a billing run that fails midway', () => {
  it('writes nothing, wherever it fails (after the 1st, 2nd, 3rd or 4th of 4 invoices)', async () => {
    const { t } = crashed;
    t.clock.set(new Date('2026-02-02T01:00:00Z'));
    expect(await billingCounts(t)).toEqual(NOTHING);
    for (const failAt of [1, 2, 3, 4]) {
      const billing = failingBilling(t, failAt);
      await expect(t.database.db.transaction().execute((tx) => billing.runBilling(tx, '2026-01'))).rejects.toThrow(`the process died after invoice ${failAt}`);
      expect(await billingCounts(t), `failing at ${failAt}`).toEqual(NOTHING);
    }
    // A run that got through would have issued 4 invoices: the failures happened with work written in the transaction.
    const probe = failingBilling(t, 5);
    const counted = await t.database.db
      .transaction()
      .execute(async (tx) => {
        const run = unwrap(await probe.runBilling(tx, '2026-01'));
        throw Object.assign(new Error('roll back the probe'), { run });
      })
      .catch((e: { run?: { invoices: unknown[] } }) => e.run?.invoices.length);
    expect(counted).toBe(4);
    expect(await billingCounts(t)).toEqual(NOTHING);
  });

  it('as the scheduled job: the failed attempt leaves nothing, and the retry issues what an uninterrupted run does', async () => {
    const { t } = crashed;
    // The job runs in a process whose billing fails after the 2nd invoice.
    const dying = new OutboxRunner({ database: t.database, clock: t.clock, log: createLogger('silent'), random: () => 0 });
    for (const h of failingBilling(t, 2).handlers) if (h.topic === BILLING_RUN_TOPIC) dying.register(h);
    expect(await dying.drain()).toBe(1);
    const job = await sql<{ status: string; attempts: number; last_error: string | null }>`
      select status, attempts, last_error from outbox_message where topic = ${BILLING_RUN_TOPIC} and dedupe_key = '2026-01'`.execute(t.database.db);
    expect(job.rows).toEqual([{ status: 'pending', attempts: 1, last_error: 'the process died after invoice 2' }]);
    expect(await billingCounts(t)).toEqual(NOTHING);

    // The app's runner retries it (the back-off is at most an hour).
    await advanceTo(t, '2026-02-02T02:00:00Z');
    const done = await sql<{ status: string; attempts: number }>`
      select status, attempts from outbox_message where topic = ${BILLING_RUN_TOPIC} and dedupe_key = '2026-01'`.execute(t.database.db);
    expect(done.rows).toEqual([{ status: 'done', attempts: 2 }]);
    // 4 invoices, 5 lines and earnings, one run, 3 collections (W's total is 0), invoice numbers 1 to 4
    expect(await billingCounts(t)).toEqual({ invoices: 4, lines: 5, earnings: 5, runs: 1, collects: 3, counter: 4 });

    const { t: u } = reference;
    await advanceTo(u, '2026-02-02T02:00:00Z');
    const after = await issued(crashed);
    expect(after).toEqual(await issued(reference));
    expect(after.numbers).toEqual(['AG-2026-000001', 'AG-2026-000002', 'AG-2026-000003', 'AG-2026-000004']);
    for (const who of ['X', 'Y', 'Z', 'W'] as const) {
      const e = EXPECTED[who];
      expect(after.invoices[who], who).toMatchObject({ total: e.total, subtotal: e.total, tax: '0', status: e.status, earnings: e.earnings });
      expect((after.invoices[who] as { lines: string[] }).lines.map((l) => l.split(' | ')[0]), who).toEqual(e.lines);
    }
  });

  it('a run of the same month afterwards only compares', async () => {
    const res = await crashed.t.app.inject({ method: 'POST', url: '/api/admin/billing/runs', headers: crashed.operator.headers, payload: { period: '2026-01' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ compareOnly: true, invoices: [], unchanged: 4, pendingAdjustments: 0 });
    expect(await billingCounts(crashed.t)).toEqual({ invoices: 4, lines: 5, earnings: 5, runs: 2, collects: 3, counter: 4 });
  });
});

/**
 * A real `agora serve` process is SIGKILLed while it runs a billing run (the job found due at start-up), then started
 * again on the same database, until the run has committed. After every kill the period has either everything or
 * nothing: no invoice, line, earning, collection job or invoice number of a run that did not commit. The run of a
 * killed process is taken over once its lease has run out (moved forward here instead of waiting its 5 minutes), and
 * the invoices in the end are exactly the hand-computed ones. On PostgreSQL the kill is sent the moment the run holds
 * its lock; on the embedded database (a PGlite data directory), when the server's one connection is busy.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/agora.js');
const CUSTOMERS = 4;
const SUBS_EACH = 40;

describe(`a server killed during a billing run (${DATABASE_URL ? 'PostgreSQL' : 'PGlite data directory'})`, () => {
  let dir: string;
  let port: number;
  let database: (Database & { url?: string }) | undefined;
  let server: ChildProcess | undefined;
  let exited: Promise<unknown[]> | undefined;
  let output = '';
  /** The period billed (a month whose run is due at start-up and whose next month's run is not), and its purchase day. */
  let period: string;
  let bought: string;
  const operatorEmail = 'ops@billing-kill.example';
  let termEnd: string;

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', AGORA_PUBLIC_URL: 'http://agora.billing-kill.test', AGORA_DATA_DIR: dir, LOG_LEVEL: 'error', AGORA_RUNNER_POLL_MS: '50' };
    delete e.DATABASE_URL;
    if (database?.url) e.DATABASE_URL = database.url;
    return e;
  };

  async function startServer(): Promise<void> {
    output = '';
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    exited = once(child, 'exit');
    exited.catch(() => {});
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const started = Date.now();
    while (!output.includes('Agora is running')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`agora serve exited before it ran:\n${output}`);
      if (Date.now() - started > 60_000) throw new Error(`agora serve did not start in 60 s:\n${output}`);
      await sleep(5);
    }
  }

  async function kill(): Promise<void> {
    server!.kill('SIGKILL');
    const [, signal] = (await exited!) as [number | null, NodeJS.Signals | null];
    expect(signal).toBe('SIGKILL');
  }

  /** Runs `fn` on the database (the embedded one reopened from its directory: the server is down). */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (database) return fn(database);
    const db = await openDatabase({ pgliteDir: path.join(dir, 'pgdata') });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  async function state(db: Database) {
    const n = async (q: ReturnType<typeof sql<{ n: number | string }>>) => Number((await q.execute(db.db)).rows[0]?.n ?? 0);
    const job = await sql<{ status: string; attempts: number }>`select status, attempts from outbox_message where topic = ${BILLING_RUN_TOPIC} and dedupe_key = ${period}`.execute(db.db);
    return {
      job: job.rows[0],
      written: {
        runs: await n(sql`select count(*) as n from billing_run where period_start = ${`${period}-01`}`),
        invoices: await n(sql`select count(*) as n from billing_invoice where period_start = ${`${period}-01`}`),
        lines: await n(sql`select count(*) as n from billing_invoice_line`),
        earnings: await n(sql`select count(*) as n from billing_earning`),
        collects: await n(sql`select count(*) as n from outbox_message where topic = 'billing.collect'`),
        counter: await n(sql`select coalesce(sum(last_number), 0) as n from billing_invoice_counter`),
      },
    };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'agora-billing-kill-'));
    port = await freePort();
    // The month before this one (two before, early on the 2nd): its run is due now, the next month's is not.
    const now = new Date();
    const back = now.getTime() >= Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 2, 3) ? 1 : 2;
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    period = start.toISOString().slice(0, 7);
    bought = `${period}-03`;
    termEnd = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 2)).toISOString().slice(0, 10);

    if (DATABASE_URL) database = await testDatabase();
    else database = await openDatabase({ pgliteDir: path.join(dir, 'pgdata'), pgliteDump: new Blob([await readFile(inject('databaseTemplate'))]) });
    // Seeded in this process on the server's database, by business time on the 3rd of the period (real time for security).
    const config = { ...loadConfig({ AGORA_PUBLIC_URL: 'http://agora.billing-kill.test', AGORA_DATA_DIR: dir, NODE_ENV: 'test' }), logLevel: 'silent' };
    const clock = new ManualClock(new Date(`${bought}T10:00:00Z`));
    const log = createLogger('silent');
    const runner = new OutboxRunner({ database, clock, log });
    const { app, services } = await buildApp({ config, database, clock, securityClock: new ManualClock(new Date()), log, webDir: '/nonexistent', runner });
    await app.ready();
    const t: TestApp = { app, services, database, config, clock, virtualClock: undefined, runner, securityClock: new ManualClock(new Date()), close: () => app.close() };
    try {
      const ops = unwrap(await services.identity.signUpOrganization(database.db, { organizationName: 'Ops', email: operatorEmail, displayName: 'Ops', password: STRONG_PASSWORD }));
      await services.identity.grantOperator(database.db, ops.user.objectId);
      const seller = await liveSaasOffer(t, [{ planId: 'basic', pricing: flat('100.00', { markets: ['US'] }) }], { landing: 'https://isv.example/landing', webhook: 'https://isv.example/webhook' });
      for (let c = 0; c < CUSTOMERS; c++) {
        const buyer = await createCustomer(t);
        for (let i = 0; i < SUBS_EACH; i++) {
          const p = await app.inject({ method: 'POST', url: '/api/store/purchases', headers: buyer.session.headers, payload: { accountId: seller.pub.accountId, offerId: seller.offerId, planId: 'basic', termUnit: 'P1M', market: 'US', acceptTerms: true } });
          expect(p.statusCode, p.body).toBe(201);
          const id = p.json<{ subscriptionId: string }>().subscriptionId;
          expect((await seller.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId: 'basic' } })).statusCode).toBe(200);
        }
      }
      await services.billing.scheduleBillingRun(); // the period's run, due on the 2nd of the next month
      // Webhooks (isv.example does not exist) and renewals are not this test's business: only the billing run stays.
      await sql`delete from outbox_message where topic <> ${BILLING_RUN_TOPIC}`.execute(database.db);
    } finally {
      await app.close();
    }
    // The embedded database is one process's: hand it over to the server.
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

  it('every kill leaves all or nothing; the restarted server issues exactly the run', { timeout: 150_000 }, async () => {
    const NOTHING = { runs: 0, invoices: 0, lines: 0, earnings: 0, collects: 0, counter: 0 };
    // One invoice per customer: 40 lines of 100.00 each, one collection each, invoice numbers 1 to 4.
    const ALL = { runs: 1, invoices: CUSTOMERS, lines: CUSTOMERS * SUBS_EACH, earnings: CUSTOMERS * SUBS_EACH, collects: CUSTOMERS, counter: CUSTOMERS };
    let midRun = 0;
    /** The job's attempts so far: a kill after which it is running with one more attempt came while a process ran it. */
    let attempts = 0;
    for (let kills = 0; kills < 12; kills++) {
      await startServer();
      if (database) {
        // PostgreSQL: kill while the run holds its lock (its transaction is open), or once it has committed.
        for (;;) {
          const locked = await sql<{ n: number | string }>`
            select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation
             where c.relname = 'billing_invoice_counter' and l.mode = 'ExclusiveLock' and l.granted`.execute(database.db);
          if (Number(locked.rows[0]!.n) > 0) break;
          if ((await state(database)).written.runs > 0) break;
          await sleep(2);
        }
      } else {
        // PGlite: the server's one connection is held by a transaction while the run is open, so a query through HTTP
        // (/readyz) hangs then: kill when one does not answer within 30 ms.
        const deadline = Date.now() + 10_000;
        for (;;) {
          const probe = fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.body?.cancel(), () => undefined);
          if (await Promise.race([probe.then(() => false), sleep(30).then(() => true)])) break;
          if (Date.now() > deadline) break;
        }
      }
      await kill();
      const after = await withDb(state);
      expect([NOTHING, ALL], `after kill ${kills + 1}: ${JSON.stringify(after)}`).toContainEqual(after.written);
      if (after.written.runs > 0) break;
      if (after.job?.status === 'running' && after.job.attempts > attempts) {
        midRun++;
        attempts = after.job.attempts;
        // The killed process held the job: its lease runs out (5 minutes of database time) before another takes it.
        await withDb((db) => sql`update outbox_message set locked_until = now() - interval '1 second' where topic = ${BILLING_RUN_TOPIC} and dedupe_key = ${period}`.execute(db.db));
        if (midRun >= 2) break;
      }
    }
    expect(midRun, 'kills that landed inside the run').toBeGreaterThan(0);

    // Started once more and left alone, the server completes the run: the operator sees it in the list of runs.
    await startServer();
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: operatorEmail, password: STRONG_PASSWORD }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('agora_session='))!.split(';')[0]!;
    for (let tries = 0; ; tries++) {
      const runs = await fetch(`${base}/api/admin/billing/runs`, { headers: { cookie } });
      expect(runs.status).toBe(200);
      const items = ((await runs.json()) as { items: { periodStart: string; invoices: number }[] }).items.filter((r) => r.periodStart === `${period}-01`);
      if (items.length > 0) {
        expect(items).toEqual([expect.objectContaining({ invoices: CUSTOMERS })]);
        break;
      }
      expect(tries, 'the run did not complete in 30 s').toBeLessThan(300);
      await sleep(100);
    }
    server!.kill('SIGTERM');
    await exited;
    const final = await withDb(async (db) => ({
      state: await state(db),
      lines: (await sql<{ number: string; line_no: number; kind: string; amount: string; billed_on: string; service_start: string; service_end: string }>`
        select i.number, l.line_no, l.kind, l.amount::text as amount, l.billed_on::text as billed_on, l.service_start::text as service_start, l.service_end::text as service_end
          from billing_invoice_line l join billing_invoice i on i.invoice_id = l.invoice_id order by i.number, l.line_no`.execute(db.db)).rows,
      earnings: (await sql<{ gross: string; fee: string; net: string }>`select gross::text as gross, fee::text as fee, net::text as net from billing_earning`.execute(db.db)).rows,
      totals: (await sql<{ number: string; total: string }>`select number, total::text as total from billing_invoice order by number`.execute(db.db)).rows,
    }));
    expect(final.state.written).toEqual(ALL);
    expect(final.state.job).toMatchObject({ status: 'done' });
    const year = new Date().getUTCFullYear();
    const numbers = Array.from({ length: CUSTOMERS }, (_, i) => `AG-${year}-${String(i + 1).padStart(6, '0')}`);
    // Bought on the 3rd: each line 100 for the term from the 3rd to the 2nd of the next month; 40 × 100 = 4000 an invoice
    expect(final.totals.map((r) => `${r.number} ${new Dec(r.total).toFixed()}`)).toEqual(numbers.map((n) => `${n} 4000`));
    expect(new Set(final.lines.map((l) => `${l.kind} ${new Dec(l.amount).toFixed()} ${l.billed_on} ${l.service_start}..${l.service_end}`))).toEqual(new Set([`recurring 100 ${bought} ${bought}..${termEnd}`]));
    expect(final.lines.map((l) => `${l.number}/${l.line_no}`)).toEqual(numbers.flatMap((n) => Array.from({ length: SUBS_EACH }, (_, i) => `${n}/${i + 1}`)));
    expect(new Set(final.earnings.map((e) => `${new Dec(e.gross).toFixed()} ${new Dec(e.fee).toFixed()} ${new Dec(e.net).toFixed()}`))).toEqual(new Set(['100 3 97']));
  });
});
