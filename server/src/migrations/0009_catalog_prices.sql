-- Per-market plan prices: USD prices converted into each market's currency with an operator-maintained exchange-rate
-- table ("converted to local currency at save time, using rates updated daily", spec/08 §2.6), and per-market
-- overrides imported from the pricing spreadsheet (exportedPrice.xlsx, spec/01 §1.16).

-- Exchange rates by day: a rate is in force from its effective date until the next effective date of its currency.
create table catalog_exchange_rate (
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  effective_date date not null,
  -- Units of `currency` per 1 USD.
  rate numeric(20, 10) not null check (rate > 0),
  -- The operator who set it; null for the demo defaults below.
  set_by uuid,
  set_at timestamptz not null,
  primary key (currency, effective_date)
);

-- DEMO DEFAULTS, not market data: approximate mid-2025 rates for the 16 market currencies (spec/08 §1.12), in force
-- from 2000-01-01 so that every save date has a rate. An operator replaces them with real rates by day
-- (PUT /api/admin/exchange-rates/{date}); a later day's rates never change prices converted before.
insert into catalog_exchange_rate (currency, effective_date, rate, set_by, set_at) values
  ('USD', date '2000-01-01', 1, null, now()),
  ('AUD', date '2000-01-01', 1.53, null, now()),
  ('BRL', date '2000-01-01', 5.45, null, now()),
  ('CAD', date '2000-01-01', 1.37, null, now()),
  ('CHF', date '2000-01-01', 0.80, null, now()),
  ('DKK', date '2000-01-01', 6.37, null, now()),
  ('EUR', date '2000-01-01', 0.855, null, now()),
  ('GBP', date '2000-01-01', 0.74, null, now()),
  ('INR', date '2000-01-01', 87.50, null, now()),
  ('JPY', date '2000-01-01', 147.00, null, now()),
  ('KRW', date '2000-01-01', 1390.00, null, now()),
  ('NOK', date '2000-01-01', 10.10, null, now()),
  ('NZD', date '2000-01-01', 1.68, null, now()),
  ('RUB', date '2000-01-01', 80.00, null, now()),
  ('SEK', date '2000-01-01', 9.55, null, now()),
  ('TWD', date '2000-01-01', 30.00, null, now());

-- A plan's price in one market, for one billing term: the base price (dimension_id '') or a metered dimension's
-- price per unit. `converted` rows are USD x the rate in force on the save date (fx_rate, fx_date: the rate used and
-- its effective date); `override` rows were imported by the publisher and survive recomputes while the market stays
-- (fx_rate, fx_date then record the conversion the override replaces).
create table catalog_plan_price (
  plan_uid uuid not null references catalog_plan (plan_uid) on delete cascade,
  market text not null check (market ~ '^[A-Z]{2}$'),
  term text not null check (term in ('P1M', 'P1Y')),
  dimension_id text not null default '',
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  amount numeric(20, 6) not null check (amount >= 0),
  source text not null check (source in ('converted', 'override')),
  fx_rate numeric(20, 10) check (fx_rate > 0),
  fx_date date,
  set_at timestamptz not null,
  primary key (plan_uid, market, term, dimension_id)
);
