import { useState, type FormEvent } from 'react';
import {
  ErrorMessage,
  Field,
  Link,
  Loading,
  SideNavLink,
  PageHeader,
  PortalLayout,
  Redirect,
  SubmitButton,
  api,
  matchPath,
  navigate,
  useApi,
  useLocation,
  useSession,
  useTitle,
  type MyAccount,
} from '../ui/index.js';
import { AppDetailPage } from './AppDetailPage.js';
import { EarningsPage, PayoutStatementPage, PayoutsPage, TransactionsPage } from './earnings/index.js';
import { InvitePage } from './InvitePage.js';
import { NewAppPage } from './NewAppPage.js';
import { OfferEditor } from './offers/OfferEditor.js';
import { OffersPage } from './offers/OffersPage.js';
import { OverviewPage } from './OverviewPage.js';
import { PayoutPage } from './finance/index.js';
import { UsersPage } from './UsersPage.js';
import { SubscriptionUsagePage, UsagePage } from './usage/index.js';
import { AnomaliesPage } from './usage/AnomaliesPage.js';
import { NotificationsPage, UnreadBadge } from './notifications/index.js';
import { WebhookDetailPage, WebhooksPage } from './webhooks/index.js';

export const ACCOUNT_KEY = 'agora.accountId';

function storedAccountId(): string | null {
  try {
    return window.localStorage.getItem(ACCOUNT_KEY);
  } catch {
    return null;
  }
}

function storeAccountId(accountId: string): void {
  try {
    window.localStorage.setItem(ACCOUNT_KEY, accountId);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** Partner Center: the publisher portal under /partner. */
export function PartnerPortal() {
  const session = useSession();
  const { href, pathname } = useLocation();
  const accounts = useApi<{ accounts: MyAccount[] }>(session.user ? '/api/me/accounts' : null);
  const [chosen, setChosen] = useState<string | null>(storedAccountId);

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;
  if (accounts.error)
    return (
      <main id="main" className="narrow">
        <ErrorMessage title="Your publisher accounts could not be loaded" error={accounts.error} onRetry={accounts.reload} />
      </main>
    );
  if (!accounts.data) return <Loading label="Loading your publisher accounts…" />;

  const list = accounts.data.accounts;
  const choose = (accountId: string) => {
    storeAccountId(accountId);
    setChosen(accountId);
  };
  const onCreated = (account: { accountId: string }) => {
    choose(account.accountId);
    accounts.reload();
    navigate('/partner');
  };

  if (list.length === 0 || pathname === '/partner/new-account')
    return (
      <main id="main" className="narrow">
        <CreateAccountForm first={list.length === 0} onCreated={onCreated} />
      </main>
    );

  const account = list.find((a) => a.accountId === chosen) ?? (list.length === 1 ? list[0] : undefined);
  if (!account) return <AccountChooser accounts={list} onChoose={choose} />;

  return (
    <PortalLayout nav={<PartnerNav accounts={list} account={account} onChoose={choose} />}>
      <PartnerRoutes account={account} pathname={pathname} />
    </PortalLayout>
  );
}

function PartnerRoutes({ account, pathname }: { account: MyAccount; pathname: string }) {
  const canManage = account.actions.includes('users.manage');
  if (matchPath('/partner', pathname)) return <OverviewPage account={account} />;
  if (matchPath('/partner/earnings', pathname)) return <EarningsPage key={account.accountId} account={account} />;
  if (matchPath('/partner/earnings/transactions', pathname)) return <TransactionsPage key={account.accountId} account={account} />;
  if (matchPath('/partner/payouts', pathname)) return <PayoutsPage key={account.accountId} account={account} />;
  const payout = matchPath('/partner/payouts/:payoutId', pathname);
  if (payout) return <PayoutStatementPage key={`${account.accountId}/${payout.payoutId}`} account={account} payoutId={payout.payoutId!} />;
  if (matchPath('/partner/users', pathname)) return <UsersPage key={account.accountId} account={account} canManage={canManage} />;
  if (matchPath('/partner/users/invite', pathname)) return <InvitePage key={account.accountId} account={account} canManage={canManage} />;
  if (matchPath('/partner/users/apps/new', pathname)) return <NewAppPage key={account.accountId} account={account} canManage={canManage} />;
  if (matchPath('/partner/offers', pathname)) return <OffersPage key={account.accountId} account={account} />;
  if (matchPath('/partner/payout', pathname)) return <PayoutPage key={account.accountId} account={account} />;
  const offer = matchPath('/partner/offers/:offerId/*', pathname);
  if (offer) return <OfferEditor key={`${account.accountId}/${offer.offerId}`} account={account} offerId={offer.offerId!} pathname={pathname} />;
  if (matchPath('/partner/webhooks', pathname)) return <WebhooksPage key={account.accountId} account={account} />;
  const webhook = matchPath('/partner/webhooks/:webhookId', pathname);
  if (webhook) return <WebhookDetailPage key={`${account.accountId}/${webhook.webhookId}`} account={account} webhookId={webhook.webhookId!} />;
  if (matchPath('/partner/usage', pathname)) return <UsagePage key={account.accountId} account={account} />;
  if (matchPath('/partner/usage/anomalies', pathname)) return <AnomaliesPage key={account.accountId} account={account} />;
  if (matchPath('/partner/notifications', pathname)) return <NotificationsPage key={account.accountId} account={account} />;
  const usage = matchPath('/partner/usage/:subscriptionId', pathname);
  if (usage) return <SubscriptionUsagePage key={`${account.accountId}/${usage.subscriptionId}`} account={account} subscriptionId={usage.subscriptionId!} />;
  const app = matchPath('/partner/users/apps/:appId', pathname);
  if (app) return <AppDetailPage key={`${account.accountId}/${app.appId}`} account={account} appId={app.appId!} canManage={canManage} />;
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no Partner Center page at this address. <Link to="/partner">Go to the overview</Link>.
      </p>
    </>
  );
}

function PartnerNav({ accounts, account, onChoose }: { accounts: MyAccount[]; account: MyAccount; onChoose: (id: string) => void }) {
  const { pathname } = useLocation();
  return (
    <>
      <div className="sidenav-account">
        <div className="sidenav-label">Publisher account</div>
        {accounts.length > 1 ? (
          <select
            aria-label="Publisher account"
            value={account.accountId}
            onChange={(e) => {
              onChoose(e.target.value);
              navigate('/partner');
            }}
          >
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.displayName} ({a.publisherId})
              </option>
            ))}
          </select>
        ) : (
          <div className="sidenav-account-name" title={account.publisherId}>
            {account.displayName}
          </div>
        )}
      </div>
      <nav aria-label="Partner Center">
        <SideNavLink to="/partner" exact icon="⌂">Overview</SideNavLink>
        <SideNavLink to="/partner/users" icon="☺">Users</SideNavLink>
        <SideNavLink to="/partner/offers" icon="▦">Offers</SideNavLink>
        {account.actions.includes('finance.read') && <SideNavLink to="/partner/payout" icon="¤">Payout and tax</SideNavLink>}
        <SideNavLink to="/partner/webhooks" icon="↯">Webhooks</SideNavLink>
        {account.actions.includes('finance.read') && (
          <>
            <SideNavLink to="/partner/earnings" icon="$">Earnings</SideNavLink>
            <SideNavLink to="/partner/payouts" icon="⇄">Payouts</SideNavLink>
          </>
        )}
        {/* Usage anomalies are under /partner/usage but have their own entry. */}
        <SideNavLink to="/partner/usage" exact={matchPath('/partner/usage/anomalies', pathname) !== undefined} icon="▥">Usage</SideNavLink>
        <SideNavLink to="/partner/usage/anomalies" icon="⚠">Usage anomalies</SideNavLink>
        <SideNavLink to="/partner/notifications" icon="✉">
          Notifications
          <UnreadBadge key={account.accountId} accountId={account.accountId} />
        </SideNavLink>
      </nav>
      <div className="sidenav-footer">
        <Link to="/partner/new-account">+ New publisher account</Link>
      </div>
    </>
  );
}

