import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { OutboxRunner } from '../../platform/outbox/index.js';
import type { CommerceService } from '../commerce/index.js';
import type { DailyUsage } from '../metering/index.js';
import type { PaymentProvider } from './payment-provider.js';

export type { BillableSubscription, BillableCharge, BillablePlan } from '../commerce/index.js';
export type DailyUsageLike = DailyUsage;

export interface BillingDeps {
  db: Db;
  /** Business time: billing periods, due dates, payment settlement. */
  clock: Clock;
  log: Logger;
  sandbox: boolean;
  commerce: Pick<CommerceService, 'billableSubscriptions' | 'suspendForPayment' | 'paymentRecovered'>;
  /** The metering module's rated-usage source. */
  dailyUsage: (x: Db | Tx, subscriptionIds: readonly string[], from: Date, to: Date) => Promise<DailyUsage[]>;
  runner?: OutboxRunner | undefined;
  /** The payment provider; defaults to the sandbox provider. */
  paymentProvider?: PaymentProvider | undefined;
  /** Called inside the run's transaction after each invoice is written (a failure rolls the whole run back). */
  onInvoiceIssued?: ((tx: Tx, invoice: { invoiceId: string; number: string; tenantId: string }) => Promise<void>) | undefined;
}

export interface BillingEnv extends BillingDeps {
  provider: PaymentProvider;
}
