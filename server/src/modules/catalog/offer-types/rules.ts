import { issue, type Issue } from '../offer-type.js';

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isGuid = (v: unknown): v is string => typeof v === 'string' && GUID.test(v);
export const present = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

/** An absolute https URL (or, in sandbox mode, http on a loopback host, for ISVs testing locally). */
export function httpsProblem(value: string, target: string, label: string, opts: { sandbox?: boolean; noFragment?: boolean } = {}): Issue | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue(target, 'UrlInvalid', `${label} must be an absolute URL.`);
  }
  const loopbackHttp = opts.sandbox === true && url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return issue(target, 'HttpsRequired', `${label} must start with https://.`);
  if (opts.noFragment && value.includes('#')) return issue(target, 'FragmentNotAllowed', `${label} must not contain "#".`);
  return undefined;
}

/** An absolute http or https URL. */
export function httpProblem(value: string, target: string, label: string): Issue | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return issue(target, 'UrlInvalid', `${label} must be an absolute URL beginning with http or https.`);
}

export function emailProblem(value: string, target: string, label: string): Issue | undefined {
  return value.length <= 254 && EMAIL.test(value.trim()) ? undefined : issue(target, 'EmailInvalid', `${label} must be an email address.`);
}

/** Duplicates in a list by key, as issues on the later occurrences. */
export function duplicates<T>(items: readonly T[], key: (item: T) => string, target: (i: number) => string, label: string): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) out.push(issue(target(i), 'Duplicate', `${label} "${k}" appears more than once.`));
    seen.add(k);
  });
  return out;
}

export const compact = (issues: (Issue | undefined)[]): Issue[] => issues.filter((i): i is Issue => i !== undefined);
