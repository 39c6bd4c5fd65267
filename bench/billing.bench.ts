// The monthly billing run, the rerun that only compares, collection and the payout run, for one live SaaS offer and
// N customers (billing accounts) with one activated subscription each, all on a ManualClock. Each step is timed once
// and compared with a plain baseline measured in the same run on the same database: the billing run's own rows
// (invoices, lines, earnings), copied into tables with the columns, checks, keys, indexes and foreign keys of
// billing_invoice, billing_invoice_line and billing_earning, by parameterized INSERTs of 500 rows in ONE transaction.
//   npx tsx bench/billing.bench.ts             in-memory PGlite
//   ... --pg, or with DATABASE_URL set         PostgreSQL: a fresh agora_bench_* database next to DATABASE_URL, else next to
//                                              BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped
//   ... --customers 5000 (or BENCH_CUSTOMERS)  the number of customers, one subscription each (default 2000)
// The month billed is 2026-03: every subscription is bought and activated on 03-01 (plans basic $29, pro $99 and
// metered $19 + usage, by customer i mod 4: metered, basic, basic, pro); each metered subscription reports usage of
// two dimensions on three days through POST /api/batchUsageEvent. US tax 7% (collected by the platform).
//   (1) the billing run of 2026-03 on 04-02 01:00 (its scheduled time): N invoices, ~1.5 N lines and earnings, N
//       collect jobs; (2) the same run again (compare-only: nothing issued); (3) collection of every invoice by the
//       outbox runner (8 at a time, the sandbox provider: all succeed); (4) the payout run of 2026-05 (the first whose
//       cut-off, 05-01, is after the payments of 04-02), on 05-15 02:00.
// After the table, each step's statements by kind and table, with their summed time.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.js';
import { COLLECT_TOPIC } from '../server/src/modules/billing/index.js';
import { ManualClock } from '../server/src/platform/clock.js';
import { loadConfig } from '../server/src/platform/config.js';
import type { Database, Db } from '../server/src/platform/db/index.js';
import { unwrap } from '../server/src/platform/errors.js';
import { createLogger } from '../server/src/platform/logger.js';
import { OutboxRunner } from '../server/src/platform/outbox/index.js';
import { MemoryFileStorage } from '../server/src/platform/storage/index.js';
import { addLivePlans, benchCustomers, makePayable } from './lib/billing-setup.js';
import { step, type Step } from './lib/billing-profile.js';
import { StatementCounter } from './lib/statements.js';
import { benchDatabase } from './lib/database.js';
import { benchSeller } from './lib/seller.js';

