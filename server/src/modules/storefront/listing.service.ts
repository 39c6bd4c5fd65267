import type { Executor } from '../../platform/db/index.js';
import type { CatalogEvent, PublishedOffer } from '../catalog/index.js';
import { projectListing, type ProjectedListing } from './listing.projection.js';
import { deleteAllListings, listedSince, lockListings, replaceOfferListings } from './listing.store.js';
import type { StorefrontDeps } from './storefront.types.js';

/**
 * Keeps the read model equal to the catalog's published versions. Every write replaces an offer's rows from the
 * catalog as it stands, in the caller's transaction, so replaying an event or rebuilding changes nothing.
 */

/** The catalog events after which what the storefront shows of an offer may have changed. */
const REFRESHING: ReadonlySet<CatalogEvent['kind']> = new Set(['OfferPreview', 'OfferLive', 'OfferStopped', 'AudienceSynced']);

async function projectOffer(deps: StorefrontDeps, x: Executor, offer: PublishedOffer, listedAt: Date | undefined): Promise<ProjectedListing[]> {
  // An offer of a closed (or unknown) publisher account is not listed.
  const account = await deps.accounts.getAccount(x, offer.accountId);
  if (!account.ok) return [];
  const publisher = account.value.displayName;
  const out: ProjectedListing[] = [];
  if (offer.live) out.push(projectListing(offer, 'live', offer.live, publisher, listedAt ?? offer.live.createdAt));
  if (offer.preview) out.push(projectListing(offer, 'preview', offer.preview, publisher, listedAt ?? offer.live?.createdAt ?? offer.preview.createdAt));
  return out;
}

/** Rebuilds one offer's rows from its published versions (none left: the offer leaves the storefront). */
export async function refreshOffer(deps: StorefrontDeps, x: Executor, offerUid: string): Promise<void> {
  if (!x.isTransaction) return x.transaction().execute((trx) => refreshOffer(deps, trx, offerUid));
  await lockListings(x, 'shared');
  const offer = await deps.catalog.publishedOffer(x, offerUid);
  const since = (await listedSince(x, offerUid)).get(offerUid);
  await replaceOfferListings(x, offerUid, offer ? await projectOffer(deps, x, offer, since) : []);
}

/** The catalog event sink's storefront part: runs in the transaction that published or stopped the offer. */
export async function onCatalogEvent(deps: StorefrontDeps, x: Executor, event: Pick<CatalogEvent, 'kind' | 'offerUid'>): Promise<void> {
  if (REFRESHING.has(event.kind)) await refreshOffer(deps, x, event.offerUid);
}

/** Rebuilds the whole read model (at startup, after seeding), in one transaction: offers keep when they were first listed. */
export async function rebuildAll(deps: StorefrontDeps, x: Executor): Promise<{ offers: number }> {
  if (!x.isTransaction) return x.transaction().execute((trx) => rebuildAll(deps, trx));
  await lockListings(x, 'exclusive');
  const since = await listedSince(x);
  await deleteAllListings(x);
  const offers = await deps.catalog.publishedOffers(x);
  for (const offer of offers) await replaceOfferListings(x, offer.offerUid, await projectOffer(deps, x, offer, since.get(offer.offerUid)));
  return { offers: offers.length };
}
