import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isGuid } from '../../platform/ids.js';
import { aad, aadErrorBody, type AadError } from './aad-error.js';
import { findTenant } from './directory.store.js';
import type { Keyring } from './keyring.js';
import { issueClientCredentialsToken, issuerFor, type TokenDeps, type TokenVersion } from './token.service.js';

const AadErrorSchema = Type.Object(
  {
    error: Type.String(),
    error_description: Type.String(),
    error_codes: Type.Array(Type.Integer()),
    timestamp: Type.String(),
    trace_id: Type.String(),
    correlation_id: Type.String(),
    error_uri: Type.String(),
  },
  { $id: 'AadError' },
);

const TokenV1Schema = Type.Object({
  token_type: Type.Literal('Bearer'),
  expires_in: Type.String(),
  ext_expires_in: Type.String(),
  expires_on: Type.String(),
  not_before: Type.String(),
  resource: Type.String(),
  access_token: Type.String(),
});

const TokenV2Schema = Type.Object({
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  ext_expires_in: Type.Integer(),
  access_token: Type.String(),
});

const TokenBody = Type.Object(
  {
    grant_type: Type.String({ description: 'Must be client_credentials.' }),
    client_id: Type.String({ description: 'The application (client) id.' }),
    client_secret: Type.String(),
    resource: Type.Optional(Type.String({ description: 'v1 only: the resource, 20e940b3-4c77-4b0b-9a53-9e16a1b010a7 for the marketplace APIs.' })),
    scope: Type.Optional(Type.String({ description: 'v2 only: <resource>/.default.' })),
  },
  { additionalProperties: true },
);

const TenantParams = Type.Object({ tenant: Type.String({ description: 'Tenant id (GUID) or the tenant\'s domain name.' }) });

