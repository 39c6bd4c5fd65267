import type { PublishedDocument } from '../catalog/index.js';

/**
 * What the storefront reads of a published offer document: the offer's tabs as they were frozen (spec/06 §1.2-1.5;
 * field names as the catalog's SaaS tabs define them). Drafts are untyped JSON in the document, so every read here
 * tolerates a missing field.
 */

export type PublishedPlan = PublishedDocument['plans'][number];
export type PlanDraft = PublishedPlan['draft'];

export interface SetupView {
  transactable: boolean;
  /** Listing-only offers only. */
  listingOption: 'ContactMe' | 'FreeTrial' | 'GetItNowFree' | null;
  offerUrl: string | null;
  trialUrl: string | null;
  testDrive: boolean;
}

export interface CategoryChoice {
  store: string;
  categoryId: string;
  subcategoryIds: string[];
}

export interface IndustryChoice {
  industryId: string;
  verticalIds: string[];
}

export interface PropertiesView {
  categories: CategoryChoice[];
  industries: IndustryChoice[];
  appVersion: string | null;
  legal: { contract: 'StandardContract' | 'CustomTerms' | null; universalAmendment: string | null; termsAndConditions: string | null };
}

export interface ListingView {
  name: string;
  summary: string;
  shortDescription: string | null;
  /** Sanitized HTML (the catalog sanitizes it when the listing is saved). */
  description: string;
  gettingStarted: string | null;
  keywords: string[];
  privacyPolicyUrl: string | null;
  supportUrl: string | null;
  usefulLinks: { title: string; url: string }[];
  supportingDocuments: { name: string; mediaId: string }[];
  logos: { large: string | null; medium: string | null; small: string | null };
  screenshots: { mediaId: string; caption: string | null }[];
  videos: { name: string; url: string; thumbnailMediaId: string }[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

const tab = (doc: PublishedDocument, id: string): Json => obj(doc.offer.draft[id]);

export function setupOf(doc: PublishedDocument): SetupView {
  const setup = tab(doc, 'setup');
  const transactable = setup.sellThroughMicrosoft === true;
  const option = setup.listingOption;
  return {
    transactable,
    listingOption: !transactable && (option === 'ContactMe' || option === 'FreeTrial' || option === 'GetItNowFree') ? option : null,
    offerUrl: str(setup.offerUrl),
    trialUrl: str(setup.trialUrl),
    testDrive: obj(setup.testDrive).enabled === true,
  };
}

export function propertiesOf(doc: PublishedDocument): PropertiesView {
  const p = tab(doc, 'properties');
  const legal = obj(p.legal);
  const contract = legal.contract === 'StandardContract' || legal.contract === 'CustomTerms' ? legal.contract : null;
  return {
    categories: arr(p.categories).flatMap((c) => {
      const store = str(c.store);
      const categoryId = str(c.categoryId);
      return store && categoryId ? [{ store, categoryId, subcategoryIds: strs(c.subcategoryIds) }] : [];
    }),
    industries: arr(p.industries).flatMap((i) => {
      const industryId = str(i.industryId);
      return industryId ? [{ industryId, verticalIds: strs(i.verticalIds) }] : [];
    }),
    appVersion: str(p.appVersion),
    legal: { contract, universalAmendment: str(legal.universalAmendment), termsAndConditions: str(legal.termsAndConditions) },
  };
}

export function listingOf(doc: PublishedDocument): ListingView {
  const l = tab(doc, 'listing');
  const media = obj(l.media);
  return {
    name: str(l.name) ?? doc.offer.alias,
    summary: str(l.searchResultsSummary) ?? '',
    shortDescription: str(l.shortDescription),
    description: str(l.description) ?? '',
    gettingStarted: str(l.gettingStartedInstructions),
    keywords: strs(l.searchKeywords),
    privacyPolicyUrl: str(l.privacyPolicyUrl),
    // The support contact's name, email and phone are not public; its URL is (L16347-16355).
    supportUrl: str(obj(obj(l.contacts).support).url),
    usefulLinks: arr(l.usefulLinks).flatMap((u) => {
      const title = str(u.title);
      const url = str(u.url);
      return title && url ? [{ title, url }] : [];
    }),
    supportingDocuments: arr(l.supportingDocuments).flatMap((d) => {
      const name = str(d.name);
      const mediaId = str(d.mediaId);
      return name && mediaId ? [{ name, mediaId }] : [];
    }),
    logos: { large: str(media.logoLarge), medium: str(media.logoMedium), small: str(media.logoSmall) },
    screenshots: arr(media.screenshots).flatMap((s) => {
      const mediaId = str(s.mediaId);
      return mediaId ? [{ mediaId, caption: str(s.caption) }] : [];
    }),
    videos: arr(media.videos).flatMap((v) => {
      const name = str(v.name);
      const url = str(v.url);
      const thumbnailMediaId = str(v.thumbnailMediaId);
      return name && url && thumbnailMediaId ? [{ name, url, thumbnailMediaId }] : [];
    }),
  };
}

/** The preview audience's emails, lower case (the catalog stores them lower-cased). */
export function previewAudienceOf(doc: PublishedDocument): string[] {
  return arr(tab(doc, 'previewAudience').members).flatMap((m) => {
    const id = str(m.id);
    return id ? [id.trim().toLowerCase()] : [];
  });
}

/** Every listing file the version names: only these are served publicly. */
export function mediaIdsOf(listing: ListingView): Set<string> {
  return new Set(
    [
      listing.logos.large,
      listing.logos.medium,
      listing.logos.small,
      ...listing.screenshots.map((s) => s.mediaId),
      ...listing.videos.map((v) => v.thumbnailMediaId),
      ...listing.supportingDocuments.map((d) => d.mediaId),
    ].filter((id): id is string => id !== null),
  );
}

/** The description as plain text, for the search index. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
