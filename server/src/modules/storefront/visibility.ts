import type { PlanState, PublishedOffer, Snapshot } from '../catalog/index.js';
import { previewAudienceOf, type PublishedPlan } from './published-draft.js';

/**
 * Who sees what on the storefront (spec/01 §1.18, §2.9; spec/06 §5 "Storefront"):
 * - everyone sees an offer's live version; only its preview audience (signed-in users whose email is listed on the
 *   Preview audience tab of the version in preview) sees the preview version, in place of the live one;
 * - a stopped plan is not shown to new customers; a plan whose stop is pending still is, until the next publish
 *   (L16633-16634);
 * - a private plan of the live version is shown only to a signed-in customer whose tenant is in the plan's live
 *   audience (L2275-2281; spec/01 §1.18 [PROPOSAL]); the preview audience sees every plan of the preview, private or
 *   not (L2555).
 */

/** The signed-in customer, as far as the storefront cares; both null for an anonymous visitor. */
export interface Visitor {
  email: string | null;
  tenantId: string | null;
}

export const ANONYMOUS: Visitor = { email: null, tenantId: null };

export type VersionKind = 'live' | 'preview';

/** `<offerUid>:<planId>`: how a private plan is named across offers. */
export const planKey = (offerUid: string, planId: string): string => `${offerUid}:${planId}`;

/** The plans of a version that new customers can see at all. */
export function sellablePlans(plans: readonly PublishedPlan[], planStates: Readonly<Record<string, PlanState>>): PublishedPlan[] {
  return plans.filter((p) => planStates[p.planId] !== 'stopped');
}

/** The version the visitor sees, or undefined when none is visible to them. */
export function versionFor(offer: PublishedOffer, visitor: Visitor): { kind: VersionKind; snapshot: Snapshot } | undefined {
  const email = visitor.email?.toLowerCase();
  if (email && offer.preview && previewAudienceOf(offer.preview.document).includes(email)) return { kind: 'preview', snapshot: offer.preview };
  return offer.live ? { kind: 'live', snapshot: offer.live } : undefined;
}

/** The plans of the version that this visitor sees (`tenantPlans`: the plan keys whose live audience has their tenant). */
export function plansFor(kind: VersionKind, offerUid: string, plans: readonly PublishedPlan[], tenantPlans: ReadonlySet<string>): PublishedPlan[] {
  if (kind === 'preview') return [...plans];
  return plans.filter((p) => p.draft.visibility !== 'private' || tenantPlans.has(planKey(offerUid, p.planId)));
}
