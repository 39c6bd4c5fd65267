import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { newGuid } from '../../platform/ids.js';
import type { OfferRow, PlanRow } from './catalog.tables.js';
import type { Actor, CatalogEventSink, PlanDetail } from './catalog.types.js';
import { addAudience, audienceCounts, audienceOf, bumpVersion, deletePlanRow, findOffer, insertPlan, plansOf, removeAudience, replaceAudience, savePlanDraft } from './offer.store.js';
import { issue, type Issue } from './offer-type.js';
import { offerType } from './offer-types/index.js';
import { OFFER_ID, planSummary, publishedDocument, shapeIssues, validationFailed, versionProblem } from './offer.service.js';
import { planLocks, validatePlan, type PlanDraft, type PlanSection } from './plan.shape.js';
import { isGuid } from './offer-types/rules.js';
import { audienceDifferences, liveAudienceCounts } from './audience.store.js';
import { recomputePlanPrices } from './pricing.service.js';

async function plannedOffer(x: Executor, accountId: string, offerId: string, forUpdate: boolean): Promise<Result<{ row: OfferRow; shape: NonNullable<ReturnType<typeof offerType>>['plans'] & object }>> {
  const row = await findOffer(x, accountId, offerId, forUpdate);
  if (!row) return fail('NotFound', `No offer "${offerId}" in this account.`);
  const shape = offerType(row.offer_type)?.plans;
  if (!shape) return fail('Conflict', `A ${row.offer_type} offer has no plans.`);
  return ok({ row, shape });
}

async function planDetail(x: Executor, offer: OfferRow, plan: PlanRow): Promise<PlanDetail> {
  const size = (await audienceCounts(x, [plan.plan_uid])).get(plan.plan_uid) ?? 0;
  const differences = plan.state === 'live' ? ((await audienceDifferences(x, [plan.plan_uid])).get(plan.plan_uid) ?? 0) : 0;
  const liveSize = plan.audience_synced_at ? ((await liveAudienceCounts(x, [plan.plan_uid])).get(plan.plan_uid) ?? 0) : null;
  const draft = plan.draft as unknown as PlanDraft;
  return {
    ...planSummary(plan, size, differences),
    liveAudienceSize: liveSize,
    audienceSyncedAt: plan.audience_synced_at?.toISOString() ?? null,
    offerVersion: offer.version,
    sections: {
      listing: { name: draft.name, ...(draft.description !== undefined ? { description: draft.description } : {}) },
      pricingAndAvailability: { markets: draft.markets, ...(draft.pricing ? { pricing: draft.pricing } : {}), freeTrial: draft.freeTrial, visibility: draft.visibility },
    },
    audienceSize: size,
    published: plan.first_published_at !== null,
  };
}

export async function createPlan(
  x: Executor,
  now: Date,
  accountId: string,
  offerId: string,
  input: { planId: string; name: string },
  ifMatch: string | undefined,
  actor: Actor | null = null,
  emit?: CatalogEventSink,
): Promise<Result<PlanDetail>> {
  const found = await plannedOffer(x, accountId, offerId, true);
  if (!found.ok) return found;
  const { row, shape } = found.value;
  const version = versionProblem(ifMatch, row.version);
  if (version) return { ok: false, error: version };
  if (!OFFER_ID.test(input.planId))
    return fail('ValidationFailed', 'The plan id uses up to 50 lowercase letters, digits, "-" or "_".', { target: 'planId' });
  const plans = await plansOf(x, row.offer_uid);
  if (plans.some((p) => p.plan_id === input.planId)) return fail('Conflict', `The plan id "${input.planId}" is already used in this offer.`, { target: 'planId' });
  if (plans.length >= shape.maxPlans) return fail('ValidationFailed', `An offer has at most ${shape.maxPlans} plans.`, { target: 'planId' });
  const draft: PlanDraft = { name: input.name.trim(), markets: [], freeTrial: false, visibility: 'public' };
  const issues = [...shapeIssues(shape.sections.listing!, { name: draft.name }), ...validatePlan(draft, { shape, siblings: plans.map((p) => ({ planId: p.plan_id, draft: p.draft as unknown as PlanDraft })) })];
  if (issues.length) return validationFailed(issues);
  const plan: PlanRow = {
    plan_uid: newGuid(),
    offer_uid: row.offer_uid,
    plan_id: input.planId,
    draft: draft as unknown as Record<string, unknown>,
    state: 'draft',
    first_published_at: null,
    audience_synced_at: null,
    position: plans.length === 0 ? 0 : Math.max(...plans.map((p) => p.position)) + 1,
    created_at: now,
  };
  await insertPlan(x, plan);
  await emit?.(x, { kind: 'PlanCreated', offerUid: row.offer_uid, accountId, planId: input.planId, planName: draft.name, actor, at: now });
  const next = await bumpVersion(x, row.offer_uid, row.version, now);
  return ok(await planDetail(x, { ...row, version: next ?? row.version + 1 }, plan));
}

