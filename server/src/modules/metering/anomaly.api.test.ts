import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, unwrap, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { createCustomer, flat, liveSaasOffer, type Customer, type Seller } from '../../../../test/helpers/commerce.js';
import { newGuid } from '../../platform/ids.js';
import { EMAIL_TOPIC, NO_SMTP_REASON } from '../notifications/index.js';
import { scheduleAnomalyScan } from './anomaly.jobs.js';
import { DAY_MS } from './anomaly.model.js';
import { scanUsageDay, usageAdjustments, type AnomalyEnv } from './anomaly.service.js';
import { mt } from './metering.tables.js';

/**
 * The anomaly workflow end to end: 28 days of history, a spike day reported through the Metering API, the daily job
 * on the business clock, the publisher's decisions and every refusal, and the adjustment billing reads.
 */

let t: TestApp;
let seller: Seller;
let buyer: Customer;
let other: Publisher;
/** Two Subscribed subscriptions of the metered plan. */
let active: string;
let second: string;
let marketer: Session;
let developer: Session & { email: string };
let operator: Session;

// The app's own wiring, for calling the scan directly.
const env: AnomalyEnv = {
  get db() {
    return t.database.db;
  },
  get clock() {
    return t.clock;
  },
  commerce: { meteringTargets: (x, ids) => t.services.commerce.meteringTargets(x, ids) },
  notifications: { notify: (x, input) => t.services.notifications.notify(x, input) },
};

const SPIKE = '2026-03-10';
const at = (date: string, hour: number, days = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS + hour * 3_600_000);
/** A deterministic wobble in [-1, 1]. */
const wobble = (i: number) => (((i * 37) % 11) - 5) / 5;

const metered = () =>
  flat('20.00', {
    pricing: {
      model: 'flatRate',
      billingTerms: [{ term: 'P1M', priceUsd: '20.00' }],
      dimensions: [
        { id: 'emails', displayName: 'Emails', unitOfMeasure: 'per 1000 emails', priceUsd: '1.50', included: { P1M: 10 } },
        { id: 'reports', displayName: 'Reports', unitOfMeasure: 'per report', priceUsd: '0.10', included: { P1M: 100 } },
      ],
    },
  });

async function subscribed(s: Seller, customer: Customer): Promise<string> {
  const p = await t.app.inject({ method: 'POST', url: '/api/store/purchases', headers: customer.session.headers, payload: { accountId: s.pub.accountId, offerId: s.offerId, planId: 'metered', termUnit: 'P1M', acceptTerms: true } });
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json().subscriptionId as string;
  expect((await s.api.call('POST', `/api/saas/subscriptions/${id}/activate`, { body: { planId: 'metered' } })).statusCode).toBe(200);
  return id;
}

