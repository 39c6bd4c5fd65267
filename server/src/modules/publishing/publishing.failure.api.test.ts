import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPublisher, registerApp, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient } from '../../../../test/helpers/catalog.js';
import { createLogger } from '../../platform/logger.js';
import { OutboxRunner } from '../../platform/outbox/index.js';
import { publishingHandlers } from './pipeline.jobs.js';

let t: TestApp;
let pub: Publisher;

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
});
afterAll(async () => t?.close());

it('a step that keeps failing fails the submission after its last attempt: the offer needs attention', async () => {
  const creds = await registerApp(t, pub);
  const offer = await OfferClient.create(t, pub);
  // The first step, Offer purchase flow setup, reads the frozen snapshot.
  await offer.complete({ tenantId: pub.tenantId, appId: creds.appId });
  const res = await t.app.inject({ method: 'POST', url: `${offer.base}/submissions`, headers: pub.owner.headers, payload: {} });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().submissionId;

  // A runner whose catalog cannot read snapshots (the database lost one, say).
  const broken = { ...t.services.catalog, getSnapshot: async () => { throw new Error('snapshot store unavailable'); } };
  const runner = new OutboxRunner({ database: t.database, clock: t.clock, log: createLogger('silent'), random: () => 0.5 });
  for (const h of publishingHandlers({ catalog: broken, clock: t.clock, log: createLogger('silent'), fetch, probeTimeoutMs: 1000 })) runner.register(h);

  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await runner.runOnce(), `attempt ${attempt}`).toBe(1);
    const sub = (await t.app.inject({ url: `${offer.base}/submissions/${id}`, headers: pub.owner.headers })).json();
    expect(sub.status).toBe(attempt < 5 ? 'InProgress' : 'Failed');
    t.clock.advance(120_000);
  }
  const sub = (await t.app.inject({ url: `${offer.base}/submissions/${id}`, headers: pub.owner.headers })).json();
  expect(sub.steps[0]).toMatchObject({ name: 'Offer purchase flow setup', status: 'Failed' });
  expect(sub.validationReport).toEqual([{ severity: 'error', target: 'Offer purchase flow setup', message: 'The step could not complete: snapshot store unavailable', step: 'Offer purchase flow setup' }]);
  expect((await offer.get()).json().status).toBe('AttentionNeeded');
  const events = (await t.app.inject({ url: `${offer.base}/history?initiatedBy=system`, headers: pub.owner.headers })).json().events;
  expect(events[0]).toMatchObject({ event: 'Offer purchase flow setup', outcome: 'Failed' });
  expect(await runner.runOnce()).toBe(0);
  // The publisher fixes what is wrong and publishes again.
  expect((await t.app.inject({ method: 'POST', url: `${offer.base}/submissions`, headers: pub.owner.headers, payload: {} })).statusCode).toBe(202);
});
