import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';
import { bq, type InstrumentBehavior, type PaymentStatus } from './billing.tables.js';

/**
 * The payment provider Agora collects invoices through (ADR 0017). A real adapter (a card processor) implements the
 * same three calls; the sandbox provider is the default and the one tests and `npm start` use.
 *
 * Every call carries an idempotency key: a retried call with the same key returns the first call's result and moves
 * no money twice (how card processors' APIs work), so a collection job that crashed after the provider answered can
 * safely ask again.
 */

export interface PaymentRequest {
  idempotencyKey: string;
  /** The customer's billing account. */
  tenantId: string;
  /** A positive decimal string in the currency's minor units. */
  amount: string;
  currency: string;
  description: string;
}

export interface PaymentResult {
  status: PaymentStatus;
  /** The provider's reference of the charge or refund. */
  reference: string;
  failureReason?: string | undefined;
}

export interface PaymentProvider {
  readonly name: string;
  charge(x: Executor, request: PaymentRequest): Promise<PaymentResult>;
  refund(x: Executor, request: PaymentRequest): Promise<PaymentResult>;
  /** The current state of a pending charge or refund. */
  status(x: Executor, reference: string): Promise<PaymentResult>;
}

/** How long a delayed sandbox payment takes to settle (on the business clock). */
export const SANDBOX_SETTLE_MS = 2 * 86_400_000;

/**
 * The sandbox provider: the operator chooses per customer whether payments succeed, fail (card declined) or settle
 * later (pending for two days, then succeeded). It keeps its charges in its own table, as a real provider would.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  charge(x: Executor, request: PaymentRequest): Promise<PaymentResult> {
    return this.create(x, request);
  }

  /** Refunds go back to the instrument: they succeed unless the instrument is set to fail. */
  refund(x: Executor, request: PaymentRequest): Promise<PaymentResult> {
    return this.create(x, request);
  }

  async status(x: Executor, reference: string): Promise<PaymentResult> {
    const row = await bq(x).selectFrom('billing_sandbox_charge').selectAll().where('reference', '=', reference).executeTakeFirst();
    if (!row) return { status: 'failed', reference, failureReason: 'unknown_reference' };
    if (row.status === 'pending' && row.settles_at && row.settles_at.getTime() <= this.clock.now().getTime()) {
      await bq(x).updateTable('billing_sandbox_charge').set({ status: 'succeeded' }).where('reference', '=', reference).where('status', '=', 'pending').execute();
      return { status: 'succeeded', reference };
    }
    return resultOf(row);
  }

  private async create(x: Executor, request: PaymentRequest): Promise<PaymentResult> {
    const existing = await bq(x).selectFrom('billing_sandbox_charge').selectAll().where('idempotency_key', '=', request.idempotencyKey).executeTakeFirst();
    if (existing) return resultOf(existing);
    const behavior = await sandboxBehavior(x, request.tenantId);
    const now = this.clock.now();
    const status: PaymentStatus = behavior === 'succeed' ? 'succeeded' : behavior === 'fail' ? 'failed' : 'pending';
    const row = {
      reference: `sbx_${newGuid().replaceAll('-', '')}`,
      idempotency_key: request.idempotencyKey,
      tenant_id: request.tenantId,
      amount: request.amount,
      currency: request.currency,
      status,
      settles_at: status === 'pending' ? new Date(now.getTime() + SANDBOX_SETTLE_MS) : null,
      created_at: now,
    };
    const inserted = await bq(x).insertInto('billing_sandbox_charge').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).returningAll().executeTakeFirst();
    if (inserted) return resultOf(inserted);
    // A concurrent call with the same key won: its result is the answer.
    return resultOf((await bq(x).selectFrom('billing_sandbox_charge').selectAll().where('idempotency_key', '=', request.idempotencyKey).executeTakeFirstOrThrow()));
  }
}

function resultOf(row: { reference: string; status: PaymentStatus }): PaymentResult {
  return { status: row.status, reference: row.reference, ...(row.status === 'failed' ? { failureReason: 'card_declined' } : {}) };
}

export async function sandboxBehavior(x: Executor, tenantId: string): Promise<InstrumentBehavior> {
  const row = await bq(x).selectFrom('billing_sandbox_instrument').select('behavior').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.behavior ?? 'succeed';
}

export async function setSandboxBehavior(x: Executor, tenantId: string, behavior: InstrumentBehavior, now: Date): Promise<void> {
  await bq(x)
    .insertInto('billing_sandbox_instrument')
    .values({ tenant_id: tenantId, behavior, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ behavior, updated_at: now }))
    .execute();
}
