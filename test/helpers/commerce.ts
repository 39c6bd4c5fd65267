import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { MARKETPLACE_API_RESOURCE } from '../../server/src/modules/identity/index.js';
import { STRONG_PASSWORD, createPublisher, registerApp, requestToken, signIn, unwrap, type Publisher, type Session, type TestApp } from './app.js';
import { OfferClient, completeSaasTabs } from './catalog.js';

/**
 * Helpers of the commerce tests: a publisher with a live SaaS offer made of the plans a test needs, a listening
 * webhook receiver, customers, and a marketplace API client with a real token from the token endpoint.
 */

export interface PlanSpec {
  planId: string;
  name?: string;
  pricing: Record<string, unknown>;
  audience?: string[];
}

export const flat = (priceUsd = '100.00', extra: Record<string, unknown> = {}) => ({
  markets: ['US', 'DE', 'JP'],
  pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd }, { term: 'P1Y', priceUsd: (Number(priceUsd) * 10).toFixed(2) }], dimensions: [] },
  freeTrial: false,
  visibility: 'public',
  ...extra,
});

export const perUser = (priceUsd: string, min: number, max: number, extra: Record<string, unknown> = {}) => ({
  markets: ['US', 'DE'],
  pricing: { model: 'perUser', billingTerms: [{ term: 'P1M', priceUsd }], userLimits: { min, max }, dimensions: [] },
  freeTrial: false,
  visibility: 'public',
  ...extra,
});

/** A webhook receiver on a real port: records each call; `answer` decides the status. */
export class WebhookReceiver {
  readonly calls: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  answer: (body: Record<string, unknown>) => number = () => 200;
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        const body = (data ? JSON.parse(data) : {}) as Record<string, unknown>;
        this.calls.push({ headers: req.headers, body });
        res.writeHead(this.answer(body), { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** The bodies received for an action, in order. */
  of(action: string, subscriptionId?: string) {
    return this.calls.map((c) => c.body).filter((b) => b.action === action && (!subscriptionId || b.subscriptionId === subscriptionId));
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

export interface Seller {
  pub: Publisher;
  app: { tenantId: string; appId: string; secret: string };
  offer: OfferClient;
  offerId: string;
  /** A marketplace API client with the app's token. */
  api: MarketplaceClient;
}

/** A publisher with a live transactable SaaS offer of the given plans (made live the way the demo seed does). */
export async function liveSaasOffer(t: TestApp, plans: PlanSpec[], urls: { landing: string; webhook: string }, existing?: { pub: Publisher; app: Seller['app'] }): Promise<Seller> {
  const pub = existing?.pub ?? (await createPublisher(t));
  const creds = existing?.app ?? { ...(await registerApp(t, pub)), tenantId: pub.tenantId };
  const app = { tenantId: creds.tenantId, appId: creds.appId, secret: creds.secret };
  const offer = await OfferClient.create(t, pub);
  const media = await offer.uploadMedia();
  for (const [tab, value] of Object.entries(completeSaasTabs(app, urls, media))) {
    const res = await offer.saveTab(tab, value);
    if (res.statusCode !== 200) throw new Error(`save ${tab}: ${res.statusCode} ${res.body}`);
  }
  for (const p of plans) {
    const name = p.name ?? p.planId[0]!.toUpperCase() + p.planId.slice(1);
    const steps = [await offer.createPlan(p.planId, name), await offer.savePlan(p.planId, 'listing', { name, description: `The ${name} plan.` }), await offer.savePlan(p.planId, 'pricingAndAvailability', p.pricing)];
    if (p.audience) steps.push(await offer.audience(p.planId, 'POST', p.audience.map((tenantId) => ({ tenantId }))));
    for (const r of steps) if (r.statusCode >= 300) throw new Error(`plan ${p.planId}: ${r.statusCode} ${r.body}`);
  }
  await publishNow(t, pub.accountId, offer.offerId);
  return { pub, app, offer, offerId: offer.offerId, api: new MarketplaceClient(t, app) };
}

/** Makes the current draft of an offer live at once (what certification and the final publish would do). */
export async function publishNow(t: TestApp, accountId: string, offerId: string): Promise<void> {
  const { catalog, publishing } = t.services;
  await t.database.db.transaction().execute(async (trx) => {
    const found = unwrap(await catalog.offerForPublishing(trx, accountId, offerId));
    if (!found.detail.readyToPublish) throw new Error(`offer ${offerId} is incomplete: ${JSON.stringify([...found.detail.tabs.flatMap((x) => x.missing), ...found.detail.planList.flatMap((p) => p.missing)])}`);
    const snapshot = unwrap(await catalog.freezeDraft(trx, found.offerUid));
    await catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
    await catalog.promoteToLive(trx, found.offerUid, snapshot.snapshotId);
    await publishing.recordSeededLive(trx, { offerUid: found.offerUid, accountId, snapshotId: snapshot.snapshotId, note: 'test' });
  });
}

let customers = 0;
export interface Customer {
  tenantId: string;
  userId: string;
  email: string;
  session: Session;
}

/** A customer organization with a signed-in user. */
export async function createCustomer(t: TestApp): Promise<Customer> {
  const email = `buyer${++customers}-${Math.random().toString(36).slice(2, 7)}@customer.example`;
  const org = unwrap(await t.services.identity.signUpOrganization(t.database.db, { organizationName: `Customer ${customers}`, email, displayName: 'Buyer', password: STRONG_PASSWORD }));
  return { tenantId: org.tenant.tenantId, userId: org.user.objectId, email, session: await signIn(t.app, email) };
}

/** Calls the marketplace APIs the way an ISV's backend does. */
export class MarketplaceClient {
  #token: string | undefined;
  constructor(
    readonly t: TestApp,
    readonly app: { tenantId: string; appId: string; secret: string },
  ) {}

  /** Forgets the cached token (after a test moves security time past its expiry). */
  resetToken(): void {
    this.#token = undefined;
  }

  async token(): Promise<string> {
    if (this.#token) return this.#token;
    const res = await requestToken(this.t.app, this.app.tenantId, { grant_type: 'client_credentials', client_id: this.app.appId, client_secret: this.app.secret, resource: MARKETPLACE_API_RESOURCE });
    if (res.statusCode !== 200) throw new Error(`token: ${res.body}`);
    this.#token = res.json<{ access_token: string }>().access_token;
    return this.#token;
  }

  async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: { body?: unknown; headers?: Record<string, string>; apiVersion?: string | null } = {}): Promise<LightMyRequestResponse> {
    const version = options.apiVersion === undefined ? '2018-08-31' : options.apiVersion;
    const url = version === null ? path : `${path}${path.includes('?') ? '&' : '?'}api-version=${version}`;
    return this.t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await this.token()}`, 'content-type': 'application/json', ...options.headers },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  }
}