function AccountChooser({ accounts, onChoose }: { accounts: MyAccount[]; onChoose: (id: string) => void }) {
  useTitle('Choose an account');
  return (
    <main id="main" className="narrow">
      <div className="card">
        <h1>Choose a publisher account</h1>
        <p className="subtitle">You belong to {accounts.length} publisher accounts. Agora remembers your choice on this browser.</p>
        <ul className="account-list">
          {accounts.map((a) => (
            <li key={a.accountId}>
              <button type="button" className="account-choice" onClick={() => onChoose(a.accountId)}>
                <strong>{a.displayName}</strong>
                <span className="muted">
                  {a.publisherId} · {a.roles.join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}

function CreateAccountForm({ first, onCreated }: { first: boolean; onCreated: (account: { accountId: string }) => void }) {
  useTitle('Create publisher account');
  const [publisherId, setPublisherId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<{ accountId: string }>('/api/accounts', { publisherId: publisherId.trim(), displayName: displayName.trim() });
      onCreated(created);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} aria-labelledby="create-account-title">
      <h1 id="create-account-title">Create publisher account</h1>
      <p className="subtitle">
        {first
          ? 'You are not on any publisher account yet. Open one to publish offers; you become its Owner. If a colleague runs your account, ask them for an invitation instead.'
          : 'Open another publisher account; you become its Owner.'}
      </p>
      <ErrorMessage error={error} />
      <Field label="Publisher ID" htmlFor="publisherId" hint="3 to 50 lower-case letters, digits, '-' or '_'. It is part of your offers' identifiers and cannot change later.">
        <input id="publisherId" required maxLength={50} value={publisherId} onChange={(e) => setPublisherId(e.target.value)} minLength={3} autoFocus />
      </Field>
      <Field label="Publisher display name" htmlFor="publisherName" hint="Shown to customers on your listings.">
        <input id="publisherName" required maxLength={256} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </Field>
      <div className="form-actions">
        <SubmitButton busy={busy}>Create account</SubmitButton>
        {!first && (
          <Link className="btn btn-secondary" to="/partner">
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