const flag = (name: string): string | undefined => {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = process.argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : process.argv[i + 1];
};
const CUSTOMERS = Number(flag('customers') ?? process.env.BENCH_CUSTOMERS ?? 2000);
if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 1) throw new Error(`--customers: a positive whole number, not ${flag('customers') ?? process.env.BENCH_CUSTOMERS}`);
const PERIOD = '2026-03';
const PAYOUT_MONTH = '2026-05';
const USAGE_DAYS = [3, 10, 17];
const DIMENSIONS = ['storage', 'calls'];
const BATCH = 25;
const CHUNK = 500;
const API = 'api-version=2018-08-31';
const pgUrl = process.env.DATABASE_URL || (process.argv.includes('--pg') ? (process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : undefined);

const opened = await benchDatabase(pgUrl);
const counter = new StatementCounter();
const database: Database = { ...opened, db: opened.db.withPlugin(counter) as Db };
const clock = new ManualClock(new Date(`${PERIOD}-01T00:00:00Z`));
const log = createLogger('silent');
const { app, services } = await buildApp({
  config: { ...loadConfig({ AGORA_PUBLIC_URL: 'http://bench.test' }), logLevel: 'silent' },
  database,
  clock,
  securityClock: new ManualClock(new Date()),
  log,
  webDir: '/nonexistent',
  storage: new MemoryFileStorage(),
});

try {
  await app.ready();
  const { db } = database;
  const { billing, commerce } = services;
  const setupStart = performance.now();
  const elapsed = () => `${((performance.now() - setupStart) / 1000).toFixed(1)} s`;

  // The seller: a live SaaS offer of three monthly flat-rate plans in the US, one with two metered dimensions.
  console.log(`setup: ${CUSTOMERS} customers, one subscription each, billed for ${PERIOD}...`);
  const us = ['US'];
  const flat = (priceUsd: string, dimensions: unknown[] = []) => ({ model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd }], dimensions });
  const seller = await benchSeller(app, db, services, 'benchbill', { planId: 'basic', name: 'Basic', markets: us, pricing: flat('29.00') });
  await addLivePlans(db, services, seller, [
    { planId: 'pro', name: 'Pro', markets: us, pricing: flat('99.00') },
    {
      planId: 'metered',
      name: 'Metered',
      markets: us,
      pricing: flat('19.00', [
        { id: 'storage', displayName: 'Storage', unitOfMeasure: 'per GB', priceUsd: '0.25', included: {} },
        { id: 'calls', displayName: 'API calls', unitOfMeasure: 'per 1,000 calls', priceUsd: '0.04', included: {} },
      ]),
    },
  ]);
  await makePayable(app, db, services, seller);
  await billing.setTaxRate(db, { country: 'US', effectiveFrom: '2026-01-01', rate: '0.07', collectedBy: 'platform' });
  const auth = { ...seller.auth, 'content-type': 'application/json' };
  const customers = await benchCustomers(db, services, CUSTOMERS, 'bbill');
  console.log(`  seller and ${CUSTOMERS} customers: ${elapsed()}`);

  // Purchases through the commerce service (what POST /api/store/purchases does), 100 per transaction, on 03-01;
  // activations through the Fulfillment API (16 in flight), 00:10.
  const planOf = (i: number) => (i % 4 === 0 ? 'metered' : i % 4 === 3 ? 'pro' : 'basic');
  const subscriptions: string[] = [];
  clock.set(new Date(`${PERIOD}-01T00:05:00Z`));
  for (let from = 0; from < CUSTOMERS; from += 100) {
    await db.transaction().execute(async (trx) => {
      for (let i = from; i < Math.min(CUSTOMERS, from + 100); i++) {
        const input = { accountId: seller.accountId, offerId: seller.offerId, planId: planOf(i), termUnit: 'P1M', acceptTerms: true, purchaser: customers[i]! } as const;
        subscriptions.push(unwrap(await commerce.purchase(trx, input)).subscriptionId);
      }
    });
  }
  clock.set(new Date(`${PERIOD}-01T00:10:00Z`));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < subscriptions.length) {
        const i = next++;
        const res = await app.inject({ method: 'POST', url: `/api/saas/subscriptions/${subscriptions[i]}/activate?${API}`, headers: auth, payload: JSON.stringify({ planId: planOf(i) }) });
        if (res.statusCode !== 200) throw new Error(`activate: ${res.statusCode} ${res.body}`);
      }
    }),
  );
  console.log(`  ${subscriptions.length} subscriptions bought and activated: ${elapsed()}`);

  // Usage of the metered subscriptions: each dimension on three days of the month, one event (hour) per day, sent on
  // the day through the batch Metering API (within its 24-hour window).
  const metered = subscriptions.filter((_, i) => planOf(i) === 'metered');
  let events = 0;
  for (const day of USAGE_DAYS) {
    const date = `${PERIOD}-${String(day).padStart(2, '0')}`;
    clock.set(new Date(`${date}T20:00:00Z`));
    const all = metered.flatMap((resourceId, s) =>
      DIMENSIONS.map((dimension, d) => ({ resourceId, planId: 'metered', dimension, quantity: 1 + ((s * 7 + d * 13 + day) % 50), effectiveStartTime: `${date}T${String(8 + ((s + d) % 10)).padStart(2, '0')}:00:00Z` })),
    );
    for (let i = 0; i < all.length; i += BATCH) {
      const request = all.slice(i, i + BATCH);
      const res = await app.inject({ method: 'POST', url: `/api/batchUsageEvent?${API}`, headers: auth, payload: JSON.stringify({ request }) });
      const statuses = res.statusCode === 200 ? res.json<{ result: { status: string }[] }>().result.map((r) => r.status) : [];
      if (statuses.length !== request.length || statuses.some((s) => s !== 'Accepted')) throw new Error(`usage: ${res.statusCode} ${res.body.slice(0, 300)}`);
      events += request.length;
    }
  }
  console.log(`  ${events} usage events of ${metered.length} metered subscriptions: ${elapsed()}`);

  const engine = database.engine;
  const count = async (query: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(query)}`.execute(opened.db)).rows[0]!.n);
  const check = (what: string, actual: number, expected: number) => {
    if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
  };

  // (1) The first run of the month: issues every invoice.
  clock.set(new Date('2026-04-02T01:00:00Z'));
  console.log(`engine: ${engine}; measuring...`);
  const first = await step(counter, () => db.transaction().execute(async (tx) => unwrap(await billing.runBilling(tx, PERIOD))));
  const invoices = await count('billing_invoice');
  const lines = await count('billing_invoice_line');
  const earnings = await count('billing_earning');
  check('first run: invoices issued', first.value.invoices.length, CUSTOMERS);
  check('billing_invoice rows', invoices, CUSTOMERS);
  check('billing_invoice_line rows', lines, CUSTOMERS + metered.length * DIMENSIONS.length);
  check('billing_earning rows', earnings, lines);
  check('collect jobs', await count(`outbox_message where topic = '${COLLECT_TOPIC}' and status = 'pending'`), CUSTOMERS);

  // The baseline: the same rows, read back (untimed) and inserted into tables of the same shape, in one transaction.
  const baseline = await plainInsert();
  check('baseline rows', baseline.value, invoices + 2 * lines);

  // (2) The same month again: recomputes and compares, issues nothing.
  const second = await step(counter, () => db.transaction().execute(async (tx) => unwrap(await billing.runBilling(tx, PERIOD))));
  if (!second.value.compareOnly || second.value.invoices.length !== 0 || second.value.pendingAdjustments !== 0) throw new Error(`second run: ${JSON.stringify({ ...second.value, invoices: second.value.invoices.length })}`);
  check('second run: unchanged', second.value.unchanged, CUSTOMERS);

  // (3) Collection: the collect jobs the run enqueued, run by an outbox runner that takes only them.
  const collector = new OutboxRunner({ database, clock, log });
  collector.register(billing.handlers.find((h) => h.topic === COLLECT_TOPIC)!);
  const collected = await step(counter, () => collector.drain(100_000));
  check('collect jobs run', collected.value, CUSTOMERS);
  check('paid invoices', await count(`billing_invoice where status = 'paid'`), CUSTOMERS);
  check('available earnings', await count(`billing_earning where status = 'available'`), earnings);

  // (4) The payout run that pays them: one payout to the seller, a statement line per earning.
  clock.set(new Date(`${PAYOUT_MONTH}-15T02:00:00Z`));
  const payout = await step(counter, () => db.transaction().execute(async (tx) => unwrap(await billing.runPayouts(tx, PAYOUT_MONTH, { trigger: 'operator' }))));
  if (!payout.value.created || payout.value.payouts.length !== 1 || payout.value.carriedForward.length !== 0) throw new Error(`payout run: ${JSON.stringify(payout.value).slice(0, 500)}`);
  check('payout: earnings paid', payout.value.payouts[0]!.earnings, earnings);

  // The table: rows per second of each step over the baseline's.
  const rows: { target: string; rows: number; s: Step<unknown> }[] = [
    { target: 'baseline: plain INSERT, one transaction', rows: baseline.value, s: baseline },
    { target: '(1) billing run, first (issues)', rows: invoices + 2 * lines, s: first },
    { target: '(2) billing run, again (compare-only)', rows: invoices + lines, s: second },
    { target: '(3) collection (outbox, 8 at a time)', rows: invoices, s: collected },
    { target: '(4) payout run of the month after', rows: earnings, s: payout },
  ];
  const baseRate = baseline.value / baseline.ms;
  const head = ['target', 'engine', 'rows', 'ms', 'rows/s', 'stmts', 'cpu ms', 'peak RSS MB (+Δ)', 'peak heap +MB', 'ratio'];
  const cells = rows.map((r) => [
    r.target,
    engine,
    String(r.rows),
    r.s.ms.toFixed(0),
    ((r.rows / r.s.ms) * 1000).toFixed(0),
    String(r.s.statements),
    r.s.cpuMs.toFixed(0),
    `${(r.s.peakRss / 2 ** 20).toFixed(0)} (+${(r.s.peakRssDelta / 2 ** 20).toFixed(1)})`,
    (r.s.peakHeapDelta / 2 ** 20).toFixed(1),
    (r.rows / r.s.ms / baseRate).toFixed(3),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)));
  const line = (cs: string[]) => cs.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`\n${CUSTOMERS} customers, ${invoices} invoices, ${lines} lines (${metered.length * DIMENSIONS.length} of usage), ${earnings} earnings, ${events} usage events`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
  console.log(
    [
      `first run: ${((invoices / first.ms) * 1000).toFixed(0)} invoices/s, ${((lines / first.ms) * 1000).toFixed(0)} lines/s (${(first.ms / invoices).toFixed(2)} ms and ${(first.statements / invoices).toFixed(3)} statements per invoice).`,
      'rows: (1) and the baseline: the invoices, lines and earnings written; (2) the invoices and lines recomputed and compared (it writes one billing_run row);',
      '(3) the invoices collected (each: a sandbox charge, a payment, the invoice and its earnings updated); (4) the earnings paid out (each: a statement line,',
      "the earning updated). ratio: the step's rows per second over the baseline's, i.e. how far each step is from only writing (1)'s rows.",
      `The baseline writes (1)'s own ${baseline.value} rows, read back after (1), in ${Math.ceil(invoices / CHUNK) + 2 * Math.ceil(lines / CHUNK)} INSERTs of up to ${CHUNK} rows; (1) writes them the same way`,
      '(the invoice numbers taken at once; invoices, lines, earnings and collect jobs in multi-row statements) after reading every activated subscription with its charges and plans, the',
      'usage of the last 93 days and what every earlier invoice billed, all in one transaction under the billing lock.',
      `cpu ms: this process's CPU time${engine === 'pglite' ? " (PGlite runs in it: the database's work included)" : ''}. peak RSS MB (+Δ): the highest resident set size sampled every 5 ms`,
      `during the step, and how much it exceeds the one before the step (0: the step fitted in memory the process already held after setup)${engine === 'pglite' ? ';' : '.'}`,
      ...(engine === 'pglite' ? ["PGlite's WebAssembly memory is in it too: it grows and is never given back."] : []),
      'peak heap +MB: the highest JavaScript heap in use during the step over the one after a full GC before it (garbage not yet collected included).',
    ].join('\n'),
  );

  for (const r of rows) {
    const inStatements = r.s.profile.reduce((sum, [, p]) => sum + p.ms, 0);
    console.log(`\n${r.target}: ${r.s.ms.toFixed(0)} ms, ${r.s.statements} statements (${inStatements.toFixed(0)} ms in them${r.s === collected ? ', overlapping' : ''})`);
    for (const [what, p] of r.s.profile.slice(0, 8)) console.log(`  ${String(p.n).padStart(6)} x  ${p.ms.toFixed(1).padStart(8)} ms  ${what}`);
    if (r.s.profile.length > 8) {
      const rest = r.s.profile.slice(8);
      console.log(`  ${String(rest.reduce((s, [, p]) => s + p.n, 0)).padStart(6)} x  ${rest.reduce((s, [, p]) => s + p.ms, 0).toFixed(1).padStart(8)} ms  (${rest.length} other kinds)`);
    }
  }
} finally {
  await app.close();
  await database.close();
}