async function member(pub: Publisher, roles: string[]): Promise<Session & { email: string }> {
  const email = `${roles[0]!.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: `A ${roles[0]}`, password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  expect(add.statusCode).toBe(204);
  return { ...(await signIn(t.app, email)), email };
}

/** History written directly: one event a day at 10:00 for the 28 days before the spike day. */
async function history(resourceId: string, dimension: string, level: number): Promise<void> {
  const rows = Array.from({ length: 28 }, (_, i) => {
    const hour = at(SPIKE, 10, i - 28);
    return {
      usage_event_id: newGuid(),
      account_id: seller.pub.accountId,
      resource_id: resourceId,
      resource_uri: null,
      offer_id: seller.offerId,
      plan_id: 'metered',
      dimension,
      quantity: String(level + (level / 20) * wobble(i)),
      effective_start_time: hour,
      usage_hour: hour,
      message_time: new Date(hour.getTime() + 60_000),
    };
  });
  await mt(t.database.db).insertInto('metering_usage_event').values(rows).execute();
}

/** A usage event through the Metering API, `hoursAgo` before the business clock's now. */
async function report(resourceId: string, dimension: string, quantity: number, hoursAgo = 2): Promise<void> {
  const effectiveStartTime = new Date(t.clock.now().getTime() - hoursAgo * 3_600_000).toISOString();
  const res = await seller.api.call('POST', '/api/usageEvent', { body: { resourceId, dimension, quantity, effectiveStartTime, planId: 'metered' } });
  expect(res.statusCode, res.body).toBe(200);
}

const base = (accountId: string) => `/api/accounts/${accountId}/metering`;
const get = (path: string, headers: Record<string, string> = seller.pub.owner.headers) => t.app.inject({ method: 'GET', url: path, headers });
const decide = (anomalyId: string, body: Record<string, unknown>, headers: Record<string, string> = seller.pub.owner.headers, accountId = seller.pub.accountId): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'POST', url: `${base(accountId)}/anomalies/${anomalyId}/decision`, headers, payload: body });

interface AnomalyBody {
  anomalyId: string;
  subscriptionId: string;
  dimension: string;
  usageDate: string;
  reportedQuantity: number;
  expectedQuantity: number;
  upperBound: number;
  deviation: number | null;
  status: string;
  detectedAt: string;
  actionExpiresAt: string;
  estimatedFinancialImpact: string | null;
  estimatedImpactUsd: string | null;
  decision: null | { decision: string; correctedQuantity: number | null; reason: string | null; adjustment: { quantityDelta: number } | null; decidedBy: { kind: string; id: string } };
}
const list = async (query = '', headers?: Record<string, string>) => {
  const res = await get(`${base(seller.pub.accountId)}/anomalies${query}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: AnomalyBody[] }>().items;
};
const flagOf = async (resourceId: string, dimension: string) => (await list(`?subscriptionId=${resourceId}`)).find((a) => a.dimension === dimension)!;

beforeAll(async () => {
  t = await testApp();
  t.clock.set(at(SPIKE, 12, -1));
  seller = await liveSaasOffer(t, [{ planId: 'metered', pricing: metered() }], { landing: 'https://isv.example/landing', webhook: 'https://isv.example/webhook' });
  other = await createPublisher(t);
  buyer = await createCustomer(t);
  active = await subscribed(seller, buyer);
  second = await subscribed(seller, buyer);
  marketer = await member(seller.pub, ['Marketer']);
  developer = await member(seller.pub, ['Developer']);
  const ops = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: `ops-${seller.pub.publisherId}@ops.example`, displayName: 'Ops', password: STRONG_PASSWORD }));
  await t.services.identity.grantOperator(t.database.db, ops.user.objectId);
  operator = await signIn(t.app, `ops-${seller.pub.publisherId}@ops.example`);
  await history(active, 'emails', 100);
  await history(active, 'reports', 50);
  await history(second, 'emails', 200);
  await history(second, 'reports', 30);
});
afterAll(async () => t?.close());

