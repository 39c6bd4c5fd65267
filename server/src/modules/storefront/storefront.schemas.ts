import { Type, type TSchema } from 'typebox';
import { OFFER_TYPES } from '../catalog/index.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Slug = (description: string) => Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$', description });
const Term = Type.Union([Type.Literal('P1M'), Type.Literal('P1Y')]);
const Store = Type.Union([Type.Literal('AppSource'), Type.Literal('AzureMarketplace')]);

const FilterProperties = {
  store: Type.Optional(Type.Union([Type.Literal('AppSource'), Type.Literal('AzureMarketplace')], { description: 'The online store: AppSource or AzureMarketplace (default: both).' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Search words: each must match (as a word prefix) the name, summary, keywords, description or publisher.' })),
  category: Type.Optional(Slug('A category id (in the chosen store, or in either store).')),
  subcategory: Type.Optional(Slug('A subcategory id of the category (needs category).')),
  industry: Type.Optional(Slug('An industry id.')),
  vertical: Type.Optional(Slug('A vertical id of the industry (needs industry).')),
  type: Type.Optional(Type.Union(Object.keys(OFFER_TYPES).map((k) => Type.Literal(k)), { description: 'The offer (product) type.' })),
};

export const BrowseQuerySchema = Type.Object(
  {
    ...FilterProperties,
    sort: Type.Optional(
      Type.Union([Type.Literal('relevance'), Type.Literal('name'), Type.Literal('newest')], {
        default: 'relevance',
        description: 'relevance (text rank with a boost for names that start with the query; by name without q), name, or newest (first listed).',
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    market: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', default: 'US', description: 'The visitor\'s market (ISO 3166 alpha-2): prices are in its currency.' })),
  },
  { additionalProperties: false },
);

export const FacetsQuerySchema = Type.Object(FilterProperties, { additionalProperties: false });

export const OfferParams = Type.Object({ accountId: Type.String({ maxLength: 36 }), offerId: Type.String({ maxLength: 50 }) });
export const MediaParams = Type.Object({ accountId: Type.String({ maxLength: 36 }), offerId: Type.String({ maxLength: 50 }), mediaId: Type.String({ maxLength: 36 }) });
export const OfferQuerySchema = Type.Object(
  { market: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', default: 'US', description: 'The visitor\'s market (ISO 3166 alpha-2).' })) },
  { additionalProperties: false },
);

const PricingSummarySchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('free'), Type.Literal('freeTrial'), Type.Literal('priceVaries'), Type.Literal('startingAt'), Type.Literal('notAvailable')]),
    text: Type.String({ description: 'e.g. "Starting at $49.00/month", "Free", "Price varies"' }),
    price: Nullable(Type.Object({ amount: Type.String(), currency: Type.String(), term: Term, perUser: Type.Boolean() })),
    freeTrial: Type.Boolean(),
  },
  { $id: 'StorePricingSummary' },
);

const OfferCardSchema = Type.Object(
  {
    accountId: Type.String(),
    offerId: Type.String(),
    offerType: Type.String(),
    version: Type.Union([Type.Literal('live'), Type.Literal('preview')]),
    name: Type.String(),
    publisherName: Type.String(),
    summary: Type.String(),
    stores: Type.Array(Store),
    categories: Type.Array(Type.Object({ store: Type.String(), categoryId: Type.String() })),
    industries: Type.Array(Type.String()),
    logoUrl: Nullable(Type.String()),
    pricing: Type.Ref('StorePricingSummary'),
    listedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'StoreOfferCard' },
);

export const BrowsePageSchema = Type.Object({
  offers: Type.Array(Type.Ref('StoreOfferCard')),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  market: Type.String(),
});

const Count = Type.Integer({ minimum: 0 });
export const FacetsSchema = Type.Object({
  stores: Type.Array(Type.Object({ store: Type.String(), count: Count })),
  offerTypes: Type.Array(Type.Object({ offerType: Type.String(), count: Count })),
  categories: Type.Array(Type.Object({ store: Type.String(), categoryId: Type.String(), count: Count, subcategories: Type.Array(Type.Object({ subcategoryId: Type.String(), count: Count })) })),
  industries: Type.Array(Type.Object({ industryId: Type.String(), count: Count, verticals: Type.Array(Type.Object({ verticalId: Type.String(), count: Count })) })),
});

