/** The client for Agora's JSON APIs: same-origin, session cookie, the CSRF header on changes, typed errors. */

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** An API answer that was not a success, carrying the server's error envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, target?: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.target = target;
    this.details = details;
  }
}

let csrfToken: string | undefined;
let csrfRefresher: (() => Promise<string | undefined>) | undefined;

/** The session's CSRF token (from /api/me or sign-in), sent with every change. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** How to get a fresh CSRF token when the server says the one we have is stale (the session changed in another tab). */
export function onCsrfRefresh(refresh: () => Promise<string | undefined>): void {
  csrfRefresher = refresh;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** A JSON body (serialized here). */
  body?: unknown;
  /** A raw body sent as it is (a file upload); its content type comes from `contentType` or the Blob. */
  raw?: Blob | ArrayBuffer | string;
  contentType?: string;
  /** Extra headers, e.g. `if-match`. */
  headers?: Record<string, string>;
}

/** A successful answer: the parsed JSON (undefined for 204) and the response headers (e.g. `etag`). */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

async function send<T>(method: Method, path: string, options: RequestOptions, retried: boolean): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    const type = options.contentType ?? (options.raw instanceof Blob && options.raw.type ? options.raw.type : 'application/octet-stream');
    headers['content-type'] = type;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'NetworkError', 'Agora could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return { data: undefined as T, status: 204, headers: response.headers };
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return { data: json as T, status: response.status, headers: response.headers };

  const envelope = (json as { error?: { code?: unknown; message?: unknown; target?: unknown; details?: unknown } } | undefined)?.error;
  const error = new ApiError(
    response.status,
    typeof envelope?.code === 'string' ? envelope.code : `Http${response.status}`,
    typeof envelope?.message === 'string' ? envelope.message : `The server answered ${response.status} ${response.statusText}.`,
    typeof envelope?.target === 'string' ? envelope.target : undefined,
    Array.isArray(envelope?.details) ? (envelope.details as ErrorDetail[]) : [],
  );
  if (error.code === 'CsrfTokenInvalid' && !retried && csrfRefresher) {
    const fresh = await csrfRefresher();
    if (fresh) {
      csrfToken = fresh;
      return send<T>(method, path, options, true);
    }
  }
  throw error;
}

const data = <T>(method: Method, path: string, body: unknown) => send<T>(method, path, { body }, false).then((r) => r.data);

export const api = {
  get: <T>(path: string) => data<T>('GET', path, undefined),
  post: <T>(path: string, body?: unknown) => data<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => data<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => data<T>('PATCH', path, body),
  delete: <T = void>(path: string) => data<T>('DELETE', path, undefined),
  /** The full answer (data, status and headers), with extra headers or a raw body. */
  request: <T>(method: Method, path: string, options: RequestOptions = {}) => send<T>(method, path, options, false),
};

/**
 * Whether an error is the server saying it has no such route at all (a 404 from its not-found handler, "No route
 * for ..."), as opposed to a 404 about a missing resource: features whose API is still being built degrade on it.
 */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /^No route for /.test(error.message);
}

/** Builds a path from a template's segments, encoding each parameter. */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

// ---- The shapes the pages use (a subset of the OpenAPI schemas at /openapi.json) ----

export interface User {
  objectId: string;
  tenantId: string;
  email: string;
  displayName: string;
  userType: 'member' | 'guest';
  state: 'active' | 'invitation_pending' | 'disabled';
  isGlobalAdmin: boolean;
  isOperator: boolean;
}

export interface SessionInfo {
  user: User | null;
  csrfToken?: string;
  expiresAt?: string;
}

export interface MyAccount {
  accountId: string;
  publisherId: string;
  displayName: string;
  sellerId: string;
  tenantId: string;
  createdAt: string;
  roles: string[];
  actions: string[];
}

export interface MemberUser extends User {
  roles: string[];
}

export interface MemberGroup {
  objectId: string;
  tenantId: string;
  displayName: string;
  roles: string[];
  memberIds: string[];
}

export interface AppRegistration {
  appId: string;
  tenantId: string;
  objectId: string;
  displayName: string;
  replyUrl: string | null;
  appIdUri: string | null;
  createdAt: string;
}

export interface MemberApp extends AppRegistration {
  roles: string[];
}

export interface Members {
  users: MemberUser[];
  groups: MemberGroup[];
  apps: MemberApp[];
}

export interface ClientSecret {
  secretId: string;
  displayName: string;
  hint: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface NewClientSecret extends ClientSecret {
  /** The value: in this response only. */
  secret: string;
}

export interface AppDetail {
  app: AppRegistration;
  roles: string[];
  secrets: ClientSecret[];
}

export interface SentInvitation {
  invitationId: string;
  email: string;
  roles: string[];
  state: string;
  createdAt: string;
  expiresAt: string;
  acceptUrl: string;
}

export interface InvitationPreview {
  accountDisplayName: string;
  publisherId: string;
  email: string;
  roles: string[];
  needsPassword: boolean;
  expiresAt: string;
}

export interface ClockInfo {
  now: string;
  virtual: boolean;
  offsetMs: number;
}

export interface OutboxMessage {
  id: string;
  topic: string;
  payload: unknown;
  dedupeKey: string | null;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  replays: number;
  createdAt: string;
  completedAt: string | null;
}

export interface OutboxAttempt {
  attempt: number;
  worker: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string;
  error: string | null;
  detail: unknown;
}

/** The publisher roles (Partner Center's), in the order the portal lists them. */
export const ROLES = [
  { id: 'Owner', label: 'Owner', help: 'Everything, including finance and users.' },
  { id: 'Manager', label: 'Manager', help: 'Everything but finance: offers, users, apps.' },
  { id: 'Developer', label: 'Developer', help: 'Creates and submits offers; sees reports.' },
  { id: 'BusinessContributor', label: 'Business contributor', help: 'Pricing and business details; no submitting.' },
  { id: 'FinancialContributor', label: 'Financial contributor', help: 'Payout reports and payout settings.' },
  { id: 'Marketer', label: 'Marketer', help: 'Reviews, leads and reports.' },
] as const;

export const roleLabel = (id: string): string => ROLES.find((r) => r.id === id)?.label ?? id;
