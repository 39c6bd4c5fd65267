import type { Executor } from '../../platform/db/index.js';
import type { SubscriptionStatus, TermUnit } from './commerce.tables.js';
import { mq } from './commerce.tables.js';
import type { CommerceEnv } from './commerce.types.js';
import { plansOfVersion } from './metering-target.js';

/**
 * What billing reads of the subscriptions it invoices (ADR 0017): each activated subscription with its charge facts
 * (term charges, prorations, refunds) and, per plan of the version it was bought from, the plan's name and its
 * metered dimensions' prices in the subscription's market.
 */

export interface BillableCharge {
  kind: 'charge' | 'refund' | 'proration';
  termStart: Date;
  termEnd: Date;
  planId: string;
  quantity: number | null;
  amount: string;
  createdAt: Date;
  operationId: string | null;
}

export interface BillablePlan {
  name: string;
  /** Price per unit in the subscription's currency by dimension id (null: the market has no price). */
  dimensions: Map<string, { displayName: string; unitOfMeasure: string; pricePerUnit: string | null }>;
}

export interface BillableSubscription {
  subscriptionId: string;
  name: string;
  /** The billing account: the purchaser's tenant. */
  tenantId: string;
  accountId: string;
  offerId: string;
  planId: string;
  status: SubscriptionStatus;
  market: string;
  currency: string;
  termUnit: TermUnit;
  paymentOption: 'upfront' | 'monthly';
  activatedAt: Date;
  /** The end of the free trial, if the subscription had one (usage before it is free). */
  trialEnd: Date | null;
  isTest: boolean;
  canceledAt: Date | null;
  /** Unsubscribed at the end of the grace period of a suspension for a failed payment. */
  canceledForNonPayment: boolean;
  charges: BillableCharge[];
  plans: Map<string, BillablePlan>;
}

const CHUNK = 10_000;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** The subscriptions activated before `before` (optionally of some tenants), oldest first, with their charges. */
export async function billableSubscriptions(
  x: Executor,
  env: CommerceEnv,
  filter: { activatedBefore: Date; tenantIds?: readonly string[] | undefined },
): Promise<BillableSubscription[]> {
  const chargesOf = (ids: readonly string[]) =>
    mq(x)
      .selectFrom('commerce_charge')
      .select(['subscription_id', 'kind', 'term_start', 'term_end', 'plan_id', 'quantity', 'amount', 'created_at', 'operation_id'])
      .where('subscription_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('charge_id')
      .execute();
  const select = () =>
    mq(x)
      .selectFrom('commerce_subscription')
      .select([
        'subscription_id', 'name', 'purchaser_tenant_id', 'account_id', 'offer_uid', 'offer_id', 'plan_id', 'status', 'market', 'currency', 'term_unit',
        'payment_option', 'activated_at', 'trial_end', 'is_test', 'canceled_at', 'suspend_reason',
      ])
      .where('activated_at', '<', filter.activatedBefore);
  // Long id lists go in chunks: PostgreSQL takes at most 65,535 bind parameters per statement.
  let subs: Awaited<ReturnType<ReturnType<typeof select>['execute']>> = [];
  if (!filter.tenantIds) subs = await select().execute();
  else for (const ids of chunks(filter.tenantIds)) subs.push(...(await select().where('purchaser_tenant_id', 'in', ids).execute()));
  subs.sort((a, b) => a.activated_at!.getTime() - b.activated_at!.getTime() || a.subscription_id.localeCompare(b.subscription_id));
  if (subs.length === 0) return [];
  const charges: Awaited<ReturnType<typeof chargesOf>> = [];
  for (const ids of chunks(subs.map((s) => s.subscription_id))) charges.push(...(await chargesOf(ids)));
  const chargesBySub = new Map<string, BillableCharge[]>();
  for (const c of charges) {
    const list = chargesBySub.get(c.subscription_id) ?? [];
    list.push({ kind: c.kind, termStart: c.term_start, termEnd: c.term_end, planId: c.plan_id, quantity: c.quantity, amount: String(c.amount), createdAt: c.created_at, operationId: c.operation_id });
    chargesBySub.set(c.subscription_id, list);
  }
  const snapshotIds = new Map<string, { live: string | null; preview: string | null } | undefined>();
  const out: BillableSubscription[] = [];
  for (const s of subs) {
    if (!snapshotIds.has(s.offer_uid)) snapshotIds.set(s.offer_uid, await env.catalog.publishedSnapshotIds(x, s.offer_uid));
    const plans = new Map<string, BillablePlan>();
    for (const p of await plansOfVersion(x, env, s.offer_uid, snapshotIds.get(s.offer_uid), s.is_test)) {
      const dimensions = new Map<string, { displayName: string; unitOfMeasure: string; pricePerUnit: string | null }>();
      for (const d of p.dimensions) {
        const price = p.prices.find((pr) => pr.dimensionId === d.id && pr.market === s.market);
        dimensions.set(d.id, { displayName: d.displayName, unitOfMeasure: d.unitOfMeasure, pricePerUnit: price?.amount ?? null });
      }
      plans.set(p.planId, { name: p.name, dimensions });
    }
    out.push({
      subscriptionId: s.subscription_id,
      name: s.name,
      tenantId: s.purchaser_tenant_id,
      accountId: s.account_id,
      offerId: s.offer_id,
      planId: s.plan_id,
      status: s.status,
      market: s.market,
      currency: s.currency,
      termUnit: s.term_unit,
      paymentOption: s.payment_option,
      activatedAt: s.activated_at!,
      trialEnd: s.trial_end,
      isTest: s.is_test,
      canceledAt: s.canceled_at,
      canceledForNonPayment: s.status === 'Unsubscribed' && s.suspend_reason === 'payment',
      charges: chargesBySub.get(s.subscription_id) ?? [],
      plans,
    });
  }
  return out;
}
