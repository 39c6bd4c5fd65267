import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { unwrap } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import type { CatalogDeps } from './catalog.types.js';
import { MAX_DOCUMENT_BYTES } from './media/index.js';
import { listMedia, mediaFile, MEDIA_STATUS, uploadMedia } from './media.service.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 413: { $ref: 'Error#' }, 415: { $ref: 'Error#' }, 422: { $ref: 'Error#' } };
const MediaSchema = Type.Object({
  mediaId: Type.String(),
  kind: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  fileName: Type.Union([Type.String(), Type.Null()]),
  derivedFrom: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const UploadedMediaSchema = Type.Object({
  ...MediaSchema.properties,
  derived: Type.Optional(Type.Array(MediaSchema, { description: 'With a Large logo: the Medium (90×90) and Small (48×48) logos made from it' })),
});
const OfferParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }) });

/** Listing files: upload (the raw file as the body), list, download. */
export async function mediaRoutes(app: FastifyInstance, deps: CatalogDeps): Promise<void> {
  app.setErrorHandler(agoraErrorHandler);
  // The body is the file itself, whatever it claims to be: its bytes decide.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES + 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/accounts/:accountId/offers/:offerId/media', {
    config: { permission: { account: true, action: 'offers.write' } },
    bodyLimit: MAX_DOCUMENT_BYTES + 1024,
    schema: {
      operationId: 'uploadOfferMedia',
      tags: ['catalog'],
      summary: 'Upload a listing file (the body is the file): large logo PNG 216–350 px square, screenshot or video thumbnail PNG 1280×720, supporting document PDF',
      params: OfferParams,
      querystring: Type.Object({
        kind: Type.String({ description: 'logoLarge | logoMedium | logoSmall | screenshot | videoThumbnail | supportingDocument' }),
        fileName: Type.Optional(Type.String({ maxLength: 255 })),
      }),
      response: { 201: UploadedMediaSchema, ...errors },
    },
    validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? () => true : undefined) as never,
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; offerId: string };
      const q = request.query as { kind: string; fileName?: string };
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const media = unwrap(await uploadMedia(deps.db, deps.storage, deps.clock.now(), p.accountId, p.offerId, { kind: q.kind, bytes, fileName: q.fileName }), MEDIA_STATUS);
      return reply.status(201).send(media);
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/media', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: { operationId: 'listOfferMedia', tags: ['catalog'], params: OfferParams, response: { 200: Type.Object({ media: Type.Array(MediaSchema) }), ...errors } },
    handler: async (request) => {
      const p = request.params as { accountId: string; offerId: string };
      return { media: unwrap(await listMedia(deps.db, p.accountId, p.offerId)) };
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/media/:mediaId', {
    config: { permission: { account: true, action: 'offers.read' } },
    schema: { operationId: 'getOfferMedia', tags: ['catalog'], summary: 'The file', params: Type.Object({ accountId: Type.String(), offerId: Type.String(), mediaId: Type.String() }), response: { ...errors } },
    handler: async (request, reply) => {
      const p = request.params as { accountId: string; offerId: string; mediaId: string };
      const file = unwrap(await mediaFile(deps.db, deps.storage, p.accountId, p.offerId, p.mediaId));
      return reply.type(file.contentType).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(file.bytes);
    },
  });
}
