import type { Generated, Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';
import type { AccountType, BankScheme } from './bank-account.js';
import type { PayoutStatus, TaxStatus } from './finance.state.js';
import type { Address, EntityType, TaxForm } from './tax-profile.rules.js';

/** The accounts module's finance tables (migration 0018). */
export interface FinanceTables {
  accounts_tax_profile: {
    account_id: string;
    entity_type: EntityType;
    legal_name: string;
    country_of_residence: string;
    citizenship: string | null;
    address: Address;
    tax_form: TaxForm;
    tax_id: string | null;
    treaty_country: string | null;
    /** numeric(5,2), read as a string. */
    treaty_rate: string | null;
    withholding_rate: string;
    status: TaxStatus;
    status_reason: string | null;
    revision: number;
    submitted_at: Date;
    submitted_by: string;
    validation_due_at: Date;
    decided_at: Date | null;
    decided_by: string | null;
    created_at: Date;
  };
  accounts_payout_profile: {
    account_id: string;
    payout_currency: string;
    bank_country: string;
    account_holder_name: string;
    bank_scheme: BankScheme;
    iban: string | null;
    routing_number: string | null;
    account_number: string | null;
    account_type: AccountType | null;
    swift_bic: string | null;
    status: PayoutStatus;
    status_reason: string | null;
    revision: number;
    bank_submitted_at: Date;
    bank_submitted_by: string;
    verification_due_at: Date;
    verified_at: Date | null;
    hold_payment: boolean;
    created_at: Date;
    updated_at: Date;
  };
  accounts_payout_hold_change: {
    seq: Generated<number>;
    account_id: string;
    hold_payment: boolean;
    changed_at: Date;
    changed_by: string;
  };
  accounts_finance_event: {
    seq: Generated<number>;
    account_id: string;
    profile: 'tax' | 'payout';
    revision: number;
    action: string;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_kind: 'user' | 'app' | 'operator' | 'system';
    actor_id: string | null;
    at: Date;
  };
}

export type TaxProfileRow = FinanceTables['accounts_tax_profile'];
export type PayoutProfileRow = FinanceTables['accounts_payout_profile'];
export type FinanceEventRow = Omit<FinanceTables['accounts_finance_event'], 'seq'> & { seq: number };
export type HoldChangeRow = Omit<FinanceTables['accounts_payout_hold_change'], 'seq'> & { seq: number };

export const fq = (x: Executor): Kysely<FinanceTables> => tables<FinanceTables>(x);
