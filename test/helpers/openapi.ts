import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Validates responses against Microsoft's official OpenAPI file of the SaaS Fulfillment API v2
 * (../shared/openapi/saasapi.v2.json): the status must be one the operation declares, a declared body must validate
 * against its schema, a body-less success must be empty, and the marketplace headers must be there.
 */

interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: { 'application/json'?: { schema: object } } }> }>>;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function loadOpenApi(file: string) {
  const doc = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as OpenApiDoc & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema(doc, 'openapi');

  const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => m !== 'parameters')
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^/api${path.replace(/\/$/, '').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
        op,
      })),
  );
  const validators = new Map<string, ValidateFunction>();

  /** Checks one response of the request `method url`; answers which operation it was. */
  function check(method: string, url: string, res: LightMyRequestResponse): string {
    const path = url.split('?')[0]!;
    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    expect(route, `${method} ${path} is not an operation of the OpenAPI file`).toBeDefined();
    const { op } = route!;
    const status = String(res.statusCode);
    expect(Object.keys(op.responses), `${op.operationId}: status ${status} is not declared (body: ${res.body})`).toContain(status);
    expect(res.headers['x-ms-requestid'], 'x-ms-requestid').toBeTruthy();
    expect(res.headers['x-ms-correlationid'], 'x-ms-correlationid').toBeTruthy();
    if (res.statusCode === 202) expect(res.headers['operation-location'], 'Operation-Location on a 202').toMatch(/\/api\/saas\/subscriptions\/[^/]+\/operations\/[^/?]+\?api-version=2018-08-31$/);
    const schema = op.responses[status]?.content?.['application/json']?.schema;
    if (schema) {
      const key = `${op.operationId}:${status}`;
      let validate = validators.get(key);
      if (!validate) {
        const ref = (schema as { $ref?: string }).$ref;
        validate = ref ? ajv.getSchema(`openapi${ref}`)! : ajv.compile(schema);
        validators.set(key, validate);
      }
      const body: unknown = res.json();
      expect(validate(body), `${op.operationId} ${status}: ${ajv.errorsText(validate.errors)}\n${res.body}`).toBe(true);
    } else if (res.statusCode < 300) {
      expect(res.body, `${op.operationId} ${status} has no body in the OpenAPI file`).toBe('');
    }
    return op.operationId;
  }
  return { check, operationIds: routes.map((r) => r.op.operationId) };
}

export const saasApi = () => loadOpenApi('../../../shared/openapi/saasapi.v2.json');
export const meteringApi = () => loadOpenApi('../../../shared/openapi/meteringapi.v1.json');
