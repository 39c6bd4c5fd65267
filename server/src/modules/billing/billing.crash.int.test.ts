import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, unwrap, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { advanceTo, annualMonthly, billingCounts, earningsText, invoiceOf, lineText, meteredBase } from '../../../../test/helpers/billing.js';
import { createCustomer, flat, liveSaasOffer, WebhookReceiver, type Customer, type Seller } from '../../../../test/helpers/commerce.js';
import { createLogger } from '../../platform/logger.js';
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
