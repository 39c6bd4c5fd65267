import type { LightMyRequestResponse } from 'fastify';
import { encodePng, pdfSample } from '../../server/src/modules/catalog/media/testing/png.js';
import type { Publisher, TestApp } from './app.js';

const NO_FILE = '00000000-0000-4000-8000-000000000000';

/** Media ids of files uploaded for an offer (see `OfferClient.uploadMedia`). */
export interface OfferMedia {
  logo: string;
  screenshot: string;
  document: string;
  thumbnail: string;
}

/** Valid values for every tab of a transactable SaaS offer, with the offer's uploaded media. */
export function completeSaasTabs(
  app: { tenantId: string; appId: string },
  urls = { landing: 'https://contoso.example/signup', webhook: 'https://contoso.example/webhook' },
  /** The offer's uploaded files; without them the listing names files that do not exist (fine for other tabs). */
  media: OfferMedia = { logo: NO_FILE, screenshot: NO_FILE, document: NO_FILE, thumbnail: NO_FILE },
) {
  return {
    setup: {
      sellThroughMicrosoft: true,
      testDrive: { enabled: false },
      leadDestination: { type: 'HttpsEndpoint', settings: { url: 'https://contoso.example/leads' }, contactEmails: ['sales@contoso.example'] },
    },
    properties: {
      categories: [{ store: 'AppSource', categoryId: 'productivity', subcategoryIds: ['workflow-automation'] }],
      industries: [],
      legal: { contract: 'StandardContract', customAmendments: [] },
    },
    listing: {
      name: 'Contoso Flow',
      searchResultsSummary: 'Automate approvals across your teams',
      description: '<p>Contoso Flow automates approvals.</p><ul><li>Fast</li><li>Secure</li></ul>',
      gettingStartedInstructions: 'Sign in with your work account and connect your tenant.',
      searchKeywords: ['workflow'],
      privacyPolicyUrl: 'https://contoso.example/privacy',
      usefulLinks: [],
      contacts: {
        support: { name: 'Support', email: 'support@contoso.example', phone: '+1 425 555 0100', url: 'https://contoso.example/support' },
        engineering: { name: 'Engineering', email: 'eng@contoso.example', phone: '+1 425 555 0101' },
      },
      supportingDocuments: [{ name: 'Overview', mediaId: media.document }],
      media: { logoLarge: media.logo, screenshots: [{ mediaId: media.screenshot, caption: 'Dashboard' }], videos: [] },
    },
    previewAudience: { members: [{ id: 'tester@contoso.example' }] },
    technicalConfiguration: { landingPageUrl: urls.landing, connectionWebhookUrl: urls.webhook, aadTenantId: app.tenantId, aadApplicationId: app.appId },
  };
}

export const flatRatePricing = (priceUsd = '49.00') => ({
  markets: ['US', 'DE', 'JP'],
  pricing: { model: 'flatRate', billingTerms: [{ term: 'P1M', priceUsd }], dimensions: [] },
  freeTrial: false,
  visibility: 'public',
});

/** A small client for one offer that keeps its ETag current. */
export class OfferClient {
  etag = '*';
  constructor(
    readonly t: TestApp,
    readonly pub: Publisher,
    readonly offerId: string,
    readonly headers: Record<string, string> = pub.owner.headers,
  ) {}

  get base(): string {
    return `/api/accounts/${this.pub.accountId}/offers/${this.offerId}`;
  }

