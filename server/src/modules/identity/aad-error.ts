/** An OAuth error in Azure AD's format, with its AADSTS code. */
export interface AadError {
  status: 400 | 401;
  error: 'invalid_request' | 'unsupported_grant_type' | 'invalid_client' | 'unauthorized_client' | 'invalid_resource' | 'invalid_scope';
  code: number;
  description: string;
}

export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export function aadErrorBody(e: AadError, ids: { traceId: string; correlationId: string; now: Date }): AadErrorBody {
  const timestamp = ids.now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.description} Trace ID: ${ids.traceId} Correlation ID: ${ids.correlationId} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    // Azure AD's own page explains every AADSTS code; clients only display this link.
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}

export const aad = {
  missingParameter: (name: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  duplicateParameter: (name: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 900145,
    description: `The request body contains the parameter '${name}' more than once.`,
  }),
  unsupportedGrant: (grant: string): AadError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grant}'.`,
  }),
  badTenantFormat: (tenant: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 900023,
    description: `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
  }),
  tenantNotFound: (tenant: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  tenantRequired: (): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 7000108,
    description: `The client credentials flow needs a tenant-specific endpoint; '/common', '/organizations' and '/consumers' cannot be used.`,
  }),
  badClientId: (clientId: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 700038,
    description: `${clientId} is not a valid application identifier.`,
  }),
  appNotFound: (clientId: string, tenant: string): AadError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  missingSecret: (): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description: `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
  }),
  badSecret: (clientId: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    description: `The provided client secret keys for app '${clientId}' are expired. Create new keys for your app, or consider using certificate credentials for added security.`,
  }),
  unknownResource: (resource: string, tenant: string): AadError => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    description: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  badScope: (scope: string): AadError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
};
