-- Publisher accounts, who belongs to them with which roles, and invitations to join.

create table accounts_publisher_account (
  account_id uuid primary key,
  -- Unique across Agora and never reused: accounts are closed, not deleted.
  publisher_id text not null unique check (publisher_id ~ '^[a-z0-9][a-z0-9_-]{2,49}$'),
  display_name text not null check (length(display_name) between 1 and 256),
  seller_id text not null unique,
  -- The directory tenant the account was opened with; its apps are registered there.
  tenant_id uuid not null,
  created_at timestamptz not null,
  created_by uuid not null,
  closed_at timestamptz
);

-- A user, a group (its members get its roles) or an app registration, with roles on the account.
create table accounts_member (
  account_id uuid not null references accounts_publisher_account (account_id),
  principal_type text not null check (principal_type in ('user', 'group', 'app')),
  principal_id uuid not null,
  -- The principal's directory tenant: for apps, the (tenant id, app id) pair the marketplace APIs authenticate.
  tenant_id uuid not null,
  roles text[] not null check (cardinality(roles) > 0),
  added_at timestamptz not null,
  added_by uuid,
  primary key (account_id, principal_type, principal_id)
);
-- One (tenant id, app id) pair belongs to one publisher account only.
create unique index accounts_member_app_once on accounts_member (tenant_id, principal_id) where principal_type = 'app';
create index accounts_member_principal on accounts_member (principal_id);

create table accounts_invitation (
  invitation_id uuid primary key,
  account_id uuid not null references accounts_publisher_account (account_id),
  email text not null check (email = lower(email)),
  roles text[] not null check (cardinality(roles) > 0),
  -- SHA-256 of the token in the invitation link.
  token_hash text not null unique,
  state text not null check (state in ('pending', 'accepted', 'revoked')),
  -- The directory user the invitation is for (an existing user, or a guest created for it).
  user_id uuid not null,
  invited_by uuid not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  accepted_at timestamptz
);
create index accounts_invitation_account on accounts_invitation (account_id, created_at desc);
-- At most one open invitation per person per account.
create unique index accounts_invitation_open on accounts_invitation (account_id, email) where state = 'pending';
