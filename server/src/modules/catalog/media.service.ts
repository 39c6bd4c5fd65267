import type { Db, Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import type { FileStorage } from '../../platform/storage/index.js';
import { tables } from '../../platform/db/index.js';
import { findOffer } from './offer.store.js';
import { checkMedia, MEDIA_CHECK_STATUS, MEDIA_RULES, type MediaKind } from './media/index.js';

interface MediaTables {
  catalog_media: {
    media_id: string;
    offer_uid: string;
    kind: MediaKind;
    storage_key: string;
    content_type: string;
    size: number;
    width: number | null;
    height: number | null;
    file_name: string | null;
    created_at: Date;
  };
}
const mq = (x: Executor) => tables<MediaTables>(x);

export interface MediaView {
  mediaId: string;
  kind: MediaKind;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  fileName: string | null;
  createdAt: string;
}

const view = (r: MediaTables['catalog_media']): MediaView => ({
  mediaId: r.media_id,
  kind: r.kind,
  contentType: r.content_type,
  size: r.size,
  width: r.width,
  height: r.height,
  fileName: r.file_name,
  createdAt: r.created_at.toISOString(),
});

export const isMediaKind = (k: string): k is MediaKind => Object.hasOwn(MEDIA_RULES, k);

/** Status for each refusal of an upload (the media checker's suggestion, and ours for the rest). */
export const MEDIA_STATUS: Record<string, number> = { ...MEDIA_CHECK_STATUS };

/**
 * Uploads a listing file: checked from its bytes (format and pixel size, never the name or declared type), stored
 * content-addressed, then recorded for the offer in one short transaction. A refused file is never stored.
 */
export async function uploadMedia(
  db: Db,
  storage: FileStorage,
  now: Date,
  accountId: string,
  offerId: string,
  input: { kind: string; bytes: Buffer; fileName?: string | undefined },
): Promise<Result<MediaView>> {
  if (!isMediaKind(input.kind)) return fail('ValidationFailed', `Unknown media kind "${input.kind}". Kinds: ${Object.keys(MEDIA_RULES).join(', ')}.`, { target: 'kind' });
  const offer = await findOffer(db, accountId, offerId);
  if (!offer) return fail('NotFound', `No offer "${offerId}" in this account.`);
  const checked = checkMedia(input.kind, input.bytes);
  if (!checked.ok) return fail(checked.code, checked.message, { target: 'file' });
  const stored = await storage.put(input.bytes, { contentType: checked.contentType });
  const row: MediaTables['catalog_media'] = {
    media_id: newGuid(),
    offer_uid: offer.offer_uid,
    kind: input.kind,
    storage_key: stored.key,
    content_type: checked.contentType,
    size: checked.size,
    width: checked.width ?? null,
    height: checked.height ?? null,
    file_name: input.fileName?.slice(0, 255) ?? null,
    created_at: now,
  };
  await mq(db).insertInto('catalog_media').values(row).execute();
  return ok(view(row));
}

export async function listMedia(x: Executor, accountId: string, offerId: string): Promise<Result<MediaView[]>> {
  const offer = await findOffer(x, accountId, offerId);
  if (!offer) return fail('NotFound', `No offer "${offerId}" in this account.`);
  const rows = await mq(x).selectFrom('catalog_media').selectAll().where('offer_uid', '=', offer.offer_uid).orderBy('created_at', 'desc').execute();
  return ok(rows.map(view));
}

export async function mediaFile(x: Executor, storage: FileStorage, accountId: string, offerId: string, mediaId: string): Promise<Result<{ bytes: Buffer; contentType: string; fileName: string | null }>> {
  const offer = await findOffer(x, accountId, offerId);
  const row = offer && isGuid(mediaId) ? await mq(x).selectFrom('catalog_media').selectAll().where('media_id', '=', mediaId).where('offer_uid', '=', offer.offer_uid).executeTakeFirst() : undefined;
  if (!row) return fail('NotFound', 'No such file on this offer.');
  const file = await storage.get(row.storage_key);
  if (!file) return fail('NotFound', 'The file is missing from storage.');
  return ok({ bytes: file.bytes, contentType: row.content_type, fileName: row.file_name });
}

/** The kinds of the given media ids that belong to the offer (for the listing tab's checks). */
export async function mediaKindsOf(x: Executor, offerUid: string, mediaIds: readonly string[]): Promise<Map<string, MediaKind>> {
  const ids = mediaIds.filter(isGuid);
  if (ids.length === 0) return new Map();
  const rows = await mq(x).selectFrom('catalog_media').select(['media_id', 'kind']).where('offer_uid', '=', offerUid).where('media_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.media_id, r.kind]));
}