describe('the daily scan', () => {
  it('flags the spikes of a day once that day is final, notifies the publisher, and leaves normal days alone', async () => {
    // The spike day, through the Metering API: the emails of `active` arrive in two hours (600 + 400).
    t.clock.set(at(SPIKE, 12));
    await report(active, 'emails', 600, 3);
    await report(active, 'emails', 400, 2);
    await report(active, 'reports', 500);
    await report(second, 'emails', 2000);
    await report(second, 'reports', 31);

    // Start-up schedules today's run (02:00 UTC, already due), once however often it is called.
    const id = await scheduleAnomalyScan(t.database.db, t.clock);
    expect(await scheduleAnomalyScan(t.database.db, t.clock)).toBe(id);
    expect(await t.runner.drain()).toBe(1); // judges SPIKE − 2: normal history
    expect(await list()).toEqual([]);

    // The next day: a normal day of `active` emails; the run of 02:00 judges SPIKE − 1.
    t.clock.set(at(SPIKE, 12, 1));
    await report(active, 'emails', 104);
    expect(await t.runner.drain()).toBe(1);
    expect(await list()).toEqual([]);

    // SPIKE + 2 at 02:00: the spike day is final (no event for it can arrive any more) and is judged.
    t.clock.set(at(SPIKE, 1, 2));
    expect(await t.runner.drain()).toBe(0);
    t.clock.set(at(SPIKE, 2, 2));
    // The run, and the emails of its 3 flags to the Owner and the Developer (not the Marketer): 1 + 3 × 2.
    expect(await t.runner.drain()).toBe(7);
    const flags = await list();
    expect(flags.map((f) => `${f.subscriptionId === active ? 'active' : 'second'}/${f.dimension}`).sort()).toEqual(['active/emails', 'active/reports', 'second/emails']);
    const emails = flags.find((f) => f.subscriptionId === active && f.dimension === 'emails')!;
    expect(emails).toMatchObject({ usageDate: SPIKE, reportedQuantity: 1000, status: 'open', decision: null, detectedAt: at(SPIKE, 2, 2).toISOString(), actionExpiresAt: at(SPIKE, 2, 32).toISOString() });
    expect(emails.expectedQuantity).toBeGreaterThan(95);
    expect(emails.expectedQuantity).toBeLessThan(105);
    expect(emails.upperBound).toBeGreaterThan(emails.expectedQuantity * 1.25 - 1e-6); // stored with 10 decimals
    expect(emails.upperBound).toBeLessThan(1000);
    expect(emails.deviation!).toBeGreaterThan(3.5);
    expect(emails).toMatchObject({ unitPrice: '1.5', currency: 'USD', estimatedExtendedCharge: '1500.00' });
    expect(Number(emails.estimatedFinancialImpact)).toBeCloseTo((1000 - emails.expectedQuantity) * 1.5, 1);
    // In USD already: the rate is 1.
    expect(emails).toMatchObject({ estimatedImpactUsd: emails.estimatedFinancialImpact, exchangeRate: { currency: 'USD', rate: '1', effectiveDate: SPIKE } });

    // One notification per flag in the account's inbox, unread, linking to the flag's decision in the portal.
    const inbox = await get(`/api/accounts/${seller.pub.accountId}/notifications`, marketer.headers);
    expect(inbox.statusCode, inbox.body).toBe(200);
    const notes = inbox.json<{ items: { notificationId: string; kind: string; subject: string; body: string; link: string; data: Record<string, unknown>; read: boolean }[]; unreadCount: number }>();
    expect(notes.unreadCount).toBe(3);
    expect(notes.items.map((n) => n.data.anomalyId).sort()).toEqual(flags.map((f) => f.anomalyId).sort());
    const note = notes.items.find((n) => n.data.anomalyId === emails.anomalyId)!;
    expect(note).toMatchObject({
      kind: 'anomalyDetected',
      subject: `Usage anomaly: emails of ${seller.offerId} on ${SPIKE}`,
      link: `/partner/usage/anomalies?anomalyId=${emails.anomalyId}`,
      read: false,
      data: { offerId: seller.offerId, subscriptionId: active, dimension: 'emails', usageDate: SPIKE, reportedQuantity: '1000', currency: 'USD', estimatedImpact: emails.estimatedFinancialImpact, estimatedImpactUsd: emails.estimatedFinancialImpact },
    });
    expect(note.body).toContain(`Reported: 1000`);
    expect(note.body).toContain(`Estimated impact: ${emails.estimatedFinancialImpact} USD`);
    expect((await get(`/api/accounts/${other.accountId}/notifications`, other.owner.headers)).json()).toMatchObject({ items: [], unreadCount: 0 });

    // Each flag was emailed to the Owner and the Developer, through the outbox; without a mail server each is
    // logged as not sent, with the reason.
    const log = await get(`/api/admin/emails?accountId=${seller.pub.accountId}`, operator.headers);
    expect(log.statusCode, log.body).toBe(200);
    const sent = log.json<{ items: { notificationId: string; to: string; subject: string; status: string; reason: string; outboxId: string }[] }>().items;
    expect(sent).toHaveLength(6);
    expect(sent.filter((m) => m.notificationId === note.notificationId).map((m) => m.to).sort()).toEqual([developer.email, seller.pub.ownerEmail].sort());
    for (const m of sent) expect(m).toMatchObject({ status: 'notSent', reason: NO_SMTP_REASON, subject: expect.stringMatching(/^\[Agora\] Usage anomaly: /) });
    const outbox = await get(`/api/admin/outbox/${sent[0]!.outboxId}`, operator.headers);
    expect(outbox.json().message).toMatchObject({ topic: EMAIL_TOPIC, status: 'done' });

    // The normal day after the spike is judged the next day at 02:00: no flag (the spike did not move the baseline).
    t.clock.set(at(SPIKE, 12, 3));
    expect(await t.runner.drain()).toBe(1);
    expect(await list()).toHaveLength(3);
    // A run again adds nothing: one flag per series and day.
    expect(await scanUsageDay(env, SPIKE)).toEqual({ usageDate: SPIKE, series: 4, flagged: 0 });
    expect(await list()).toHaveLength(3);
  });
});

