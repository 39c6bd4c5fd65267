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
  // Categories decide, except that metered billing or private plans only put the offer in Azure Marketplace alone
  // (the "Applicable store by offer type" table, L6218-6237).
  stores: (draft, plans) =>
    storesForSaas((draft.properties as Properties | undefined)?.categories ?? [], {
      meteredBilling: plans.some((p) => (p.pricing?.dimensions.length ?? 0) > 0),
      ...(plans.length > 0 && plans.every((p) => p.visibility === 'private') ? { planVisibility: 'PrivateOnly' as const } : {}),
    }) as Store[],
};
