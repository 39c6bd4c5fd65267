import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, signIn, testApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { enqueue, PermanentFailure } from '../outbox/index.js';

let t: TestApp;
let operator: Session;
let nobody: Session;
const delivered: string[] = [];

beforeAll(async () => {
  t = await testApp({ virtualClock: true });
  t.runner.register<{ ok: boolean }>({
    topic: 'test.probe',
    retry: { maxAttempts: 2, baseDelayMs: 1000 },
    handle: async (message) => {
      if (!message.payload.ok) throw new PermanentFailure('refused by the probe', { status: 500 });
      delivered.push(message.id);
      return { detail: { status: 200 } };
    },
  });
  const org = await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: 'ops@agora.example', displayName: 'Ops', password: STRONG_PASSWORD });
  if (!org.ok) throw new Error(org.error.message);
  await t.services.identity.grantOperator(t.database.db, org.value.user.objectId);
  const plain = await t.services.identity.createUser(t.database.db, { tenantId: org.value.tenant.tenantId, email: 'plain@agora.example', displayName: 'Plain', password: STRONG_PASSWORD });
  if (!plain.ok) throw new Error(plain.error.message);
  operator = await signIn(t.app, 'ops@agora.example');
  nobody = await signIn(t.app, 'plain@agora.example');
});
afterAll(async () => t?.close());

describe('health and docs', () => {
  it('serves /healthz, /readyz, /openapi.json and /docs', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: t.database.engine });
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(spec.openapi).toBe('3.0.3');
    expect(spec.paths['/{tenant}/oauth2/token'].post.operationId).toBe('tokenV1');
    expect(spec.paths['/api/accounts/{accountId}/invitations'].post.operationId).toBe('inviteUsers');
    const docs = await t.app.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('every documented operation has an operationId and response schemas', async () => {
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    const ops = Object.entries(spec.paths as Record<string, Record<string, { operationId?: string; responses?: object }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((o) => !o.op.operationId).map((o) => o.id)).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('request and correlation ids', () => {
  it('echoes the ids when given and generates them when absent', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-ms-requestid': 'r-1', 'x-ms-correlationid': 'c-1' } });
    expect(given.headers).toMatchObject({ 'x-ms-requestid': 'r-1', 'x-ms-correlationid': 'c-1' });
    const generated = await t.app.inject({ url: '/healthz' });
    expect(generated.headers['x-ms-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers['x-ms-correlationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers['x-ms-requestid']).not.toBe(generated.headers['x-ms-correlationid']);
    const unsafe = await t.app.inject({ url: '/healthz', headers: { 'x-ms-requestid': 'x'.repeat(500) } });
    expect(unsafe.headers['x-ms-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and bad bodies with the error envelope', async () => {
    const missing = await t.app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NotFound');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BadRequest');
    const invalid = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@y.example' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'ValidationFailed', details: [expect.objectContaining({ target: 'body.password' })] });
  });
});

describe('sandbox clock', () => {
  it('operators move virtual time forward only; everyone can read it', async () => {
    const before = (await t.app.inject({ url: '/api/sandbox/clock' })).json();
    expect(before.virtual).toBe(true);
    const day = await t.app.inject({ method: 'POST', url: '/api/admin/clock/advance', headers: operator.headers, payload: { milliseconds: 86_400_000 } });
    expect(day.statusCode).toBe(200);
    expect(day.json().offsetMs).toBe(before.offsetMs + 86_400_000);
    expect(new Date(day.json().now).getTime()).toBeGreaterThanOrEqual(new Date(before.now).getTime() + 86_400_000);
    const back = await t.app.inject({ method: 'POST', url: '/api/admin/clock/advance', headers: operator.headers, payload: { to: before.now } });
    expect(back.statusCode).toBe(400);
    const neither = await t.app.inject({ method: 'POST', url: '/api/admin/clock/advance', headers: operator.headers, payload: {} });
    expect(neither.statusCode).toBe(400);
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/admin/clock/advance', headers: nobody.headers, payload: { milliseconds: 1000 } });
    expect(forbidden.statusCode).toBe(403);
    const { rows } = await sql<{ offset_ms: number }>`select offset_ms from platform_clock`.execute(t.database.db);
    expect(rows[0]!.offset_ms).toBe(before.offsetMs + 86_400_000);
  });
});

describe('outbox delivery log', () => {
  it('lists messages, shows each attempt, and replays a dead one', async () => {
    const now = t.virtualClock!.now();
    const okId = await t.database.db.transaction().execute((trx) => enqueue(trx, now, { topic: 'test.probe', payload: { ok: true } }));
    const badId = await t.database.db.transaction().execute((trx) => enqueue(trx, now, { topic: 'test.probe', payload: { ok: false } }));
    await t.runner.drain();
    expect(delivered).toEqual([okId]);

    const dead = await t.app.inject({ url: '/api/admin/outbox?status=dead', headers: operator.headers });
    expect(dead.json().messages.map((m: { id: string }) => m.id)).toEqual([badId]);
    const detail = (await t.app.inject({ url: `/api/admin/outbox/${badId}`, headers: operator.headers })).json();
    expect(detail.message).toMatchObject({ status: 'dead', attempts: 1, lastError: 'refused by the probe' });
    expect(detail.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'dead', error: 'refused by the probe', detail: { status: 500 } })]);

    const replayed = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${badId}/replay`, headers: operator.headers });
    expect(replayed.statusCode).toBe(202);
    const again = await t.app.inject({ method: 'POST', url: `/api/admin/outbox/${badId}/replay`, headers: operator.headers });
    expect(again.statusCode).toBe(409);
    await t.runner.drain();
    const after = (await t.app.inject({ url: `/api/admin/outbox/${badId}`, headers: operator.headers })).json();
    expect(after.message).toMatchObject({ status: 'dead', replays: 1 });
    expect(after.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);

    const page = await t.app.inject({ url: '/api/admin/outbox?limit=1', headers: operator.headers });
    expect(page.json().messages).toHaveLength(1);
    const next = await t.app.inject({ url: `/api/admin/outbox?limit=1&before=${page.json().nextCursor}`, headers: operator.headers });
    expect(next.json().messages[0].id).not.toBe(page.json().messages[0].id);
    expect((await t.app.inject({ url: '/api/admin/outbox', headers: nobody.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/outbox/not-a-guid', headers: operator.headers })).statusCode).toBe(404);
  });
});
