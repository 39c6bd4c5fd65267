import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Subscription } from '../src/marketplace-client.js';
import { MarketplaceClock } from '../src/marketplace-clock.js';
import { hourOf } from '../src/metering.js';
import type { SaasApp } from '../src/server.js';
import { buildSaasApp } from '../src/server.js';
import { asHtml, Browser, makeApp, testConfig } from './helpers.js';
import { startStandIn, type StandIn } from './standin-marketplace.js';

/**
 * Metered usage against the stand-in marketplace: the app counts usage, reports only what is above the included
 * quantity of the term, one event per subscription, dimension and marketplace clock hour, in batches of 25.
 */

const TERM = { startDate: '2026-05-01T00:00:00Z', endDate: '2026-05-31T23:59:59Z', termUnit: 'P1M' };

describe('metered usage', () => {
  let standIn: StandIn;
  let app: SaasApp;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    // The marketplace's clock is days away from this machine's (Agora's sandbox clock moved on).
    standIn.setTime('2026-05-10T10:30:00Z');
    standIn.usageEvents.length = 0;
    standIn.meteringFailures.length = 0;
    standIn.metering.lostAnswers = 0;
    app = await makeApp(standIn);
    standIn.calls.length = 0;
  });
  afterEach(() => app.close());

  const meteringCalls = () => standIn.calls.filter((c) => c.path === '/api/usageEvent' || c.path === '/api/batchUsageEvent');

  async function metered(fields: Partial<Subscription> = {}) {
    const { subscription, token } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', planId: 'metered', term: { ...TERM }, ...fields });
    const browser = new Browser(app);
    await browser.get(`/landing?token=${encodeURIComponent(token)}`);
    const page = (p = '') => `/subscriptions/${subscription.id}${p}`;
    return {
      subscription,
      browser,
      page: () => browser.get(page()),
      use: (action: string) => browser.submit(page('/use'), { action }),
      reportNow: () => browser.submit(page('/report-usage')),
    };
  }

  /** A provisioned subscription with usage, without a browser (for many subscriptions). */
  async function withOverage(quantity: number, fields: Partial<Subscription> = {}) {
    const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', planId: 'metered', term: { ...TERM }, ...fields });
    const account = app.saas.store.upsertFromMarketplace(subscription);
    await app.saas.usage.use(account, 'emails', 1000 + quantity);
    return subscription;
  }

  it('counts usage, reports only what is above the included quantity, at the marketplace clock hour', async () => {
    const s = await metered();
    let page = await s.page();
    expect(page.body).toContain('<h2>Usage</h2>');
    expect(page.body).toContain('Send 250 emails');
    expect(page.body).toContain('Generate a report');

    page = await s.use('send-1000-emails');
    expect(page.body).toContain('Sent 1,000 emails. 1,000 of 1,000 emails included this term used.');
    page = await s.use('generate-report');
    expect(page.body).toContain('included without limit');
    page = await s.use('send-250-emails');
    expect(page.body).toContain('250 emails above it will be reported with the 2026-05-10 10:00 UTC hour.');
    expect(meteringCalls()).toHaveLength(0);
    // The term and status come from Get Subscription before counting.
    expect(standIn.apiCalls('GET', `/api/saas/subscriptions/${s.subscription.id}`).length).toBeGreaterThanOrEqual(3);

    page = await s.reportNow();
    const [call, ...more] = meteringCalls();
    expect(more).toHaveLength(0);
    expect(call).toMatchObject({ method: 'POST', path: '/api/usageEvent', query: { 'api-version': '2018-08-31' } });
    // effectiveStartTime: when the usage above the included quantity started, on the marketplace's clock.
    expect(call?.body).toEqual({ resourceId: s.subscription.id, quantity: 250, dimension: 'emails', effectiveStartTime: expect.stringMatching(/^2026-05-10T10:30:00\.\d{3}Z$/), planId: 'metered' });
    expect(call?.headers.authorization).toMatch(/^Bearer standin-token-/);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['x-ms-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(call?.headers['x-ms-correlationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.body).toContain('Reported 1 usage event: 1 Accepted.');
    expect(page.body).toContain(standIn.usageEvents[0]!.usageEventId);
    expect(page.body).toMatch(/<td class="num">1,250<\/td><td class="num">250<\/td><td class="num">250<\/td>/);
    // Reports (unlimited) were never sent.
    expect(standIn.usageEvents.map((e) => e.dimension)).toEqual(['emails']);

    const home = await s.browser.get('/');
    expect(home.body).toContain('Metered usage');
    expect(home.body).toContain('Last usage reports');
    expect(home.body).toContain('→ HTTP 200');
  });

  it('reports usage of the activation hour from when it happened, not from before the activation', async () => {
    const { subscription, token } = standIn.purchase({ planId: 'metered' });
    const browser = new Browser(app);
    await browser.get(`/landing?token=${encodeURIComponent(token)}`);
    await browser.submit(`/subscriptions/${subscription.id}/sign-in`, { email: 'buyer@fabrikam.example' });
    standIn.setTime('2026-05-10T10:20:00Z');
    await browser.submit(`/subscriptions/${subscription.id}/activate`);
    standIn.setTime('2026-05-10T10:40:00Z');
    await browser.submit(`/subscriptions/${subscription.id}/use`, { action: 'send-1000-emails' });
    await browser.submit(`/subscriptions/${subscription.id}/use`, { action: 'send-250-emails' });
    standIn.setTime('2026-05-10T11:01:00Z');
    const report = await app.saas.usage.check();
    expect(report?.items.map((i) => [i.status, i.effectiveStartTime?.slice(0, 16)])).toEqual([['Accepted', '2026-05-10T10:40']]);
  });

  it('keeps usage after a report of this hour for the next hour, and the hourly reporter sends it once that hour ends', async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    await s.reportNow();
    let page = await s.use('send-250-emails');
    expect(page.body).toContain('250 emails above it will be reported with the 2026-05-10 11:00 UTC hour.');
    standIn.calls.length = 0;
    page = await s.reportNow();
    expect(meteringCalls()).toHaveLength(0);
    expect(page.body).toContain(asHtml('Nothing to report yet: 250 emails wait for the 2026-05-10 11:00 UTC hour'));

    // The 11:00 hour is reported by the hourly run after it ends, not before.
    standIn.setTime('2026-05-10T11:40:00Z');
    expect(await app.saas.usage.check()).toBeUndefined();
    standIn.setTime('2026-05-10T12:01:00Z');
    const report = await app.saas.usage.check();
    expect(report?.items.map((i) => [i.status, i.effectiveStartTime, i.quantity])).toEqual([['Accepted', '2026-05-10T11:00:00.000Z', 250]]);
    expect(await app.saas.usage.check()).toBeUndefined();
    expect(standIn.usageEvents.map((e) => [hourOf(Date.parse(e.effectiveStartTime)), e.quantity])).toEqual([
      ['2026-05-10T10:00:00.000Z', 250],
      ['2026-05-10T11:00:00.000Z', 250],
    ]);
  });

  it('answers a Duplicate (409) by keeping the usage for the next hour', async () => {
    const s = await metered();
    // Another instance of the app (or a copy of its state from before) reported this hour already.
    standIn.usageEvents.push({ usageEventId: randomUUID(), status: 'Accepted', messageTime: '2026-05-10T10:05:00Z', resourceId: s.subscription.id, quantity: 7, dimension: 'emails', effectiveStartTime: '2026-05-10T10:01:00.000Z', planId: 'metered' });
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    const page = await s.reportNow();
    expect(page.body).toContain('Duplicate');
    expect(page.body).toContain('The 2026-05-10 10:00 UTC hour already had an event for emails: 250 kept for the 2026-05-10 11:00 UTC hour.');
    expect(page.body).toContain(standIn.usageEvents[0]!.usageEventId);

    standIn.setTime('2026-05-10T12:05:00Z');
    const report = await app.saas.usage.check();
    expect(report?.items.map((i) => [i.status, i.hour, i.quantity])).toEqual([['Accepted', '2026-05-10T11:00:00.000Z', 250]]);
    expect(app.saas.store.metersOf(s.subscription.id).find((m) => m.dimension === 'emails')).toMatchObject({ billedInTerm: 250, pending: {} });
  });

  it('sends every subscription and hour in batch calls of at most 25, once the hour has ended', async () => {
    standIn.setTime('2026-05-10T09:30:00Z');
    const first = await withOverage(1);
    standIn.setTime('2026-05-10T10:30:00Z');
    await app.saas.usage.use(app.saas.store.get(first.id)!, 'emails', 2);
    const others: Subscription[] = [];
    for (let i = 0; i < 28; i++) others.push(await withOverage(10 + i));
    standIn.calls.length = 0;

    standIn.setTime('2026-05-10T11:05:00Z');
    const report = await app.saas.usage.check();
    const calls = meteringCalls();
    expect(calls.map((c) => [c.path, (c.body as { request: unknown[] }).request.length])).toEqual([
      ['/api/batchUsageEvent', 25],
      ['/api/batchUsageEvent', 5],
    ]);
    // One correlation id for the run, a request id per call.
    expect(new Set(calls.map((c) => c.headers['x-ms-correlationid'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.headers['x-ms-requestid'])).size).toBe(2);
    expect(report?.items).toHaveLength(30);
    expect(report?.items.every((i) => i.status === 'Accepted' && i.outcome === 'billed')).toBe(true);
    expect(standIn.usageEvents.filter((e) => e.resourceId === first.id).map((e) => [hourOf(Date.parse(e.effectiveStartTime)), e.quantity])).toEqual([
      ['2026-05-10T09:00:00.000Z', 1],
      ['2026-05-10T10:00:00.000Z', 2],
    ]);
    expect(standIn.usageEvents.find((e) => e.resourceId === others[27]!.id)?.quantity).toBe(37);
    expect(await app.saas.usage.check()).toBeUndefined();
    expect(meteringCalls()).toHaveLength(2);
  });

  it("handles each batch item's result: Accepted, Duplicate, kept (not active), refused (plan changed)", async () => {
    const ok = await withOverage(1);
    const duplicate = await withOverage(2);
    const suspended = await withOverage(3);
    const planChanged = await withOverage(4);
    standIn.usageEvents.push({ usageEventId: randomUUID(), status: 'Accepted', messageTime: '2026-05-10T10:05:00Z', resourceId: duplicate.id, quantity: 9, dimension: 'emails', effectiveStartTime: '2026-05-10T10:00:00.000Z', planId: 'metered' });
    standIn.subscriptions.get(suspended.id)!.saasSubscriptionStatus = 'Suspended';
    standIn.subscriptions.get(planChanged.id)!.planId = 'standard';

    standIn.setTime('2026-05-10T11:05:00Z');
    const report = await app.saas.usage.check();
    const by = (id: string) => report?.items.find((i) => i.subscriptionId === id);
    expect(by(ok.id)).toMatchObject({ status: 'Accepted', outcome: 'billed' });
    expect(by(duplicate.id)).toMatchObject({ status: 'Duplicate', outcome: 'moved', movedTo: '2026-05-10T11:00:00.000Z', message: 'This usage event already exist.' });
    expect(by(suspended.id)).toMatchObject({ status: 'ResourceNotActive', outcome: 'retry' });
    expect(by(planChanged.id)).toMatchObject({ status: 'BadArgument', outcome: 'dropped', message: "The planId is not the subscription's plan." });
    const pending = (id: string) => app.saas.store.metersOf(id)[0]!.pending;
    expect(pending(duplicate.id)).toEqual({ '2026-05-10T11:00:00.000Z': 2 });
    expect(pending(suspended.id)).toEqual({ '2026-05-10T10:00:00.000Z': 3 });
    expect(pending(planChanged.id)).toEqual({});

    const home = await new Browser(app).get('/');
    expect(home.body).toContain('ResourceNotActive');
    expect(home.body).toContain(asHtml("The planId is not the subscription's plan."));
    expect(home.body).toContain('→ 2026-05-10 11:00 UTC');
  });

  it('shows a refused call, keeps its usage, and sends it with the next report', async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    standIn.meteringFailures.push({ status: 403, body: { message: 'The access token is for another application than the offer.', target: 'Authorization', details: [], code: 'Forbidden' } });
    let page = await s.reportNow();
    expect(page.body).toContain('class="flash error"');
    expect(page.body).toContain('The usageEvent call failed (HTTP 403: The access token is for another application than the offer.): its usage is kept for the next report.');
    expect(page.body).toContain('NotSent');
    expect(app.saas.store.metersOf(s.subscription.id).find((m) => m.dimension === 'emails')?.pending).toEqual({ '2026-05-10T10:00:00.000Z': 250 });

    page = await s.reportNow();
    expect(page.body).toContain('Reported 1 usage event: 1 Accepted.');
    expect(standIn.usageEvents).toHaveLength(1);
  });

  it("shows a 400's details: a single event's rejection is its result, a batch's is the call's error", async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    // The customer moved to another plan in the marketplace; the app still counted for the metered plan.
    standIn.subscriptions.get(s.subscription.id)!.planId = 'standard';
    const report = await app.saas.usage.reportNow(s.subscription.id);
    expect(report?.calls).toEqual([{ endpoint: 'usageEvent', events: 1, httpStatus: 400 }]);
    expect(report?.items[0]).toMatchObject({ status: 'BadArgument', outcome: 'dropped', message: "The planId is not the subscription's plan." });

    standIn.subscriptions.get(s.subscription.id)!.planId = 'metered';
    const a = await withOverage(1);
    const b = await withOverage(2);
    standIn.meteringFailures.push({
      status: 400,
      body: { message: 'One or more errors have occurred.', target: 'usageEventRequest', details: [{ message: 'The request is not valid.', target: 'request', code: 'BadArgument' }], code: 'BadArgument' },
    });
    const batch = await app.saas.usage.reportNow();
    expect(batch?.calls).toEqual([{ endpoint: 'batchUsageEvent', events: 2, httpStatus: 400, error: 'HTTP 400: One or more errors have occurred. request: The request is not valid. (BadArgument)' }]);
    expect(batch?.items.map((i) => [i.subscriptionId, i.outcome])).toEqual([
      [a.id, 'retry'],
      [b.id, 'retry'],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    const home = await new Browser(app).get('/');
    expect(home.body).toContain('request: The request is not valid. (BadArgument)');
  });

  it('bills once when an answer was lost: the Duplicate of the same quantity was ours', async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    standIn.metering.lostAnswers = 1;
    let page = await s.reportNow();
    expect(page.body).toContain('HTTP 500');
    expect(standIn.usageEvents).toHaveLength(1);
    page = await s.reportNow();
    expect(page.body).toContain('already billed');
    const meter = app.saas.store.metersOf(s.subscription.id).find((m) => m.dimension === 'emails');
    expect(meter).toMatchObject({ billedInTerm: 250, pending: {} });
    expect(standIn.usageEvents).toHaveLength(1);
  });

  it('starts the included quantity again with a new term (term.startDate from Get Subscription)', async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('generate-report');
    let page = await s.use('send-250-emails');
    expect(page.body).toContain('250 emails above it');
    // Renewed: the marketplace's subscription has a new term.
    standIn.setTime('2026-06-01T08:30:00Z');
    Object.assign(standIn.subscriptions.get(s.subscription.id)!, { term: { startDate: '2026-06-01T00:00:00Z', endDate: '2026-06-30T23:59:59Z', termUnit: 'P1M' } });
    page = await s.use('send-250-emails');
    expect(page.body).toContain('A new term started (2026-06-01): the included quantity is available again.');
    expect(page.body).toContain('250 of 1,000 emails included this term used.');
    // The operator view counts the new term too, also for a dimension not used in it yet.
    const home = await s.browser.get('/');
    expect(home.body).toContain('term from 2026-06-01');
    expect(home.body).not.toContain('term from 2026-05-01');
    // The last term's overage was never reported, and is now older than the marketplace's 24 hours: it is lost
    // (under-reported usage is not back-billed), and not sent.
    standIn.calls.length = 0;
    const report = await app.saas.usage.check();
    expect(report?.items.map((i) => [i.status, i.outcome, i.hour, i.quantity])).toEqual([['Expired', 'dropped', '2026-05-10T10:00:00.000Z', 250]]);
    expect(meteringCalls()).toHaveLength(0);
  });

  it('stamps usage on the marketplace clock near the 24-hour edge, within the window', async () => {
    const s = await metered();
    await s.use('send-1000-emails');
    await s.use('send-250-emails');
    // The hourly reporter was down: the 10:00 hour started 24.5 hours ago, but part of it is still in the window.
    standIn.setTime('2026-05-11T10:30:00Z');
    const report = await app.saas.usage.check();
    expect(report?.items.map((i) => i.status)).toEqual(['Accepted']);
    // 24 hours before the marketplace's now, plus a minute for the call (and the milliseconds this test takes).
    expect(report?.items[0]?.effectiveStartTime).toMatch(/^2026-05-10T10:31:0[01]\.000Z$/);
  });

  it('reports no usage of a subscription that is not active, and none for a plan without dimensions', async () => {
    const s = await metered();
    standIn.subscriptions.get(s.subscription.id)!.saasSubscriptionStatus = 'Suspended';
    const page = await s.use('send-250-emails');
    expect(page.body).toContain('Only an active subscription can use Contoso Flow (this one is Suspended).');
    const standard = await metered({ planId: 'standard' });
    const other = await standard.page();
    expect(other.body).not.toContain('<h2>Usage</h2>');
  });
});

