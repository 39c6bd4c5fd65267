import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server/src/app.js';
import { MARKETPLACE_API_RESOURCE } from '../../server/src/modules/identity/index.js';
import type { Db } from '../../server/src/platform/db/index.js';
import { unwrap } from '../../server/src/platform/errors.js';
import { demoPdf, demoPng } from '../../server/src/seed/demo-media.js';

export const BENCH_PASSWORD = 'Correct-Horse-42';

export interface BenchSeller {
  name: string;
  accountId: string;
  offerId: string;
  /** The Authorization header of the seller's marketplace API token. */
  auth: { authorization: string };
}

/**
 * A publisher organization with an account, an app registration and a live SaaS offer of one plan (made live as the
 * demo seed does), and a marketplace API token from the token endpoint: the seller both benches measure.
 */
export async function benchSeller(
  app: FastifyInstance,
  db: Db,
  services: Services,
  name: string,
  plan: { planId: string; name: string; markets: string[]; pricing: Record<string, unknown> },
): Promise<BenchSeller> {
  const { accounts, catalog, identity, publishing } = services;
  const email = `owner@${name}.example`;
  const org = unwrap(await identity.signUpOrganization(db, { organizationName: name, email, displayName: 'Owner', password: BENCH_PASSWORD }));
  const owner = { kind: 'user' as const, userId: org.user.objectId, tenantId: org.tenant.tenantId, email, displayName: 'Owner', isOperator: false, via: 'session' as const, sessionId: '', csrfToken: '' };
  const actor = { id: owner.userId, displayName: 'Owner' };
  const { accountId } = unwrap(await accounts.createAccount(db, owner, { publisherId: name, displayName: name }));
  const registered = unwrap(await accounts.registerApp(db, accountId, owner.userId, { displayName: 'Bench', roles: ['Manager'] }));
  const offerId = `${name}-saas`;
  unwrap(await catalog.createOffer(db, actor, accountId, { offerType: 'SoftwareAsAService', offerId, alias: name }));
  const upload = async (kind: string, bytes: Buffer) => unwrap(await catalog.uploadMedia(accountId, offerId, { kind, bytes })).mediaId;
  const [logo, shot, doc] = [await upload('logoLarge', demoPng(300, 300, [0, 120, 212])), await upload('screenshot', demoPng(1280, 720, [0, 120, 212])), await upload('supportingDocument', demoPdf(name))];
  await db.transaction().execute(async (trx) => {
    const tabs = {
      setup: { sellThroughMicrosoft: true, testDrive: { enabled: false }, leadDestination: { type: 'HttpsEndpoint', settings: { url: 'https://contoso.example/leads' }, contactEmails: ['sales@contoso.example'] } },
      properties: { categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: ['workflow-automation'] }], industries: [], legal: { contract: 'StandardContract', customAmendments: [] } },
      listing: {
        name: `${name} SaaS`,
        searchResultsSummary: 'A bench offer',
        description: '<p>A bench offer.</p>',
        gettingStartedInstructions: 'Sign in.',
        searchKeywords: ['bench'],
        privacyPolicyUrl: 'https://contoso.example/privacy',
        usefulLinks: [],
        contacts: { support: { name: 'Support', email: 'support@contoso.example', phone: '+1 425 555 0100', url: 'https://contoso.example/support' }, engineering: { name: 'Eng', email: 'eng@contoso.example', phone: '+1 425 555 0101' } },
        supportingDocuments: [{ name: 'Overview', mediaId: doc }],
        media: { logoLarge: logo, screenshots: [{ mediaId: shot, caption: 'Dashboard' }], videos: [] },
      },
      previewAudience: { members: [{ id: 'tester@contoso.example' }] },
      technicalConfiguration: { landingPageUrl: 'https://contoso.example/landing', connectionWebhookUrl: 'https://contoso.example/webhook', aadTenantId: org.tenant.tenantId, aadApplicationId: registered.app.appId },
    };
    for (const [tab, value] of Object.entries(tabs)) unwrap(await catalog.saveTab(trx, accountId, offerId, tab, value));
    unwrap(await catalog.createPlan(trx, actor, accountId, offerId, { planId: plan.planId, name: plan.name }));
    unwrap(await catalog.savePlanSection(trx, accountId, offerId, plan.planId, 'listing', { name: plan.name, description: `The ${plan.name} plan.` }));
    unwrap(await catalog.savePlanSection(trx, accountId, offerId, plan.planId, 'pricingAndAvailability', { markets: plan.markets, pricing: plan.pricing, freeTrial: false, visibility: 'public' }));
    // Live at once: frozen, previewed, made live (what certification and the final publish would do).
    const found = unwrap(await catalog.offerForPublishing(trx, accountId, offerId));
    const snapshot = unwrap(await catalog.freezeDraft(trx, found.offerUid));
    await catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
    await catalog.promoteToLive(trx, found.offerUid, snapshot.snapshotId);
    await publishing.recordSeededLive(trx, { offerUid: found.offerUid, accountId, snapshotId: snapshot.snapshotId, note: 'bench' });
  });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: registered.app.appId, client_secret: registered.secret.secret, resource: MARKETPLACE_API_RESOURCE });
  const res = await app.inject({ method: 'POST', url: `/${org.tenant.tenantId}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return { name, accountId, offerId, auth: { authorization: `Bearer ${res.json<{ access_token: string }>().access_token}` } };
}
