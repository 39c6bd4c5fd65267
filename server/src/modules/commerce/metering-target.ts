import type { Executor } from '../../platform/db/index.js';
import { isGuid } from '../../platform/ids.js';
import type { SubscriptionStatus, TermUnit } from './commerce.tables.js';
import type { CommerceEnv } from './commerce.types.js';
import { offerInfoOf, type PlanInfo } from './offer-version.js';
import { mq } from './commerce.tables.js';

/**
 * What the metering API needs to judge a usage event against a SaaS subscription: its publisher, status and plan,
 * and the plan's metered dimensions with their included quantities and prices in the customer's currency. Read on
 * the hot path: one query for the subscriptions, one per offer for its snapshot ids; the plans of a snapshot (which
 * never changes) are cached by snapshot id.
 */

export interface MeteredDimension {
  id: string;
  displayName: string;
  unitOfMeasure: string;
  /** Included quantity per term: a number, 'unlimited', or undefined (none included). */
  included: Partial<Record<TermUnit, number | 'unlimited'>>;
  /** Price per unit in the subscription's market currency (decimal string), if the market has one. */
  pricePerUnit: string | undefined;
}

export interface MeteringTarget {
  subscriptionId: string;
  accountId: string;
  offerUid: string;
  offerId: string;
  status: SubscriptionStatus;
  planId: string;
  market: string;
  currency: string;
  termUnit: TermUnit;
  termStart: Date | null;
  termEnd: Date | null;
  /** When the subscription was activated (usage before it is refused). */
  activatedAt: Date | null;
  isFreeTrial: boolean;
  /** The plan's dimensions (from the version the subscription was bought from), by id. */
  dimensions: Map<string, MeteredDimension>;
}

const SNAPSHOT_CACHE_SIZE = 500;
const plansBySnapshot = new Map<string, PlanInfo[]>();

export async function plansOfSnapshot(x: Executor, env: CommerceEnv, offerUid: string, snapshotId: string): Promise<PlanInfo[]> {
  const cached = plansBySnapshot.get(snapshotId);
  if (cached) return cached;
  const snapshot = await env.catalog.getSnapshot(x, snapshotId);
  const plans = snapshot ? offerInfoOf(offerUid, '', snapshot.document, {}).plans : [];
  if (plansBySnapshot.size >= SNAPSHOT_CACHE_SIZE) plansBySnapshot.delete(plansBySnapshot.keys().next().value!);
  plansBySnapshot.set(snapshotId, plans);
  return plans;
}

/**
 * The plans of the version a subscription was bought from: a test purchase was bought from the preview; a plan no
 * longer in the live version keeps no dimensions.
 */
export async function plansOfVersion(
  x: Executor,
  env: CommerceEnv,
  offerUid: string,
  ids: { live: string | null; preview: string | null } | undefined,
  isTest: boolean,
): Promise<PlanInfo[]> {
  const snapshotId = (isTest ? (ids?.preview ?? ids?.live) : (ids?.live ?? ids?.preview)) ?? null;
  return snapshotId ? plansOfSnapshot(x, env, offerUid, snapshotId) : [];
}

function dimensionsOf(plan: PlanInfo | undefined, market: string): Map<string, MeteredDimension> {
  const out = new Map<string, MeteredDimension>();
  for (const d of plan?.dimensions ?? []) {
    const price = plan!.prices.find((p) => p.dimensionId === d.id && p.market === market);
    out.set(d.id, { id: d.id, displayName: d.displayName, unitOfMeasure: d.unitOfMeasure, included: d.included, pricePerUnit: price?.amount });
  }
  return out;
}

/** The metering targets of the given subscription ids (unknown or malformed ids are absent). */
export async function meteringTargets(x: Executor, env: CommerceEnv, subscriptionIds: readonly string[]): Promise<Map<string, MeteringTarget>> {
  const ids = [...new Set(subscriptionIds.filter(isGuid).map((id) => id.toLowerCase()))];
  const out = new Map<string, MeteringTarget>();
  if (ids.length === 0) return out;
  const rows = await mq(x)
    .selectFrom('commerce_subscription')
    .select(['subscription_id', 'account_id', 'offer_uid', 'offer_id', 'status', 'plan_id', 'market', 'currency', 'term_unit', 'term_start', 'term_end', 'activated_at', 'is_free_trial', 'is_test'])
    .where('subscription_id', 'in', ids)
    .execute();
  const snapshots = new Map<string, { live: string | null; preview: string | null } | undefined>();
  for (const r of rows) {
    if (!snapshots.has(r.offer_uid)) snapshots.set(r.offer_uid, await env.catalog.publishedSnapshotIds(x, r.offer_uid));
    const plans = await plansOfVersion(x, env, r.offer_uid, snapshots.get(r.offer_uid), r.is_test);
    out.set(r.subscription_id, {
      subscriptionId: r.subscription_id,
      accountId: r.account_id,
      offerUid: r.offer_uid,
      offerId: r.offer_id,
      status: r.status,
      planId: r.plan_id,
      market: r.market,
      currency: r.currency,
      termUnit: r.term_unit,
      termStart: r.term_start,
      termEnd: r.term_end,
      activatedAt: r.activated_at,
      isFreeTrial: r.is_free_trial,
      dimensions: dimensionsOf(plans.find((p) => p.planId === r.plan_id), r.market),
    });
  }
  return out;
}