describe('the marketplace clock', () => {
  const clockFetch = (answer: () => Response | Promise<Response>) => (async () => answer()) as unknown as typeof fetch;

  it("aligns with Agora's sandbox clock", async () => {
    let local = Date.parse('2026-01-01T00:00:00Z');
    const clock = new MarketplaceClock({ agoraUrl: 'http://agora', now: () => local, maxAgeMs: 1000, fetch: clockFetch(() => Response.json({ now: '2026-01-04T00:00:00.000Z', virtual: true, offsetMs: 1 })) });
    expect((await clock.now()).toISOString()).toBe('2026-01-04T00:00:00.000Z');
    expect(clock.reading()).toMatchObject({ source: 'marketplace', virtual: true, offsetMs: 3 * 86_400_000 });
    local += 500;
    expect((await clock.now()).toISOString()).toBe('2026-01-04T00:00:00.500Z');
  });

  it("uses local time where there is no sandbox clock (Microsoft's marketplace), and keeps the last offset on errors", async () => {
    const local = Date.parse('2026-01-01T00:00:00Z');
    const answers: (() => Response)[] = [() => Response.json({ now: '2026-01-01T01:00:00.000Z' }), () => new Response('no', { status: 503 }), () => new Response('', { status: 404 })];
    let asked = 0;
    const clock = new MarketplaceClock({ agoraUrl: 'http://agora/', now: () => local, maxAgeMs: 60_000, fetch: clockFetch(() => (asked++, answers.shift()!())) });
    expect((await clock.now()).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    // Cached for maxAgeMs, unless a fresh reading is asked for.
    expect((await clock.now()).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(asked).toBe(1);
    expect((await clock.now(0)).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(clock.reading().error).toContain('HTTP 503');
    expect((await clock.now(0)).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.reading()).toMatchObject({ source: 'local', offsetMs: 0 });
    // No sandbox clock: never asked again.
    await clock.now(0);
    await clock.refresh();
    expect(asked).toBe(3);
  });

  it('stamps usage with a fresh reading, even when the clock was read a moment ago', async () => {
    const standIn = await startStandIn();
    // The default: the pages reuse a reading for 30 seconds; usage does not.
    const app = await buildSaasApp(testConfig(standIn), {});
    try {
      standIn.setTime('2026-05-10T10:30:00Z');
      const { subscription } = standIn.purchase({ saasSubscriptionStatus: 'Subscribed', planId: 'metered', term: { ...TERM } });
      const account = app.saas.store.upsertFromMarketplace(subscription);
      await app.saas.usage.clock.now();
      // An operator moves Agora's clock on by four days.
      standIn.setTime('2026-05-14T10:30:00Z');
      const used = await app.saas.usage.use(account, 'emails', 1001);
      expect(used.hour).toBe('2026-05-14T10:00:00.000Z');
    } finally {
      await app.close();
      await standIn.close();
    }
  });
});
