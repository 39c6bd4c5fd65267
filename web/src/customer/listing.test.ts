import { describe, expect, it } from 'vitest';
import { checkoutOfferOf, listingUrl, type StoreListing } from './listing.js';

const LISTING: StoreListing = {
  accountId: 'a7a6f414-c48d-4986-8834-1e868b681334',
  offerId: 'contoso-seats',
  version: 'live',
  name: 'Contoso Seats',
  publisherName: 'Contoso Ltd.',
  logos: { large: '/l.png', medium: '/m.png', small: null },
  links: { privacyPolicyUrl: 'https://contoso.example/privacy', supportUrl: null, usefulLinks: [] },
  legal: { contract: 'StandardContract', universalAmendment: null, termsAndConditions: null },
  transactable: true,
  market: { code: 'US', currency: 'USD' },
  markets: [{ code: 'US', currency: 'USD' }],
  plans: [
    {
      planId: 'per-seat',
      name: 'Per seat',
      description: 'Seats',
      visibility: 'public',
      pricingModel: 'perUser',
      freeTrial: true,
      userLimits: { min: 2, max: 500 },
      stopPending: false,
      available: true,
      pricing: { currency: 'USD', terms: [{ term: 'P1M', amount: '12.00', text: '$12.00/user/month', paymentOption: null }, { term: 'P1Y', amount: '120.00', text: '$120.00/user/year', paymentOption: 'monthly' }], dimensions: [] },
    },
    {
      planId: 'private',
      name: 'Private',
      description: '',
      visibility: 'private',
      pricingModel: 'flatRate',
      freeTrial: false,
      userLimits: null,
      stopPending: false,
      available: false,
      pricing: { currency: null, terms: [], dimensions: [] },
    },
  ],
};

describe('the checkout reads the storefront listing', () => {
  it('adapts plans, limits, prices and legal links', () => {
    const offer = checkoutOfferOf(LISTING);
    expect(offer.logoUrl).toBe('/m.png');
    expect(offer.preview).toBe(false);
    expect(offer.privacyPolicyUrl).toBe('https://contoso.example/privacy');
    expect(offer.contract).toBe('StandardContract');
    expect(offer.plans[0]).toMatchObject({ planId: 'per-seat', perUser: true, minUsers: 2, maxUsers: 500, available: true, isPrivate: false });
    expect(offer.plans[0]!.terms[1]).toEqual({ term: 'P1Y', amount: '120.00', paymentOption: 'monthly' });
    expect(offer.plans[1]).toMatchObject({ perUser: false, minUsers: 1, maxUsers: null, available: false, isPrivate: true, dimensions: [] });
  });
  it('builds the listing URL with encoded segments and the market', () => {
    expect(listingUrl('acc', 'my offer', 'DE')).toBe('/api/store/offers/acc/my%20offer?market=DE');
  });
});
