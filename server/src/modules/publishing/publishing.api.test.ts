import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, registerApp, signIn, testApp, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient, completeSaasTabs, flatRatePricing } from '../../../../test/helpers/catalog.js';
import { freePort } from '../../../../test/helpers/net.js';

let t: TestApp;
let pub: Publisher;
let app: { tenantId: string; appId: string };
let operator: Session;
let server: Server;
let base: string;
let closedPort: number;

/** What the publisher's endpoints received. */
const received: { method: string; path: string; body: string }[] = [];
/** Requests to /slow wait until this is called. */
let releaseSlow: () => void = () => undefined;
let slowGate: Promise<void> = Promise.resolve();

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  const creds = await registerApp(t, pub);
  app = { tenantId: pub.tenantId, appId: creds.appId };

  server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    received.push({ method: req.method ?? '', path, body: await body(req) });
    if (path.startsWith('/slow')) await slowGate;
    const status = path.startsWith('/broken') ? 500 : path.startsWith('/missing') ? 404 : path.startsWith('/auth') ? 401 : 200;
    res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closedPort = await freePort();

  const org = await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Marketplace ops', email: `ops${Date.now()}@agora.example`, displayName: 'Ops', password: STRONG_PASSWORD });
  if (!org.ok) throw new Error(org.error.message);
  await t.services.identity.grantOperator(t.database.db, org.value.user.objectId);
  operator = await signIn(t.app, org.value.user.email);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function member(roles: string[]): Promise<Session & { userId: string }> {
  const email = `${roles[0]!.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: `A ${roles[0]}`, password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  expect(add.statusCode).toBe(204);
  return { ...(await signIn(t.app, email)), userId: user.value.objectId };
}

interface Urls {
  landing?: string;
  webhook?: string;
  leads?: string;
}

/** A complete transactable SaaS offer whose landing page, webhook and lead endpoint are this test's server. */
async function completeOffer(urls: Urls = {}, plans: string[] = ['standard']): Promise<OfferClient> {
  const offer = await OfferClient.create(t, pub);
  const tabs = completeSaasTabs(app, { landing: urls.landing ?? `${base}/landing`, webhook: urls.webhook ?? `${base}/webhook` }, await offer.uploadMedia());
  tabs.setup.leadDestination = { ...tabs.setup.leadDestination, settings: { url: urls.leads ?? `${base}/leads` } };
  for (const [tab, value] of Object.entries(tabs)) {
    const res = await offer.saveTab(tab, value);
    if (res.statusCode !== 200) throw new Error(`save ${tab}: ${res.statusCode} ${res.body}`);
  }
  for (const planId of plans) {
    const name = planId[0]!.toUpperCase() + planId.slice(1);
    expect((await offer.createPlan(planId, name)).statusCode).toBe(201);
    expect((await offer.savePlan(planId, 'listing', { name, description: `The ${name} plan.` })).statusCode).toBe(200);
    expect((await offer.savePlan(planId, 'pricingAndAvailability', flatRatePricing())).statusCode).toBe(200);
  }
  return offer;
}

const publish = (offer: OfferClient, headers = pub.owner.headers, payload: object = { notesForCertification: 'Sign in with any work account.' }) =>
  t.app.inject({ method: 'POST', url: `${offer.base}/submissions`, headers, payload });
const submission = async (offer: OfferClient, id: string) => (await t.app.inject({ url: `${offer.base}/submissions/${id}`, headers: pub.owner.headers })).json();
const act = (offer: OfferClient, id: string, action: 'go-live' | 'cancel', headers = pub.owner.headers) => t.app.inject({ method: 'POST', url: `${offer.base}/submissions/${id}/${action}`, headers });
const certify = (id: string, decision: 'approve' | 'reject', payload: object = {}, headers = operator.headers) =>
  t.app.inject({ method: 'POST', url: `/api/admin/certification/${id}/${decision}`, headers, payload });
const status = async (offer: OfferClient) => (await offer.get()).json().status as string;
const history = async (offer: OfferClient, query = '') => {
  const res = await t.app.inject({ url: `${offer.base}/history${query}`, headers: pub.owner.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { events: { event: string; eventType: string; initiatedBy: { kind: string; id: string | null; displayName: string | null }; outcome: string | null; pagesChanged: { id: string; title: string }[]; at: string }[]; total: number };
};
const drain = () => t.runner.drain();
/** A tab's saved value, to change one field of it. */
const tab = async (offer: OfferClient, id: string) => (await offer.get()).json().tabs.find((x: { id: string }) => x.id === id).value as Record<string, unknown>;

/** Publish, run automated validation and preview creation: the submission waits for sign-off. */
async function toPreview(offer: OfferClient): Promise<string> {
  const res = await publish(offer);
  expect(res.statusCode, res.body).toBe(202);
  await drain();
  const id = res.json().submissionId as string;
  expect((await submission(offer, id)).status).toBe('WaitingForSignOff');
  return id;
}

/** All the way: preview, Go live, certification, final publish. */
async function toLive(offer: OfferClient): Promise<string> {
  const id = await toPreview(offer);
  expect((await act(offer, id, 'go-live')).statusCode).toBe(200);
  expect((await certify(id, 'approve')).statusCode).toBe(200);
  await drain();
  expect(await status(offer)).toBe('Live');
  return id;
}

describe('publishing a SaaS offer', () => {
  it('runs automated validation, creates the preview, and after Go live and certification publishes it live', async () => {
    const offer = await completeOffer();
    received.length = 0;
    const res = await publish(offer);
    expect(res.statusCode, res.body).toBe(202);
    const sub = res.json();
    expect(res.headers.location).toBe(`${offer.base}/submissions/${sub.submissionId}`);
    expect(sub).toMatchObject({ status: 'InProgress', offerId: offer.offerId, previousOfferStatus: 'Draft', notesForCertification: 'Sign in with any work account.' });
    expect(sub.steps.map((s: { name: string }) => s.name)).toEqual([
      'Offer purchase flow setup',
      'Lead management validation and registration',
      'Offer validation',
      'Preview creation',
      'Go live',
      'Certification',
      'Final publish',
    ]);
    expect(sub.steps.map((s: { status: string }) => s.status)).toEqual(['InProgress', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted']);
    expect(sub.phases.map((p: { name: string }) => p.name)).toEqual(['Automated validation', 'Preview creation', 'Publisher sign-off', 'Certification', 'Publish']);
    expect(await status(offer)).toBe('PublishInProgress');

    expect(await drain()).toBe(4);
    const waiting = await submission(offer, sub.submissionId);
    expect(waiting.status).toBe('WaitingForSignOff');
    expect(waiting.steps.slice(0, 4).every((s: { status: string; completedAt: string | null }) => s.status === 'Completed' && s.completedAt)).toBe(true);
    expect(waiting.steps[4]).toMatchObject({ name: 'Go live', status: 'InProgress' });
    expect(waiting.validationReport).toEqual([]);
    expect(waiting.previewCreatedAt).not.toBeNull();
    expect(await status(offer)).toBe('Preview');
    // The publisher's endpoints were called: the landing page (GET), the webhook and a test lead (POST JSON).
    expect(received.find((r) => r.path === '/landing')?.method).toBe('GET');
    const webhook = received.find((r) => r.path === '/webhook')!;
    expect([webhook.method, JSON.parse(webhook.body)]).toEqual(['POST', { action: 'Validation' }]);
    const lead = JSON.parse(received.find((r) => r.path === '/leads')!.body);
    expect(lead).toMatchObject({ OfferTitle: 'Contoso Flow', UserDetails: { Email: expect.any(String) }, ActionCode: 'INS' });

    // Go live: certification by an operator comes next (SaaS certifies after the sign-off, ADR 0011).
    const signed = await act(offer, sub.submissionId, 'go-live');
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'InCertification', signedOffAt: expect.any(String) });
    expect(signed.json().steps[5]).toMatchObject({ name: 'Certification', status: 'InProgress' });
    expect(await status(offer)).toBe('PublishInProgress');
    expect((await act(offer, sub.submissionId, 'go-live')).statusCode).toBe(409);

    const queue = (await t.app.inject({ url: '/api/admin/certification', headers: operator.headers })).json().items;
    const item = queue.find((i: { submissionId: string }) => i.submissionId === sub.submissionId);
    expect(item).toMatchObject({ offer: { offerId: offer.offerId, name: 'Contoso Flow' }, publisher: { accountId: pub.accountId, displayName: `${pub.publisherId} Ltd.` }, validationReport: [] });
    const detail = await t.app.inject({ url: `/api/admin/certification/${sub.submissionId}`, headers: operator.headers });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().snapshot.document.offer.offerId).toBe(offer.offerId);
    expect(detail.json().snapshot.document.plans.map((p: { planId: string }) => p.planId)).toEqual(['standard']);

    const approved = await certify(sub.submissionId, 'approve', { report: 'Looks good.' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'Publishing', certification: { decision: 'Approved', report: 'Looks good.' } });
    expect(await drain()).toBe(1);
    const done = await submission(offer, sub.submissionId);
    expect(done).toMatchObject({ status: 'Completed', completedAt: expect.any(String) });
    expect(done.phases.every((p: { status: string }) => p.status === 'Completed')).toBe(true);
    expect(await status(offer)).toBe('Live');
    expect((await offer.get()).json().planList[0].state).toBe('live');

    const events = (await history(offer)).events.map((e) => [e.event, e.initiatedBy.kind, e.outcome]).reverse();
    expect(events).toEqual([
      ['Created offer', 'user', null],
      ['Created plan: Standard', 'user', null],
      ['Submitted offer to preview', 'user', null],
      ['Offer purchase flow setup', 'system', 'Completed'],
      ['Lead management validation and registration', 'system', 'Completed'],
      ['Offer validation', 'system', 'Completed'],
      ['Preview creation', 'system', 'Completed'],
      ['Sign-off to go live', 'user', null],
      ['Certification', 'microsoft', 'Completed'],
      ['Final publish', 'system', 'Completed'],
    ]);
  });

  it('refuses an incomplete offer with every reason, and writes nothing', async () => {
    const offer = await OfferClient.create(t, pub);
    const res = await publish(offer);
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('OfferIncomplete');
    const targets = error.details.map((d: { target: string }) => d.target);
    expect(targets).toEqual(expect.arrayContaining(['setup.sellThroughMicrosoft', 'properties.categories', 'listing.description']));
    // An offer complete but for one plan field: the plan's reason.
    const almost = await completeOffer();
    await almost.createPlan('extra', 'Extra');
    const plan = await publish(almost);
    expect(plan.statusCode).toBe(409);
    expect(plan.json().error.details.map((d: { target: string }) => d.target)).toEqual(['plans.extra']);
    expect(await status(offer)).toBe('Draft');
    expect((await t.app.inject({ url: `${offer.base}/submissions`, headers: pub.owner.headers })).json().submissions).toEqual([]);
    // Only the catalog's own events: the refused submission left no trace.
    expect((await history(offer)).events.map((e) => e.event).sort()).toEqual(['Created offer', ...(await offer.get()).json().planList.map((p: { name: string }) => `Created plan: ${p.name}`)].sort());
    // Notes for certification are at most 4,000 characters.
    expect((await publish(almost, pub.owner.headers, { notesForCertification: 'x'.repeat(4001) })).statusCode).toBe(400);
  });

  it('allows one submission in progress per offer, also when two arrive at once', async () => {
    const offer = await completeOffer();
    const both = await Promise.all([publish(offer), publish(offer)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([202, 409]);
    expect(both.find((r) => r.statusCode === 409)!.json().error.code).toBe('SubmissionInProgress');
    await drain();
  });

  it('Developers publish; Marketers read but cannot publish; apps and strangers are refused', async () => {
    const offer = await completeOffer();
    const marketer = await member(['Marketer']);
    expect((await publish(offer, marketer.headers)).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${offer.base}/history`, headers: marketer.headers })).statusCode).toBe(200);
    const developer = await member(['Developer']);
    const res = await publish(offer, developer.headers);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().createdBy).toEqual({ id: developer.userId, displayName: 'A Developer' });
    expect((await publish(offer, { cookie: developer.cookie })).statusCode).toBe(403); // no CSRF token
    const stranger = await createPublisher(t);
    expect((await publish(offer, stranger.owner.headers)).statusCode).toBe(403);
    await drain();
  });

  it('keeps the certification queue to operators', async () => {
    const offer = await completeOffer();
    const id = await toPreview(offer);
    await act(offer, id, 'go-live');
    expect((await t.app.inject({ url: '/api/admin/certification', headers: pub.owner.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/admin/certification/${id}`, headers: pub.owner.headers })).statusCode).toBe(403);
    expect((await certify(id, 'approve', {}, pub.owner.headers)).statusCode).toBe(403);
    expect((await certify(id, 'reject', { report: 'x' }, pub.owner.headers)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/certification' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/admin/certification/not-a-guid', headers: operator.headers })).statusCode).toBe(404);
    expect((await certify(id, 'approve')).statusCode).toBe(200);
    // Once decided it is no longer in the queue.
    expect((await certify(id, 'approve')).statusCode).toBe(409);
    const queue = (await t.app.inject({ url: '/api/admin/certification', headers: operator.headers })).json().items;
    expect(queue.some((i: { submissionId: string }) => i.submissionId === id)).toBe(false);
    await drain();
  });

  it('a failed certification needs attention, shows the report, and the publisher fixes the offer and publishes again', async () => {
    const offer = await completeOffer();
    const first = await toPreview(offer);
    await act(offer, first, 'go-live');
    expect((await certify(first, 'reject', {})).statusCode).toBe(400);
    expect((await certify(first, 'reject', { report: '   ' })).statusCode).toBe(400);
    const report = 'Failed policy 1000.2: the description does not explain the value proposition. Notes: expand the description.';
    const rejected = await certify(first, 'reject', { report });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await status(offer)).toBe('AttentionNeeded');
    const failed = await submission(offer, first);
    expect(failed).toMatchObject({ status: 'Failed', certification: { decision: 'Rejected', report } });
    expect(failed.steps.find((s: { name: string }) => s.name === 'Certification').status).toBe('Failed');
    expect(failed.steps.find((s: { name: string }) => s.name === 'Final publish').status).toBe('NotStarted');
    expect((await history(offer, '?eventType=Certification')).events[0]).toMatchObject({ outcome: 'Failed', initiatedBy: { kind: 'microsoft', displayName: 'Marketplace operator' } });

    // Fix and resubmit, as often as needed (L16975).
    for (let round = 0; round < 2; round++) {
      expect((await offer.saveTab('listing', { ...(await offer.listing()), description: `<p>Contoso Flow automates approvals, round ${round}.</p>` })).statusCode).toBe(200);
      const again = await toPreview(offer);
      expect((await submission(offer, again)).previousOfferStatus).toBe(round === 0 ? 'AttentionNeeded' : 'AttentionNeeded');
      await act(offer, again, 'go-live');
      if (round === 0) expect((await certify(again, 'reject', { report: 'Still thin.' })).statusCode).toBe(200);
      else {
        expect((await certify(again, 'approve')).statusCode).toBe(200);
        await drain();
      }
    }
    expect(await status(offer)).toBe('Live');
  });
});

describe('cancel publish', () => {
  it('is allowed while automated validation runs: the offer returns to its previous status', async () => {
    const offer = await completeOffer();
    const res = await publish(offer);
    const id = res.json().submissionId;
    const canceling = await act(offer, id, 'cancel');
    expect(canceling.statusCode, canceling.body).toBe(202);
    expect(canceling.json().status).toBe('Canceling');
    expect((await publish(offer)).statusCode).toBe(409); // still being canceled
    await drain();
    const canceled = await submission(offer, id);
    expect(canceled.status).toBe('Canceled');
    expect(canceled.steps.map((s: { status: string }) => s.status).slice(0, 2)).toEqual(['Canceled', 'NotStarted']);
    expect(await status(offer)).toBe('Draft');
    expect((await offer.get()).json().published).toBe(false);
    const events = (await history(offer)).events.map((e) => [e.event, e.initiatedBy.kind]);
    expect(events.slice(0, 2)).toEqual([
      ['Canceled submission to preview', 'user'],
      ['Initiated submit to preview cancellation', 'user'],
    ]);
    // Publishing starts over.
    expect((await publish(offer)).statusCode).toBe(202);
    await drain();
  });

  it('stops a step that is running when the cancellation comes', async () => {
    const offer = await completeOffer({ landing: `${base}/slow-landing` });
    const id = (await publish(offer)).json().submissionId;
    expect(await t.runner.runOnce()).toBe(1); // purchase flow setup
    expect(await t.runner.runOnce()).toBe(1); // lead management
    slowGate = new Promise((resolve) => (releaseSlow = resolve));
    const running = t.runner.runOnce(); // offer validation waits for the landing page
    await expect.poll(() => received.some((r) => r.path === '/slow-landing')).toBe(true);
    expect((await act(offer, id, 'cancel')).statusCode).toBe(202);
    releaseSlow();
    await running;
    await drain();
    const sub = await submission(offer, id);
    expect(sub.status).toBe('Canceled');
    expect(sub.steps.find((s: { name: string }) => s.name === 'Offer validation').status).toBe('Canceled');
    expect(sub.steps.find((s: { name: string }) => s.name === 'Preview creation').status).toBe('NotStarted');
    expect(await status(offer)).toBe('Draft');
  });

  it('is refused once the preview waits for sign-off, and after Go live', async () => {
    const offer = await completeOffer();
    const id = await toPreview(offer);
    const refused = await act(offer, id, 'cancel');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CancelNotAllowed');
    await act(offer, id, 'go-live');
    expect((await act(offer, id, 'cancel')).json().error.code).toBe('CancelNotAllowed');
    expect((await act(offer, '00000000-0000-4000-8000-000000000000', 'cancel')).statusCode).toBe(404);
  });
});

describe('validation findings', () => {
  it('an unreachable landing page and a failing webhook are warnings; the preview is still created', async () => {
    const offer = await completeOffer({ landing: `http://127.0.0.1:${closedPort}/landing`, webhook: `${base}/broken-webhook`, leads: `${base}/missing-leads` });
    const id = await toPreview(offer);
    const sub = await submission(offer, id);
    expect(await status(offer)).toBe('Preview');
    const report = sub.validationReport as { severity: string; target: string; message: string; step: string }[];
    expect(report.map((f) => [f.severity, f.target, f.step])).toEqual([
      ['warning', 'setup.leadDestination', 'Lead management validation and registration'],
      ['warning', 'technicalConfiguration.landingPageUrl', 'Offer validation'],
      ['warning', 'technicalConfiguration.connectionWebhookUrl', 'Offer validation'],
    ]);
    expect(report[1]!.message).toMatch(/ECONNREFUSED/);
    expect(report[2]!.message).toMatch(/HTTP 500/);
    expect(sub.steps.find((s: { name: string }) => s.name === 'Offer validation')).toMatchObject({ status: 'Completed', detail: { findings: 2, landingPage: { status: null } } });
    // The operator sees the report in the queue.
    await act(offer, id, 'go-live');
    const item = (await t.app.inject({ url: `/api/admin/certification/${id}`, headers: operator.headers })).json();
    expect(item.validationReport).toHaveLength(3);
  });

  it('a webhook that refuses unauthenticated calls (401) still answers', async () => {
    const offer = await completeOffer({ webhook: `${base}/auth-webhook` });
    const id = await toPreview(offer);
    expect((await submission(offer, id)).validationReport).toEqual([]);
  });
});

describe('updating a live offer', () => {
  it('keeps Live unchanged until the new version is signed off, certified and published', async () => {
    const offer = await completeOffer();
    await toLive(offer);
    const listing = { ...(await tab(offer, 'listing')), name: 'Contoso Flow 2' };
    expect((await offer.saveTab('listing', listing)).statusCode).toBe(200);
    // Saving a draft is not a history event.
    const before = (await history(offer)).total;
    expect((await history(offer)).total).toBe(before);

    const cmp = await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers });
    expect(cmp.statusCode, cmp.body).toBe(200);
    const listingTab = cmp.json().tabs.find((tab: { id: string }) => tab.id === 'listing');
    expect(listingTab.changes).toContainEqual({ path: 'name', change: 'edited', before: 'Contoso Flow', after: 'Contoso Flow 2' });
    // A canceled update returns the offer to Live.
    const canceled = (await publish(offer)).json().submissionId;
    expect(await status(offer)).toBe('PublishInProgress');
    await act(offer, canceled, 'cancel');
    await drain();
    expect(await status(offer)).toBe('Live');

    const id = await toPreview(offer);
    expect(await status(offer)).toBe('Preview');
    const submitted = (await history(offer, `?eventType=${encodeURIComponent('Submitted offer to preview')}`)).events[0]!;
    expect(submitted.pagesChanged.map((p) => p.title)).toEqual(['Offer setup', 'Offer listing', 'Plan overview']);
    // The live version is still the old one; the preview has the change.
    const live = (await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers })).json();
    expect(live.tabs.find((tab: { id: string }) => tab.id === 'listing').changes.map((c: { path: string }) => c.path)).toEqual(['name']);
    const preview = (await t.app.inject({ url: `${offer.base}/compare?against=preview`, headers: pub.owner.headers })).json();
    expect(preview.tabs.every((tab: { changes: unknown[] }) => tab.changes.length === 0)).toBe(true);
    // Publishing again while the preview waits replaces it.
    const newer = await toPreview(offer);
    expect((await submission(offer, id)).status).toBe('Superseded');
    expect((await act(offer, id, 'go-live')).statusCode).toBe(409);
    await act(offer, newer, 'go-live');
    await certify(newer, 'approve');
    await drain();
    expect(await status(offer)).toBe('Live');
    const after = (await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers })).json();
    expect(after.tabs.every((tab: { changes: unknown[] }) => tab.changes.length === 0)).toBe(true);
    expect((await t.app.inject({ url: `${offer.base}/compare?against=preview`, headers: pub.owner.headers })).statusCode).toBe(404);
  });
});