/**
 * The baseline: the billing run's invoices, lines and earnings (read back untimed, dates as text), inserted into
 * bench_plain_* tables created LIKE the real ones (columns, defaults, checks, primary keys, unique constraints and
 * indexes) plus the real tables' foreign keys, by parameterized multi-row INSERTs of CHUNK rows, in one transaction.
 */
async function plainInsert(): Promise<Step<number>> {
  const { db } = database;
  const tables = ['billing_invoice', 'billing_invoice_line', 'billing_earning'] as const;
  const dateColumns: Record<(typeof tables)[number], string[]> = {
    billing_invoice: ['period_start', 'period_end'],
    billing_invoice_line: ['service_start', 'service_end', 'billed_on'],
    billing_earning: ['transaction_date'],
  };
  const data = new Map<string, Record<string, unknown>[]>();
  for (const table of tables) {
    const dates = dateColumns[table];
    const { rows } = await sql<Record<string, unknown>>`select *, ${sql.join(dates.map((c) => sql`${sql.ref(c)}::text as ${sql.ref(`${c}_text`)}`))} from ${sql.table(table)}`.execute(db);
    data.set(
      table,
      rows.map((r) => {
        const out = { ...r };
        for (const c of dates) {
          out[c] = r[`${c}_text`];
          delete out[`${c}_text`];
        }
        return out;
      }),
    );
    await sql`create table ${sql.table(`bench_plain_${table.slice('billing_'.length)}`)} (like ${sql.table(table)} including all)`.execute(db);
  }
  await sql`alter table bench_plain_invoice_line add foreign key (invoice_id) references bench_plain_invoice (invoice_id)`.execute(db);
  await sql`alter table bench_plain_earning add foreign key (invoice_id) references bench_plain_invoice (invoice_id)`.execute(db);
  return step(counter, () =>
    db.transaction().execute(async (tx) => {
      let n = 0;
      for (const table of tables) {
        const rows = data.get(table)!;
        if (rows.length === 0) continue;
        const columns = Object.keys(rows[0]!);
        for (let i = 0; i < rows.length; i += CHUNK) {
          const chunk = rows.slice(i, i + CHUNK);
          await sql`insert into ${sql.table(`bench_plain_${table.slice('billing_'.length)}`)} (${sql.join(columns.map((c) => sql.ref(c)))})
                    values ${sql.join(chunk.map((r) => sql`(${sql.join(columns.map((c) => r[c]))})`))}`.execute(tx);
          n += chunk.length;
        }
      }
      return n;
    }),
  );
}
