/** The catalog and publishing API shapes the offer pages use (see /openapi.json and the catalog's saas.tabs.ts). */

export type TabStatus = 'NotStarted' | 'Incomplete' | 'Complete';

export interface Issue {
  target: string;
  code: string;
  message: string;
}

export interface OfferTypeInfo {
  type: string;
  displayName: string;
  tabs: { id: string; title: string; schema: unknown }[];
  plans: {
    maxPlans: number;
    maxPrivatePlans: number;
    pricingModels: string[];
    billingTerms: string[];
    maxDimensionsPerPlan: number;
    trialDurations: string[];
    maxAudienceManual: number;
    maxAudienceCsv: number;
    sections: unknown;
  } | null;
}

export interface OfferSummary {
  offerId: string;
  alias: string;
  offerType: string;
  status: string;
  version: number;
  plans: number;
  createdAt: string;
  updatedAt: string;
}

export interface TabView {
  id: string;
  title: string;
  status: TabStatus;
  missing: Issue[];
  value: unknown;
}

export interface PlanSummary {
  planId: string;
  name: string;
  pricingModel: string | null;
  visibility: 'public' | 'private';
  state: 'draft' | 'live' | 'stop_pending' | 'stopped' | string;
  status: TabStatus;
  missing: Issue[];
  /** A live private plan whose audience edits are not on the storefront yet. */
  audienceSyncPending: boolean;
}

export interface OfferDetail extends OfferSummary {
  offerTypeName: string;
  published: boolean;
  stores: string[];
  tabs: TabView[];
  planOverview: { status: TabStatus; missing: Issue[] };
  planList: PlanSummary[];
  readyToPublish: boolean;
}

// ---- SaaS tabs (server/src/modules/catalog/offer-types/saas.tabs.ts) ----

export type LeadType = 'HttpsEndpoint' | 'AzureTable' | 'Dynamics365CustomerEngagement' | 'Marketo' | 'Salesforce';

export interface SetupValue {
  sellThroughMicrosoft?: boolean;
  listingOption?: 'ContactMe' | 'FreeTrial' | 'GetItNowFree';
  offerUrl?: string;
  trialUrl?: string;
  testDrive: { enabled: boolean };
  leadDestination?: { type: LeadType; settings: Record<string, string>; contactEmails: string[] } | null;
}

export interface PropertiesValue {
  categories: { store: 'AppSource' | 'AzureMarketplace'; categoryId: string; subcategoryIds: string[] }[];
  industries: { industryId: string; verticalIds: string[] }[];
  appVersion?: string;
  legal: {
    contract?: 'StandardContract' | 'CustomTerms';
    universalAmendment?: string;
    customAmendments: { terms: string; tenants: { tenantId: string; description?: string }[] }[];
    termsAndConditions?: string;
  };
}

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface ListingValue {
  name?: string;
  searchResultsSummary?: string;
  shortDescription?: string;
  description?: string;
  gettingStartedInstructions?: string;
  searchKeywords: string[];
  privacyPolicyUrl?: string;
  usefulLinks: { title: string; url: string }[];
  contacts: { support?: Contact & { url?: string }; engineering?: Contact; cspProgram?: Contact };
  cspMarketingMaterialsUrl?: string;
  supportingDocuments: { name: string; mediaId: string }[];
  media: {
    logoLarge?: string;
    logoMedium?: string;
    logoSmall?: string;
    screenshots: { mediaId: string; caption?: string }[];
    videos: { name: string; url: string; thumbnailMediaId: string }[];
  };
}

export interface PreviewAudienceValue {
  members: { id: string; description?: string }[];
}

export interface TechnicalConfigurationValue {
  landingPageUrl?: string;
  connectionWebhookUrl?: string;
  aadTenantId?: string;
  aadApplicationId?: string;
}

// ---- Plans (server/src/modules/catalog/plan.shape.ts) ----

export type Term = 'P1M' | 'P1Y';
export type Included = number | 'unlimited';

export interface Dimension {
  id: string;
  displayName: string;
  unitOfMeasure: string;
  priceUsd: string;
  included: { P1M?: Included; P1Y?: Included };
}

export interface Pricing {
  model: 'flatRate' | 'perUser';
  billingTerms: { term: Term; priceUsd: string; paymentOption?: 'upfront' | 'monthly' }[];
  userLimits?: { min?: number; max?: number };
  dimensions: Dimension[];
}

export interface PlanPricingValue {
  markets: string[];
  pricing?: Pricing;
  freeTrial: boolean;
  visibility: 'public' | 'private';
}

export interface PlanDetail extends PlanSummary {
  offerVersion: number;
  sections: { listing: { name: string; description?: string }; pricingAndAvailability: PlanPricingValue };
  audienceSize: number;
  liveAudienceSize: number | null;
  audienceSyncedAt: string | null;
  published: boolean;
}

export interface AudienceMember {
  tenantId: string;
  description: string;
}

export interface PriceRow {
  market: string;
  term: string;
  dimensionId?: string | null;
  currency: string;
  amount: string | number;
  source: string;
}

// ---- Publishing (being built: every call degrades on a 404 "No route") ----
// The brief's contract and the publishing module's views differ in a few names (id / submissionId,
// certificationReport / certification, pagesChanged as strings / {id,title}): the pages accept both.

export type SubmissionStatus = 'InProgress' | 'WaitingForSignOff' | 'InCertification' | 'Publishing' | 'Failed' | 'Canceling' | 'Canceled' | 'Superseded' | 'Completed';
export type StepStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Canceled';

export interface SubmissionStep {
  name: string;
  status: StepStatus | string;
  phase?: string;
  estimate?: string;
  kind?: string;
  startedAt?: string | null;
  completedAt?: string | null;
  detail?: unknown;
}

export interface Submission {
  id: string;
  status: SubmissionStatus | string;
  steps: SubmissionStep[];
  validationReport: { severity: string; target: string; message: string; step?: string }[];
  certificationReport?: unknown;
  notesForCertification?: string | null;
  createdAt?: string;
  createdBy?: { displayName?: string | null };
  previewCreatedAt?: string | null;
  signedOffAt?: string | null;
  completedAt?: string | null;
  offerId?: string;
}

/** A submission as either side words it. */
export function toSubmission(raw: unknown): Submission {
  const r = (raw ?? {}) as Record<string, unknown>;
  return {
    ...(r as unknown as Submission),
    id: String(r.id ?? r.submissionId ?? ''),
    status: String(r.status ?? ''),
    steps: Array.isArray(r.steps) ? (r.steps as SubmissionStep[]) : [],
    validationReport: Array.isArray(r.validationReport) ? (r.validationReport as Submission['validationReport']) : [],
    certificationReport: r.certificationReport ?? r.certification ?? undefined,
  };
}

export interface HistoryEvent {
  eventType: string;
  /** "Initiated plan Stop distribution: Standard", when the server words it. */
  event?: string;
  initiatedBy: { kind: string; displayName?: string | null };
  outcome?: string | null;
  at: string;
  pagesChanged: (string | { id: string; title: string })[];
  details: unknown;
}

/** Statuses during which a submission is still moving (the page follows it). */
export const SUBMISSION_ACTIVE: readonly string[] = ['InProgress', 'WaitingForSignOff', 'InCertification', 'Publishing', 'Canceling'];
