import type { PublishedOffer, Snapshot } from '../catalog/index.js';
import { planFacts } from './pricing.js';
import { listingOf, plainText, previewAudienceOf, propertiesOf, setupOf } from './published-draft.js';
import { storesOf } from './store-placement.js';
import type { ListingRow } from './storefront.tables.js';
import { planKey, sellablePlans, type VersionKind } from './visibility.js';

/** A read-model row without its search vector, and the text the vector is made of, by weight. */
export interface ProjectedListing {
  row: Omit<ListingRow, 'search'>;
  /** Weights (spec: name first): A the name; B the search results summary and keywords; C the rest of the text. */
  text: { a: string; b: string; c: string };
}

/** The read-model row of one published version of an offer. */
export function projectListing(offer: PublishedOffer, version: VersionKind, snapshot: Snapshot, publisherName: string, listedAt: Date): ProjectedListing {
  const doc = snapshot.document;
  const setup = setupOf(doc);
  const properties = propertiesOf(doc);
  const listing = listingOf(doc);
  const plans = sellablePlans(doc.plans, offer.planStates);
  const publicPlans = plans.filter((p) => p.draft.visibility !== 'private');
  const stores = storesOf(doc, plans);
  // A category is a search area of its store: an offer is found under the categories of the stores it is listed in.
  const categories = properties.categories.filter((c) => (stores as string[]).includes(c.store));
  const row: ProjectedListing['row'] = {
    offer_uid: offer.offerUid,
    version,
    snapshot_id: snapshot.snapshotId,
    account_id: offer.accountId,
    offer_id: offer.offerId,
    offer_type: doc.offer.offerType,
    name: listing.name,
    publisher_name: publisherName,
    summary: listing.summary,
    stores,
    categories: categories.map((c) => `${c.store}/${c.categoryId}`),
    subcategories: categories.flatMap((c) => c.subcategoryIds.map((s) => `${c.store}/${c.categoryId}/${s}`)),
    industries: properties.industries.map((i) => i.industryId),
    verticals: properties.industries.flatMap((i) => i.verticalIds.map((v) => `${i.industryId}/${v}`)),
    transactable: setup.transactable,
    listing_option: setup.listingOption,
    publicly_listed: !setup.transactable || publicPlans.length > 0,
    private_plans: plans.filter((p) => p.draft.visibility === 'private').map((p) => planKey(offer.offerUid, p.planId)),
    plans: plans.map(planFacts),
    logo_small: listing.logos.small ?? listing.logos.medium ?? listing.logos.large,
    preview_audience: version === 'preview' ? previewAudienceOf(doc) : [],
    listed_at: listedAt,
  };
  return {
    row,
    text: {
      a: listing.name,
      b: [listing.summary, ...listing.keywords].join(' '),
      c: [listing.shortDescription ?? '', plainText(listing.description), publisherName].join(' '),
    },
  };
}
