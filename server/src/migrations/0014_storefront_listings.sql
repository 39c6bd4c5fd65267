-- The storefront's read model: one row per published version of an offer (its live version, and its preview
-- version, which only the preview audience sees). Rebuilt from the catalog's published snapshots whenever an offer
-- goes to preview, goes live, stops distribution or has a private audience synced; never edited otherwise.
create table storefront_listing (
  offer_uid uuid not null,
  version text not null check (version in ('live', 'preview')),
  snapshot_id uuid not null,
  account_id uuid not null,
  offer_id text not null,
  offer_type text not null,
  name text not null,
  publisher_name text not null,
  -- The listing's search results summary.
  summary text not null,
  -- Online stores ('AppSource', 'AzureMarketplace'), category keys ('<store>/<categoryId>'), subcategory keys
  -- ('<store>/<categoryId>/<subcategoryId>'), industry ids and vertical keys ('<industryId>/<verticalId>').
  stores text[] not null,
  categories text[] not null,
  subcategories text[] not null,
  industries text[] not null,
  verticals text[] not null,
  transactable boolean not null,
  -- Listing-only offers: 'ContactMe' | 'FreeTrial' | 'GetItNowFree'.
  listing_option text,
  -- Listed for everyone: a listing-only offer, or one with a public plan that is not stopped.
  publicly_listed boolean not null,
  -- '<offerUid>:<planId>' of the private plans that are not stopped: a tenant in one's live audience sees the offer.
  private_plans text[] not null,
  -- The visible plans' pricing facts (per market base prices), for the pricing summary of a result.
  plans jsonb not null,
  logo_small uuid,
  -- Preview rows: the preview audience's emails (lower case).
  preview_audience text[] not null,
  -- When the offer was first listed (kept across republishing): "newest" sorts on it.
  listed_at timestamptz not null,
  -- Weights: name A; summary and search keywords B; description, short description and publisher name C.
  search tsvector not null,
  primary key (offer_uid, version)
);

create unique index storefront_listing_offer on storefront_listing (account_id, offer_id, version);
create index storefront_listing_search on storefront_listing using gin (search);
create index storefront_listing_stores on storefront_listing using gin (stores);
create index storefront_listing_categories on storefront_listing using gin (categories);
create index storefront_listing_industries on storefront_listing using gin (industries);
create index storefront_listing_preview_audience on storefront_listing using gin (preview_audience);
