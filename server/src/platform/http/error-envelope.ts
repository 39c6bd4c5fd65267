import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type DomainError } from '../errors.js';

/** Agora's own error body (portal, storefront and admin APIs): the OData-style envelope Azure APIs use. */
export interface ErrorEnvelope {
  error: { code: string; message: string; target?: string; details?: readonly DomainError[] };
}

export function envelope(error: AppError): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns whatever was thrown into an `AppError`: typed errors pass, schema and parser failures become 400s. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fe.validation) {
    const details = fe.validation.map((v) => {
      const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      const target = `${fe.validationContext ?? 'body'}${v.instancePath ?? ''}${missing}`.replace(/\//g, '.');
      return { code: 'ValidationFailed', message: `${target} ${v.message ?? 'is invalid'}`, target };
    });
    return new AppError(400, 'ValidationFailed', details.map((d) => d.message).join('; ') || 'The request is invalid.', { details });
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? 'PayloadTooLarge' : fe.statusCode === 415 ? 'UnsupportedMediaType' : fe.statusCode === 404 ? 'NotFound' : 'BadRequest';
    return new AppError(fe.statusCode, code, fe.message);
  }
  return new AppError(500, 'InternalError', 'An internal error occurred. Retry the request; if it persists, quote the x-ms-requestid header.');
}

export async function agoraErrorHandler(this: unknown, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  await reply.status(appError.status).send(envelope(appError));
}
