export { registerRequestContext, idFromHeader } from './request-context.js';
export { agoraErrorHandler, toAppError, envelope, type ErrorEnvelope } from './error-envelope.js';
export { registerAuth, bearerToken, type AuthDeps, type BearerVerifier } from './auth.js';
export type { Principal, UserPrincipal, AppPrincipal, Permission, AccountAuthorizer, SessionResolver } from './principal.js';
export { marketplaceScope, marketplaceError, MARKETPLACE_API_VERSION, type MarketplaceError } from './marketplace-api.js';
export { platformRoutes, type PlatformRouteDeps } from './platform.routes.js';
