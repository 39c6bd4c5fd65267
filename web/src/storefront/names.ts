import { CATEGORIES, INDUSTRIES, type Store } from '../partner/offers/taxonomy.js';
import type { StoreId } from './storeApi.js';

/** Display names of the ids the storefront API answers with (the catalog's reference data). */

export const STORE_LABELS: Record<StoreId, string> = { AppSource: 'AppSource', AzureMarketplace: 'Azure Marketplace' };

const isStore = (s: string): s is Store => s === 'AppSource' || s === 'AzureMarketplace';

export function categoryName(store: string, categoryId: string): string {
  return (isStore(store) ? CATEGORIES[store].find((c) => c.id === categoryId)?.name : undefined) ?? categoryId;
}

export function subcategoryName(store: string, categoryId: string, subcategoryId: string): string {
  const category = isStore(store) ? CATEGORIES[store].find((c) => c.id === categoryId) : undefined;
  return category?.subcategories.find((s) => s.id === subcategoryId)?.name ?? subcategoryId;
}

export function industryName(industryId: string): string {
  return INDUSTRIES.find((i) => i.id === industryId)?.name ?? industryId;
}

export function verticalName(industryId: string, verticalId: string): string {
  return INDUSTRIES.find((i) => i.id === industryId)?.verticals.find((v) => v.id === verticalId)?.name ?? verticalId;
}

const OFFER_TYPE_NAMES: Record<string, string> = { SoftwareAsAService: 'SaaS' };
export const offerTypeName = (type: string): string => OFFER_TYPE_NAMES[type] ?? type;
