import type { WebhookAttempt } from './types.js';

/** How the delivery log reads: status labels, the subscription filter, and what an attempt's detail says. */

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: 'Retrying', tone: 'warn' },
  running: { label: 'Sending', tone: 'info' },
  done: { label: 'Delivered', tone: 'good' },
  dead: { label: 'Failed', tone: 'bad' },
};

export function deliveryStatus(status: string, attempts: number): { label: string; tone: Tone } {
  if (status === 'pending' && attempts === 0) return { label: 'Queued', tone: 'info' };
  return STATUS[status] ?? { label: status, tone: 'neutral' };
}

/** While a delivery is still being attempted, its page reads it again every few seconds, for a while. */
export const WATCH_INTERVAL_MS = 3_000;
export const WATCH_FOR_MS = 120_000;

export const shouldWatch = (status: string, now: number, until: number): boolean => (status === 'pending' || status === 'running') && now < until;

/** A delivery can be sent again once it has finished: delivered or given up (the server answers 409 otherwise). */
export const canReplay = (status: string): boolean => status === 'done' || status === 'dead';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subscription filter as typed: '' (none), a subscription id (lower case), or undefined when it is not one. */
export function subscriptionFilter(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return '';
  return GUID.test(t) ? t.toLowerCase() : undefined;
}

export const TOP_CHOICES = [25, 50, 100, 200] as const;

/** The `top` of the query string, when it is one of the choices; else 50 (the server's default). */
export function topOf(value: string | null): number {
  const n = Number(value);
  return (TOP_CHOICES as readonly number[]).includes(n) ? n : 50;
}

export function listUrl(accountId: string, subscriptionId: string, top: number): string {
  const q = new URLSearchParams({ top: String(top) });
  if (subscriptionId) q.set('subscriptionId', subscriptionId);
  return `/api/accounts/${encodeURIComponent(accountId)}/webhooks?${q.toString()}`;
}

/** The page's own URL for a filter (so it can be shared and reloaded). */
export function pageHref(subscriptionId: string, top: number): string {
  const q = new URLSearchParams();
  if (subscriptionId) q.set('subscriptionId', subscriptionId);
  if (top !== 50) q.set('top', String(top));
  const s = q.toString();
  return `/partner/webhooks${s ? `?${s}` : ''}`;
}

/** The HTTP status and response excerpt an attempt recorded, if it got an answer. */
export function attemptResponse(attempt: Pick<WebhookAttempt, 'detail'>): { status?: number; response?: string; url?: string } {
  const d = attempt.detail;
  if (!d || typeof d !== 'object') return {};
  const { status, response, url } = d as { status?: unknown; response?: unknown; url?: unknown };
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof response === 'string' ? { response } : {}),
    ...(typeof url === 'string' ? { url } : {}),
  };
}

/** "120 ms", "1.5 s", or '' while the attempt runs. */
export function attemptDuration(attempt: Pick<WebhookAttempt, 'startedAt' | 'finishedAt'>): string {
  if (!attempt.finishedAt) return '';
  const ms = Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
