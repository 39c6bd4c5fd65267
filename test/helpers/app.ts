import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type Services } from '../../server/src/app.js';
import { ManualClock, VirtualClock, type Clock } from '../../server/src/platform/clock.js';
import { OutboxRunner } from '../../server/src/platform/outbox/index.js';
import { MemoryFileStorage } from '../../server/src/platform/storage/index.js';
import { loadConfig, type Config } from '../../server/src/platform/config.js';
import type { Database } from '../../server/src/platform/db/index.js';
import { unwrap } from '../../server/src/platform/errors.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { testDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: Database;
  config: Config;
  /** Business time: a ManualClock, or the persisted VirtualClock with `virtualClock: true`. */
  clock: ManualClock;
  virtualClock: VirtualClock | undefined;
  runner: OutboxRunner;
  /** Real time for security lifetimes, under the test's control. */
  securityClock: ManualClock;
  close(): Promise<void>;
}

export const PUBLIC_URL = 'http://agora.test';

export async function testApp(
  options: { publicUrl?: string; register?: (app: FastifyInstance) => Promise<void>; https?: { key: string; cert: string }; virtualClock?: boolean } = {},
): Promise<TestApp> {
  const database = await testDatabase();
  const config = { ...loadConfig({ AGORA_PUBLIC_URL: options.publicUrl ?? PUBLIC_URL, NODE_ENV: 'test' }), logLevel: 'silent' };
  const clock = new ManualClock(new Date());
  const securityClock = new ManualClock(new Date());
  const log = createLogger('silent');
  const virtualClock = options.virtualClock ? await VirtualClock.load(database.db) : undefined;
  const businessClock: Clock = virtualClock ?? clock;
  // The runner is not started: tests drive it with runOnce()/drain().
  const runner = new OutboxRunner({ database, clock: businessClock, log });
  const { app, services } = await buildApp({ config, database, clock: businessClock, securityClock, log, webDir: '/nonexistent', https: options.https, runner, storage: new MemoryFileStorage() });
  if (options.register) await options.register(app);
  await app.ready();
  return {
    app,
    services,
    database,
    config,
    clock,
    virtualClock,
    runner,
    securityClock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export const STRONG_PASSWORD = 'Correct-Horse-42';

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function signIn(app: FastifyInstance, email: string, password = STRONG_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'agora_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie: `agora_session=${cookie.value}`, csrf, headers: { cookie: `agora_session=${cookie.value}`, 'x-csrf-token': csrf } };
}

export interface Publisher {
  tenantId: string;
  ownerId: string;
  ownerEmail: string;
  accountId: string;
  publisherId: string;
  owner: Session;
}

let counter = 0;

/** A new organization with an owner and a publisher account, signed in as the owner. */
export async function createPublisher(t: TestApp, name = `org${++counter}${Math.floor(Math.random() * 1e6)}`): Promise<Publisher> {
  const ownerEmail = `owner@${name}.example`;
  const signUp = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up',
    payload: { organizationName: name, email: ownerEmail, displayName: 'Owner', password: STRONG_PASSWORD },
  });
  if (signUp.statusCode !== 201) throw new Error(`sign-up failed: ${signUp.body}`);
  const { tenant, user } = signUp.json<{ tenant: { tenantId: string }; user: { objectId: string } }>();
  const owner = await signIn(t.app, ownerEmail);
  const created = await t.app.inject({ method: 'POST', url: '/api/accounts', headers: owner.headers, payload: { publisherId: name, displayName: `${name} Ltd.` } });
  if (created.statusCode !== 201) throw new Error(`account failed: ${created.body}`);
  return { tenantId: tenant.tenantId, ownerId: user.objectId, ownerEmail, accountId: created.json<{ accountId: string }>().accountId, publisherId: name, owner };
}

/** Registers an app on the account (as its owner) and returns its credentials. */
export async function registerApp(t: TestApp, p: Publisher, roles = ['Manager']): Promise<{ appId: string; secret: string; secretId: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/accounts/${p.accountId}/apps`,
    headers: p.owner.headers,
    payload: { displayName: 'Fulfillment', roles },
  });
  if (res.statusCode !== 201) throw new Error(`register app failed: ${res.body}`);
  const body = res.json<{ app: { appId: string }; secret: { secret: string; secretId: string } }>();
  return { appId: body.app.appId, secret: body.secret.secret, secretId: body.secret.secretId };
}

export async function requestToken(
  app: FastifyInstance,
  tenant: string,
  form: Record<string, string>,
  version: 'v1' | 'v2' = 'v1',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: version === 'v1' ? `/${tenant}/oauth2/token` : `/${tenant}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
}

export { unwrap };
