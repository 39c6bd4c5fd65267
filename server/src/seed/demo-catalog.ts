import { sql } from 'kysely';
import type { Services } from '../app.js';
import type { Db } from '../platform/db/index.js';
import { unwrap } from '../platform/errors.js';
import type { DemoCredentials } from './demo.js';
import { demoPdf, demoPng } from './demo-media.js';

const SEEDED_KEY = 'demo.catalog.seeded';

export interface DemoCatalog {
  offers: { offerId: string; name: string; pricingModel: 'flatRate' | 'perUser'; plans: { planId: string; kind: string }[] }[];
}

const listing = (name: string, summary: string, media: { logo: string; shot: string; doc: string }) => ({
  name,
  searchResultsSummary: summary,
  description: `<p>${name} is the demo offer of the Agora sandbox.</p><ul><li>Buy it with the demo customer</li><li>Resolve and activate it with the Fulfillment API</li></ul>`,
  gettingStartedInstructions: 'After purchase, configure your account on the landing page; the demo app registration in demo-credentials.json calls the APIs.',
  searchKeywords: ['demo', 'sandbox'],
  privacyPolicyUrl: 'https://contoso.example/privacy',
  usefulLinks: [{ title: 'Documentation', url: 'https://contoso.example/docs' }],
  contacts: {
    support: { name: 'Contoso Support', email: 'support@contoso.example', phone: '+1 425 555 0100', url: 'https://contoso.example/support' },
    engineering: { name: 'Contoso Engineering', email: 'engineering@contoso.example', phone: '+1 425 555 0101' },
  },
  supportingDocuments: [{ name: `${name} overview`, mediaId: media.doc }],
  media: { logoLarge: media.logo, screenshots: [{ mediaId: media.shot, caption: `${name} dashboard` }], videos: [] },
});

/**
 * The demo catalog: two Live SaaS offers of the Contoso publisher — "Contoso Flow" (flat rate: a standard plan, a plan
 * with metered dimensions, and a private plan for the demo customer's tenant) and "Contoso Seats" (per user; an offer
 * has one pricing model, so the per-user plan needs its own offer). Runs once per database.
 */