describe('compare', () => {
  it('needs a published version; shows added, removed and edited fields and plans', async () => {
    const offer = await completeOffer();
    expect((await t.app.inject({ url: `${offer.base}/compare`, headers: pub.owner.headers })).statusCode).toBe(404);
    await toPreview(offer);
    expect((await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers })).statusCode).toBe(404);
    const tabs = { listing: await offer.listing() };
    await offer.saveTab('listing', { ...tabs.listing, searchKeywords: ['workflow', 'approvals'], gettingStartedInstructions: 'Just sign in.', usefulLinks: [{ title: 'Docs', url: 'https://contoso.example/docs' }] });
    await offer.createPlan('premium', 'Premium');
    const res = await t.app.inject({ url: `${offer.base}/compare`, headers: pub.owner.headers });
    expect(res.statusCode, res.body).toBe(200);
    const cmp = res.json();
    expect(cmp.against).toBe('preview');
    const changes = cmp.tabs.find((tab: { id: string }) => tab.id === 'listing').changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'gettingStartedInstructions', change: 'edited', before: tabs.listing.gettingStartedInstructions, after: 'Just sign in.' },
        { path: 'searchKeywords', change: 'edited', before: ['workflow'], after: ['workflow', 'approvals'] },
        { path: 'usefulLinks.0.title', change: 'added', before: null, after: 'Docs' },
      ]),
    );
    expect(cmp.plans).toEqual([expect.objectContaining({ planId: 'premium', change: 'added' })]);
    const added = (await t.app.inject({ url: `${offer.base}/compare?filter=added`, headers: pub.owner.headers })).json();
    expect(added.tabs.flatMap((tab: { changes: { change: string }[] }) => tab.changes).every((c: { change: string }) => c.change === 'added')).toBe(true);
    const all = (await t.app.inject({ url: `${offer.base}/compare?filter=all`, headers: pub.owner.headers })).json();
    expect(all.tabs.find((tab: { id: string }) => tab.id === 'listing').changes).toContainEqual({ path: 'name', change: 'unchanged', before: 'Contoso Flow', after: 'Contoso Flow' });
    expect((await t.app.inject({ url: `${offer.base}/compare?against=draft`, headers: pub.owner.headers })).statusCode).toBe(400);

    // A plan's whole draft is compared: an edited description and an added market show up on that plan.
    expect((await offer.savePlan('standard', 'listing', { name: 'Standard', description: 'Now with more.' })).statusCode).toBe(200);
    expect((await offer.savePlan('standard', 'pricingAndAvailability', { ...flatRatePricing(), markets: ['US', 'DE', 'JP', 'FR'] })).statusCode).toBe(200);
    const plansNow = (await t.app.inject({ url: `${offer.base}/compare`, headers: pub.owner.headers })).json().plans;
    const standard = plansNow.find((p: { planId: string }) => p.planId === 'standard');
    expect(standard.change).toBe('edited');
    expect(standard.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'description', change: 'edited', after: 'Now with more.' }),
        expect.objectContaining({ path: 'markets', change: 'edited', after: ['US', 'DE', 'JP', 'FR'] }),
      ]),
    );
  });
});

