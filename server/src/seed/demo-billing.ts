import type { Db } from '../platform/db/index.js';
import { unwrap } from '../platform/errors.js';
import type { Services } from '../app.js';

/**
 * The demo's billing settings: tax rates for the markets where the reference says the marketplace remits tax (its
 * "Tax Remitted" markets: Australia, Nigeria, Thailand), at those countries' standard rates. Operators edit them in
 * /admin. Idempotent: a rate already set for the day is overwritten with the same value.
 */
export const DEMO_TAX_RATES = [
  { country: 'AU', rate: '0.1', note: 'GST' },
  { country: 'NG', rate: '0.075', note: 'VAT' },
  { country: 'TH', rate: '0.07', note: 'VAT' },
] as const;

export async function seedDemoBilling(db: Db, services: Services): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const r of DEMO_TAX_RATES) unwrap(await services.billing.setTaxRate(tx, { country: r.country, effectiveFrom: '2020-01-01', rate: r.rate, collectedBy: 'platform' }));
  });
}
