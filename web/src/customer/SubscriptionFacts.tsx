import type { ReactNode } from 'react';
import { CopyButton, formatDateTime } from '../ui/index.js';
import { formatMoney, multiplyAmount, priceLabel, termName } from './money.js';
import { marketName } from '../storefront/market.js';
import { roleLabel } from './subscriptionStatus.js';
import { SubscriptionStatusBadge } from './SubscriptionStatusBadge.js';
import { termRange } from './termDates.js';
import type { SubscriptionDetail } from './types.js';

/** The subscription's details as a definition list. */
export function SubscriptionFacts({ sub }: { sub: SubscriptionDetail }) {
  const perUser = sub.quantity !== undefined;
  const total = perUser ? multiplyAmount(sub.unitPrice, sub.quantity!) : undefined;
  const rows: [string, ReactNode][] = [
    ['Status', <SubscriptionStatusBadge key="s" status={sub.saasSubscriptionStatus} />],
    ['Offer', `${sub.offerName} (${sub.publisherId})`],
    ['Plan', sub.planName],
    ...(perUser ? ([['Users', String(sub.quantity)]] as [string, ReactNode][]) : []),
    ['Price', `${priceLabel(sub.unitPrice, sub.currency, sub.term.termUnit, perUser)}${total !== undefined ? ` (${formatMoney(total, sub.currency)} in all)` : ''}`],
    ['Billing term', termName(sub.term.termUnit)],
    ['Current term', termRange(sub.term)],
    ['Auto-renew', sub.saasSubscriptionStatus === 'Unsubscribed' ? '—' : sub.autoRenew ? 'On' : 'Off'],
    ['Market', `${marketName(sub.market)} (${sub.currency})`],
    ['Purchased', formatDateTime(sub.created)],
    ['Purchased by', sub.purchaser.emailId],
    ...(sub.beneficiary.tenantId !== sub.purchaser.tenantId ? ([['Bought for', sub.beneficiary.emailId]] as [string, ReactNode][]) : []),
    ['Channel', sub.channel === 'Csp' ? 'Cloud Solution Provider (CSP)' : sub.channel],
    ['Your role', roleLabel(sub.role)],
  ];
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl className="facts">
        <div className="fact-row">
          <dt>Subscription ID</dt>
          <dd>
            <code data-testid="subscription-id">{sub.id}</code> <CopyButton value={sub.id} />
          </dd>
        </div>
        {rows.map(([label, value]) => (
          <div key={label} className="fact-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