/** Parses an application/x-www-form-urlencoded body into lower-cased parameter names (repeats kept, to be refused). */
function formParams(contentType: string | undefined, body: unknown): Map<string, string[]> {
  const params = new Map<string, string[]>();
  if (typeof body !== 'string' || !contentType || !/^application\/x-www-form-urlencoded\b/i.test(contentType)) return params;
  for (const [name, value] of new URLSearchParams(body)) {
    const key = name.toLowerCase();
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

export interface OAuthDeps extends TokenDeps {
  keyring: Keyring;
}

/**
 * Azure AD-compatible token endpoints (v1 and v2 client credentials), OpenID discovery and JWKS, so that Microsoft's
 * own libraries and existing ISV code can use Agora as their authority.
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  app.addSchema(AadErrorSchema);
  // Token requests are forms; take any body as text and read it as a form only when it says it is one, so that a
  // malformed request gets Azure AD's own error rather than a parser's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

  const sendAad = (request: FastifyRequest, reply: FastifyReply, error: AadError) =>
    reply
      .status(error.status)
      .header('cache-control', 'no-store')
      .send(aadErrorBody(error, { traceId: request.id, correlationId: request.correlationId, now: deps.securityClock.now() }));

  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return sendAad(request, reply, { status: 400, error: 'invalid_request', code: 90020, description: 'The request body is too large.' });
    request.log.error({ err: error }, 'token endpoint failed');
    return reply.status(500).send(aadErrorBody({ status: 400, error: 'invalid_request', code: 90033, description: 'A transient error has occurred. Please try again.' }, {
      traceId: request.id,
      correlationId: request.correlationId,
      now: deps.securityClock.now(),
    }));
  });

  const tokenRoute = (version: TokenVersion) => async (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    const params = formParams(request.headers['content-type'], request.body);
    const result = await issueClientCredentialsToken(deps, request.params.tenant, params, version);
    if (!result.ok) return sendAad(request, reply, result.error);
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(result.value);
  };

  const errorResponses = { 400: { $ref: 'AadError#' }, 401: { $ref: 'AadError#' } };
  app.post('/:tenant/oauth2/token', {
    config: { permission: 'public' },
    schema: {
      operationId: 'tokenV1',
      tags: ['identity'],
      summary: 'Client-credentials token, Azure AD v1 endpoint (resource=)',
      consumes: ['application/x-www-form-urlencoded'],
      params: TenantParams,
      body: TokenBody,
      response: { 200: TokenV1Schema, ...errorResponses },
    },
    // The body is documented above but validated by the handler, which answers in Azure AD's error format.
    validatorCompiler: () => () => true,
    handler: tokenRoute('v1'),
  });
  app.post('/:tenant/oauth2/v2.0/token', {
    config: { permission: 'public' },
    schema: {
      operationId: 'tokenV2',
      tags: ['identity'],
      summary: 'Client-credentials token, Azure AD v2 endpoint (scope=<resource>/.default)',
      consumes: ['application/x-www-form-urlencoded'],
      params: TenantParams,
      body: TokenBody,
      response: { 200: TokenV2Schema, ...errorResponses },
    },
    validatorCompiler: () => () => true,
    handler: tokenRoute('v2'),
  });

  /** Resolves the tenant of a discovery request: a tenant id or domain, or one of the multi-tenant aliases. */
  const discoveryTenant = async (tenant: string): Promise<string | undefined | null> => {
    if (['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) return null;
    const row = await findTenant(deps.db, tenant);
    return row?.tenant_id;
  };

  const discovery = (version: TokenVersion) => async (request: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    const tenant = request.params.tenant;
    if (!isGuid(tenant) && !/^[a-z0-9.-]+$/i.test(tenant)) return sendAad(request, reply, aad.badTenantFormat(tenant));
    const tid = await discoveryTenant(tenant);
    if (tid === undefined) return sendAad(request, reply, aad.tenantNotFound(tenant));
    const base = deps.publicUrl;
    const t = tid ?? tenant.toLowerCase();
    const issuer = issuerFor(base, tid ?? '{tenantid}', version);
    const v = version === 'v2' ? '/v2.0' : '';
    return reply.header('cache-control', 'max-age=86400, private').send({
      token_endpoint: `${base}/${t}/oauth2${v}/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      jwks_uri: `${base}/${t}/discovery${v}/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      grant_types_supported: ['client_credentials'],
      issuer,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/${t}/oauth2${v}/authorize`,
      end_session_endpoint: `${base}/${t}/oauth2${v}/logout`,
      http_logout_supported: false,
      frontchannel_logout_supported: false,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'appid', 'azp', 'ver'],
      tenant_region_scope: null,
      cloud_instance_name: new URL(base).host,
      ...(version === 'v1' ? { microsoft_multi_refresh_token: true } : {}),
    });
  };

  const discoverySchema = (operationId: string, summary: string) => ({
    operationId,
    tags: ['identity'],
    summary,
    params: TenantParams,
    response: { 200: Type.Object({ issuer: Type.String(), token_endpoint: Type.String(), jwks_uri: Type.String() }, { additionalProperties: true }), 400: { $ref: 'AadError#' } },
  });
  app.get('/:tenant/.well-known/openid-configuration', { config: { permission: 'public' }, schema: discoverySchema('openidConfigurationV1', 'OpenID discovery document, v1'), handler: discovery('v1') });
  app.get('/:tenant/v2.0/.well-known/openid-configuration', { config: { permission: 'public' }, schema: discoverySchema('openidConfigurationV2', 'OpenID discovery document, v2'), handler: discovery('v2') });

  const Jwks = Type.Object({ keys: Type.Array(Type.Object({ kty: Type.String(), use: Type.String(), kid: Type.String(), x5t: Type.String(), n: Type.String(), e: Type.String(), alg: Type.String() })) });
  const jwks = async (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'max-age=3600, public').send(await deps.keyring.jwks());
  app.get('/:tenant/discovery/keys', { config: { permission: 'public' }, schema: { operationId: 'jwksV1', tags: ['identity'], summary: 'Signing keys (JWKS), v1 path', params: TenantParams, response: { 200: Jwks } }, handler: jwks });
  app.get('/:tenant/discovery/v2.0/keys', { config: { permission: 'public' }, schema: { operationId: 'jwksV2', tags: ['identity'], summary: 'Signing keys (JWKS), v2 path', params: TenantParams, response: { 200: Jwks } }, handler: jwks });

  // Interactive sign-in is Agora's own (the web app's sign-in page); the authorize endpoint that discovery names says so
  // in Azure AD's error format instead of pretending to support it.
  const authorize = async (request: FastifyRequest, reply: FastifyReply) =>
    sendAad(request, reply, { status: 400, error: 'invalid_request', code: 700054, description: 'Interactive authorization is not offered by this authority; use the client credentials grant, or sign in to Agora at /signin.' });
  for (const v of ['', '/v2.0']) {
    app.get(`/:tenant/oauth2${v}/authorize`, { config: { permission: 'public' }, schema: { operationId: `authorize${v ? 'V2' : 'V1'}`, tags: ['identity'], summary: 'Not offered: answers with an Azure AD error', params: TenantParams, response: { 400: { $ref: 'AadError#' } } }, handler: authorize });
    app.get(`/:tenant/oauth2${v}/logout`, { config: { permission: 'public' }, schema: { operationId: `logout${v ? 'V2' : 'V1'}`, tags: ['identity'], summary: 'Front-channel logout: returns to the storefront (Agora sessions end with POST /api/auth/sign-out)', params: TenantParams }, handler: async (_req, reply) => reply.redirect('/') });
  }
}
