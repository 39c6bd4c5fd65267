import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import type { ProjectedListing } from './listing.projection.js';
import type { StoreName } from './store-placement.js';
import { sq, type ListingRow } from './storefront.tables.js';

/** SQL of the storefront's read model (storefront_listing, migration 0014). */

export type ListingSummaryRow = Omit<ListingRow, 'search'>;

const COLUMNS = sql.raw(
  [
    'offer_uid',
    'version',
    'snapshot_id',
    'account_id',
    'offer_id',
    'offer_type',
    'name',
    'publisher_name',
    'summary',
    'stores',
    'categories',
    'subcategories',
    'industries',
    'verticals',
    'transactable',
    'listing_option',
    'publicly_listed',
    'private_plans',
    'plans',
    'logo_small',
    'preview_audience',
    'listed_at',
  ]
    .map((c) => `r.${c}`)
    .join(', '),
);

const vector = (text: ProjectedListing['text']) =>
  sql<string>`setweight(to_tsvector('english', ${text.a}), 'A') || setweight(to_tsvector('english', ${text.b}), 'B') || setweight(to_tsvector('english', ${text.c}), 'C')`;

/** jsonb values are written as JSON text so that arrays stay JSON on both engines. */
const jsonb = <T>(value: T): T => JSON.stringify(value) as unknown as T;
const textArray = (values: readonly string[]) => sql<string[]>`${[...values]}::text[]`;

/** Key of the transaction-scoped advisory lock on the read model ("storefro"). */
const LOCK_KEY = 0x73746f726566726fn;

/**
 * Serializes writers of the read model across processes: an offer's refresh takes the lock shared (offers refresh side
 * by side; one offer's publications are already serialized by the catalog's row lock), a rebuild exclusively.
 */
export async function lockListings(x: Executor, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = sql.lit(LOCK_KEY.toString());
  if (mode === 'shared') await sql`select pg_advisory_xact_lock_shared(${key}::bigint)`.execute(x);
  else await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(x);
}

/** Replaces an offer's rows (none when it has no published version left). */
export async function replaceOfferListings(x: Executor, offerUid: string, listings: readonly ProjectedListing[]): Promise<void> {
  await sq(x).deleteFrom('storefront_listing').where('offer_uid', '=', offerUid).execute();
  for (const { row, text } of listings) {
    await sq(x)
      .insertInto('storefront_listing')
      .values({
        ...row,
        stores: textArray(row.stores),
        categories: textArray(row.categories),
        subcategories: textArray(row.subcategories),
        industries: textArray(row.industries),
        verticals: textArray(row.verticals),
        private_plans: textArray(row.private_plans),
        preview_audience: textArray(row.preview_audience),
        plans: jsonb(row.plans),
        search: vector(text),
      })
      .execute();
  }
}

/** When each listed offer was first listed (kept when its rows are rebuilt). */
export async function listedSince(x: Executor, offerUid?: string): Promise<Map<string, Date>> {
  let q = sq(x).selectFrom('storefront_listing').select(['offer_uid', (eb) => eb.fn.min('listed_at').as('listed_at')]).groupBy('offer_uid');
  if (offerUid) q = q.where('offer_uid', '=', offerUid);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.offer_uid, new Date(r.listed_at as Date | string)]));
}

export async function deleteAllListings(x: Executor): Promise<void> {
  await sq(x).deleteFrom('storefront_listing').execute();
}

/** The internal id of a listed offer (one with a live or a preview version). */
export async function findListedOffer(x: Executor, accountId: string, offerId: string): Promise<string | undefined> {
  const row = await sq(x).selectFrom('storefront_listing').select('offer_uid').where('account_id', '=', accountId).where('offer_id', '=', offerId).executeTakeFirst();
  return row?.offer_uid;
}

/** Who is looking: the preview audience they may be in, and the private plans their tenant may see. */
export interface Viewer {
  email: string | null;
  /** `<offerUid>:<planId>` of private plans whose live audience has the viewer's tenant. */
  privatePlans: readonly string[];
}

export interface ListingFilter {
  store?: StoreName | undefined;
  categoryId?: string | undefined;
  subcategoryId?: string | undefined;
  industryId?: string | undefined;
  verticalId?: string | undefined;
  offerType?: string | undefined;
  /** Full-text search: a prefix tsquery ("flow:* & approv:*") and the words as typed (matched in the name too). */
  text?: { tsquery: string; raw: string } | undefined;
}

export type ListingSort = 'relevance' | 'name' | 'newest';

const STORES: readonly StoreName[] = ['AppSource', 'AzureMarketplace'];
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The rows this viewer sees: the version they see of each offer, and only offers with something they may buy. */
function visibleTo(viewer: Viewer): RawBuilder<unknown> {
  const email = viewer.email?.toLowerCase() ?? null;
  const version =
    email === null
      ? sql`r.version = 'live'`
      : sql`((r.version = 'live' and not exists (select 1 from storefront_listing p where p.offer_uid = r.offer_uid and p.version = 'preview' and ${email} = any(p.preview_audience)))
             or (r.version = 'preview' and ${email} = any(r.preview_audience)))`;
  const listed = viewer.privatePlans.length
    ? sql`(r.version = 'preview' or r.publicly_listed or r.private_plans && ${textArray(viewer.privatePlans)})`
    : sql`(r.version = 'preview' or r.publicly_listed)`;
  return sql`${version} and ${listed}`;
}

