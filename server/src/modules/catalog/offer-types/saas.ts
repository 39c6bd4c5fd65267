import type { OfferTypeDefinition, Store } from '../offer-type.js';
import { SAAS_PLAN_SHAPE } from '../plan.shape.js';
import { storesForSaas } from '../reference/index.js';
import { SAAS_TABS, isTransactable, type Properties } from './saas.tabs.js';

export const SAAS: OfferTypeDefinition = {
  type: 'SoftwareAsAService',
  displayName: 'Software as a Service',
  tabs: SAAS_TABS,
  plans: SAAS_PLAN_SHAPE,
  // A transactable offer needs at least one plan (L16495).
  requiresPlans: isTransactable,
  stores: (draft) => storesForSaas((draft.properties as Properties | undefined)?.categories ?? []) as Store[],
};
