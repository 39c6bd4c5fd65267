import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { toAppError } from './error-envelope.js';

/** The only api-version of the SaaS Fulfillment v2 and Metering APIs. */
export const MARKETPLACE_API_VERSION = '2018-08-31';

/** The marketplace APIs' error body (the reference's metering error, used by both APIs). */
export interface MarketplaceError {
  message: string;
  target: string;
  details: { message: string; target: string; code: string }[];
  code: string;
}

export function marketplaceError(code: string, message: string, target: string, details: MarketplaceError['details'] = []): MarketplaceError {
  return { message, target, details, code };
}

async function marketplaceErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const e = toAppError(error);
  // Every authentication or authorization failure is 403, never 401 (the reference, L25427).
  if (e.status === 401 || e.status === 403) {
    await reply.status(403).send(marketplaceError('Forbidden', e.message, 'Authorization'));
    return;
  }
  if (e.status >= 500) {
    request.log.error({ err: error }, 'marketplace API request failed');
    await reply.status(500).send(marketplaceError('InternalServerError', 'Internal server error. Retry the API call.', 'request'));
    return;
  }
  const details = (e.details ?? []).map((d) => ({ message: d.message, target: d.target ?? e.target ?? 'request', code: e.code === 'ValidationFailed' ? 'BadArgument' : d.code }));
  const code = e.code === 'ValidationFailed' || e.code === 'BadRequest' ? 'BadArgument' : e.code;
  await reply.status(e.status).send(marketplaceError(code, details.length ? 'One or more errors have occurred.' : e.message, e.target ?? 'request', details.length ? details : []));
}

/**
 * Makes a plugin scope speak the marketplace APIs' dialect: their error body, 403 for every auth failure, and the
 * `api-version` query parameter required and checked before anything else.
 */
export function marketplaceScope(scope: FastifyInstance): void {
  scope.setErrorHandler(marketplaceErrorHandler);
  scope.addHook('onRequest', async (request) => {
    const version = (request.query as Record<string, unknown> | undefined)?.['api-version'];
    if (version !== MARKETPLACE_API_VERSION)
      throw new AppError(400, 'BadArgument', version === undefined ? `The api-version query parameter is required; use ${MARKETPLACE_API_VERSION}.` : `The api-version "${String(version)}" is not supported; use ${MARKETPLACE_API_VERSION}.`, { target: 'api-version' });
  });
}