describe('stop distribution', () => {
  it('takes a live offer to Pending Stop distribution, then Not available; it can be listed again', async () => {
    const offer = await completeOffer();
    const draft = await t.app.inject({ method: 'POST', url: `${offer.base}/stop-distribution`, headers: pub.owner.headers });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error.code).toBe('NotLive');
    await toLive(offer);
    const marketer = await member(['Marketer']);
    expect((await t.app.inject({ method: 'POST', url: `${offer.base}/stop-distribution`, headers: marketer.headers })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: `${offer.base}/stop-distribution`, headers: pub.owner.headers });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ offerId: offer.offerId, status: 'PendingStopDistribution' });
    expect(await status(offer)).toBe('PendingStopDistribution');
    expect((await publish(offer)).statusCode).toBe(409);
    await drain();
    expect(await status(offer)).toBe('NotAvailable');
    expect((await history(offer)).events[0]).toMatchObject({ event: 'Stop distribution offer', initiatedBy: { kind: 'user', id: pub.ownerId } });
    expect((await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers })).statusCode).toBe(404);
    // Re-list: update and publish again (L17328).
    await toLive(offer);
  });

  it('a Publish and a Stop distribution at the same time: one of them wins', async () => {
    const offer = await completeOffer();
    await toLive(offer);
    const [published, stopped] = await Promise.all([publish(offer), t.app.inject({ method: 'POST', url: `${offer.base}/stop-distribution`, headers: pub.owner.headers })]);
    expect([published.statusCode, stopped.statusCode].sort()).toEqual([202, 409]);
    await drain();
    expect(await status(offer)).toBe(published.statusCode === 202 ? 'Preview' : 'NotAvailable');
  });

  it('stops and resumes a plan; the stop takes effect at the next publish', async () => {
    const offer = await completeOffer({}, ['standard', 'basic']);
    const url = (planId: string, action: string) => `${offer.base}/plans/${planId}/${action}-distribution`;
    expect((await t.app.inject({ method: 'POST', url: url('basic', 'stop'), headers: pub.owner.headers })).statusCode).toBe(409); // not live yet
    await toLive(offer);
    const stop = await t.app.inject({ method: 'POST', url: url('basic', 'stop'), headers: pub.owner.headers });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toEqual({ planId: 'basic', state: 'stop_pending' });
    expect((await t.app.inject({ method: 'POST', url: url('standard', 'stop'), headers: pub.owner.headers })).statusCode).toBe(409); // the last live plan
    const resume = await t.app.inject({ method: 'POST', url: url('basic', 'resume'), headers: pub.owner.headers });
    expect(resume.json()).toEqual({ planId: 'basic', state: 'live' });
    expect((await t.app.inject({ method: 'POST', url: url('nope', 'stop'), headers: pub.owner.headers })).statusCode).toBe(404);
    const events = (await history(offer)).events.slice(0, 2).map((e) => e.event);
    expect(events).toEqual(['Resume distribution: Basic', 'Initiated plan Stop distribution: Basic']);
    expect((await t.app.inject({ method: 'POST', url: url('basic', 'stop'), headers: pub.owner.headers })).statusCode).toBe(200);
    await toLive(offer);
    const plans = (await offer.get()).json().planList.map((p: { planId: string; state: string }) => [p.planId, p.state]);
    expect(plans).toEqual([
      ['standard', 'live'],
      ['basic', 'stopped'],
    ]);
  });
});

