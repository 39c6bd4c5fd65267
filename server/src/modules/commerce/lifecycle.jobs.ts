import { PermanentFailure, type OutboxHandler } from '../../platform/outbox/index.js';
import type { CommerceEnv } from './commerce.types.js';
import { LIFECYCLE_TOPIC, applyChange, endTrial, graceEnded, renew, unsubscribe, type LifecycleJob } from './lifecycle.js';
import { basePrice, offerVersion } from './offer-version.js';
import { findOperation, updateOperation } from './operation.store.js';
import { findSubscription } from './subscription.store.js';

/**
 * The scheduled side of the life cycle, on the business clock: renewals, trial ends, the end of the suspension grace
 * period, publisher-initiated operations, and change-plan acknowledgements that did not come. Each job locks the
 * subscription, checks it is still in the state it was scheduled for (else it is stale and does nothing), and
 * completes in the same transaction as its effect.
 */
export function lifecycleHandler(env: CommerceEnv): OutboxHandler<LifecycleJob> {
  return {
    topic: LIFECYCLE_TOPIC,
    retry: { maxAttempts: 10 },
    async handle(message, ctx) {
      const job = message.payload;
      await ctx.db.transaction().execute(async (tx) => {
        const sub = await findSubscription(tx, job.subscriptionId, true);
        if (!sub) throw new PermanentFailure(`No subscription ${job.subscriptionId}.`);
        switch (job.kind) {
          case 'renew':
            await renew(tx, env, sub, new Date(job.termEnd));
            break;
          case 'trial-end':
            await endTrial(tx, env, sub, new Date(job.trialEnd));
            break;
          case 'grace':
            await graceEnded(tx, env, sub, new Date(job.suspendedAt));
            break;
          case 'apply': {
            const op = await findOperation(tx, sub.subscription_id, job.operationId, true);
            if (!op || op.status !== 'InProgress') break;
            if (op.action === 'Unsubscribe') await unsubscribe(tx, env, sub, 'Publisher', op);
            else if (sub.status !== 'Subscribed') await updateOperation(tx, op.operation_id, { status: 'Failed', completed_at: env.clock.now(), error_message: `The subscription is ${sub.status}.` });
            else {
              const plan = (await offerVersion(tx, env.catalog, sub.offer_uid))?.plans.find((p) => p.planId === op.plan_id);
              const price = op.action === 'ChangePlan' ? plan && basePrice(plan, sub.market, sub.term_unit) : undefined;
              if (op.action === 'ChangePlan' && !price) await updateOperation(tx, op.operation_id, { status: 'Failed', completed_at: env.clock.now(), error_message: `The plan "${op.plan_id}" is no longer available.` });
              else await applyChange(tx, env, sub, op, price?.amount ?? sub.unit_price);
            }
            break;
          }
          case 'ack-timeout': {
            // No PATCH within 10 seconds: a change of plan counts as Success (08 §2.1, §4.2 #10).
            const op = await findOperation(tx, sub.subscription_id, job.operationId, true);
            if (!op || op.status !== 'InProgress' || op.action !== 'ChangePlan' || sub.status !== 'Subscribed') break;
            const plan = (await offerVersion(tx, env.catalog, sub.offer_uid))?.plans.find((p) => p.planId === op.plan_id);
            const price = plan && basePrice(plan, sub.market, sub.term_unit);
            await applyChange(tx, env, sub, op, price?.amount ?? sub.unit_price);
            break;
          }
        }
        await ctx.completeIn(tx);
      });
    },
  };
}
