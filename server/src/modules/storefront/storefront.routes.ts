import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { browse, facets, type BrowseQuery } from './browse.service.js';
import { offerMedia, offerPage } from './offer-page.service.js';
import { BrowsePageSchema, BrowseQuerySchema, FacetsQuerySchema, FacetsSchema, MediaParams, OfferParams, OfferQuerySchema, SHARED_SCHEMAS } from './storefront.schemas.js';
import type { StorefrontDeps } from './storefront.types.js';
import { ANONYMOUS, type Visitor } from './visibility.js';

const errors = { 400: { $ref: 'Error#' }, 404: { $ref: 'Error#' } };
const PUBLIC = { permission: 'public' as const };

/** A signed-in person (session cookie) sees their preview offers and private plans; anyone else is anonymous. */
function visitorOf(request: FastifyRequest): Visitor {
  const p = request.principal;
  return p?.kind === 'user' ? { email: p.email.toLowerCase(), tenantId: p.tenantId.toLowerCase() } : ANONYMOUS;
}

type OfferP = { accountId: string; offerId: string };

/** The public storefront API: browse and search, filter counts, listing pages and their files. */
export async function storefrontRoutes(app: FastifyInstance, deps: StorefrontDeps): Promise<void> {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(agoraErrorHandler);

  app.get('/api/store/offers', {
    config: PUBLIC,
    schema: {
      operationId: 'searchStoreOffers',
      tags: ['storefront'],
      summary: 'Browse and search the offers on the storefront (by store, category, industry, offer type), sorted and paged',
      querystring: BrowseQuerySchema,
      response: { 200: BrowsePageSchema, ...errors },
    },
    handler: async (request) => {
      const q = request.query as Omit<BrowseQuery, 'page' | 'pageSize' | 'market'> & { page: number; pageSize: number; market: string };
      return unwrap(await browse(deps, deps.db, visitorOf(request), { ...q, market: q.market.toUpperCase() }));
    },
  });

  app.get('/api/store/facets', {
    config: PUBLIC,
    schema: {
      operationId: 'getStoreFacets',
      tags: ['storefront'],
      summary: 'How many offers each store, offer type, category and industry has, given the other filters',
      querystring: FacetsQuerySchema,
      response: { 200: FacetsSchema, ...errors },
    },
    handler: async (request) => unwrap(await facets(deps, deps.db, visitorOf(request), request.query as Omit<BrowseQuery, 'page' | 'pageSize' | 'market'>)),
  });

  app.get('/api/store/offers/:accountId/:offerId', {
    config: PUBLIC,
    schema: {
      operationId: 'getStoreOffer',
      tags: ['storefront'],
      summary: "An offer's listing page: overview, media, plans with prices in the visitor's market, and the buttons its listing option allows",
      params: OfferParams,
      querystring: OfferQuerySchema,
      response: { 200: { $ref: 'StoreOfferPage#' }, ...errors },
    },
    handler: async (request) => {
      const p = request.params as OfferP;
      const { market } = request.query as { market: string };
      return unwrap(await offerPage(deps, deps.db, visitorOf(request), p.accountId, p.offerId, market.toUpperCase()));
    },
  });

  app.get('/api/store/offers/:accountId/:offerId/media/:mediaId', {
    config: PUBLIC,
    schema: {
      operationId: 'getStoreOfferMedia',
      tags: ['storefront'],
      summary: "A file the offer's published listing names (logo, screenshot, video thumbnail, supporting document)",
      params: MediaParams,
      response: errors,
    },
    handler: async (request, reply) => {
      const p = request.params as OfferP & { mediaId: string };
      const visitor = visitorOf(request);
      const file = unwrap(await offerMedia(deps, deps.db, visitor, p.accountId, p.offerId, p.mediaId));
      // A file id never changes content; what anyone may see is cached publicly, what only this visitor sees is not.
      const cache = file.version === 'live' && visitor === ANONYMOUS ? 'public, max-age=3600' : 'private, max-age=300';
      return reply.type(file.contentType).header('cache-control', cache).header('x-content-type-options', 'nosniff').send(file.bytes);
    },
  });
}
