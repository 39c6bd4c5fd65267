import type { Db } from '../platform/db/index.js';
import { unwrap } from '../platform/errors.js';
import type { Services } from '../app.js';

/**
 * The demo's billing settings and the demo publisher's payout setup.
 *
 * Tax rates: tax rates for the markets where the reference says the marketplace remits tax (its
 * "Tax Remitted" markets: Australia, Nigeria, Thailand), at those countries' standard rates. Operators edit them in
 * /admin. Idempotent: a rate already set for the day is overwritten with the same value.
 */
export const DEMO_TAX_RATES = [
  { country: 'AU', rate: '0.1', note: 'GST' },
  { country: 'NG', rate: '0.075', note: 'VAT' },
  { country: 'TH', rate: '0.07', note: 'VAT' },
] as const;

/**
 * The demo publisher (Contoso, a US business) is payable from the start: a W-9 tax profile validated and a USD bank
 * account verified, as an operator would after the usual 24 hours. Fictitious numbers that pass the checks (the EIN's
 * format, the ABA routing number's check digit).
 */
export const DEMO_PAYOUT_SETUP = {
  tax: {
    entityType: 'Business',
    legalName: 'Contoso Ltd.',
    countryOfResidence: 'US',
    address: { line1: '1 Contoso Way', city: 'Redmond', region: 'WA', postalCode: '98052' },
    taxForm: 'W-9',
    taxId: '12-3456789',
  },
  payout: {
    payoutCurrency: 'USD',
    bankAccount: { country: 'US', accountHolderName: 'Contoso Ltd.', routingNumber: '021000021', accountNumber: '000123456789', accountType: 'checking' },
  },
};

export async function seedDemoBilling(db: Db, services: Services, publisherAccountId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const r of DEMO_TAX_RATES) unwrap(await services.billing.setTaxRate(tx, { country: r.country, effectiveFrom: '2020-01-01', rate: r.rate, collectedBy: 'platform' }));
    unwrap(await services.accounts.setUpPayouts(tx, publisherAccountId, DEMO_PAYOUT_SETUP));
  });
}