async function findPlan(x: Executor, row: OfferRow, planId: string): Promise<PlanRow | undefined> {
  return (await plansOf(x, row.offer_uid)).find((p) => p.plan_id === planId);
}

export async function getPlan(x: Executor, accountId: string, offerId: string, planId: string): Promise<Result<PlanDetail>> {
  const found = await plannedOffer(x, accountId, offerId, false);
  if (!found.ok) return found;
  const plan = await findPlan(x, found.value.row, planId);
  return plan ? ok(await planDetail(x, found.value.row, plan)) : fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
}

export async function savePlanSection(
  x: Executor,
  now: Date,
  accountId: string,
  offerId: string,
  planId: string,
  section: PlanSection,
  value: unknown,
  ifMatch: string | undefined,
): Promise<Result<PlanDetail>> {
  const found = await plannedOffer(x, accountId, offerId, true);
  if (!found.ok) return found;
  const { row, shape } = found.value;
  const version = versionProblem(ifMatch, row.version);
  if (version) return { ok: false, error: version };
  const plans = await plansOf(x, row.offer_uid);
  const plan = plans.find((p) => p.plan_id === planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
  const schema = shape.sections[section];
  if (!schema) return fail('NotFound', `A plan has no section "${section}".`);
  const shapeProblems = shapeIssues(schema, value);
  if (shapeProblems.length) return validationFailed(shapeProblems);

  const current = plan.draft as unknown as PlanDraft;
  const patch = value as Partial<PlanDraft>;
  const draft: PlanDraft =
    section === 'listing'
      ? { ...current, name: patch.name!.trim(), ...(patch.description !== undefined ? { description: patch.description } : {}) }
      : { name: current.name, ...(current.description !== undefined ? { description: current.description } : {}), markets: patch.markets!.map((m) => m.toUpperCase()), ...(patch.pricing ? { pricing: patch.pricing } : {}), freeTrial: patch.freeTrial!, visibility: patch.visibility! };
  if (section === 'listing' && patch.description === undefined) delete draft.description;

  const siblings = plans.filter((p) => p.plan_uid !== plan.plan_uid).map((p) => ({ planId: p.plan_id, draft: p.draft as unknown as PlanDraft }));
  const issues: Issue[] = validatePlan(draft, { shape, siblings });
  if (draft.visibility === 'private' && current.visibility !== 'private' && siblings.filter((s) => s.draft.visibility === 'private').length >= shape.maxPrivatePlans)
    issues.push(issue('visibility', 'MaxPrivatePlans', `An offer has at most ${shape.maxPrivatePlans} private plans.`));
  if (row.first_published_at) {
    const published = await publishedDocument(x, row);
    const publishedPlan = plan.first_published_at ? published?.plans.find((p) => p.planId === planId)?.draft : undefined;
    const model = published?.plans.find((p) => p.draft.pricing)?.draft.pricing?.model;
    issues.push(...planLocks(draft, publishedPlan, model));
  }
  if (issues.length) return validationFailed(issues);

  await savePlanDraft(x, plan.plan_uid, draft as unknown as Record<string, unknown>);
  // Prices per market follow the USD prices and markets, converted at the exchange rate in force today.
  if (section === 'pricingAndAvailability') {
    const prices = await recomputePlanPrices(x, plan.plan_uid, draft, now);
    if (!prices.ok) return prices;
  }
  const next = await bumpVersion(x, row.offer_uid, row.version, now);
  return ok(await planDetail(x, { ...row, version: next ?? row.version + 1 }, { ...plan, draft: draft as unknown as Record<string, unknown> }));
}

/** "Delete draft": only a plan that was never published (L16633). */
export async function deletePlan(
  x: Executor,
  now: Date,
  accountId: string,
  offerId: string,
  planId: string,
  ifMatch: string | undefined,
  actor: Actor | null = null,
  emit?: CatalogEventSink,
): Promise<Result<{ offerVersion: number }>> {
  const found = await plannedOffer(x, accountId, offerId, true);
  if (!found.ok) return found;
  const { row } = found.value;
  const version = versionProblem(ifMatch, row.version);
  if (version) return { ok: false, error: version };
  const plan = await findPlan(x, row, planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
  if (plan.first_published_at !== null || plan.state !== 'draft') return fail('Conflict', 'Only a plan that was never published can be deleted; stop distribution of a published plan instead.');
  await deletePlanRow(x, plan.plan_uid);
  await emit?.(x, { kind: 'PlanDeleted', offerUid: row.offer_uid, accountId, planId, planName: (plan.draft as unknown as PlanDraft).name, actor, at: now });
  const next = await bumpVersion(x, row.offer_uid, row.version, now);
  return ok({ offerVersion: next ?? row.version + 1 });
}

export interface AudienceMember {
  tenantId: string;
  description: string;
}

function audienceIssues(members: readonly { tenantId: string; description?: string | undefined }[]): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (!isGuid(m.tenantId)) out.push(issue(`members.${i}.tenantId`, 'GuidRequired', `"${m.tenantId}" is not a tenant id (a GUID).`));
    else if (seen.has(m.tenantId.toLowerCase())) out.push(issue(`members.${i}.tenantId`, 'Duplicate', `The tenant id ${m.tenantId} appears more than once.`));
    seen.add(m.tenantId.toLowerCase());
    if ((m.description ?? '').length > 256) out.push(issue(`members.${i}.description`, 'MaxLength', 'A description is at most 256 characters.'));
  });
  return out;
}

