import { OFFER_TYPES, type PublishedDocument } from '../catalog/index.js';
import type { PublishedPlan } from './published-draft.js';

export const STORES = ['AppSource', 'AzureMarketplace'] as const;
export type StoreName = (typeof STORES)[number];

/**
 * The online stores a published version is listed in.
 *
 * SaaS is the one offer type whose every listing option goes to "Both online stores" (reference L1929-1943,
 * spec/01 §4.3), so the reference decides its store from two things:
 * - its categories: "Based on the categories you choose, we determine which online stores to list your offer on:
 *   either Azure Marketplace, Microsoft AppSource, or both" (SaaS Properties tab L16237; also L6201, L27447). Each
 *   category belongs to one store (L6205-6216); the offer type definition (catalog `stores(draft, plans)`) applies both rules below.
 * - its plans, by the "Applicable store by offer type" table (L6218-6237): with metered billing (L6227-6229) or with
 *   private plans only (L6230) a SaaS offer goes to Azure Marketplace only; public-only and public-and-private plans
 *   go to "AppSource / Azure Marketplace, depending on category/subcategory and industry selection" (L6231-6235).
 *   The Microsoft 365 add-in row (L6226) is not modelled (linked add-ins are not part of the offer). Industries are
 *   AppSource's (L6205-6216) and move no offer between stores: no rule says how they would.
 * "Private plans are now also available on Microsoft AppSource" (L933) conflicts with L6230; the table is followed,
 * as the catalog's reference does (catalog/reference/categories.ts `storesForSaas`).
 *
 * `plans` are the version's plans that are still sold (a stopped plan no longer counts).
 */
export function storesOf(doc: PublishedDocument, plans: readonly PublishedPlan[]): StoreName[] {
  const stores = new Set<string>(OFFER_TYPES[doc.offer.offerType]?.stores(doc.offer.draft, plans.map((p) => p.draft)) ?? []);
  return STORES.filter((s) => stores.has(s));
}
