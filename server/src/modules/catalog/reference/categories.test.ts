import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  INDUSTRIES,
  STORES,
  categoryById,
  industryById,
  slugOf,
  storesForSaas,
  storesOfCategories,
  subcategoryOf,
  verticalOf,
} from './categories.js';

describe('categories', () => {
  it('has the current Partner Center taxonomy: 19 Azure Marketplace and 16 AppSource categories', () => {
    expect(CATEGORIES.AzureMarketplace).toHaveLength(19);
    expect(CATEGORIES.AppSource).toHaveLength(16);
    const count = (store: 'AzureMarketplace' | 'AppSource') =>
      CATEGORIES[store].reduce((n, c) => n + c.subcategories.length, 0);
    expect(count('AzureMarketplace')).toBe(62);
    expect(count('AppSource')).toBe(81);
    expect(CATEGORIES.AppSource.map((c) => c.name)).toEqual(expect.arrayContaining(['Commerce', 'Project Management']));
    expect(categoryById('AzureMarketplace', 'devops')?.subcategories).toEqual([]);
  });

  it('uses kebab-case slugs of the display names as ids, unique per store and per category', () => {
    for (const store of STORES) {
      const ids = CATEGORIES[store].map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const category of CATEGORIES[store]) {
        expect(category.store).toBe(store);
        expect(category.id).toBe(slugOf(category.name));
        const subIds = category.subcategories.map((s) => s.id);
        expect(new Set(subIds).size).toBe(subIds.length);
        for (const sub of category.subcategories) {
          expect(sub.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
          expect(sub.id).toBe(slugOf(sub.name));
        }
      }
    }
  });

  it('looks up categories and subcategories', () => {
    expect(categoryById('AzureMarketplace', 'ai-machine-learning')?.name).toBe('AI + Machine Learning');
    expect(subcategoryOf('AzureMarketplace', 'ai-machine-learning', 'automated-ml')?.name).toBe('Automated ML');
    expect(subcategoryOf('AzureMarketplace', 'internet-of-things', 'iiot-iiot-platforms')?.name).toBe('IIoT & IIoT Platforms');
    expect(subcategoryOf('AppSource', 'ai-machine-learning', 'bot-apps')?.name).toBe('Bot Apps');
    expect(subcategoryOf('AppSource', 'commerce', 'e-commerce-social-commerce-marketplaces')?.name).toBe(
      'E-Commerce, Social Commerce, & Marketplaces',
    );
    expect(subcategoryOf('AppSource', 'sales', 'configure-price-quote-cpq')?.name).toBe('Configure, Price, Quote (CPQ)');
    // A category belongs to one store; a subcategory to one category.
    expect(categoryById('AppSource', 'compute')).toBeUndefined();
    expect(categoryById('AzureMarketplace', 'commerce')).toBeUndefined();
    expect(subcategoryOf('AppSource', 'ai-machine-learning', 'automated-ml')).toBeUndefined();
    expect(subcategoryOf('AzureMarketplace', 'no-such', 'tools')).toBeUndefined();
    expect(categoryById('AzureMarketplace', 'constructor')).toBeUndefined();
  });

  it('has the industries and verticals of the Partner Center list', () => {
    expect(INDUSTRIES).toHaveLength(14);
    const ids = INDUSTRIES.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const industry of INDUSTRIES) {
      expect(industry.id).toBe(slugOf(industry.name));
      const verticalIds = industry.verticals.map((v) => v.id);
      expect(new Set(verticalIds).size).toBe(verticalIds.length);
      for (const vertical of industry.verticals) expect(vertical.id).toBe(slugOf(vertical.name));
    }
    expect(industryById('healthcare')?.verticals.map((v) => v.name)).toEqual(['Health Payor', 'Health Provider', 'Life Sciences']);
    expect(verticalOf('financial-services', 'capital-markets')?.name).toBe('Capital Markets');
    expect(verticalOf('retail', 'consumer-goods')?.name).toBe('Consumer Goods');
    expect(verticalOf('education', 'primary-and-secondary-edu-k-12')?.name).toBe('Primary and Secondary Edu/K-12');
    expect(industryById('automotive')?.verticals).toEqual([]);
    expect(verticalOf('automotive', 'automotive')).toBeUndefined();
    expect(industryById('no-such')).toBeUndefined();
  });

  it('derives the stores an offer appears in from its categories', () => {
    expect(storesOfCategories([])).toEqual([]);
    expect(storesOfCategories([{ store: 'AzureMarketplace', id: 'compute' }])).toEqual(['AzureMarketplace']);
    expect(storesOfCategories([{ store: 'AppSource', id: 'finance' }, { store: 'AppSource', id: 'sales' }])).toEqual(['AppSource']);
    expect(
      storesOfCategories([{ store: 'AppSource', id: 'finance' }, { store: 'AzureMarketplace', id: 'analytics' }]),
    ).toEqual(['AzureMarketplace', 'AppSource']);
    // The Properties tab's shape works too.
    expect(storesOfCategories([{ store: 'AppSource', categoryId: 'finance', subcategoryIds: ['accounting'] }])).toEqual(['AppSource']);
    // Unknown categories place nothing.
    expect(storesOfCategories([{ store: 'AppSource', id: 'compute' }])).toEqual([]);
  });

  it('places a SaaS offer by its categories, or on Azure Marketplace only when metered or private-only', () => {
    const appSource = [{ store: 'AppSource' as const, id: 'productivity' }];
    const both = [...appSource, { store: 'AzureMarketplace' as const, id: 'security' }];
    expect(storesForSaas(appSource)).toEqual(['AppSource']);
    expect(storesForSaas(both)).toEqual(['AzureMarketplace', 'AppSource']);
    expect(storesForSaas(both, { planVisibility: 'PublicAndPrivate' })).toEqual(['AzureMarketplace', 'AppSource']);
    expect(storesForSaas(appSource, { meteredBilling: true })).toEqual(['AzureMarketplace']);
    expect(storesForSaas(both, { planVisibility: 'PrivateOnly' })).toEqual(['AzureMarketplace']);
    expect(storesForSaas([])).toEqual([]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CATEGORIES)).toBe(true);
    expect(Object.isFrozen(CATEGORIES.AppSource)).toBe(true);
    expect(Object.isFrozen(CATEGORIES.AppSource[0]!.subcategories)).toBe(true);
    expect(Object.isFrozen(INDUSTRIES[1]!.verticals)).toBe(true);
  });
});