/**
 * Changes a private plan's audience: `add` enters up to 10 tenant ids by hand, `replace` imports a whole list (a CSV,
 * up to 20,000), `remove` takes one out (L16591, L16606). The audience of a published plan goes live with "Sync
 * private audience" or the next publish.
 */
export async function changeAudience(
  x: Executor,
  now: Date,
  accountId: string,
  offerId: string,
  planId: string,
  change: { kind: 'add' | 'replace'; members: { tenantId: string; description?: string | undefined }[] } | { kind: 'remove'; tenantId: string },
  ifMatch: string | undefined,
): Promise<Result<{ offerVersion: number; audience: AudienceMember[] }>> {
  const found = await plannedOffer(x, accountId, offerId, true);
  if (!found.ok) return found;
  const { row, shape } = found.value;
  const version = versionProblem(ifMatch, row.version);
  if (version) return { ok: false, error: version };
  const plan = await findPlan(x, row, planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
  if ((plan.draft as unknown as PlanDraft).visibility !== 'private') return fail('Conflict', 'Only a private plan has an audience; make the plan private first.', { target: 'visibility' });
  if (change.kind === 'remove') {
    if (!isGuid(change.tenantId) || !(await removeAudience(x, plan.plan_uid, change.tenantId.toLowerCase()))) return fail('NotFound', 'That tenant id is not in the audience.');
  } else {
    const limit = change.kind === 'add' ? shape.maxAudienceManual : shape.maxAudienceCsv;
    if (change.members.length > limit)
      return fail('ValidationFailed', change.kind === 'add' ? `Enter at most ${limit} tenant ids by hand; import a CSV for more (up to ${shape.maxAudienceCsv}).` : `A private audience has at most ${limit} tenant ids.`, { target: 'members' });
    const problems = audienceIssues(change.members);
    if (problems.length) return validationFailed(problems);
    const members = change.members.map((m) => ({ tenantId: m.tenantId.toLowerCase(), description: m.description ?? '' }));
    if (change.kind === 'replace') await replaceAudience(x, plan.plan_uid, members);
    else {
      await addAudience(x, plan.plan_uid, members);
      const size = (await audienceCounts(x, [plan.plan_uid])).get(plan.plan_uid) ?? 0;
      if (size > shape.maxAudienceCsv) return fail('ValidationFailed', `A private audience has at most ${shape.maxAudienceCsv} tenant ids.`, { target: 'members' });
    }
  }
  const next = await bumpVersion(x, row.offer_uid, row.version, now);
  return ok({ offerVersion: next ?? row.version + 1, audience: await audienceOf(x, plan.plan_uid) });
}

export async function getAudience(x: Executor, accountId: string, offerId: string, planId: string): Promise<Result<AudienceMember[]>> {
  const found = await plannedOffer(x, accountId, offerId, false);
  if (!found.ok) return found;
  const plan = await findPlan(x, found.value.row, planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
  return ok(await audienceOf(x, plan.plan_uid));
}
