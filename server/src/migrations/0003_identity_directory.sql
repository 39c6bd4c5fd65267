-- The directory (Azure AD's role in the marketplace): tenants, users, groups, app registrations and their secrets,
-- sign-in sessions, and the keys that sign access tokens.

create table identity_tenant (
  tenant_id uuid primary key,
  display_name text not null,
  -- The tenant's initial domain (Azure AD's <prefix>.onmicrosoft.com); the token endpoint accepts it in place of the id.
  default_domain text not null unique check (default_domain = lower(default_domain)),
  kind text not null check (kind in ('organization', 'personal')),
  created_at timestamptz not null
);

create table identity_user (
  object_id uuid primary key,
  tenant_id uuid not null references identity_tenant (tenant_id),
  -- Lower-cased; one person signs in with one email across Agora.
  email text not null unique check (email = lower(email)),
  display_name text not null,
  -- scrypt$N$r$p$salt$hash; null until an invited user sets a password.
  password_hash text,
  user_type text not null check (user_type in ('member', 'guest')),
  state text not null check (state in ('active', 'invitation_pending', 'disabled')),
  is_global_admin boolean not null default false,
  is_operator boolean not null default false,
  created_at timestamptz not null
);
create index identity_user_tenant on identity_user (tenant_id);

create table identity_group (
  object_id uuid primary key,
  tenant_id uuid not null references identity_tenant (tenant_id),
  display_name text not null,
  created_at timestamptz not null,
  unique (tenant_id, display_name)
);

create table identity_group_member (
  group_id uuid not null references identity_group (object_id) on delete cascade,
  user_id uuid not null references identity_user (object_id) on delete cascade,
  primary key (group_id, user_id)
);
create index identity_group_member_user on identity_group_member (user_id);

create table identity_app (
  -- The application (client) id.
  app_id uuid primary key,
  tenant_id uuid not null references identity_tenant (tenant_id),
  -- The service principal's object id in its tenant: the `oid` claim of the app's tokens.
  object_id uuid not null unique,
  display_name text not null,
  reply_url text check (length(reply_url) <= 256),
  app_id_uri text check (length(app_id_uri) <= 256),
  created_at timestamptz not null,
  unique (tenant_id, reply_url),
  unique (tenant_id, app_id_uri)
);

create table identity_app_secret (
  secret_id uuid primary key,
  app_id uuid not null references identity_app (app_id) on delete cascade,
  display_name text not null,
  -- The first three characters, shown in lists as Azure does; the secret itself is never stored.
  hint text not null,
  -- SHA-256 of the secret: secrets are 256-bit random values, so a fast hash is enough (ADR 0006).
  secret_hash text not null unique,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  removed_at timestamptz
);
create index identity_app_secret_app on identity_app_secret (app_id);

create table identity_session (
  -- SHA-256 of the cookie value.
  token_hash text primary key,
  user_id uuid not null references identity_user (object_id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index identity_session_user on identity_session (user_id);

create table identity_signing_key (
  kid text primary key,
  private_jwk jsonb not null,
  public_jwk jsonb not null,
  created_at timestamptz not null,
  -- Set when a newer key took over; the key stays in the JWKS until tokens it signed have expired.
  retired_at timestamptz
);

-- The personal-accounts tenant (Microsoft's MSA tenant id): customers who sign in with a personal account live here.
insert into identity_tenant (tenant_id, display_name, default_domain, kind, created_at)
values ('9188040d-6c67-4c5b-b112-36a304b66dad', 'Personal accounts', 'personal.onagora.test', 'personal', now());
