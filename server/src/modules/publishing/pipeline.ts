import type { PublishedDocument } from '../catalog/index.js';
import type { StepKind } from './publishing.types.js';

/**
 * The publishing pipeline as data: each offer type lists its phases and steps in order, and when each step applies.
 * The reference says the phases "can vary depending on the type of offer" and that certification "can happen during
 * submission to preview or submission to live, depending on the offer type" (L16890-16898, L17003); the engine
 * (pipeline.jobs.ts) runs any order of automated steps, one publisher sign-off and manual certification (ADR 0011).
 */
export interface StepDefinition {
  /** What runs the step (pipeline.steps.ts for automated steps). */
  key: StepKey;
  kind: StepKind;
  phase: string;
  name: string;
  /** The estimate Partner Center shows next to the step. */
  estimate: string;
  appliesTo(document: PublishedDocument): boolean;
}

export type StepKey = 'purchase-flow' | 'lead-registration' | 'offer-validation' | 'preview-creation' | 'sign-off' | 'certification' | 'final-publish';

export interface PipelineDefinition {
  offerType: string;
  steps: readonly StepDefinition[];
}

/** The parts of a SaaS draft publishing reads. */
export interface SaasDraftView {
  setup?: {
    sellThroughMicrosoft?: boolean;
    offerUrl?: string;
    trialUrl?: string;
    leadDestination?: { type: string; settings: Record<string, string>; contactEmails: string[] } | null;
  };
  listing?: {
    name?: string;
    privacyPolicyUrl?: string;
    usefulLinks?: { title: string; url: string }[];
    contacts?: { support?: { url?: string } };
    cspMarketingMaterialsUrl?: string;
    media?: { videos?: { name: string; url: string }[] };
  };
  technicalConfiguration?: { landingPageUrl?: string; connectionWebhookUrl?: string; aadTenantId?: string; aadApplicationId?: string };
}

export const saasDraft = (document: PublishedDocument): SaasDraftView => document.offer.draft as SaasDraftView;
export const isTransactable = (document: PublishedDocument): boolean => saasDraft(document).setup?.sellThroughMicrosoft === true;
const hasLeadDestination = (document: PublishedDocument): boolean => !!saasDraft(document).setup?.leadDestination;
const always = (): boolean => true;

const AUTOMATED = 'Automated validation';

/**
 * SaaS (L16798-16810, L16903-16929, L17036-17062): automated validation, preview creation, the publisher's sign-off,
 * then certification (the SaaS screenshot's order: "Manual validation" after "Publisher signoff"), then publish.
 */
export const SAAS_PIPELINE: PipelineDefinition = {
  offerType: 'SoftwareAsAService',
  steps: [
    { key: 'purchase-flow', kind: 'automated', phase: AUTOMATED, name: 'Offer purchase flow setup', estimate: '<10 min', appliesTo: isTransactable },
    { key: 'lead-registration', kind: 'automated', phase: AUTOMATED, name: 'Lead management validation and registration', estimate: '<15 min', appliesTo: hasLeadDestination },
    { key: 'offer-validation', kind: 'automated', phase: AUTOMATED, name: 'Offer validation', estimate: '<30 min', appliesTo: always },
    { key: 'preview-creation', kind: 'automated', phase: 'Preview creation', name: 'Preview creation', estimate: '<1 hr', appliesTo: always },
    { key: 'sign-off', kind: 'signoff', phase: 'Publisher sign-off', name: 'Go live', estimate: 'Waiting for the publisher', appliesTo: always },
    { key: 'certification', kind: 'manual', phase: 'Certification', name: 'Certification', estimate: 'Manual validation (<2 business days)', appliesTo: always },
    { key: 'final-publish', kind: 'automated', phase: 'Publish', name: 'Final publish', estimate: '<30 min', appliesTo: always },
  ],
};

export const PIPELINES: Readonly<Record<string, PipelineDefinition>> = {
  [SAAS_PIPELINE.offerType]: SAAS_PIPELINE,
};

/** The steps a submission of this document goes through, in order. */
export function stepsFor(offerType: string, document: PublishedDocument): StepDefinition[] | undefined {
  const pipeline = PIPELINES[offerType];
  return pipeline?.steps.filter((s) => s.appliesTo(document));
}

/** A definition is usable when it has exactly one sign-off, preview creation before it, and final publish last. */
export function checkPipeline(p: PipelineDefinition): string[] {
  const problems: string[] = [];
  const keys = p.steps.map((s) => s.key);
  if (p.steps.filter((s) => s.kind === 'signoff').length !== 1) problems.push('exactly one sign-off step');
  if (keys.indexOf('preview-creation') < 0 || keys.indexOf('preview-creation') > keys.indexOf('sign-off')) problems.push('preview creation before the sign-off');
  if (keys[keys.length - 1] !== 'final-publish') problems.push('final publish last');
  if (new Set(keys).size !== keys.length) problems.push('unique step keys');
  return problems;
}