describe('the published version', () => {
  it('freezes the market prices and fills in the logos made from the large logo', async () => {
    const offer = await completeOffer();
    await toLive(offer);
    const published = (await t.services.catalog.publishedOffers(t.database.db)).find((o) => o.offerId === offer.offerId)!;
    expect(published.status).toBe('Live');
    expect(published.preview).toBeNull();
    const media = (published.live!.document.offer.draft.listing as { media: Record<string, string> }).media;
    expect(media.logoMedium).toMatch(/^[0-9a-f-]{36}$/);
    expect(media.logoSmall).toMatch(/^[0-9a-f-]{36}$/);
    const prices = published.live!.document.plans[0]!.prices!;
    expect(prices.find((p) => p.market === 'US' && p.term === 'P1M' && p.dimensionId === null)).toMatchObject({ currency: 'USD' });
    expect(prices.some((p) => p.market !== 'US' && p.currency !== 'USD')).toBe(true);
    expect(published.planStates).toEqual({ standard: 'live' });
  });
});

describe('sync private audience', () => {
  const tenant = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const sync = (offer: OfferClient, planId: string, headers = pub.owner.headers) => t.app.inject({ method: 'POST', url: `${offer.base}/plans/${planId}/sync-audience`, headers });
  const visibleTo = async (offer: OfferClient, tenantId: string) =>
    (await t.services.catalog.privatePlansForTenant(t.database.db, tenantId)).filter((p) => p.offerId === offer.offerId).map((p) => p.planId);
  const planRow = async (offer: OfferClient, planId: string) => (await offer.get()).json().planList.find((p: { planId: string }) => p.planId === planId) as { audienceSyncPending: boolean };

  it('publishes only the audience of a live private plan, records it, and needs no certification', async () => {
    const offer = await completeOffer({}, ['standard', 'vip']);
    expect((await offer.savePlan('vip', 'pricingAndAvailability', { ...flatRatePricing(), visibility: 'private' })).statusCode).toBe(200);
    expect((await offer.audience('vip', 'POST', [{ tenantId: tenant(1), description: 'Fabrikam' }])).statusCode).toBe(200);
    expect((await sync(offer, 'vip')).statusCode).toBe(409); // not live yet
    expect(await visibleTo(offer, tenant(1))).toEqual([]); // a draft audience is not on the storefront
    await toLive(offer);
    expect(await visibleTo(offer, tenant(1))).toEqual(['vip']); // Go live published it
    expect((await planRow(offer, 'vip')).audienceSyncPending).toBe(false);

    // Edit the audience and something else: only the audience goes live.
    expect((await offer.audience('vip', 'PUT', [{ tenantId: tenant(2), description: 'Contoso' }, { tenantId: tenant(3) }])).statusCode).toBe(200);
    expect((await offer.savePlan('vip', 'listing', { name: 'Vip', description: 'Changed, not synced.' })).statusCode).toBe(200);
    expect(await visibleTo(offer, tenant(2))).toEqual([]);
    expect((await planRow(offer, 'vip')).audienceSyncPending).toBe(true);
    const statusBefore = await status(offer);
    const res = await sync(offer, 'vip');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ planId: 'vip', added: 2, removed: 1, audienceSize: 2 });
    expect(await visibleTo(offer, tenant(1))).toEqual([]);
    expect(await visibleTo(offer, tenant(2))).toEqual(['vip']);
    expect(await visibleTo(offer, tenant(3))).toEqual(['vip']);
    expect((await planRow(offer, 'vip')).audienceSyncPending).toBe(false);
    expect(await status(offer)).toBe(statusBefore);
    const live = await t.app.inject({ url: `${offer.base}/compare?against=live`, headers: pub.owner.headers });
    expect(live.body).toContain('Changed, not synced.'); // the listing edit is still only in the draft
    expect((await history(offer)).events[0]).toMatchObject({ event: 'Sync private audience: Vip', eventType: 'Sync private audience' });
    const detail = (await t.app.inject({ url: `${offer.base}/plans/vip`, headers: pub.owner.headers })).json();
    expect(detail).toMatchObject({ audienceSize: 2, liveAudienceSize: 2, audienceSyncPending: false });
  });

  it('refuses public plans, unknown plans, and roles that cannot publish', async () => {
    const offer = await completeOffer({}, ['standard']);
    await toLive(offer);
    expect((await sync(offer, 'standard')).json().error.message).toMatch(/public/);
    expect((await sync(offer, 'nope')).statusCode).toBe(404);
    const marketer = await member(['Marketer']);
    expect((await sync(offer, 'standard', marketer.headers)).statusCode).toBe(403);
  });
});

