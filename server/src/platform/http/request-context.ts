import type { FastifyInstance } from 'fastify';
import { newGuid } from '../ids.js';

const SAFE_ID = /^[\x21-\x7e]{1,128}$/;

/** A client-supplied id header, if it is a short printable token; otherwise a fresh GUID. */
export function idFromHeader(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && SAFE_ID.test(v) ? v : newGuid();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** `x-ms-correlationid`: echoed when the client sent one, generated otherwise. */
    correlationId: string;
  }
}

/**
 * Request and correlation ids as the marketplace APIs define them: `x-ms-requestid` and `x-ms-correlationid` are
 * echoed when given and generated when absent, on every response. The request id is also Fastify's `request.id`, so it
 * is on every log line.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = idFromHeader(request.headers['x-ms-correlationid']);
    reply.header('x-ms-requestid', request.id);
    reply.header('x-ms-correlationid', request.correlationId);
  });
}
