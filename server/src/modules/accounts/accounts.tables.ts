import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

export interface AccountsTables {
  accounts_publisher_account: {
    account_id: string;
    publisher_id: string;
    display_name: string;
    seller_id: string;
    tenant_id: string;
    created_at: Date;
    created_by: string;
    closed_at: Date | null;
  };
  accounts_member: {
    account_id: string;
    principal_type: 'user' | 'group' | 'app';
    principal_id: string;
    tenant_id: string;
    roles: string[];
    added_at: Date;
    added_by: string | null;
  };
  accounts_invitation: {
    invitation_id: string;
    account_id: string;
    email: string;
    roles: string[];
    token_hash: string;
    state: 'pending' | 'accepted' | 'revoked';
    user_id: string;
    invited_by: string;
    created_at: Date;
    expires_at: Date;
    accepted_at: Date | null;
  };
}

export type AccountRow = AccountsTables['accounts_publisher_account'];
export type MemberRow = AccountsTables['accounts_member'];
export type InvitationRow = AccountsTables['accounts_invitation'];

export const acq = (x: Executor): Kysely<AccountsTables> => tables<AccountsTables>(x);
