import { useEffect, useState } from 'react';
import { api } from '../../ui/index.js';
import { INBOX_CHANGED, badgeText, unreadUrl } from './inbox.js';
import './notifications.css';

/** How often the badge reads the count while the page is open. */
const POLL_MS = 60_000;

/** The account's unread notifications for the signed-in person: read at once, every minute, on focus and on changes. */
export function useUnreadCount(accountId: string): number | undefined {
  const [count, setCount] = useState<number | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () => {
      api.get<{ unreadCount: number }>(unreadUrl(accountId)).then(
        (inbox) => {
          if (live) setCount(inbox.unreadCount);
        },
        // A failed read leaves the last count: the badge is a hint, the inbox page shows errors.
        () => undefined,
      );
    };
    load();
    const timer = window.setInterval(load, POLL_MS);
    const onFocus = () => load();
    window.addEventListener(INBOX_CHANGED, load);
    window.addEventListener('focus', onFocus);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(INBOX_CHANGED, load);
      window.removeEventListener('focus', onFocus);
    };
  }, [accountId]);
  return count;
}

/** The unread count beside the nav entry; nothing when all is read. */
export function UnreadBadge({ accountId }: { accountId: string }) {
  const text = badgeText(useUnreadCount(accountId) ?? 0);
  if (!text) return null;
  return (
    <span className="nav-badge" data-testid="unread-badge">
      {text}
      <span className="sr-only"> unread</span>
    </span>
  );
}