const Included = Type.Union([Type.Integer(), Type.Literal('unlimited')]);
const PlanSchema = Type.Object({
  planId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
  pricingModel: Type.Union([Type.Literal('flatRate'), Type.Literal('perUser')]),
  freeTrial: Type.Boolean(),
  userLimits: Nullable(Type.Object({ min: Nullable(Type.Integer()), max: Nullable(Type.Integer()) })),
  stopPending: Type.Boolean({ description: 'Its stop was requested: sold until the offer is next published.' }),
  available: Type.Boolean({ description: 'Sold in the requested market.' }),
  pricing: Type.Object({
    currency: Nullable(Type.String()),
    terms: Type.Array(Type.Object({ term: Term, amount: Type.String(), text: Type.String(), paymentOption: Nullable(Type.Union([Type.Literal('upfront'), Type.Literal('monthly')])) })),
    dimensions: Type.Array(
      Type.Object({
        id: Type.String(),
        displayName: Type.String(),
        unitOfMeasure: Type.String(),
        included: Type.Object({ P1M: Type.Optional(Included), P1Y: Type.Optional(Included) }),
        prices: Type.Array(Type.Object({ term: Term, amount: Type.String({ description: 'Per unit of measure.' }), text: Type.String() })),
      }),
    ),
  }),
});

const Link = Type.Object({ title: Type.String(), url: Type.String() });
export const OfferPageSchema = Type.Object(
  {
    accountId: Type.String(),
    offerId: Type.String(),
    offerType: Type.String(),
    version: Type.Union([Type.Literal('live'), Type.Literal('preview')]),
    name: Type.String(),
    publisherName: Type.String(),
    summary: Type.String(),
    shortDescription: Nullable(Type.String()),
    descriptionHtml: Type.String({ description: 'Sanitized HTML (the allowed tags only).' }),
    gettingStarted: Nullable(Type.String()),
    appVersion: Nullable(Type.String()),
    stores: Type.Array(Store),
    categories: Type.Array(Type.Object({ store: Type.String(), categoryId: Type.String(), subcategoryIds: Type.Array(Type.String()) })),
    industries: Type.Array(Type.Object({ industryId: Type.String(), verticalIds: Type.Array(Type.String()) })),
    logos: Type.Object({ large: Nullable(Type.String()), medium: Nullable(Type.String()), small: Nullable(Type.String()) }),
    screenshots: Type.Array(Type.Object({ url: Type.String(), caption: Nullable(Type.String()) })),
    videos: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), thumbnailUrl: Type.String() })),
    supportingDocuments: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
    links: Type.Object({ privacyPolicyUrl: Nullable(Type.String()), supportUrl: Nullable(Type.String()), usefulLinks: Type.Array(Link) }),
    legal: Type.Object({
      contract: Nullable(Type.Union([Type.Literal('StandardContract'), Type.Literal('CustomTerms')])),
      universalAmendment: Nullable(Type.String()),
      termsAndConditions: Nullable(Type.String()),
    }),
    transactable: Type.Boolean(),
    listingOption: Nullable(Type.String()),
    market: Type.Object({ code: Type.String(), currency: Nullable(Type.String()) }),
    markets: Type.Array(Type.Object({ code: Type.String(), currency: Type.String() })),
    pricing: Type.Ref('StorePricingSummary'),
    plans: Type.Array(PlanSchema),
    actions: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('GetItNow'), Type.Literal('FreeTrial'), Type.Literal('TestDrive'), Type.Literal('ContactMe')]),
        label: Type.String(),
        planId: Nullable(Type.String({ description: 'Transactable offers: the plan the purchase starts with.' })),
        url: Nullable(Type.String({ description: "Listing-only Get it now (Free) and Free trial: the publisher's page." })),
      }),
    ),
  },
  { $id: 'StoreOfferPage' },
);

export const SHARED_SCHEMAS = [PricingSummarySchema, OfferCardSchema, OfferPageSchema];