  #track(res: LightMyRequestResponse): LightMyRequestResponse {
    if (res.headers.etag) this.etag = String(res.headers.etag);
    return res;
  }

  static async create(t: TestApp, pub: Publisher, offerId = `offer-${Math.random().toString(36).slice(2, 10)}`, headers = pub.owner.headers): Promise<OfferClient> {
    const res = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/offers`, headers, payload: { offerType: 'SoftwareAsAService', offerId, alias: `${offerId} alias` } });
    if (res.statusCode !== 201) throw new Error(`create offer: ${res.statusCode} ${res.body}`);
    const client = new OfferClient(t, pub, offerId, headers);
    client.#track(res);
    return client;
  }

  async get(): Promise<LightMyRequestResponse> {
    return this.#track(await this.t.app.inject({ url: this.base, headers: this.headers }));
  }

  async saveTab(tab: string, value: unknown, ifMatch: string | null = this.etag): Promise<LightMyRequestResponse> {
    const headers = { ...this.headers, ...(ifMatch === null ? {} : { 'if-match': ifMatch }) };
    return this.#track(await this.t.app.inject({ method: 'PUT', url: `${this.base}/tabs/${tab}`, headers, payload: value as object }));
  }

  async createPlan(planId: string, name = planId): Promise<LightMyRequestResponse> {
    return this.#track(await this.t.app.inject({ method: 'POST', url: `${this.base}/plans`, headers: { ...this.headers, 'if-match': this.etag }, payload: { planId, name } }));
  }

  async savePlan(planId: string, section: 'listing' | 'pricingAndAvailability', value: unknown): Promise<LightMyRequestResponse> {
    return this.#track(await this.t.app.inject({ method: 'PUT', url: `${this.base}/plans/${planId}/${section}`, headers: { ...this.headers, 'if-match': this.etag }, payload: value as object }));
  }

  async audience(planId: string, method: 'POST' | 'PUT', members: { tenantId: string; description?: string }[]): Promise<LightMyRequestResponse> {
    return this.#track(await this.t.app.inject({ method, url: `${this.base}/plans/${planId}/audience`, headers: { ...this.headers, 'if-match': this.etag }, payload: { members } }));
  }

  async deletePlan(planId: string): Promise<LightMyRequestResponse> {
    return this.#track(await this.t.app.inject({ method: 'DELETE', url: `${this.base}/plans/${planId}`, headers: { ...this.headers, 'if-match': this.etag } }));
  }

  /** The listing tab as saved. */
  async listing(): Promise<ReturnType<typeof completeSaasTabs>['listing']> {
    return (await this.get()).json().tabs.find((t: { id: string }) => t.id === 'listing').value;
  }

  /** Uploads a large logo, a screenshot, a supporting document and a video thumbnail for this offer. */
  async uploadMedia(): Promise<OfferMedia> {
    const upload = async (kind: string, bytes: Buffer) => {
      const res = await this.t.app.inject({ method: 'POST', url: `${this.base}/media?kind=${kind}`, headers: { ...this.headers, 'content-type': 'application/octet-stream' }, payload: bytes });
      if (res.statusCode !== 201) throw new Error(`upload ${kind}: ${res.statusCode} ${res.body}`);
      return res.json<{ mediaId: string }>().mediaId;
    };
    return {
      logo: await upload('logoLarge', encodePng(300, 300)),
      screenshot: await upload('screenshot', encodePng(1280, 720)),
      document: await upload('supportingDocument', pdfSample()),
      thumbnail: await upload('videoThumbnail', encodePng(1280, 720)),
    };
  }

  /** Fills every tab and adds one complete flat-rate plan. */
  async complete(app: { tenantId: string; appId: string }, urls?: { landing: string; webhook: string }): Promise<void> {
    const media = await this.uploadMedia();
    for (const [tab, value] of Object.entries(completeSaasTabs(app, urls, media))) {
      const res = await this.saveTab(tab, value);
      if (res.statusCode !== 200) throw new Error(`save ${tab}: ${res.statusCode} ${res.body}`);
    }
    await this.createPlan('standard', 'Standard');
    const listing = await this.savePlan('standard', 'listing', { name: 'Standard', description: 'Everything a team needs.' });
    if (listing.statusCode !== 200) throw new Error(`plan listing: ${listing.body}`);
    const pricing = await this.savePlan('standard', 'pricingAndAvailability', flatRatePricing());
    if (pricing.statusCode !== 200) throw new Error(`plan pricing: ${pricing.body}`);
  }
}
