import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

export type SubscriptionStatus = 'PendingFulfillmentStart' | 'Subscribed' | 'Suspended' | 'Unsubscribed';
export type OperationAction = 'Unsubscribe' | 'ChangePlan' | 'ChangeQuantity' | 'Suspend' | 'Reinstate' | 'Renew';
export type OperationStatus = 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed' | 'Conflict';
export type OperationSource = 'Publisher' | 'Marketplace';
export type TermUnit = 'P1M' | 'P1Y';
export type CustomerOperation = 'Read' | 'Update' | 'Delete';

/** An AAD identity as the fulfillment API shows it (08 §1.8). */
export interface AadIdentity {
  emailId: string;
  objectId: string;
  tenantId: string;
  puid: string;
}

/** The tables of migration 0013. */
export interface CommerceTables {
  commerce_order: {
    order_id: string;
    purchaser_tenant_id: string;
    purchaser_user_id: string | null;
    offer_uid: string;
    plan_id: string;
    term_unit: TermUnit;
    quantity: number | null;
    market: string;
    currency: string;
    terms_accepted_at: Date;
    created_at: Date;
  };
  commerce_subscription: {
    subscription_id: string;
    order_id: string;
    account_id: string;
    publisher_id: string;
    offer_uid: string;
    offer_id: string;
    plan_id: string;
    name: string;
    quantity: number | null;
    status: SubscriptionStatus;
    term_unit: TermUnit;
    payment_option: 'upfront' | 'monthly';
    term_start: Date | null;
    term_end: Date | null;
    auto_renew: boolean;
    is_free_trial: boolean;
    trial_end: Date | null;
    is_test: boolean;
    sandbox_type: 'None' | 'Csp';
    session_mode: 'None' | 'DryRun';
    channel: 'Direct' | 'Csp';
    allowed_customer_operations: CustomerOperation[];
    market: string;
    currency: string;
    /** numeric(20,6) as a decimal string: the price per term (per seat when per user). */
    unit_price: string;
    beneficiary: AadIdentity;
    purchaser: AadIdentity;
    beneficiary_tenant_id: string;
    purchaser_tenant_id: string;
    activated_at: Date | null;
    suspended_at: Date | null;
    suspend_reason: string | null;
    canceled_at: Date | null;
    created_at: Date;
    last_modified: Date;
  };
  commerce_operation: {
    operation_id: string;
    subscription_id: string;
    activity_id: string;
    action: OperationAction;
    status: OperationStatus;
    source: OperationSource;
    plan_id: string;
    quantity: number | null;
    previous_plan_id: string | null;
    previous_quantity: number | null;
    error_status_code: string;
    error_message: string;
    created_at: Date;
    completed_at: Date | null;
    patched_at: Date | null;
    patched_status: string | null;
  };
  commerce_charge: {
    charge_id: string;
    subscription_id: string;
    kind: 'charge' | 'refund' | 'proration';
    term_start: Date;
    term_end: Date;
    plan_id: string;
    quantity: number | null;
    /** numeric(20,6) as a decimal string. */
    amount: string;
    currency: string;
    created_at: Date;
    /** The change of plan or quantity a proration charge is for (migration 0019). */
    operation_id: string | null;
  };
  commerce_webhook: {
    webhook_id: string;
    outbox_id: string;
    account_id: string;
    offer_uid: string;
    subscription_id: string;
    operation_id: string;
    action: OperationAction;
    url: string | null;
    payload: unknown;
    created_at: Date;
  };
  commerce_token_key: { kid: string; secret: string; created_at: Date };
}

export type SubscriptionRow = CommerceTables['commerce_subscription'];
export type OperationRow = CommerceTables['commerce_operation'];
export type ChargeRow = CommerceTables['commerce_charge'];

export const mq = (x: Executor): Kysely<CommerceTables> => tables<CommerceTables>(x);

/** jsonb values are written as JSON text so that arrays stay JSON on both engines. */
export const json = <T>(value: T): T => JSON.stringify(value) as unknown as T;

/** jsonb read back: the pg driver parses it; PGlite may hand back text in some paths. */
export const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
