import { CopyButton, Link, PageHeader, RoleBadges, formatDateTime, useTitle, type MyAccount } from '../ui/index.js';

const ACTION_LABEL: Record<string, string> = {
  'account.read': 'See the account',
  'account.manage': 'Change account settings',
  'users.manage': 'Manage users, groups and apps',
  'offers.read': 'See offers',
  'offers.write': 'Create and edit offers',
  'offers.publish': 'Submit offers for publishing',
  'pricing.write': 'Set prices',
  'finance.read': 'See payouts and finance',
  'payout.manage': 'Manage payout and tax profiles',
  'reports.read': 'See reports',
  'reviews.respond': 'Respond to reviews',
  'leads.read': 'See leads',
};

export function OverviewPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Overview`);
  const ids: [string, string, string][] = [
    ['Account ID', account.accountId, 'account-id'],
    ['Publisher ID', account.publisherId, 'publisher-id'],
    ['Seller ID', account.sellerId, 'seller-id'],
    ['Tenant ID', account.tenantId, 'tenant-id'],
  ];
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={
          <>
            <span data-testid="account-name">{account.displayName}</span> · publisher <code>{account.publisherId}</code>
          </>
        }
      />
      <div className="card-grid card-grid-2">
        <section className="card" aria-labelledby="account-details">
          <h2 id="account-details">Account details</h2>
          <dl className="facts">
            {ids.map(([label, value, testId]) => (
              <div key={label} className="fact-row">
                <dt>{label}</dt>
                <dd>
                  <code data-testid={testId}>{value}</code> <CopyButton value={value} />
                </dd>
              </div>
            ))}
            <div className="fact-row">
              <dt>Created</dt>
              <dd>{formatDateTime(account.createdAt)}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="your-access">
          <h2 id="your-access">Your access</h2>
          <dl className="facts">
            <div className="fact-row">
              <dt>Your roles</dt>
              <dd data-testid="your-roles">
                <RoleBadges roles={account.roles} />
              </dd>
            </div>
          </dl>
          <h3>What you can do</h3>
          <ul className="checklist">
            {account.actions.map((a) => (
              <li key={a}>{ACTION_LABEL[a] ?? a}</li>
            ))}
          </ul>
          <p>
            <Link to="/partner/users">Users, groups and applications →</Link>
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="next-steps">
        <h2 id="next-steps">Offers</h2>
        <p className="muted">
          Create SaaS offers with their listing, plans and prices, then review and publish them. Analytics and payouts arrive in later releases.
        </p>
        <p>
          <Link to="/partner/offers">Marketplace offers →</Link>
        </p>
      </section>
    </>
  );
}
