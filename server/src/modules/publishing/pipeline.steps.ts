import type { Tx } from '../../platform/db/index.js';
import type { CatalogService, PublishedDocument } from '../catalog/index.js';
import { isTransactable, saasDraft, type StepKey } from './pipeline.js';
import { probe, probeProblem } from './probe.js';
import { setVersions, waitingSubmissions, updateSubmission } from './publishing.store.js';
import type { SubmissionRow } from './publishing.tables.js';
import type { Finding } from './publishing.types.js';

export interface CheckEnv {
  fetch: typeof fetch;
  probeTimeoutMs: number;
}

export interface ApplyEnv {
  catalog: CatalogService;
  now: Date;
  submission: SubmissionRow;
}

/** What a check found: findings for the validation report, and details for the step. */
export interface CheckResult {
  findings: Omit<Finding, 'step'>[];
  detail: Record<string, unknown>;
}

/**
 * An automated step: `check` runs outside any transaction (it may call the publisher's endpoints); `apply` runs in
 * the transaction that records the step's result, so the effect and the step's completion commit together.
 */
export interface StepRunner {
  check?(document: PublishedDocument, env: CheckEnv): Promise<CheckResult>;
  apply?(tx: Tx, env: ApplyEnv): Promise<void>;
}

const warning = (target: string, message: string) => ({ severity: 'warning' as const, target, message });

/** A well-formed absolute URL with the given protocols. */
function urlProblem(value: string | undefined, target: string, label: string, protocols: readonly string[]): Omit<Finding, 'step'> | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    if (!protocols.includes(url.protocol)) return warning(target, `${label} must use ${protocols.map((p) => p.replace(':', '')).join(' or ')}.`);
    return undefined;
  } catch {
    return warning(target, `${label} is not a well-formed URL.`);
  }
}

/** A test lead in the HTTPS endpoint's format (L18247-18327). */
export const testLead = (offerTitle: string) => ({
  UserDetails: { FirstName: 'Test', LastName: 'Lead', Email: 'test.lead@agora.example', Phone: '10000000000', Country: 'USA', Company: 'Agora', Title: 'Validation' },
  LeadSource: 'AgoraMarketplace',
  ActionCode: 'INS',
  OfferTitle: offerTitle,
  Description: 'Test lead sent while validating the lead destination during publishing.',
});

const purchaseFlow: StepRunner = {
  // Fulfillment needs plans with prices and the app that calls the fulfillment APIs (L16482-16483, L16495).
  async check(document) {
    const findings: CheckResult['findings'] = [];
    const tc = saasDraft(document).technicalConfiguration ?? {};
    if (!tc.aadTenantId || !tc.aadApplicationId) findings.push(warning('technicalConfiguration', 'The Azure AD tenant id and application id that call the fulfillment APIs are missing.'));
    const priced = document.plans.filter((p) => p.draft.pricing && p.draft.pricing.billingTerms.length > 0 && p.draft.markets.length > 0);
    if (priced.length === 0) findings.push(warning('plans', 'No plan has prices and markets: customers could not buy the offer.'));
    return { findings, detail: { plans: document.plans.length, pricedPlans: priced.length } };
  },
};

const leadRegistration: StepRunner = {
  // "We confirm that your lead management system can receive customer leads" (L16919-16921). Lead delivery comes in a
  // later issue; an HTTPS endpoint receives one test lead now, other destinations are recorded as not yet checked.
  async check(document, env) {
    const destination = saasDraft(document).setup?.leadDestination;
    if (!destination) return { findings: [], detail: { destination: null } };
    if (destination.type !== 'HttpsEndpoint') return { findings: [], detail: { destination: destination.type, validated: false, reason: 'Agora does not deliver to this destination yet.' } };
    const url = destination.settings.url ?? destination.settings.endpointUrl;
    const bad = urlProblem(url, 'setup.leadDestination.settings.url', 'The HTTPS endpoint URL', ['https:', 'http:']);
    if (!url || bad) return { findings: [bad ?? warning('setup.leadDestination.settings.url', 'The HTTPS endpoint URL is missing.')], detail: { destination: destination.type, validated: false } };
    const name = saasDraft(document).listing?.name ?? document.offer.alias;
    const result = await probe(env.fetch, url, { method: 'POST', json: testLead(name) }, env.probeTimeoutMs);
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    const findings = delivered ? [] : [warning('setup.leadDestination', `The lead destination did not accept a test lead: ${probeProblem(result)}. Leads for this offer would be lost.`)];
    return { findings, detail: { destination: destination.type, validated: delivered, status: result.status, error: result.error } };
  },
};

