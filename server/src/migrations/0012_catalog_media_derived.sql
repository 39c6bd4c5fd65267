-- The Medium (90x90) and Small (48x48) logos made from a Large logo when it is uploaded (L16376: "Partner Center
-- will resize it to the required logo sizes ... which you can replace later"). `derived_from` names the Large logo.
alter table catalog_media add column derived_from uuid references catalog_media (media_id) on delete cascade;
create index catalog_media_derived on catalog_media (derived_from) where derived_from is not null;
