import { useState, type MouseEvent } from 'react';
import { Badge, EmptyState, ErrorMessage, Link, Loading, PageHeader, api, formatDateTime, navigate, path, useApi, useLocation, useTitle, type MyAccount } from '../../ui/index.js';
import { announceInboxChange, inboxUrl, kindLabel, pageCount, pageHref, portalLink, viewOf, withAllRead, withRead, type InboxView } from './inbox.js';
import type { AccountNotification, Inbox } from './types.js';
import './notifications.css';

/**
 * Partner Center › Notifications, at /partner/notifications[?unread=1&page=N]: what happened on the account (metered
 * usage anomalies, …), newest first. Everyone on the account sees the same notifications; read state is yours. The
 * people whose roles a notification concerns also get it by email.
 */
export function NotificationsPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Notifications`);
  const { search } = useLocation();
  const view = viewOf(search);
  const inbox = useApi<Inbox>(inboxUrl(account.accountId, view));
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const markRead = async (n: AccountNotification): Promise<boolean> => {
    setBusy(n.notificationId);
    setError(undefined);
    try {
      const read = await api.post<AccountNotification>(path`/api/accounts/${account.accountId}/notifications/${n.notificationId}/read`);
      if (inbox.data) inbox.setData(withRead(inbox.data, read));
      announceInboxChange();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const markAll = async () => {
    setBusy('all');
    setError(undefined);
    try {
      await api.post(path`/api/accounts/${account.accountId}/notifications/read-all`);
      if (inbox.data) inbox.setData(withAllRead(inbox.data, new Date().toISOString()));
      announceInboxChange();
      if (view.unread) inbox.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const unreadCount = inbox.data?.unreadCount;
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="What happened on this account, newest first. The people whose roles a notification concerns also receive it by email."
        actions={
          <>
            <button type="button" className="btn btn-secondary" onClick={inbox.reload} disabled={inbox.loading}>
              Refresh
            </button>
            <button type="button" className="btn btn-primary inbox-mark-all" onClick={() => void markAll()} disabled={!unreadCount || busy !== undefined} aria-busy={busy === 'all'}>
              Mark all as read
            </button>
          </>
        }
      />
      <section className="card">
        <div className="tabs" role="tablist" aria-label="Show">
          {[false, true].map((unread) => (
            <button key={String(unread)} type="button" role="tab" aria-selected={view.unread === unread} className={view.unread === unread ? 'tab active' : 'tab'} onClick={() => navigate(pageHref({ unread, page: 1 }))}>
              {unread ? 'Unread' : 'All'}
              {unread && unreadCount !== undefined && <span className="count">{unreadCount}</span>}
            </button>
          ))}
        </div>
        <ErrorMessage error={error} />
        {inbox.error ? (
          <ErrorMessage title="The notifications could not be loaded" error={inbox.error} onRetry={inbox.reload} />
        ) : !inbox.data ? (
          <Loading label="Loading notifications…" />
        ) : inbox.data.items.length === 0 ? (
          <EmptyState>{view.unread ? 'You have read every notification.' : view.page > 1 ? 'There is nothing on this page.' : 'No notifications yet. Agora tells you here when something needs your attention, such as unusual metered usage.'}</EmptyState>
        ) : (
          <>
            <ul className="inbox" aria-label="Notifications">
              {inbox.data.items.map((n) => (
                <NotificationItem key={n.notificationId} n={n} busy={busy === n.notificationId} onRead={() => void markRead(n)} onOpen={markRead} />
              ))}
            </ul>
            <Pager view={view} total={inbox.data.total} />
          </>
        )}
      </section>
    </>
  );
}

function NotificationItem({ n, busy, onRead, onOpen }: { n: AccountNotification; busy: boolean; onRead: () => void; onOpen: (n: AccountNotification) => Promise<boolean> }) {
  const link = portalLink(n.link);
  // Opening marks it read first (a failure to do so does not keep the person from the page).
  const open = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !link) return;
    event.preventDefault();
    if (!n.read) await onOpen(n);
    navigate(link);
  };
  return (
    <li className={`inbox-item${n.read ? '' : ' unread'}`} data-testid="notification">
      <span className="inbox-dot" aria-hidden="true" />
      <div>
        <div className="inbox-head">
          <Badge tone={n.kind === 'anomalyDetected' ? 'warn' : 'info'}>{kindLabel(n.kind)}</Badge>
          <h2 className="inbox-subject">
            {!n.read && <span className="sr-only">Unread: </span>}
            {n.subject}
          </h2>
          <span className="muted">{formatDateTime(n.createdAt)}</span>
        </div>
        <p className="inbox-body">{n.body}</p>
      </div>
      <div className="inbox-actions">
        {link && (
          <Link to={link} className="btn btn-secondary btn-small" onClick={(e) => void open(e)}>
            Open
          </Link>
        )}
        {!n.read && (
          <button type="button" className="btn btn-link btn-small" onClick={onRead} disabled={busy} aria-busy={busy}>
            Mark as read
          </button>
        )}
      </div>
    </li>
  );
}

function Pager({ view, total }: { view: InboxView; total: number }) {
  const pages = pageCount(total);
  if (pages <= 1 && view.page === 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {view.page > 1 ? <Link to={pageHref({ ...view, page: view.page - 1 })}>‹ Newer</Link> : <span className="muted">‹ Newer</span>}
      <span>
        Page {view.page} of {pages}
      </span>
      {view.page < pages ? <Link to={pageHref({ ...view, page: view.page + 1 })}>Older ›</Link> : <span className="muted">Older ›</span>}
    </nav>
  );
}
