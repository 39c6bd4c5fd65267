import type { OfferTypeDefinition } from '../offer-type.js';
import { SAAS } from './saas.js';

/** Offer types are definitions: a new type is a new entry here, not a copy of the catalog's code. */
export const OFFER_TYPES: Readonly<Record<string, OfferTypeDefinition>> = {
  [SAAS.type]: SAAS,
};

export function offerType(type: string): OfferTypeDefinition | undefined {
  return OFFER_TYPES[type];
}

export { isTransactable } from './saas.tabs.js';
