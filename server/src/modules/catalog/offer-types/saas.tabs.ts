import { Type, type Static } from 'typebox';
import { categoryById, descriptionLength, industryById, sanitizeDescription, subcategoryOf, verticalOf } from '../reference/index.js';
import { issue, type Issue, type OfferDraft, type TabDefinition } from '../offer-type.js';
import { compact, duplicates, emailProblem, httpProblem, httpsProblem, isGuid, present } from './rules.js';

const Url = Type.String({ maxLength: 2048 });
const Guid = Type.String({ maxLength: 36 });
const StoreSchema = Type.Union([Type.Literal('AppSource'), Type.Literal('AzureMarketplace')]);

/** Whether the draft's offer is sold through the marketplace (transactable). */
export const isTransactable = (draft: OfferDraft): boolean => (draft.setup as Setup | undefined)?.sellThroughMicrosoft === true;

// ---- Offer setup (L16145-16222) ----

const LeadDestination = Type.Object(
  {
    type: Type.Union([
      Type.Literal('HttpsEndpoint'),
      Type.Literal('AzureTable'),
      Type.Literal('Dynamics365CustomerEngagement'),
      Type.Literal('Marketo'),
      Type.Literal('Salesforce'),
    ]),
    settings: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 4000 }), { maxProperties: 20 }),
    contactEmails: Type.Array(Type.String({ maxLength: 254 }), { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const SetupSchema = Type.Object(
  {
    sellThroughMicrosoft: Type.Optional(Type.Boolean({ description: 'Transactable (Microsoft facilitates payment) or listing only.' })),
    listingOption: Type.Optional(Type.Union([Type.Literal('ContactMe'), Type.Literal('FreeTrial'), Type.Literal('GetItNowFree')])),
    offerUrl: Type.Optional(Url),
    trialUrl: Type.Optional(Url),
    testDrive: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    leadDestination: Type.Optional(Type.Union([Type.Null(), LeadDestination])),
  },
  { additionalProperties: false },
);
export type Setup = Static<typeof SetupSchema>;

export const setupTab: TabDefinition<Setup> = {
  id: 'setup',
  title: 'Offer setup',
  schema: SetupSchema,
  appliesTo: () => true,
  initial: () => ({ testDrive: { enabled: false } }),
  validate(v) {
    const out: Issue[] = [];
    if (v.sellThroughMicrosoft === true && v.listingOption !== undefined)
      out.push(issue('listingOption', 'NotAllowed', 'A listing option applies only to listing-only offers; a transactable offer is bought through the marketplace.'));
    if (v.offerUrl) out.push(...compact([httpProblem(v.offerUrl, 'offerUrl', 'The offer URL')]));
    if (v.trialUrl) out.push(...compact([httpProblem(v.trialUrl, 'trialUrl', 'The trial URL')]));
    v.leadDestination?.contactEmails.forEach((e, i) => out.push(...compact([emailProblem(e, `leadDestination.contactEmails.${i}`, 'A contact email')])));
    return out;
  },
  missing(v) {
    const out: Issue[] = [];
    if (v.sellThroughMicrosoft === undefined) out.push(issue('sellThroughMicrosoft', 'Required', 'Choose whether to sell through the marketplace.'));
    if (v.sellThroughMicrosoft === false && !v.listingOption) out.push(issue('listingOption', 'Required', 'Choose a listing option: Contact me, Free trial or Get it now (free).'));
    if (v.sellThroughMicrosoft === false && v.listingOption === 'GetItNowFree' && !v.offerUrl) out.push(issue('offerUrl', 'Required', 'Get it now (free) needs the offer URL.'));
    if (v.sellThroughMicrosoft === false && v.listingOption === 'FreeTrial' && !v.trialUrl) out.push(issue('trialUrl', 'Required', 'A free trial needs the trial URL.'));
    // Lead management is required for transactable and Contact me offers and with a test drive (L16179-16185, ADR 0010).
    const needsLeads = v.sellThroughMicrosoft === true || v.listingOption === 'ContactMe' || v.testDrive.enabled;
    if (needsLeads && !v.leadDestination) out.push(issue('leadDestination', 'Required', 'Connect a customer leads destination: transactable and Contact me offers and test drives deliver leads.'));
    return out;
  },
  locks(v, published) {
    // A transactable offer cannot become listing-only (L16160, L17187-17198).
    if (published.sellThroughMicrosoft === true && v.sellThroughMicrosoft !== true)
      return [issue('sellThroughMicrosoft', 'Locked', 'A published transactable offer cannot become listing-only: create a new listing-only offer and stop distribution of this one.')];
    return [];
  },
};

// ---- Properties (L16227-16311) ----

export const PropertiesSchema = Type.Object(
  {
    categories: Type.Array(
      Type.Object({ store: StoreSchema, categoryId: Type.String({ maxLength: 100 }), subcategoryIds: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 2 }) }, { additionalProperties: false }),
      { maxItems: 2, description: '1 to 2 categories, each with up to 2 subcategories.' },
    ),
    industries: Type.Array(
      Type.Object({ industryId: Type.String({ maxLength: 100 }), verticalIds: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 2 }) }, { additionalProperties: false }),
      { maxItems: 2, description: 'Up to 2 industries, each with 1 to 2 verticals.' },
    ),
    appVersion: Type.Optional(Type.String({ maxLength: 64 })),
    legal: Type.Object(
      {
        contract: Type.Optional(Type.Union([Type.Literal('StandardContract'), Type.Literal('CustomTerms')])),
        universalAmendment: Type.Optional(Type.String({ maxLength: 100_000 })),
        customAmendments: Type.Array(
          Type.Object(
            {
              terms: Type.String({ minLength: 1, maxLength: 4000 }),
              tenants: Type.Array(Type.Object({ tenantId: Guid, description: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
            },
            { additionalProperties: false },
          ),
          { maxItems: 10 },
        ),
        termsAndConditions: Type.Optional(Type.String({ maxLength: 10_000 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Properties = Static<typeof PropertiesSchema>;

export const propertiesTab: TabDefinition<Properties> = {
  id: 'properties',
  title: 'Properties',
  schema: PropertiesSchema,
  appliesTo: () => true,
  initial: () => ({ categories: [], industries: [], legal: { customAmendments: [] } }),
  validate(v) {
    const out: Issue[] = [];
    v.categories.forEach((c, i) => {
      if (!categoryById(c.store, c.categoryId)) out.push(issue(`categories.${i}.categoryId`, 'UnknownCategory', `"${c.categoryId}" is not a ${c.store} category.`));
      else
        c.subcategoryIds.forEach((s, j) => {
          if (!subcategoryOf(c.store, c.categoryId, s)) out.push(issue(`categories.${i}.subcategoryIds.${j}`, 'UnknownSubcategory', `"${s}" is not a subcategory of ${c.categoryId}.`));
        });
    });
    out.push(...duplicates(v.categories, (c) => `${c.store}/${c.categoryId}`, (i) => `categories.${i}`, 'The category'));
    v.industries.forEach((ind, i) => {
      if (!industryById(ind.industryId)) out.push(issue(`industries.${i}.industryId`, 'UnknownIndustry', `"${ind.industryId}" is not an industry.`));
      else
        ind.verticalIds.forEach((vid, j) => {
          if (!verticalOf(ind.industryId, vid)) out.push(issue(`industries.${i}.verticalIds.${j}`, 'UnknownVertical', `"${vid}" is not a vertical of ${ind.industryId}.`));
        });
    });
    out.push(...duplicates(v.industries, (x) => x.industryId, (i) => `industries.${i}`, 'The industry'));
    v.legal.customAmendments.forEach((a, i) => {
      a.tenants.forEach((t, j) => {
        if (!isGuid(t.tenantId)) out.push(issue(`legal.customAmendments.${i}.tenants.${j}.tenantId`, 'GuidRequired', 'A tenant id is a GUID.'));
      });
      out.push(...duplicates(a.tenants, (t) => t.tenantId.toLowerCase(), (j) => `legal.customAmendments.${i}.tenants.${j}`, 'The tenant id'));
    });
    if (v.legal.contract !== 'StandardContract' && (v.legal.customAmendments.length > 0 || v.legal.universalAmendment))
      out.push(issue('legal.contract', 'AmendmentsNeedStandardContract', 'Amendments apply to the Standard Contract; choose it to add them.'));
    return out;
  },
  missing(v) {
    const out: Issue[] = [];
    if (v.categories.length === 0) out.push(issue('categories', 'Required', 'Choose at least one category.'));
    if (!v.legal.contract) out.push(issue('legal.contract', 'Required', 'Choose the Standard Contract or your own terms and conditions.'));
    if (v.legal.contract === 'CustomTerms' && !present(v.legal.termsAndConditions)) out.push(issue('legal.termsAndConditions', 'Required', 'Enter your terms and conditions.'));
    return out;
  },
  locks(v, published) {
    if (published.legal.contract === 'StandardContract' && v.legal.contract !== 'StandardContract')
      return [issue('legal.contract', 'Locked', 'An offer published with the Standard Contract cannot switch to custom terms (L16277-16279).')];
    return [];
  },
};

// ---- Offer listing (L16316-16407) ----

const Contact = Type.Object(
  { name: Type.Optional(Type.String({ maxLength: 100 })), email: Type.Optional(Type.String({ maxLength: 254 })), phone: Type.Optional(Type.String({ maxLength: 50 })) },
  { additionalProperties: false },
);
const MediaId = Type.String({ maxLength: 36 });

export const ListingSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 50 })),
    searchResultsSummary: Type.Optional(Type.String({ maxLength: 50 })),
    shortDescription: Type.Optional(Type.String({ maxLength: 256 })),
    description: Type.Optional(Type.String({ maxLength: 100_000, description: 'HTML limited to the allowed tags; at most 3,000 characters including markup after sanitizing.' })),
    gettingStartedInstructions: Type.Optional(Type.String({ maxLength: 3000 })),
    searchKeywords: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 3 }),
    privacyPolicyUrl: Type.Optional(Url),
    usefulLinks: Type.Array(Type.Object({ title: Type.String({ minLength: 1, maxLength: 255 }), url: Url }, { additionalProperties: false }), { maxItems: 25 }),
    contacts: Type.Object(
      {
        support: Type.Optional(
          Type.Object(
            { name: Type.Optional(Type.String({ maxLength: 100 })), email: Type.Optional(Type.String({ maxLength: 254 })), phone: Type.Optional(Type.String({ maxLength: 50 })), url: Type.Optional(Url) },
            { additionalProperties: false },
          ),
        ),
        engineering: Type.Optional(Contact),
        cspProgram: Type.Optional(Contact),
      },
      { additionalProperties: false },
    ),
    cspMarketingMaterialsUrl: Type.Optional(Url),
    supportingDocuments: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), mediaId: MediaId }, { additionalProperties: false }), { maxItems: 3 }),
    media: Type.Object(
      {
        logoLarge: Type.Optional(MediaId),
        logoMedium: Type.Optional(MediaId),
        logoSmall: Type.Optional(MediaId),
        screenshots: Type.Array(Type.Object({ mediaId: MediaId, caption: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }), { maxItems: 5 }),
        videos: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), url: Url, thumbnailMediaId: MediaId }, { additionalProperties: false }), { maxItems: 4 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Listing = Static<typeof ListingSchema>;

const VIDEO_HOSTS = /(^|\.)(youtube\.com|youtu\.be|vimeo\.com)$/i;

export const listingTab: TabDefinition<Listing> = {
  id: 'listing',
  title: 'Offer listing',
  schema: ListingSchema,
  appliesTo: () => true,
  initial: () => ({ searchKeywords: [], usefulLinks: [], contacts: {}, supportingDocuments: [], media: { screenshots: [], videos: [] } }),
  normalize: (v) => ({ ...v, ...(v.description !== undefined ? { description: sanitizeDescription(v.description).html } : {}) }),
  async validate(v, ctx) {
    const out: Issue[] = [];
    // Every file the listing names must have been uploaded for this offer, as the right kind.
    const refs: [string | undefined, string, string][] = [
      [v.media.logoLarge, 'media.logoLarge', 'logoLarge'],
      [v.media.logoMedium, 'media.logoMedium', 'logoMedium'],
      [v.media.logoSmall, 'media.logoSmall', 'logoSmall'],
      ...v.media.screenshots.map((s, i): [string, string, string] => [s.mediaId, `media.screenshots.${i}.mediaId`, 'screenshot']),
      ...v.media.videos.map((s, i): [string, string, string] => [s.thumbnailMediaId, `media.videos.${i}.thumbnailMediaId`, 'videoThumbnail']),
      ...v.supportingDocuments.map((d, i): [string, string, string] => [d.mediaId, `supportingDocuments.${i}.mediaId`, 'supportingDocument']),
    ];
    const present = refs.filter((r): r is [string, string, string] => r[0] !== undefined);
    const kinds = await ctx.mediaKinds(present.map((r) => r[0]));
    for (const [id, target, kind] of present) {
      const found = kinds.get(id);
      if (!found) out.push(issue(target, 'MediaNotFound', `No file ${id} was uploaded for this offer; upload it first.`));
      else if (found !== kind) out.push(issue(target, 'MediaKindMismatch', `File ${id} was uploaded as ${found}, not ${kind}.`));
    }
    if (v.description !== undefined && descriptionLength(v.description) > 3000)
      out.push(issue('description', 'MaxLength', `The description is ${descriptionLength(v.description)} characters including HTML markup; the limit is 3,000.`));
    if (v.privacyPolicyUrl) out.push(...compact([httpsProblem(v.privacyPolicyUrl, 'privacyPolicyUrl', 'The privacy policy link')]));
    v.usefulLinks.forEach((l, i) => out.push(...compact([httpsProblem(l.url, `usefulLinks.${i}.url`, 'A useful link')])));
    if (v.contacts.support?.url) out.push(...compact([httpsProblem(v.contacts.support.url, 'contacts.support.url', 'The support URL')]));
    if (v.cspMarketingMaterialsUrl) out.push(...compact([httpsProblem(v.cspMarketingMaterialsUrl, 'cspMarketingMaterialsUrl', 'The CSP marketing materials link')]));
    for (const role of ['support', 'engineering', 'cspProgram'] as const) {
      const email = v.contacts[role]?.email;
      if (email) out.push(...compact([emailProblem(email, `contacts.${role}.email`, `The ${role} contact email`)]));
    }
    v.media.videos.forEach((video, i) => {
      let host = '';
      try {
        host = new URL(video.url).hostname;
      } catch {
        // reported below
      }
      if (!VIDEO_HOSTS.test(host)) out.push(issue(`media.videos.${i}.url`, 'VideoHostUnsupported', 'Videos are links to YouTube or Vimeo.'));
    });
    out.push(...duplicates(v.searchKeywords, (k) => k.toLowerCase(), (i) => `searchKeywords.${i}`, 'The keyword'));
    return out;
  },
  missing(v) {
    const out: Issue[] = [];
    const need = (value: unknown, target: string, label: string) => {
      if (!present(value)) out.push(issue(target, 'Required', `${label} is required.`));
    };
    need(v.name, 'name', 'The offer name');
    need(v.searchResultsSummary, 'searchResultsSummary', 'The search results summary');
    need(v.description, 'description', 'The description');
    need(v.gettingStartedInstructions, 'gettingStartedInstructions', 'The getting started instructions');
    need(v.privacyPolicyUrl, 'privacyPolicyUrl', 'The privacy policy link');
    for (const field of ['name', 'email', 'phone'] as const) {
      need(v.contacts.support?.[field], `contacts.support.${field}`, `The support contact's ${field}`);
      need(v.contacts.engineering?.[field], `contacts.engineering.${field}`, `The engineering contact's ${field}`);
    }
    need(v.contacts.support?.url, 'contacts.support.url', 'The support URL');
    if (v.supportingDocuments.length === 0) out.push(issue('supportingDocuments', 'Required', 'Add at least one supporting document (PDF).'));
    need(v.media.logoLarge, 'media.logoLarge', 'The large logo');
    if (v.media.screenshots.length === 0) out.push(issue('media.screenshots', 'Required', 'Add at least one screenshot (1280×720 PNG).'));
    return out;
  },
};

// ---- Preview audience (L16414-16451) ----

export const PreviewAudienceSchema = Type.Object(
  {
    members: Type.Array(Type.Object({ id: Type.String({ maxLength: 254 }), description: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }), {
      maxItems: 20,
      description: 'Emails (Microsoft account or Azure AD user principal names): up to 10 entered manually, up to 20 by CSV import.',
    }),
  },
  { additionalProperties: false },
);
export type PreviewAudience = Static<typeof PreviewAudienceSchema>;

export const previewAudienceTab: TabDefinition<PreviewAudience> = {
  id: 'previewAudience',
  title: 'Preview audience',
  schema: PreviewAudienceSchema,
  appliesTo: isTransactable,
  initial: () => ({ members: [] }),
  normalize: (v) => ({ members: v.members.map((m) => ({ ...m, id: m.id.trim().toLowerCase() })) }),
  validate(v) {
    const out: Issue[] = [];
    v.members.forEach((m, i) => out.push(...compact([emailProblem(m.id, `members.${i}.id`, 'A preview audience member')])));
    out.push(...duplicates(v.members, (m) => m.id, (i) => `members.${i}.id`, 'The member'));
    return out;
  },
  missing: (v) => (v.members.length === 0 ? [issue('members', 'Required', 'Add at least one preview audience member.')] : []),
};

// ---- Technical configuration (L16456-16486) ----

export const TechnicalConfigurationSchema = Type.Object(
  {
    landingPageUrl: Type.Optional(Url),
    connectionWebhookUrl: Type.Optional(Url),
    aadTenantId: Type.Optional(Guid),
    aadApplicationId: Type.Optional(Guid),
  },
  { additionalProperties: false },
);
export type TechnicalConfiguration = Static<typeof TechnicalConfigurationSchema>;

export const technicalConfigurationTab: TabDefinition<TechnicalConfiguration> = {
  id: 'technicalConfiguration',
  title: 'Technical configuration',
  schema: TechnicalConfigurationSchema,
  appliesTo: isTransactable,
  initial: () => ({}),
  async validate(v, ctx) {
    const out: Issue[] = [];
    if (v.landingPageUrl) out.push(...compact([httpsProblem(v.landingPageUrl, 'landingPageUrl', 'The landing page URL', { sandbox: ctx.sandbox, noFragment: true })]));
    if (v.connectionWebhookUrl) out.push(...compact([httpsProblem(v.connectionWebhookUrl, 'connectionWebhookUrl', 'The connection webhook', { sandbox: ctx.sandbox })]));
    if (v.aadTenantId !== undefined && !isGuid(v.aadTenantId)) out.push(issue('aadTenantId', 'GuidRequired', 'The Azure AD tenant id is a GUID.'));
    if (v.aadApplicationId !== undefined && !isGuid(v.aadApplicationId)) out.push(issue('aadApplicationId', 'GuidRequired', 'The Azure AD application id is a GUID.'));
    if (isGuid(v.aadTenantId) && isGuid(v.aadApplicationId) && !(await ctx.isAccountApp(v.aadTenantId, v.aadApplicationId)))
      out.push(issue('aadApplicationId', 'NotAnAccountApp', 'The tenant id and application id must be an app registration of this publisher account (Account settings → Users → Applications).'));
    return out;
  },
  missing(v) {
    const out: Issue[] = [];
    if (!present(v.landingPageUrl)) out.push(issue('landingPageUrl', 'Required', 'The landing page URL is required.'));
    if (!present(v.connectionWebhookUrl)) out.push(issue('connectionWebhookUrl', 'Required', 'The connection webhook is required.'));
    if (!present(v.aadTenantId)) out.push(issue('aadTenantId', 'Required', 'The Azure AD tenant id is required.'));
    if (!present(v.aadApplicationId)) out.push(issue('aadApplicationId', 'Required', 'The Azure AD application id is required.'));
    return out;
  },
};

export const SAAS_TABS = [setupTab, propertiesTab, listingTab, previewAudienceTab, technicalConfigurationTab] as unknown as readonly TabDefinition[];
