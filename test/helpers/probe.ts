import type { FastifyInstance } from 'fastify';
import { MARKETPLACE_API_RESOURCE } from '../../server/src/modules/identity/index.js';
import { marketplaceScope } from '../../server/src/platform/http/index.js';

/**
 * A probe route guarded the way the fulfillment and metering routes are: a marketplace scope and
 * `{ bearer: MARKETPLACE_API_RESOURCE, publisher: true }`. It answers with the caller it authenticated.
 */
export async function marketplaceProbe(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    marketplaceScope(scope);
    scope.get('/api/probe/whoami', {
      config: { permission: { bearer: MARKETPLACE_API_RESOURCE, publisher: true } },
      schema: { operationId: 'probeWhoami', hide: true },
      handler: async (request) => request.principal,
    });
  });
}
