import type { AccountNotification, Inbox } from './types.js';

/** How the inbox reads: its URLs and pages, the nav badge, links it may follow, and local read updates. */

export const PAGE_SIZE = 20;

export interface InboxView {
  unread: boolean;
  /** 1-based. */
  page: number;
}

/** The view of the page's query string: `?unread=1&page=2`; anything else is the first page of all. */
export function viewOf(search: URLSearchParams): InboxView {
  const page = Number(search.get('page'));
  return { unread: search.get('unread') === '1', page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1 };
}

export function inboxUrl(accountId: string, view: InboxView, size = PAGE_SIZE): string {
  const q = new URLSearchParams({ top: String(size), skip: String((view.page - 1) * size) });
  if (view.unread) q.set('unread', 'true');
  return `/api/accounts/${encodeURIComponent(accountId)}/notifications?${q.toString()}`;
}

/** The unread count only (the nav badge). */
export const unreadUrl = (accountId: string): string => `/api/accounts/${encodeURIComponent(accountId)}/notifications?unread=true&top=1`;

export function pageHref(view: InboxView): string {
  const q = new URLSearchParams();
  if (view.unread) q.set('unread', '1');
  if (view.page > 1) q.set('page', String(view.page));
  const s = q.toString();
  return `/partner/notifications${s ? `?${s}` : ''}`;
}

export const pageCount = (total: number, size = PAGE_SIZE): number => Math.max(1, Math.ceil(total / size));

/** The nav badge: nothing for 0, the count up to 99, then "99+". */
export const badgeText = (count: number): string => (count <= 0 ? '' : count > 99 ? '99+' : String(count));

/**
 * A notification's link if the portal can follow it: a path under /partner (never another site, even when the data
 * says otherwise).
 */
export function portalLink(link: string | null | undefined): string | undefined {
  if (!link || !/^\/partner(?:[/?#]|$)/.test(link) || /[\s\\]/.test(link)) return undefined;
  return link;
}

const KINDS: Record<string, string> = { anomalyDetected: 'Usage anomaly' };

/** A kind for people: its label, else its words ("payoutSent" → "Payout sent"). */
export const kindLabel = (kind: string): string =>
  KINDS[kind] ??
  kind
    .replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .replace(/^./, (c) => c.toUpperCase());

/** The inbox after one notification was read (as the server answered it). */
export function withRead(inbox: Inbox, read: AccountNotification): Inbox {
  const before = inbox.items.find((n) => n.notificationId === read.notificationId);
  if (!before) return inbox;
  return {
    ...inbox,
    items: inbox.items.map((n) => (n.notificationId === read.notificationId ? read : n)),
    unreadCount: !before.read && read.read ? Math.max(0, inbox.unreadCount - 1) : inbox.unreadCount,
  };
}

/** The inbox after "mark all as read". */
export function withAllRead(inbox: Inbox, at: string): Inbox {
  return { ...inbox, unreadCount: 0, items: inbox.items.map((n) => (n.read ? n : { ...n, read: true, readAt: at })) };
}

/** Tells the nav badge the unread count changed (it reads it again). */
export const INBOX_CHANGED = 'agora:inbox-changed';

export function announceInboxChange(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(INBOX_CHANGED));
}
