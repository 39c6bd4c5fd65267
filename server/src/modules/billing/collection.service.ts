import type { Executor, Tx } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import { Dec } from '../../platform/money.js';
import { PermanentFailure, enqueue, type OutboxHandler } from '../../platform/outbox/index.js';
import type { InvoiceRow } from './billing.tables.js';
import type { BillingEnv } from './billing.types.js';
import {
  failedInvoicesOf,
  findInvoice,
  insertPayment,
  paymentsOf,
  releaseEarnings,
  setInvoiceStatus,
  subscriptionsOfInvoice,
  updatePayment,
} from './invoice.store.js';
import type { PaymentResult } from './payment-provider.js';

/**
 * Collecting an invoice through the payment provider (ADR 0017), as outbox jobs: never inside a transaction while
 * the provider is called. Each attempt has its own idempotency key (invoice id and attempt number), so a job that
 * crashed after the provider answered asks again and gets the same answer.
 *
 * - succeeded: the invoice is paid, its earnings become available for payout, and if the customer has no other
 *   failed invoice, its subscriptions suspended for payment are offered for reinstatement;
 * - failed: the invoice is failed and the subscriptions it bills are suspended (Suspend webhook, 30-day grace); the
 *   collection is retried every RETRY_DAYS days, MAX_ATTEMPTS attempts in all, and at once when the operator (in
 *   the sandbox) or the customer fixes the payment instrument;
 * - pending: the provider settles later; its status is checked every day.
 * A credit total (refunds and credits exceeding charges) is paid back to the instrument the same way.
 */

export const COLLECT_TOPIC = 'billing.collect';
export const RETRY_DAYS = 3;
export const MAX_ATTEMPTS = 4;
const DAY_MS = 86_400_000;

export interface CollectJob {
  invoiceId: string;
}

export function collectHandler(env: BillingEnv): OutboxHandler<CollectJob> {
  return {
    topic: COLLECT_TOPIC,
    retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 6 * 3_600_000 },
    async handle(message, ctx) {
      const { invoiceId } = message.payload;
      if (typeof invoiceId !== 'string') throw new PermanentFailure('The job names no invoice.');
      const invoice = await findInvoice(ctx.db, invoiceId);
      if (!invoice) throw new PermanentFailure(`No invoice ${invoiceId}.`);
      if (invoice.status === 'paid' || invoice.status === 'refunded' || invoice.status === 'settled') return { detail: { status: invoice.status } };
      const payments = await paymentsOf(ctx.db, invoiceId);
      const last = payments.at(-1);
      let result: PaymentResult;
      let attempt: number;
      if (last?.status === 'pending' && last.provider_reference) {
        attempt = last.attempt;
        result = await env.provider.status(ctx.db, last.provider_reference);
      } else {
        attempt = (last?.attempt ?? 0) + 1;
        const refund = new Dec(invoice.total).isNegative();
        const request = {
          idempotencyKey: `${invoiceId}:${attempt}`,
          tenantId: invoice.tenant_id,
          amount: new Dec(invoice.total).abs().toFixed(),
          currency: invoice.currency,
          description: `Invoice ${invoice.number}`,
        };
        result = refund ? await env.provider.refund(ctx.db, request) : await env.provider.charge(ctx.db, request);
      }
      await ctx.db.transaction().execute(async (tx) => {
        await record(tx, env, invoice, attempt, last?.attempt === attempt ? last.payment_id : undefined, result);
        await ctx.completeIn(tx);
      });
      return { detail: { attempt, status: result.status, reference: result.reference, ...(result.failureReason ? { reason: result.failureReason } : {}) } };
    },
  };
}

async function record(tx: Tx, env: BillingEnv, stale: InvoiceRow, attempt: number, paymentId: string | undefined, result: PaymentResult): Promise<void> {
  const invoice = await findInvoice(tx, stale.invoice_id, true);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'refunded' || invoice.status === 'settled') return;
  const now = env.clock.now();
  const refund = new Dec(invoice.total).isNegative();
  const settledAt = result.status === 'pending' ? null : now;
  if (paymentId) await updatePayment(tx, paymentId, { status: result.status, settled_at: settledAt, failure_reason: result.failureReason ?? null });
  else
    await insertPayment(tx, {
      payment_id: newGuid(),
      invoice_id: invoice.invoice_id,
      attempt,
      provider: env.provider.name,
      kind: refund ? 'refund' : 'charge',
      amount: new Dec(invoice.total).abs().toFixed(),
      currency: invoice.currency,
      status: result.status,
      provider_reference: result.reference,
      failure_reason: result.failureReason ?? null,
      attempted_at: now,
      settled_at: settledAt,
    });

  if (result.status === 'succeeded') {
    await setInvoiceStatus(tx, invoice.invoice_id, refund ? 'refunded' : 'paid', now);
    await releaseEarnings(tx, invoice.invoice_id, now);
    if ((await failedInvoicesOf(tx, invoice.tenant_id)).length === 0) await env.commerce.paymentRecovered(tx, invoice.tenant_id);
  } else if (result.status === 'pending') {
    await setInvoiceStatus(tx, invoice.invoice_id, 'pending', null);
    await enqueue(tx, now, { topic: COLLECT_TOPIC, payload: { invoiceId: invoice.invoice_id }, runAt: new Date(now.getTime() + DAY_MS), dedupeKey: `${invoice.invoice_id}:${attempt}:check:${now.toISOString()}` });
  } else {
    await setInvoiceStatus(tx, invoice.invoice_id, 'failed', null);
    if (!refund) await env.commerce.suspendForPayment(tx, await subscriptionsOfInvoice(tx, invoice.invoice_id));
    if (attempt < MAX_ATTEMPTS)
      await enqueue(tx, now, { topic: COLLECT_TOPIC, payload: { invoiceId: invoice.invoice_id }, runAt: new Date(now.getTime() + RETRY_DAYS * DAY_MS), dedupeKey: `${invoice.invoice_id}:${attempt + 1}` });
  }
}

/** Collects the customer's failed invoices again now (the payment instrument was fixed). Returns how many. */
export async function retryFailed(x: Executor, env: BillingEnv, tenantId: string): Promise<number> {
  const failed = await failedInvoicesOf(x, tenantId);
  const now = env.clock.now();
  for (const invoiceId of failed) await enqueue(x, now, { topic: COLLECT_TOPIC, payload: { invoiceId }, dedupeKey: `${invoiceId}:retry:${now.toISOString()}` });
  if (failed.length) env.runner?.wake();
  return failed.length;
}
