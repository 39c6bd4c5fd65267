import type { Kysely } from 'kysely';
import { tables, type Executor } from '../../platform/db/index.js';

export interface IdentityTables {
  identity_tenant: { tenant_id: string; display_name: string; default_domain: string; kind: 'organization' | 'personal'; created_at: Date };
  identity_user: {
    object_id: string;
    tenant_id: string;
    email: string;
    display_name: string;
    password_hash: string | null;
    user_type: 'member' | 'guest';
    state: 'active' | 'invitation_pending' | 'disabled';
    is_global_admin: boolean;
    is_operator: boolean;
    created_at: Date;
  };
  identity_group: { object_id: string; tenant_id: string; display_name: string; created_at: Date };
  identity_group_member: { group_id: string; user_id: string };
  identity_app: {
    app_id: string;
    tenant_id: string;
    object_id: string;
    display_name: string;
    reply_url: string | null;
    app_id_uri: string | null;
    created_at: Date;
  };
  identity_app_secret: {
    secret_id: string;
    app_id: string;
    display_name: string;
    hint: string;
    secret_hash: string;
    created_at: Date;
    expires_at: Date;
    removed_at: Date | null;
  };
  identity_session: { token_hash: string; user_id: string; csrf_token: string; created_at: Date; expires_at: Date };
  identity_signing_key: { kid: string; private_jwk: unknown; public_jwk: unknown; created_at: Date; retired_at: Date | null };
}

export type TenantRow = IdentityTables['identity_tenant'];
export type UserRow = IdentityTables['identity_user'];
export type GroupRow = IdentityTables['identity_group'];
export type AppRow = IdentityTables['identity_app'];
export type SecretRow = IdentityTables['identity_app_secret'];

export const idq = (executor: Executor): Kysely<IdentityTables> => tables<IdentityTables>(executor);

/** The Microsoft personal-accounts (MSA) tenant: customers with personal accounts belong to it. */
export const PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
