import type { Db, Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid, newGuid } from '../../platform/ids.js';
import type { FileStorage } from '../../platform/storage/index.js';
import { tables } from '../../platform/db/index.js';
import { findOffer } from './offer.store.js';
import { checkMedia, MEDIA_CHECK_STATUS, MEDIA_RULES, PngError, resizePng, type MediaKind } from './media/index.js';

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
    /** For a generated Medium or Small logo: the Large logo it was made from. */
    derived_from: string | null;
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
  /** For a generated logo: the Large logo it was made from. */
  derivedFrom: string | null;
  createdAt: string;
  /** With a Large logo: the Medium and Small logos made from it. */
  derived?: MediaView[];
}

const view = (r: MediaTables['catalog_media']): MediaView => ({
  mediaId: r.media_id,
  kind: r.kind,
  contentType: r.content_type,
  size: r.size,
  width: r.width,
  height: r.height,
  fileName: r.file_name,
  derivedFrom: r.derived_from,
  createdAt: r.created_at.toISOString(),
});

/** The logos made from a Large logo, with their sizes (L16376; spec 04 L73-74). */
const DERIVED_LOGOS = [
  { kind: 'logoMedium', size: 90 },
  { kind: 'logoSmall', size: 48 },
] as const;

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
  // A Large logo brings its Medium and Small logos, resized from its pixels. The checker read only the header, so a
  // file whose image data is broken is refused here, before anything is stored.
  let derived: { kind: MediaKind; size: number; bytes: Buffer }[] = [];
  if (input.kind === 'logoLarge') {
    try {
      derived = DERIVED_LOGOS.map((d) => ({ kind: d.kind, size: d.size, bytes: resizePng(input.bytes, d.size, d.size) }));
    } catch (e) {
      if (e instanceof PngError) return fail('UnsupportedMediaType', `The large logo is not a readable PNG: ${e.message}`, { target: 'file' });
      throw e;
    }
  }
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
    derived_from: null,
    created_at: now,
  };
  const derivedRows: MediaTables['catalog_media'][] = [];
  for (const d of derived) {
    const file = await storage.put(d.bytes, { contentType: 'image/png' });
    const name = input.fileName ? `${input.fileName.replace(/\.png$/i, '').slice(0, 240)}-${d.size}x${d.size}.png` : null;
    derivedRows.push({ ...row, media_id: newGuid(), kind: d.kind, storage_key: file.key, size: d.bytes.length, width: d.size, height: d.size, file_name: name, derived_from: row.media_id });
  }
  await db.transaction().execute(async (trx) => {
    await mq(trx).insertInto('catalog_media').values(row).execute();
    if (derivedRows.length) await mq(trx).insertInto('catalog_media').values(derivedRows).execute();
  });
  return ok({ ...view(row), ...(derivedRows.length ? { derived: derivedRows.map(view) } : {}) });
}

/** The Medium and Small logos made from each of the given Large logos. */
export async function derivedLogos(x: Executor, largeIds: readonly string[]): Promise<Map<string, Partial<Record<'logoMedium' | 'logoSmall', string>>>> {
  const ids = largeIds.filter(isGuid);
  const out = new Map<string, Partial<Record<'logoMedium' | 'logoSmall', string>>>();
  if (ids.length === 0) return out;
  const rows = await mq(x).selectFrom('catalog_media').select(['media_id', 'kind', 'derived_from']).where('derived_from', 'in', ids).execute();
  for (const r of rows) if (r.derived_from && (r.kind === 'logoMedium' || r.kind === 'logoSmall')) out.set(r.derived_from, { ...out.get(r.derived_from), [r.kind]: r.media_id });
  return out;
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
