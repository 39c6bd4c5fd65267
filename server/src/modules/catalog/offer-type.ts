import type { TSchema } from 'typebox';

/** A problem with a draft: the field (a JSON-pointer-like path in the tab), the rule it breaks, and a message. */
export interface Issue {
  target: string;
  code: string;
  message: string;
}

export type TabStatus = 'NotStarted' | 'Incomplete' | 'Complete';

/** The draft of an offer: one JSON object per tab of its type. */
export type OfferDraft = Record<string, unknown>;

export interface TabContext {
  accountId: string;
  /** The draft as it will be after this change (other tabs included). */
  draft: OfferDraft;
  sandbox: boolean;
  /** Whether (tenant id, app id) is an app registration linked to this publisher account. */
  isAccountApp(tenantId: string, appId: string): Promise<boolean>;
  /** The kinds of the given media ids that were uploaded for this offer (unknown ids are absent). */
  mediaKinds(mediaIds: readonly string[]): Promise<Map<string, string>>;
}

/**
 * One tab of an offer type: its shape (TypeBox: types, formats and per-field limits), the rules that span fields,
 * what it needs to be complete, and what may no longer change once the offer has been published.
 */
export interface TabDefinition<T = unknown> {
  id: string;
  title: string;
  schema: TSchema;
  /** Whether the tab exists for this draft (e.g. technical configuration only for transactable offers). */
  appliesTo(draft: OfferDraft): boolean;
  initial(): T;
  /** Canonical form before validation (sanitized HTML, lower-cased emails, trimmed text). */
  normalize?(value: T): T;
  /** Rules that refuse the save. */
  validate(value: T, ctx: TabContext): Issue[] | Promise<Issue[]>;
  /** What is required but not there yet: the reasons the tab is Incomplete. */
  missing(value: T, draft: OfferDraft): Issue[];
  /** Changes refused because the offer has been published (`published` is the tab in the last published version). */
  locks?(value: T, published: T): Issue[];
}

export type PricingModel = 'flatRate' | 'perUser';
export type BillingTerm = 'P1M' | 'P1Y';

/** What plans look like for an offer type, and their limits. */
export interface PlanShape {
  maxPlans: number;
  maxPrivatePlans: number;
  pricingModels: readonly PricingModel[];
  billingTerms: readonly BillingTerm[];
  maxDimensionsPerPlan: number;
  /** Free-trial lengths allowed (ISO 8601 durations); empty when the type has no trials. */
  trialDurations: readonly string[];
  /** What identifies a private plan's audience. */
  audienceKind: 'tenantId';
  maxAudienceManual: number;
  maxAudienceCsv: number;
  /** The plan's tabs and their shapes. */
  sections: Readonly<Record<string, TSchema>>;
}

export type Store = 'AppSource' | 'AzureMarketplace';

export interface OfferTypeDefinition {
  type: string;
  displayName: string;
  tabs: readonly TabDefinition[];
  plans: PlanShape | null;
  /** Whether this draft must have plans to be published (transactable offers). */
  requiresPlans(draft: OfferDraft): boolean;
  /** The storefronts the offer is listed in, from its draft and the plans it sells (not stopped). */
  stores(draft: OfferDraft, plans: readonly { pricing?: { dimensions: readonly unknown[] } | undefined; visibility: 'public' | 'private' }[]): Store[];
}

export const issue = (target: string, code: string, message: string): Issue => ({ target, code, message });
