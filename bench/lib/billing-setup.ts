// Setup helpers of the billing bench: more plans on a bench seller's live offer, customers without passwords (no
// scrypt: thousands are created), and the profiles that make a publisher account payable.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server/src/app.js';
import type { Db } from '../../server/src/platform/db/index.js';
import { unwrap } from '../../server/src/platform/errors.js';
import { BENCH_PASSWORD, type BenchSeller } from './seller.js';

export interface BenchPlan {
  planId: string;
  name: string;
  markets: string[];
  pricing: Record<string, unknown>;
}

/** Adds plans to the draft of a bench seller's live offer and makes the draft live again (a second version). */
export async function addLivePlans(db: Db, services: Services, seller: BenchSeller, plans: readonly BenchPlan[]): Promise<void> {
  const { catalog, identity, publishing } = services;
  const owner = await identity.findUserByEmail(db, `owner@${seller.name}.example`);
  if (!owner) throw new Error(`no owner of ${seller.name}`);
  const actor = { id: owner.objectId, displayName: 'Owner' };
  await db.transaction().execute(async (trx) => {
    for (const plan of plans) {
      unwrap(await catalog.createPlan(trx, actor, seller.accountId, seller.offerId, { planId: plan.planId, name: plan.name }));
      unwrap(await catalog.savePlanSection(trx, seller.accountId, seller.offerId, plan.planId, 'listing', { name: plan.name, description: `The ${plan.name} plan.` }));
      unwrap(await catalog.savePlanSection(trx, seller.accountId, seller.offerId, plan.planId, 'pricingAndAvailability', { markets: plan.markets, pricing: plan.pricing, freeTrial: false, visibility: 'public' }));
    }
    const found = unwrap(await catalog.offerForPublishing(trx, seller.accountId, seller.offerId));
    const snapshot = unwrap(await catalog.freezeDraft(trx, found.offerUid));
    await catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
    await catalog.promoteToLive(trx, found.offerUid, snapshot.snapshotId);
    await publishing.recordSeededLive(trx, { offerUid: found.offerUid, accountId: seller.accountId, snapshotId: snapshot.snapshotId, note: 'bench: more plans' });
  });
}

export interface BenchCustomer {
  tenantId: string;
  userId: string;
  email: string;
}

/**
 * `n` customer organizations (billing accounts), each a directory tenant with one user, through the identity service,
 * 100 per transaction. The users have no password (an invited user's state): hashing thousands would dominate setup,
 * and purchases only need the purchaser's identity.
 */
export async function benchCustomers(db: Db, services: Services, n: number, prefix: string): Promise<BenchCustomer[]> {
  const { identity } = services;
  const out: BenchCustomer[] = [];
  for (let from = 0; from < n; from += 100) {
    await db.transaction().execute(async (trx) => {
      for (let i = from; i < Math.min(n, from + 100); i++) {
        const tenant = unwrap(await identity.createTenant(trx, { displayName: `${prefix} customer ${i}`, domainPrefix: `${prefix}${i}` }));
        const email = `buyer${i}@${prefix}${i}.example`;
        const user = unwrap(await identity.createUser(trx, { tenantId: tenant.tenantId, email, displayName: 'Buyer' }));
        out.push({ tenantId: tenant.tenantId, userId: user.objectId, email });
      }
    });
  }
  return out;
}

/**
 * Makes a bench seller's account payable in USD, as a publisher and the operator do through the API: a validated US
 * tax profile (W-9, no withholding) and a verified payout profile.
 */
export async function makePayable(app: FastifyInstance, db: Db, services: Services, seller: BenchSeller): Promise<void> {
  const opsEmail = `ops@${seller.name}-ops.example`;
  const ops = unwrap(await services.identity.signUpOrganization(db, { organizationName: `${seller.name} ops`, email: opsEmail, displayName: 'Ops', password: BENCH_PASSWORD }));
  await services.identity.grantOperator(db, ops.user.objectId);
  const signIn = async (email: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: BENCH_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`sign-in ${email}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'agora_session');
    if (!cookie) throw new Error('no session cookie');
    return { cookie: `agora_session=${cookie.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
  };
  const owner = await signIn(`owner@${seller.name}.example`);
  const operator = await signIn(opsEmail);
  const base = `/api/accounts/${seller.accountId}`;
  const admin = `/api/admin/accounts/${seller.accountId}`;
  const steps: [string, string, Record<string, string>, unknown][] = [
    ['PUT', `${base}/tax-profile`, owner, { entityType: 'Business', legalName: `${seller.name} Inc.`, countryOfResidence: 'US', address: { line1: '2 Main St', city: 'Austin', region: 'TX', postalCode: '73301' }, taxForm: 'W-9', taxId: '12-3456789' }],
    ['POST', `${admin}/tax-profile/validate`, operator, {}],
    ['PUT', `${base}/payout-profile`, owner, { payoutCurrency: 'USD', bankAccount: { country: 'US', accountHolderName: `${seller.name} Inc.`, routingNumber: '021000021', accountNumber: '987654321', accountType: 'checking' } }],
    ['POST', `${admin}/payout-profile/verify`, operator, {}],
  ];
  for (const [method, url, headers, payload] of steps) {
    const res = await app.inject({ method: method as 'PUT' | 'POST', url, headers, payload: payload as Record<string, unknown> });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  }
}