type FilterPart = 'store' | 'category' | 'industry' | 'offerType' | 'text';

/** The filter's conditions, leaving out the `omit` parts (a facet counts as if its own filter were not set). */
function conditions(filter: ListingFilter, omit: readonly FilterPart[] = []): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  const has = (part: FilterPart) => !omit.includes(part);
  const stores = filter.store ? [filter.store] : STORES;
  if (filter.store && has('store')) out.push(sql`r.stores @> ${textArray([filter.store])}`);
  if (filter.categoryId && has('category')) {
    out.push(sql`r.categories && ${textArray(stores.map((s) => `${s}/${filter.categoryId}`))}`);
    if (filter.subcategoryId) out.push(sql`r.subcategories && ${textArray(stores.map((s) => `${s}/${filter.categoryId}/${filter.subcategoryId}`))}`);
  }
  if (filter.industryId && has('industry')) {
    out.push(sql`r.industries @> ${textArray([filter.industryId])}`);
    if (filter.verticalId) out.push(sql`r.verticals @> ${textArray([`${filter.industryId}/${filter.verticalId}`])}`);
  }
  if (filter.offerType && has('offerType')) out.push(sql`r.offer_type = ${filter.offerType}`);
  if (filter.text && has('text')) out.push(sql`(r.search @@ to_tsquery('english', ${filter.text.tsquery}) or r.name ilike ${`%${likeEscaped(filter.text.raw)}%`})`);
  return out;
}

const whereOf = (viewer: Viewer, filter: ListingFilter, omit: readonly FilterPart[] = []) => sql.join([visibleTo(viewer), ...conditions(filter, omit)], sql` and `);

/** Relevance: the text rank (name weighs most), plus a boost when the name is the query or starts with it. */
function rankOf(filter: ListingFilter): RawBuilder<number> {
  if (!filter.text) return sql<number>`0`;
  const raw = filter.text.raw.toLowerCase();
  return sql<number>`(ts_rank(r.search, to_tsquery('english', ${filter.text.tsquery}))
    + case when lower(r.name) = ${raw} then 1.0 when lower(r.name) like ${`${likeEscaped(raw)}%`} then 0.5 else 0 end)`;
}

function orderOf(sort: ListingSort, filter: ListingFilter): RawBuilder<unknown> {
  if (sort === 'newest') return sql`r.listed_at desc, lower(r.name), r.offer_uid`;
  if (sort === 'relevance' && filter.text) return sql`rank desc, lower(r.name), r.offer_uid`;
  return sql`lower(r.name), r.offer_uid`;
}

export async function searchListings(
  x: Executor,
  viewer: Viewer,
  filter: ListingFilter,
  sort: ListingSort,
  page: { limit: number; offset: number },
): Promise<{ rows: (ListingSummaryRow & { rank: number })[]; total: number }> {
  const where = whereOf(viewer, filter);
  const rows = await sql<ListingSummaryRow & { rank: number }>`
    select ${COLUMNS}, ${rankOf(filter)} as rank from storefront_listing r
    where ${where} order by ${orderOf(sort, filter)} limit ${page.limit} offset ${page.offset}`.execute(x);
  const count = await sql<{ n: number }>`select count(*) as n from storefront_listing r where ${where}`.execute(x);
  return { rows: rows.rows.map(parsed), total: Number(count.rows[0]?.n ?? 0) };
}

/** PostgreSQL hands jsonb back as text on one engine and parsed on the other. */
function parsed<T extends { plans: unknown }>(row: T): T {
  return typeof row.plans === 'string' ? { ...row, plans: JSON.parse(row.plans) as unknown } : row;
}

export type FacetColumn = 'stores' | 'categories' | 'subcategories' | 'industries' | 'verticals' | 'offer_type';

/** What each facet leaves out of the filter: the counts of its own choices as if none were chosen. */
const FACET_OMITS: Record<FacetColumn, readonly FilterPart[]> = {
  stores: ['store', 'category'],
  categories: ['category'],
  subcategories: ['category'],
  industries: ['industry'],
  verticals: ['industry'],
  offer_type: ['offerType'],
};

/** How many of the viewer's matching offers have each value of a column. */
export async function facetCounts(x: Executor, viewer: Viewer, filter: ListingFilter, column: FacetColumn): Promise<Map<string, number>> {
  const where = whereOf(viewer, filter, FACET_OMITS[column]);
  const values = column === 'offer_type' ? sql`r.offer_type` : sql`unnest(r.${sql.ref(column)})`;
  const { rows } = await sql<{ key: string; n: number }>`
    select k.key, count(*) as n from (select ${values} as key from storefront_listing r where ${where}) k group by k.key`.execute(x);
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}
