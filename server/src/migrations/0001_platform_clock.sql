-- The sandbox's virtual clock: one row holding the offset from real time, which only grows.
create table platform_clock (
  id boolean primary key default true check (id),
  offset_ms bigint not null default 0 check (offset_ms >= 0),
  updated_at timestamptz not null default now()
);
insert into platform_clock (id, offset_ms) values (true, 0);

-- Small operator-visible settings of the platform (first-run markers, fee settings later) as JSON values.
create table platform_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
