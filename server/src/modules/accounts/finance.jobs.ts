import { isGuid } from '../../platform/ids.js';
import { PermanentFailure, type OutboxHandler } from '../../platform/outbox/index.js';
import { PAYOUT_VERIFICATION_TOPIC, runPayoutVerification } from './payout-profile.service.js';
import { TAX_VALIDATION_TOPIC, runTaxValidation } from './tax-profile.service.js';

/**
 * The automatic checks of tax and payout profiles, as outbox jobs on the business clock (ADR 0015): each submission
 * enqueues one message due 24 hours later (within the reference's 48 hours), keyed by account and revision, so the
 * sandbox clock moves them like any other scheduled work. A handler decides its revision in one transaction and
 * settles the message in it (completeIn), so a decision is applied once; a message for a superseded revision, or for
 * a profile an operator decided first, settles as Skipped.
 */

interface ProfileJob {
  accountId: string;
  revision: number;
}

function parse(payload: ProfileJob): ProfileJob {
  if (!isGuid(payload?.accountId) || !Number.isSafeInteger(payload?.revision) || payload.revision < 1)
    throw new PermanentFailure(`Not a profile job: ${JSON.stringify(payload)}.`);
  return payload;
}

export const taxValidationHandler: OutboxHandler<ProfileJob> = {
  topic: TAX_VALIDATION_TOPIC,
  retry: { maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
  async handle(message, ctx) {
    const { accountId, revision } = parse(message.payload);
    await ctx.db.transaction().execute(async (tx) => {
      const decided = await runTaxValidation(tx, ctx.clock.now(), accountId, revision);
      await ctx.completeIn(tx);
      ctx.log.info({ accountId, revision, ...decided }, 'tax profile validation');
    });
  },
};

export const payoutVerificationHandler: OutboxHandler<ProfileJob> = {
  topic: PAYOUT_VERIFICATION_TOPIC,
  retry: { maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
  async handle(message, ctx) {
    const { accountId, revision } = parse(message.payload);
    await ctx.db.transaction().execute(async (tx) => {
      const decided = await runPayoutVerification(tx, ctx.clock.now(), accountId, revision);
      await ctx.completeIn(tx);
      ctx.log.info({ accountId, revision, ...decided }, 'bank account verification');
    });
  },
};

export const financeHandlers: OutboxHandler<never>[] = [taxValidationHandler as OutboxHandler<never>, payoutVerificationHandler as OutboxHandler<never>];
