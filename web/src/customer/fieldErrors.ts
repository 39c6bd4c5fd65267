import { ApiError } from '../ui/index.js';

/**
 * Spreads a server error over a form's fields: the platform's envelope names the field in `target` ("quantity"), and
 * schema validation names it in its details ("body.quantity"). What names no field of the form stays general.
 */
export interface SplitError<F extends string> {
  fields: Partial<Record<F, string>>;
  /** The error to show above the form, or undefined when every part of it found its field. */
  general: unknown;
}

/** "body.quantity" → "quantity", "/body/planId" → "planId", "querystring.market" → "market". */
export function fieldOfTarget(target: string | undefined): string | undefined {
  if (!target) return undefined;
  const parts = target.split(/[./]/).filter(Boolean);
  if (parts[0] === 'body' || parts[0] === 'querystring' || parts[0] === 'params') parts.shift();
  return parts[0];
}

export function splitError<F extends string>(error: unknown, fields: readonly F[]): SplitError<F> {
  if (!(error instanceof ApiError)) return { fields: {}, general: error };
  const known = new Set<string>(fields);
  const out: Partial<Record<F, string>> = {};
  let unplaced = false;
  const place = (target: string | undefined, message: string) => {
    const field = fieldOfTarget(target);
    if (field && known.has(field)) {
      out[field as F] ??= message;
      return true;
    }
    return false;
  };
  if (error.details.length > 0) {
    for (const d of error.details) if (!place(d.target, d.message)) unplaced = true;
    // The top-level target, if any, is one of the details; an envelope with details but none placed stays general.
  } else if (!place(error.target, error.message)) unplaced = true;
  return { fields: out, general: unplaced ? error : undefined };
}
