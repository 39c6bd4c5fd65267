import { describe, expect, it } from 'vitest';
import { badgeText, inboxUrl, kindLabel, pageCount, pageHref, portalLink, unreadUrl, viewOf, withAllRead, withRead } from './inbox.js';
import type { AccountNotification, Inbox } from './types.js';

const note = (id: string, read: boolean): AccountNotification => ({
  notificationId: id,
  kind: 'anomalyDetected',
  subject: `S ${id}`,
  body: '',
  link: null,
  data: {},
  createdAt: '2026-03-12T02:00:00.000Z',
  read,
  readAt: read ? '2026-03-12T03:00:00.000Z' : null,
});

describe('the inbox', () => {
  it('reads its view from the query string and writes it back', () => {
    expect(viewOf(new URLSearchParams(''))).toEqual({ unread: false, page: 1 });
    expect(viewOf(new URLSearchParams('unread=1&page=3'))).toEqual({ unread: true, page: 3 });
    for (const bad of ['page=0', 'page=-2', 'page=1.5', 'page=x', 'page=1e9']) expect(viewOf(new URLSearchParams(bad)).page).toBe(1);
    expect(viewOf(new URLSearchParams('unread=true')).unread).toBe(false);
    expect(pageHref({ unread: false, page: 1 })).toBe('/partner/notifications');
    expect(pageHref({ unread: true, page: 2 })).toBe('/partner/notifications?unread=1&page=2');
  });

  it('pages the API', () => {
    expect(inboxUrl('a/b', { unread: false, page: 1 })).toBe('/api/accounts/a%2Fb/notifications?top=20&skip=0');
    expect(inboxUrl('acc', { unread: true, page: 3 }, 10)).toBe('/api/accounts/acc/notifications?top=10&skip=20&unread=true');
    expect(unreadUrl('acc')).toBe('/api/accounts/acc/notifications?unread=true&top=1');
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20)).toBe(1);
    expect(pageCount(21)).toBe(2);
  });

  it('badges the unread count', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-1)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });

  it('follows links into the portal only', () => {
    expect(portalLink('/partner/usage/anomalies?anomalyId=1')).toBe('/partner/usage/anomalies?anomalyId=1');
    expect(portalLink('/partner')).toBe('/partner');
    for (const bad of [null, undefined, '', 'https://evil.example/partner', '//evil.example/partner', '/partnerx', '/admin', '/partner/\\evil', '/partner/a b', 'javascript:alert(1)'])
      expect(portalLink(bad)).toBeUndefined();
  });

  it('names the kinds', () => {
    expect(kindLabel('anomalyDetected')).toBe('Usage anomaly');
    expect(kindLabel('payoutSent')).toBe('Payout sent');
  });

  it('updates the counts when something is read', () => {
    const inbox: Inbox = { items: [note('a', false), note('b', true)], unreadCount: 5, total: 9 };
    const readA = { ...note('a', true), readAt: '2026-03-13T00:00:00.000Z' };
    expect(withRead(inbox, readA)).toEqual({ items: [readA, note('b', true)], unreadCount: 4, total: 9 });
    // Already read, or not on this page: the count stays.
    expect(withRead(inbox, note('b', true)).unreadCount).toBe(5);
    expect(withRead(inbox, note('z', true))).toBe(inbox);
    const all = withAllRead(inbox, '2026-03-14T00:00:00.000Z');
    expect(all.unreadCount).toBe(0);
    expect(all.items.map((n) => [n.read, n.readAt])).toEqual([
      [true, '2026-03-14T00:00:00.000Z'],
      [true, '2026-03-12T03:00:00.000Z'],
    ]);
  });
});