describe('history', () => {
  it('filters by event, user, date and page, and pages through the events', async () => {
    const offer = await completeOffer();
    const developer = await member(['Developer']);
    const first = await publish(offer);
    const firstId = first.json().submissionId;
    await act(offer, firstId, 'cancel');
    await drain();
    await toPreview(offer);
    t.clock.advance(2 * 86_400_000);
    const day2 = t.clock.now().toISOString().slice(0, 10);
    expect((await offer.saveTab('properties', { ...completeSaasTabs(app).properties, appVersion: '2.0' })).statusCode).toBe(200);
    const second = await publish(offer, developer.headers);
    expect(second.statusCode).toBe(202);
    await drain();

    const all = await history(offer);
    expect(all.total).toBe(all.events.length);
    const submitted = await history(offer, `?eventType=${encodeURIComponent('Submitted offer to preview')}`);
    expect(submitted.events.map((e) => e.initiatedBy.id)).toEqual([developer.userId, pub.ownerId, pub.ownerId]);
    const several = await history(offer, `?eventType=${encodeURIComponent('Submitted offer to preview')}&eventType=${encodeURIComponent('Canceled submission to preview')}`);
    expect(several.total).toBe(4);
    const byDeveloper = await history(offer, `?initiatedBy=${developer.userId}`);
    expect(byDeveloper.events.map((e) => e.event)).toEqual(['Submitted offer to preview']);
    const system = await history(offer, '?initiatedBy=system');
    expect(system.events.every((e) => e.initiatedBy.kind === 'system')).toBe(true);
    expect(system.events.map((e) => e.event)).toContain('Preview creation');
    const onDay2 = await history(offer, `?from=${day2}&to=${day2}`);
    expect(onDay2.events.map((e) => e.event).reverse()).toEqual([
      'Submitted offer to preview',
      'Offer purchase flow setup',
      'Lead management validation and registration',
      'Offer validation',
      'Preview creation',
    ]);
    const before = await history(offer, `?to=${encodeURIComponent(new Date(t.clock.now().getTime() - 86_400_000).toISOString())}`);
    expect(before.total).toBe(all.total - 5);
    expect(before.events.filter((e) => e.eventType === 'Submitted offer to preview')).toHaveLength(2);
    // Pages: submissions without an earlier preview changed every page; the third one Offer setup (always),
    // Properties and Plan overview only.
    const properties = await history(offer, '?page=properties');
    expect(properties.total).toBe(3);
    const listing = await history(offer, `?page=${encodeURIComponent('Offer listing')}`);
    expect(listing.total).toBe(2);
    expect(submitted.events[0]!.pagesChanged.map((p) => p.id)).toEqual(['setup', 'properties', 'planOverview']);
    const page = await history(offer, '?top=2&skip=1');
    expect(page.events.map((e) => e.event)).toEqual(all.events.slice(1, 3).map((e) => e.event));
    expect((await t.app.inject({ url: `${offer.base}/history?from=yesterday`, headers: pub.owner.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/accounts/${pub.accountId}/offers/nope/history`, headers: pub.owner.headers })).statusCode).toBe(404);
  });
});

describe('submissions', () => {
  it('lists an offer\'s submissions newest first and answers 404 for others', async () => {
    const offer = await completeOffer();
    const a = (await publish(offer)).json().submissionId;
    await act(offer, a, 'cancel');
    await drain();
    const b = (await publish(offer)).json().submissionId;
    await drain();
    const list = (await t.app.inject({ url: `${offer.base}/submissions`, headers: pub.owner.headers })).json().submissions;
    expect(list.map((s: { submissionId: string; status: string }) => [s.submissionId, s.status])).toEqual([
      [b, 'WaitingForSignOff'],
      [a, 'Canceled'],
    ]);
    const other = await completeOffer();
    expect((await t.app.inject({ url: `${other.base}/submissions/${a}`, headers: pub.owner.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${offer.base}/submissions/not-a-guid`, headers: pub.owner.headers })).statusCode).toBe(404);
    const res: LightMyRequestResponse = await t.app.inject({ method: 'POST', url: `${offer.base}/submissions/${a}/go-live`, headers: pub.owner.headers });
    expect(res.json().error.code).toBe('NotWaitingForSignOff');
  });
});
