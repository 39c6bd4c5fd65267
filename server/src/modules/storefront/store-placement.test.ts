import { describe, expect, it } from 'vitest';
import type { PublishedDocument } from '../catalog/index.js';
import { storesOf } from './store-placement.js';

type Plan = PublishedDocument['plans'][number];

const doc = (categories: { store: string; categoryId: string }[]): PublishedDocument => ({
  offer: { offerId: 'o', alias: 'o', offerType: 'SoftwareAsAService', draft: { properties: { categories: categories.map((c) => ({ ...c, subcategoryIds: [] })) } } },
  plans: [],
});
const plan = (visibility: 'public' | 'private', dimensions = 0): Plan => ({
  planId: `${visibility}${dimensions}`,
  draft: {
    name: 'P',
    markets: ['US'],
    pricing: {
      model: 'flatRate',
      billingTerms: [{ term: 'P1M', priceUsd: '1.00' }],
      dimensions: Array.from({ length: dimensions }, (_, i) => ({ id: `d${i}`, displayName: 'D', unitOfMeasure: 'u', priceUsd: '0.1', included: {} })),
    },
    freeTrial: false,
    visibility,
  },
});

describe('storesOf (SaaS, L6218-6237)', () => {
  const both = doc([
    { store: 'AppSource', categoryId: 'productivity' },
    { store: 'AzureMarketplace', categoryId: 'analytics' },
  ]);

  it('lists public plans in the stores of the categories', () => {
    expect(storesOf(both, [plan('public')])).toEqual(['AppSource', 'AzureMarketplace']);
    expect(storesOf(doc([{ store: 'AppSource', categoryId: 'productivity' }]), [plan('public'), plan('private')])).toEqual(['AppSource']);
    expect(storesOf(doc([{ store: 'AppSource', categoryId: 'no-such-category' }]), [plan('public')])).toEqual([]);
  });

  it('puts metered billing and private-only plans in Azure Marketplace only', () => {
    expect(storesOf(both, [plan('public', 1)])).toEqual(['AzureMarketplace']);
    expect(storesOf(both, [plan('private')])).toEqual(['AzureMarketplace']);
    expect(storesOf(doc([{ store: 'AppSource', categoryId: 'productivity' }]), [plan('public'), plan('private', 2)])).toEqual(['AzureMarketplace']);
  });

  it('lists a listing-only offer (no plans) by its categories', () => {
    expect(storesOf(both, [])).toEqual(['AppSource', 'AzureMarketplace']);
  });
});
