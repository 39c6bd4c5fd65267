import type { PriceSummary as Summary } from './checkout.js';
import type { CheckoutOffer } from './listing.js';
import { formatMoney, termName, termPeriod } from './money.js';
import { marketName } from '../storefront/market.js';

/** The order summary beside the checkout form: the plan, the term, the users and what the term costs. */
export function PriceSummary({ offer, summary }: { offer: CheckoutOffer; summary: Summary | undefined }) {
  return (
    <aside className="card checkout-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Order summary</h2>
      <p className="muted">
        {offer.name} by {offer.publisherName}
      </p>
      {!summary ? (
        <p className="muted" data-testid="summary-incomplete">
          Choose a plan, a billing term{offer.plans.some((p) => p.perUser) ? ' and the number of users' : ''} to see the price.
        </p>
      ) : (
        <SummaryLines offer={offer} summary={summary} />
      )}
    </aside>
  );
}

function SummaryLines({ offer, summary }: { offer: CheckoutOffer; summary: Summary }) {
  const { plan, term, currency, quantity, total, unitAmount } = summary;
  const period = termPeriod(term.term);
  return (
    <>
      <dl className="summary-lines" data-testid="price-summary">
        <dt>Plan</dt>
        <dd>{plan.name}</dd>
        <dt>Billing term</dt>
        <dd>{term.term === 'P1Y' ? '1 year' : '1 month'}</dd>
        {term.term === 'P1Y' && (
          <>
            <dt>Payment</dt>
            <dd>{term.paymentOption === 'monthly' ? 'Monthly instalments' : 'Upfront, once a year'}</dd>
          </>
        )}
        <dt>Market</dt>
        <dd>
          {marketName(offer.market.code)} ({currency})
        </dd>
        {plan.perUser && (
          <>
            <dt>Users</dt>
            <dd>
              {quantity} × {formatMoney(unitAmount, currency)}
            </dd>
          </>
        )}
        <dt className="summary-total">Total per {period}</dt>
        <dd className="summary-total" data-testid="price-total">
          {formatMoney(total, currency)}
        </dd>
      </dl>
      {plan.freeTrial && (
        <p className="hint">
          Free trial: the first month is free if your organization has not had a trial of this offer; the {termName(term.term).toLowerCase()} price applies after it unless you cancel.
        </p>
      )}
      {plan.dimensions.length > 0 && (
        <div className="hint">
          Plus usage beyond what the plan includes:
          <ul>
            {plan.dimensions.map((d) => {
              const price = d.prices.find((p) => p.term === term.term) ?? d.prices[0];
              const included = d.included[term.term];
              return (
                <li key={d.id}>
                  {d.displayName}: {price ? formatMoney(price.amount, currency) : '—'} {d.unitOfMeasure}
                  {included !== undefined && ` (${included === 'unlimited' ? 'unlimited' : included} included per ${period})`}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {offer.preview && <p className="hint">This is a test purchase of the offer's preview.</p>}
    </>
  );
}