describe('the decision', () => {
  it('only the owning account sees and decides a flag; a Marketer reads but cannot decide', async () => {
    const flag = await flagOf(active, 'emails');
    expect((await get(`${base(other.accountId)}/anomalies/${flag.anomalyId}`, other.owner.headers)).statusCode).toBe(404);
    expect((await decide(flag.anomalyId, { decision: 'notAnomaly', reason: 'x' }, other.owner.headers, other.accountId)).statusCode).toBe(404);
    expect((await get(`${base(other.accountId)}/anomalies`, other.owner.headers)).json().items).toEqual([]);
    expect((await get(`${base(seller.pub.accountId)}/anomalies`, other.owner.headers)).statusCode).toBe(403);
    expect((await get(`${base(seller.pub.accountId)}/anomalies/not-an-id`)).statusCode).toBe(404);
    expect((await decide(newGuid(), { decision: 'notAnomaly', reason: 'x' })).statusCode).toBe(404);

    expect(await list('', marketer.headers)).toHaveLength(3);
    expect((await get(`${base(seller.pub.accountId)}/anomalies/${flag.anomalyId}`, marketer.headers)).statusCode).toBe(200);
    const refused = await decide(flag.anomalyId, { decision: 'anomaly', correctedQuantity: 100 }, marketer.headers);
    expect(refused.statusCode).toBe(403);
    expect((await flagOf(active, 'emails')).status).toBe('open');
  });

  it('"anomaly" needs a lower corrected quantity; it records the adjustment and is final', async () => {
    const flag = await flagOf(active, 'emails');
    for (const [body, code] of [
      [{ decision: 'anomaly', correctedQuantity: 1000 }, 'CorrectionNotLower'],
      [{ decision: 'anomaly', correctedQuantity: 1500 }, 'CorrectionNotLower'],
      [{ decision: 'anomaly', correctedQuantity: -1 }, 'ValidationFailed'],
      [{ decision: 'anomaly' }, 'ValidationFailed'],
      [{ decision: 'anomaly', correctedQuantity: 0.123456789012 }, 'ValidationFailed'],
      [{ decision: 'maybe', correctedQuantity: 1 }, 'ValidationFailed'],
    ] as const) {
      const res = await decide(flag.anomalyId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code, JSON.stringify(body)).toBe(code);
    }
    const raised = await decide(flag.anomalyId, { decision: 'anomaly', correctedQuantity: 1500 });
    expect(raised.json().error.message).toMatch(/Under-reported overage usage units are not eligible/);
    expect(await usageAdjustments(t.database.db, [active], '2026-03-01', '2026-04-01')).toEqual([]);

    const res = await decide(flag.anomalyId, { decision: 'anomaly', correctedQuantity: 100.5 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'anomaly',
      reportedQuantity: 1000,
      decision: { decision: 'anomaly', correctedQuantity: 100.5, reason: null, adjustment: { quantityDelta: -899.5 }, decidedBy: { kind: 'user', id: seller.pub.ownerId } },
    });
    expect((await get(`${base(seller.pub.accountId)}/anomalies/${flag.anomalyId}`)).json()).toEqual(res.json());

    // Final: neither a second "anomaly" nor "not an anomaly".
    for (const body of [{ decision: 'notAnomaly', reason: 'It was real after all' }, { decision: 'anomaly', correctedQuantity: 50 }]) {
      const again = await decide(flag.anomalyId, body);
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'AlreadyDecided', message: expect.stringMatching(/cannot be changed/) });
    }

    // Billing reads the credit: the day's usage of the dimension goes down by 899.5.
    const adjustments = await usageAdjustments(t.database.db, [active, second], '2026-03-01', '2026-04-01');
    expect(adjustments).toEqual([
      expect.objectContaining({ anomalyId: flag.anomalyId, resourceId: active, dimension: 'emails', planId: 'metered', offerId: seller.offerId, usageDate: SPIKE, quantityDelta: '-899.5', accountId: seller.pub.accountId }),
    ]);
    expect(await usageAdjustments(t.database.db, [active], at(SPIKE, 0), at(SPIKE, 0, 1))).toHaveLength(1);
    expect(await usageAdjustments(t.database.db, [active], at(SPIKE, 1), at(SPIKE, 0, 2))).toEqual([]);
    expect(await usageAdjustments(t.database.db, [second], '2026-03-01', '2026-04-01')).toEqual([]);
    // The usage report rates the corrected day: its cycle's emails are 899.5 fewer than the reported days.
    const report = (await get(`/api/accounts/${seller.pub.accountId}/subscriptions/${active}/usage?from=${SPIKE}&to=${SPIKE}`)).json();
    const reported = (report.days as { dimension: string; quantity: number }[]).filter((d) => d.dimension === 'emails').reduce((sum, d) => sum + d.quantity, 0);
    const rated = (report.cycles as { lines: { dimension: string; quantity: string }[] }[]).flatMap((c) => c.lines).filter((l) => l.dimension === 'emails').reduce((sum, l) => sum + Number(l.quantity), 0);
    expect(reported - rated).toBeCloseTo(899.5, 6);
  });

  it('"not an anomaly" needs a reason of at most 500 characters, and is final', async () => {
    const flag = await flagOf(active, 'reports');
    for (const body of [
      { decision: 'notAnomaly' },
      { decision: 'notAnomaly', reason: '   ' },
      { decision: 'notAnomaly', reason: 'x'.repeat(501) },
      { decision: 'notAnomaly', reason: 'ok', correctedQuantity: 1 },
    ]) {
      const res = await decide(flag.anomalyId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('ValidationFailed');
    }
    // Two decisions at once: the flag is locked, one wins and the other is refused.
    // Either may win (on PostgreSQL the second often does); both reasons are trimmed.
    const reasons = ['Quarter-end reporting run.', 'Month-end batch.'];
    const both = await Promise.all(reasons.map((r) => decide(flag.anomalyId, { decision: 'notAnomaly', reason: ` ${r} ` })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = both.findIndex((r) => r.statusCode === 200);
    expect((await get(`${base(seller.pub.accountId)}/anomalies/${flag.anomalyId}`)).json().decision.reason).toBe(reasons[winner]);
    expect(both[winner]!.json()).toMatchObject({ status: 'notAnomaly', decision: { decision: 'notAnomaly', reason: reasons[winner], correctedQuantity: null, adjustment: null } });
    expect(both[1 - winner]!.json().error.code).toBe('AlreadyDecided');
    const again = await decide(flag.anomalyId, { decision: 'anomaly', correctedQuantity: 10 });
    expect(again.statusCode).toBe(409);
    expect(await usageAdjustments(t.database.db, [active], '2026-03-01', '2026-04-01')).toHaveLength(1);
  });

  it('lists by status and subscription', async () => {
    expect((await list('?status=anomaly')).map((f) => f.dimension)).toEqual(['emails']);
    expect((await list('?status=notAnomaly')).map((f) => f.dimension)).toEqual(['reports']);
    expect((await list('?status=open')).map((f) => f.subscriptionId)).toEqual([second]);
    expect(await list('?status=expired')).toEqual([]);
    expect((await list(`?subscriptionId=${second}`)).map((f) => f.dimension)).toEqual(['emails']);
    expect(await list('?subscriptionId=nope')).toEqual([]);
    expect(await list('?top=1&skip=5')).toEqual([]);
    // Estimated impact over 100 USD: the emails of both (≈ 900 × 1.50 and ≈ 1800 × 1.50), not the reports (≈ 450 × 0.10).
    const big = await list('?impactOverUsd=100');
    expect(big.map((f) => `${f.subscriptionId === active ? 'active' : 'second'}/${f.dimension}`).sort()).toEqual(['active/emails', 'second/emails']);
    for (const f of big) expect(Number(f.estimatedImpactUsd)).toBeGreaterThan(100);
    expect((await list('?impactOverUsd=100&status=open')).map((f) => f.subscriptionId)).toEqual([second]);
    expect((await list('?impactOverUsd=100&top=1&skip=1')).map((f) => f.anomalyId)).toEqual([big[1]!.anomalyId]);
    expect(await list('?impactOverUsd=100000')).toEqual([]);
    expect((await list('?impactOverUsd=0')).length).toBe(3);
    expect((await get(`${base(seller.pub.accountId)}/anomalies?impactOverUsd=-1`)).statusCode).toBe(400);
    expect((await get(`${base(seller.pub.accountId)}/anomalies?status=closed`)).statusCode).toBe(400);
  });

  it('after 30 days an undecided flag has expired and can no longer be decided', async () => {
    const flag = await flagOf(second, 'emails');
    // The daily runs missed while the clock jumped follow one another, one per day (SPIKE+4 … SPIKE+20), and flag
    // nothing more.
    t.clock.set(at(SPIKE, 12, 20));
    expect(await t.runner.drain()).toBe(17);
    expect(await list()).toHaveLength(3);
    t.clock.set(new Date(Date.parse(flag.actionExpiresAt) - 60_000));
    expect((await flagOf(second, 'emails')).status).toBe('open');
    t.clock.set(new Date(flag.actionExpiresAt));
    const res = await decide(flag.anomalyId, { decision: 'anomaly', correctedQuantity: 200 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'ActionWindowClosed', message: expect.stringMatching(/30-day window/) });
    expect((await decide(flag.anomalyId, { decision: 'notAnomaly', reason: 'Normal' })).statusCode).toBe(409);
    expect((await flagOf(second, 'emails')).status).toBe('expired');
    expect((await list('?status=expired')).map((f) => f.anomalyId)).toEqual([flag.anomalyId]);
    expect(await list('?status=open')).toEqual([]);
    expect(await usageAdjustments(t.database.db, [second], '2026-03-01', '2026-04-01')).toEqual([]);
    // The usage report rates the corrected day: its cycle's emails are 899.5 fewer than the reported days.
    const report = (await get(`/api/accounts/${seller.pub.accountId}/subscriptions/${active}/usage?from=${SPIKE}&to=${SPIKE}`)).json();
    const reported = (report.days as { dimension: string; quantity: number }[]).filter((d) => d.dimension === 'emails').reduce((sum, d) => sum + d.quantity, 0);
    const rated = (report.cycles as { lines: { dimension: string; quantity: string }[] }[]).flatMap((c) => c.lines).filter((l) => l.dimension === 'emails').reduce((sum, l) => sum + Number(l.quantity), 0);
    expect(reported - rated).toBeCloseTo(899.5, 6);
  });
});

describe('the OpenAPI document', () => {
  it('describes the anomaly operations', async () => {
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    const base = '/api/accounts/{accountId}/metering';
    expect(spec.paths[`${base}/anomalies`].get.operationId).toBe('listMeteringAnomalies');
    expect(spec.paths[`${base}/anomalies/{anomalyId}`].get.operationId).toBe('getMeteringAnomaly');
    expect(spec.paths[`${base}/anomalies/{anomalyId}/decision`].post.operationId).toBe('decideMeteringAnomaly');
    expect(spec.paths[`${base}/notifications`]).toBeUndefined(); // the account's inbox replaced the anomaly alerts
    expect(spec.paths['/api/accounts/{accountId}/notifications'].get.operationId).toBe('listNotifications');
  });
});
