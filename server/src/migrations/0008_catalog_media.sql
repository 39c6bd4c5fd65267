-- Files uploaded for an offer's listing (logos, screenshots, video thumbnails, supporting documents). The bytes are in
-- the file storage under `storage_key` (content addressed); a row says which offer uses them as what.
create table catalog_media (
  media_id uuid primary key,
  offer_uid uuid not null references catalog_offer (offer_uid) on delete cascade,
  kind text not null check (kind in ('logoLarge', 'logoMedium', 'logoSmall', 'screenshot', 'videoThumbnail', 'supportingDocument')),
  storage_key text not null,
  content_type text not null,
  size integer not null check (size > 0),
  width integer,
  height integer,
  file_name text,
  created_at timestamptz not null
);
create index catalog_media_offer on catalog_media (offer_uid, created_at desc);
