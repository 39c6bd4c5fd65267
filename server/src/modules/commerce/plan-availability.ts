import type { Executor } from '../../platform/db/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { OfferInfo, PlanInfo } from './offer-version.js';

/**
 * Which plans of an offer a customer tenant can buy or switch to (08 §3.5 row 5, §4.2 #4): public plans and private
 * plans whose live audience includes the tenant, sold in the market, whose distribution has not stopped.
 */
export async function plansForTenant(x: Executor, catalog: CatalogService, offer: OfferInfo, tenantId: string, market: string): Promise<PlanInfo[]> {
  const privateIds = new Set(
    (await catalog.privatePlansForTenant(x, tenantId)).filter((p) => p.offerUid === offer.offerUid).map((p) => p.planId),
  );
  return offer.plans.filter((p) => p.state !== 'stopped' && p.markets.includes(market) && (!p.isPrivate || privateIds.has(p.planId)));
}

/** The Plan object of listAvailablePlans (openapi `Plan`), in the subscription's market. */
export function planJson(p: PlanInfo, market: string) {
  const prices = p.prices.filter((pr) => pr.market === market);
  const base = prices.filter((pr) => pr.dimensionId === null);
  return {
    planId: p.planId,
    displayName: p.name,
    isPrivate: p.isPrivate,
    description: p.description,
    ...(p.minQuantity !== undefined ? { minQuantity: p.minQuantity } : {}),
    ...(p.maxQuantity !== undefined ? { maxQuantity: p.maxQuantity } : {}),
    hasFreeTrials: p.freeTrial,
    isPricePerSeat: p.model === 'perUser',
    isStopSell: p.state === 'stop_pending' || p.state === 'stopped',
    market,
    planComponents: {
      recurrentBillingTerms: base.map((b) => ({
        currency: b.currency,
        price: Number(b.amount),
        termUnit: b.term,
        termDescription: b.term === 'P1Y' ? '1 year' : '1 month',
        meteredQuantityIncluded: p.dimensions.flatMap((d) => (d.included[b.term] !== undefined ? [{ dimensionId: d.id, units: String(d.included[b.term]) }] : [])),
      })),
      meteringDimensions: p.dimensions.map((d) => {
        const price = prices.find((pr) => pr.dimensionId === d.id);
        return { id: d.id, currency: price?.currency ?? '', pricePerUnit: price ? Number(price.amount) : 0, unitOfMeasure: d.unitOfMeasure, displayName: d.displayName };
      }),
    },
  };
}