const offerValidation: StepRunner = {
  // Quick content and technical checks; they never block preview creation (L16923-16929), so everything is a warning.
  async check(document, env) {
    const draft = saasDraft(document);
    const findings: CheckResult['findings'] = [];
    const web = ['https:', 'http:'];
    const add = (f: Omit<Finding, 'step'> | undefined) => f && findings.push(f);
    add(urlProblem(draft.setup?.offerUrl, 'setup.offerUrl', 'The offer URL', web));
    add(urlProblem(draft.setup?.trialUrl, 'setup.trialUrl', 'The trial URL', web));
    add(urlProblem(draft.listing?.privacyPolicyUrl, 'listing.privacyPolicyUrl', 'The privacy policy link', ['https:']));
    add(urlProblem(draft.listing?.contacts?.support?.url, 'listing.contacts.support.url', 'The support URL', ['https:']));
    add(urlProblem(draft.listing?.cspMarketingMaterialsUrl, 'listing.cspMarketingMaterialsUrl', 'The CSP marketing materials link', ['https:']));
    (draft.listing?.usefulLinks ?? []).forEach((l, i) => add(urlProblem(l.url, `listing.usefulLinks.${i}.url`, `The useful link "${l.title}"`, ['https:'])));
    (draft.listing?.media?.videos ?? []).forEach((v, i) => add(urlProblem(v.url, `listing.media.videos.${i}.url`, `The video "${v.name}"`, web)));

    const detail: Record<string, unknown> = {};
    if (isTransactable(document)) {
      const tc = draft.technicalConfiguration ?? {};
      const landingBad = urlProblem(tc.landingPageUrl, 'technicalConfiguration.landingPageUrl', 'The landing page URL', web);
      const webhookBad = urlProblem(tc.connectionWebhookUrl, 'technicalConfiguration.connectionWebhookUrl', 'The connection webhook', web);
      add(landingBad);
      add(webhookBad);
      const [landing, webhook] = await Promise.all([
        tc.landingPageUrl && !landingBad ? probe(env.fetch, tc.landingPageUrl, { method: 'GET' }, env.probeTimeoutMs) : undefined,
        tc.connectionWebhookUrl && !webhookBad ? probe(env.fetch, tc.connectionWebhookUrl, { method: 'POST', json: { action: 'Validation' } }, env.probeTimeoutMs) : undefined,
      ]);
      if (landing) {
        detail.landingPage = { status: landing.status, error: landing.error, ms: landing.ms };
        if (!landing.answered)
          add(warning('technicalConfiguration.landingPageUrl', `The landing page does not answer: ${probeProblem(landing)}. Customers land there after buying; certification will most likely fail until it answers.`));
      }
      if (webhook) {
        detail.connectionWebhook = { status: webhook.status, error: webhook.error, ms: webhook.ms };
        if (!webhook.answered)
          add(warning('technicalConfiguration.connectionWebhookUrl', `The connection webhook does not answer: ${probeProblem(webhook)}. It receives subscription changes; certification will most likely fail until it answers.`));
      }
    }
    return { findings, detail };
  },
};

const previewCreation: StepRunner = {
  // The preview replaces a preview that was waiting for Go live; the live version stays live (L17164-17185).
  async apply(tx, { catalog, now, submission }) {
    for (const older of await waitingSubmissions(tx, submission.offer_uid))
      if (older.submission_id !== submission.submission_id) await updateSubmission(tx, older.submission_id, { status: 'Superseded', completed_at: now, updated_at: now });
    await catalog.promoteToPreview(tx, submission.offer_uid, submission.snapshot_id);
    await setVersions(tx, submission.offer_uid, submission.account_id, now, { preview_snapshot_id: submission.snapshot_id, preview_submission_id: submission.submission_id });
    await updateSubmission(tx, submission.submission_id, { preview_created_at: now });
  },
};

const finalPublish: StepRunner = {
  async apply(tx, { catalog, now, submission }) {
    await catalog.promoteToLive(tx, submission.offer_uid, submission.snapshot_id);
    await setVersions(tx, submission.offer_uid, submission.account_id, now, {
      live_snapshot_id: submission.snapshot_id,
      live_submission_id: submission.submission_id,
      preview_snapshot_id: null,
      preview_submission_id: null,
    });
  },
};

export const STEP_RUNNERS: Readonly<Partial<Record<StepKey, StepRunner>>> = {
  'purchase-flow': purchaseFlow,
  'lead-registration': leadRegistration,
  'offer-validation': offerValidation,
  'preview-creation': previewCreation,
  'final-publish': finalPublish,
};