export async function seedDemoCatalog(db: Db, services: Services, creds: DemoCredentials, saasAppUrl: string): Promise<DemoCatalog | undefined> {
  const { rows } = await sql`select 1 from platform_setting where key = ${SEEDED_KEY}`.execute(db);
  if (rows.length > 0) return undefined;
  const { catalog, identity, publishing } = services;
  const accountId = creds.publisher.accountId;
  const owner = await identity.findUserByEmail(db, creds.users.publisherOwner.email);
  if (!owner) throw new Error('the demo publisher owner is missing');
  const actor = { id: owner.objectId, displayName: owner.displayName };

  const offers = [
    { offerId: 'contoso-flow', name: 'Contoso Flow', colour: [0, 120, 212] as [number, number, number], summary: 'Approvals and workflows for every team' },
    { offerId: 'contoso-seats', name: 'Contoso Seats', colour: [16, 124, 16] as [number, number, number], summary: 'Per-seat collaboration for growing teams' },
  ];
  // The offers exist before their files can be uploaded; each offer's uploads are outside the seeding transaction.
  await db.transaction().execute(async (trx) => {
    for (const o of offers) unwrap(await catalog.createOffer(trx, actor, accountId, { offerType: 'SoftwareAsAService', offerId: o.offerId, alias: o.name }));
  });
  const media = new Map<string, { logo: string; shot: string; doc: string }>();
  for (const o of offers) {
    const logo = unwrap(await catalog.uploadMedia(accountId, o.offerId, { kind: 'logoLarge', bytes: demoPng(300, 300, o.colour), fileName: 'logo.png' }));
    const shot = unwrap(await catalog.uploadMedia(accountId, o.offerId, { kind: 'screenshot', bytes: demoPng(1280, 720, o.colour), fileName: 'dashboard.png' }));
    const doc = unwrap(await catalog.uploadMedia(accountId, o.offerId, { kind: 'supportingDocument', bytes: demoPdf(`${o.name} overview`), fileName: 'overview.pdf' }));
    media.set(o.offerId, { logo: logo.mediaId, shot: shot.mediaId, doc: doc.mediaId });
  }

  return db.transaction().execute(async (trx) => {
    const save = async (offerId: string, tab: string, value: unknown) => unwrap(await catalog.saveTab(trx, accountId, offerId, tab, value));
    for (const o of offers) {
      await save(o.offerId, 'setup', {
        sellThroughMicrosoft: true,
        testDrive: { enabled: false },
        leadDestination: { type: 'HttpsEndpoint', settings: { url: 'https://contoso.example/leads' }, contactEmails: ['sales@contoso.example'] },
      });
      await save(o.offerId, 'properties', {
        categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: ['workflow-automation'] }],
        industries: [],
        appVersion: '1.0',
        legal: { contract: 'StandardContract', customAmendments: [] },
      });
      await save(o.offerId, 'listing', listing(o.name, o.summary, media.get(o.offerId)!));
      await save(o.offerId, 'previewAudience', { members: [{ id: creds.users.customer.email, description: 'Demo customer' }] });
      await save(o.offerId, 'technicalConfiguration', {
        // The sample ISV app (examples/saas-app), which `npm start` runs beside Agora.
        landingPageUrl: `${saasAppUrl}/landing`,
        connectionWebhookUrl: `${saasAppUrl}/webhook`,
        aadTenantId: creds.app.tenantId,
        aadApplicationId: creds.app.clientId,
      });
    }

    const plan = async (offerId: string, planId: string, name: string, description: string, pricing: object) => {
      unwrap(await catalog.createPlan(trx, actor, accountId, offerId, { planId, name }));
      unwrap(await catalog.savePlanSection(trx, accountId, offerId, planId, 'listing', { name, description }));
      unwrap(await catalog.savePlanSection(trx, accountId, offerId, planId, 'pricingAndAvailability', pricing));
    };
    const markets = ['US', 'GB', 'DE', 'FR', 'JP', 'AU', 'CA', 'IN', 'BR', 'SE'];
    await plan('contoso-flow', 'standard', 'Standard', 'Unlimited workflows for one team.', {
      markets,
      pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd: '49.00' }, { term: 'P1Y', priceUsd: '490.00', paymentOption: 'upfront' }], dimensions: [] },
      freeTrial: true,
      visibility: 'public',
    });
    await plan('contoso-flow', 'metered', 'Metered', 'A base fee with usage beyond the included quantities.', {
      markets,
      pricing: {
        model: 'flatRate',
        billingTerms: [{ term: 'P1M', priceUsd: '99.00' }, { term: 'P1Y', priceUsd: '990.00' }],
        dimensions: [
          { id: 'emails', displayName: 'Emails sent', unitOfMeasure: 'per email', priceUsd: '0.01', included: { P1M: 1000, P1Y: 12000 } },
          { id: 'reports', displayName: 'Reports generated', unitOfMeasure: 'per report', priceUsd: '0.50', included: { P1M: 'unlimited', P1Y: 'unlimited' } },
        ],
      },
      freeTrial: false,
      visibility: 'public',
    });
    await plan('contoso-flow', 'enterprise', 'Enterprise (private)', 'Negotiated pricing for one customer.', {
      markets,
      pricing: { model: 'flatRate', billingTerms: [{ term: 'P1Y', priceUsd: '4990.00' }], dimensions: [] },
      freeTrial: false,
      visibility: 'private',
    });
    unwrap(await catalog.addAudience(trx, accountId, 'contoso-flow', 'enterprise', [{ tenantId: creds.users.customer.tenantId, description: 'Fabrikam (demo customer)' }]));
    await plan('contoso-seats', 'per-seat', 'Per seat', 'Pay for each user, from 1 to 500.', {
      markets,
      pricing: { model: 'perUser', billingTerms: [{ term: 'P1M', priceUsd: '12.00' }, { term: 'P1Y', priceUsd: '120.00' }], userLimits: { min: 1, max: 500 }, dimensions: [] },
      freeTrial: true,
      visibility: 'public',
    });

    // Live, as the pipeline leaves an offer once certified: frozen, previewed, then made live.
    for (const o of offers) {
      const found = unwrap(await catalog.offerForPublishing(trx, accountId, o.offerId));
      if (!found.detail.readyToPublish) throw new Error(`demo offer ${o.offerId} is incomplete: ${JSON.stringify(found.detail.tabs.flatMap((t) => t.missing))}`);
      const snapshot = unwrap(await catalog.freezeDraft(trx, found.offerUid));
      await catalog.promoteToPreview(trx, found.offerUid, snapshot.snapshotId);
      await catalog.promoteToLive(trx, found.offerUid, snapshot.snapshotId);
      await publishing.recordSeededLive(trx, { offerUid: found.offerUid, accountId, snapshotId: snapshot.snapshotId, note: 'Published by the demo seed (agora seed-demo).' });
    }
    await sql`insert into platform_setting (key, value) values (${SEEDED_KEY}, ${JSON.stringify({ at: new Date().toISOString() })})`.execute(trx);
    return {
      offers: [
        { offerId: 'contoso-flow', name: 'Contoso Flow', pricingModel: 'flatRate' as const, plans: [{ planId: 'standard', kind: 'flat rate, monthly or annual, free trial' }, { planId: 'metered', kind: 'flat rate with metered dimensions emails and reports' }, { planId: 'enterprise', kind: 'private, for the demo customer tenant' }] },
        { offerId: 'contoso-seats', name: 'Contoso Seats', pricingModel: 'perUser' as const, plans: [{ planId: 'per-seat', kind: 'per user, 1 to 500 seats, free trial' }] },
      ],
    };
  });
}
