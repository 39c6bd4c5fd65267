import { Badge, EmptyState } from '../ui/index.js';
import { startCheckout } from './callsToAction.js';
import { marketName } from './market.js';
import type { OfferPage, OfferPlan } from './storeApi.js';

/** Plans + Pricing: each plan with its prices in the chosen market and currency, and the purchase of a plan. */
export function OfferPlans({ offer, market, onMarket }: { offer: OfferPage; market: string; onMarket: (market: string) => void }) {
  const markets = offer.markets.some((m) => m.code === market) ? offer.markets : [{ code: market, currency: '' }, ...offer.markets];
  return (
    <section className="store-plans">
      <div className="store-toolbar">
        <label className="store-market">
          Market{' '}
          <select value={market} onChange={(e) => onMarket(e.target.value)} aria-describedby="market-currency">
            {markets.map((m) => (
              <option key={m.code} value={m.code}>
                {marketName(m.code)}
                {m.currency ? ` (${m.currency})` : ' (not sold here)'}
              </option>
            ))}
          </select>
        </label>
        <span id="market-currency" className="muted" data-testid="market-currency">
          {offer.market.currency ? `Prices in ${offer.market.currency}` : `Not sold in ${marketName(offer.market.code)}`}
        </span>
      </div>
      {offer.plans.length === 0 ? (
        <EmptyState>This offer has no plans you can buy.</EmptyState>
      ) : (
        <table className="table" data-testid="plans-table">
          <thead>
            <tr>
              <th scope="col">Software plan</th>
              <th scope="col">Description</th>
              <th scope="col">Price</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {offer.plans.map((plan) => (
              <tr key={plan.planId} data-testid={`plan-${plan.planId}`}>
                <td>
                  <strong>{plan.name}</strong>
                  <div className="store-plan-badges">
                    {plan.visibility === 'private' && <Badge tone="info">Private plan</Badge>}
                    {plan.freeTrial && <Badge tone="good">1-month free trial</Badge>}
                    {plan.stopPending && <Badge tone="warn">Leaving soon</Badge>}
                  </div>
                </td>
                <td className="store-plan-description">{plan.description}</td>
                <td>
                  <PlanPrice plan={plan} />
                </td>
                <td>
                  {plan.available && (
                    <button type="button" className="btn btn-primary btn-small" onClick={() => startCheckout(offer.accountId, offer.offerId, plan.planId)}>
                      {plan.freeTrial ? 'Start free trial' : 'Get it now'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "1,000 per month, unlimited per year". */
function includedText(included: Partial<Record<'P1M' | 'P1Y', number | 'unlimited'>>): string {
  return (['P1M', 'P1Y'] as const)
    .flatMap((term) => {
      const n = included[term];
      if (n === undefined) return [];
      return [`${n === 'unlimited' ? 'unlimited' : n.toLocaleString('en-US')} per ${term === 'P1M' ? 'month' : 'year'}`];
    })
    .join(', ');
}

function PlanPrice({ plan }: { plan: OfferPlan }) {
  if (!plan.available) return <span className="muted">Not available in this market</span>;
  const limits = plan.userLimits;
  return (
    <div className="store-plan-price">
      {plan.pricing.terms.map((t) => (
        <div key={t.term}>
          {t.text}
          {t.paymentOption === 'monthly' && <span className="muted"> (paid monthly)</span>}
        </div>
      ))}
      {limits && (limits.min !== null || limits.max !== null) && (
        <div className="muted">
          {limits.min ?? 1} to {limits.max ?? 'any number of'} users
        </div>
      )}
      {plan.pricing.dimensions.length > 0 && (
        <ul className="store-dimensions" aria-label="Usage prices">
          {plan.pricing.dimensions.map((d) => (
            <li key={d.id}>
              {d.displayName}: {d.prices.map((p) => p.text).filter((v, i, all) => all.indexOf(v) === i).join(' / ')} {d.unitOfMeasure}
              {Object.keys(d.included).length > 0 && <span className="muted"> · included: {includedText(d.included)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
