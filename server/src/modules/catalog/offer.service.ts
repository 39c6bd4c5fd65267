import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type DomainError, type Result } from '../../platform/errors.js';
import { newGuid } from '../../platform/ids.js';
import type { OfferRow, PlanRow } from './catalog.tables.js';
import type { Actor, CatalogDeps, CatalogEventSink, OfferDetail, OfferSummary, PlanSummary, TabView } from './catalog.types.js';
import { findOffer, findSnapshot, insertOffer, offersOf, plansOf, saveOfferDraft, audienceCounts } from './offer.store.js';
import { audienceDifferences } from './audience.store.js';
import { issue, type Issue, type OfferDraft, type OfferTypeDefinition, type TabStatus } from './offer-type.js';
import { offerType, OFFER_TYPES } from './offer-types/index.js';
import { missingInPlan, type PlanDraft } from './plan.shape.js';
import { mediaKindsOf } from './media.service.js';

export const OFFER_ID = /^[a-z0-9_-]{1,50}$/;

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
/** Shape errors of a value against a TypeBox schema, as issues with field paths. */
export function shapeIssues(schema: TSchema, value: unknown): Issue[] {
  let checker = compiled.get(schema);
  if (!checker) compiled.set(schema, (checker = Compile(schema)));
  if (checker.Check(value)) return [];
  return [...checker.Errors(value)]
    .filter((e) => e.keyword !== 'boolean')
    .map((e) => {
      const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
      const target = extra ? [path, extra[0]].filter(Boolean).join('.') : path;
      return issue(target || '(body)', e.keyword === 'additionalProperties' ? 'UnknownField' : e.keyword, `${target || 'The body'} ${e.message}.`);
    });
}

/** Refused input: `Locked` (409) when any issue is a change the publish locked (all issues are listed), else `ValidationFailed` (400). */
export function validationFailed(issues: Issue[]): { ok: false; error: DomainError } {
  const code = issues.some((i) => i.code === 'Locked') ? 'Locked' : 'ValidationFailed';
  return fail(code, issues.map((i) => `${i.target}: ${i.message}`).join(' '), {
    target: issues[0]?.target,
    details: issues.map((i) => ({ code: i.code, message: i.message, target: i.target })),
  });
}

export interface PublishedDocument {
  offer: { offerId: string; alias: string; offerType: string; draft: OfferDraft };
  plans: { planId: string; draft: PlanDraft; prices?: PublishedPrice[] }[];
}

/** A plan's price in one market for one billing term (a metered dimension's price per unit when `dimensionId`). */
export interface PublishedPrice {
  market: string;
  currency: string;
  term: 'P1M' | 'P1Y';
  dimensionId: string | null;
  amount: string;
}

/** The last version that reached Preview or Live: what the "after publish" locks compare against. */
export async function publishedDocument(x: Executor, row: OfferRow): Promise<PublishedDocument | undefined> {
  const id = row.preview_snapshot_id ?? row.live_snapshot_id;
  if (!id) return undefined;
  const snap = await findSnapshot(x, id);
  if (!snap) return undefined;
  return (typeof snap.document === 'string' ? JSON.parse(snap.document) : snap.document) as PublishedDocument;
}

/** JSON with object keys sorted, so that values read back from jsonb (which reorders keys) compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function tabStatus(initial: unknown, value: unknown, missing: Issue[]): TabStatus {
  if (missing.length === 0) return 'Complete';
  return canonical(initial) === canonical(value) ? 'NotStarted' : 'Incomplete';
}

export function planSummary(row: PlanRow, audienceSize: number, audienceDifferences = 0): PlanSummary {
  const draft = row.draft as unknown as PlanDraft;
  const missing = missingInPlan(draft, audienceSize);
  return {
    planId: row.plan_id,
    name: draft.name,
    pricingModel: draft.pricing?.model ?? null,
    visibility: draft.visibility,
    state: row.state,
    status: missing.length === 0 ? 'Complete' : 'Incomplete',
    missing,
    audienceSyncPending: row.state === 'live' && draft.visibility === 'private' && audienceDifferences > 0,
  };
}

const summary = (row: OfferRow, plans: number): OfferSummary => ({
  offerId: row.offer_id,
  alias: row.alias,
  offerType: row.offer_type,
  status: row.status,
  version: row.version,
  plans,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function offerDetail(x: Executor, row: OfferRow): Promise<OfferDetail> {
  const def = offerType(row.offer_type)!;
  const draft = row.draft as OfferDraft;
  const tabs: TabView[] = def.tabs
    .filter((t) => t.appliesTo(draft))
    .map((t) => {
      const value = draft[t.id] ?? t.initial();
      const missing = t.missing(value, draft);
      return { id: t.id, title: t.title, status: tabStatus(t.initial(), value, missing), missing, value };
    });
  const planRows = def.plans ? await plansOf(x, row.offer_uid) : [];
  const counts = await audienceCounts(x, planRows.map((p) => p.plan_uid));
  const differences = await audienceDifferences(x, planRows.filter((p) => p.state === 'live').map((p) => p.plan_uid));
  const planList = planRows.map((p) => planSummary(p, counts.get(p.plan_uid) ?? 0, differences.get(p.plan_uid) ?? 0));
  const active = planList.filter((p) => p.state !== 'stopped');
  const planMissing: Issue[] = [];
  if (def.requiresPlans(draft) && active.length === 0) planMissing.push(issue('plans', 'Required', 'A transactable offer needs at least one plan.'));
  for (const p of active) if (p.status !== 'Complete') planMissing.push(issue(`plans.${p.planId}`, 'PlanIncomplete', `Plan "${p.planId}" is incomplete: ${p.missing.map((m) => m.message).join(' ')}`));
  const planOverview = { status: (planMissing.length === 0 ? 'Complete' : active.length === 0 ? 'NotStarted' : 'Incomplete') as TabStatus, missing: planMissing };
  return {
    ...summary(row, planRows.length),
    offerTypeName: def.displayName,
    published: row.first_published_at !== null,
    stores: def.stores(
      draft,
      planRows.filter((p) => p.state !== 'stopped' && p.state !== 'stop_pending').map((p) => p.draft as unknown as PlanDraft),
    ),
    tabs,
    planOverview,
    planList,
    readyToPublish: tabs.every((t) => t.status === 'Complete') && (planMissing.length === 0),
  };
}

export async function createOffer(
  x: Executor,
  now: Date,
  actor: Actor,
  accountId: string,
  input: { offerType: string; offerId: string; alias: string },
  emit?: CatalogEventSink,
): Promise<Result<OfferDetail>> {
  const def: OfferTypeDefinition | undefined = OFFER_TYPES[input.offerType];
  if (!def) return fail('ValidationFailed', `Unknown offer type "${input.offerType}". Types: ${Object.keys(OFFER_TYPES).join(', ')}.`, { target: 'offerType' });
  if (!OFFER_ID.test(input.offerId))
    return fail('ValidationFailed', 'The offer id uses only lowercase letters, digits, "-" and "_", with no spaces, and is at most 50 characters.', { target: 'offerId' });
  const alias = input.alias.trim();
  if (!alias || alias.length > 100) return fail('ValidationFailed', 'The offer alias is 1 to 100 characters.', { target: 'alias' });
  if (await findOffer(x, accountId, input.offerId)) return fail('Conflict', `The offer id "${input.offerId}" is already used in this account.`, { target: 'offerId' });
  const draft: OfferDraft = Object.fromEntries(def.tabs.map((t) => [t.id, t.initial()]));
  // The name is prefilled from the alias, as Partner Center prefills it from the New offer dialog (L16328).
  (draft.listing as Record<string, unknown>).name = alias.slice(0, 50);
  const row: OfferRow = {
    offer_uid: newGuid(),
    account_id: accountId,
    offer_id: input.offerId,
    alias,
    offer_type: def.type,
    draft,
    version: 1,
    status: 'Draft',
    first_published_at: null,
    preview_snapshot_id: null,
    live_snapshot_id: null,
    created_at: now,
    created_by: actor.id,
    updated_at: now,
  };
  await insertOffer(x, row);
  await emit?.(x, { kind: 'OfferCreated', offerUid: row.offer_uid, accountId, actor, at: now });
  return ok(await offerDetail(x, row));
}

export async function listOffers(x: Executor, accountId: string): Promise<OfferSummary[]> {
  const rows = await offersOf(x, accountId);
  const out: OfferSummary[] = [];
  for (const r of rows) out.push(summary(r, (await plansOf(x, r.offer_uid)).length));
  return out;
}

export async function getOffer(x: Executor, accountId: string, offerId: string): Promise<Result<OfferDetail>> {
  const row = await findOffer(x, accountId, offerId);
  return row ? ok(await offerDetail(x, row)) : fail('NotFound', `No offer "${offerId}" in this account.`);
}

/** `If-Match` against the offer's version: `*` matches any; a missing header is refused (ADR 0010). */
export function versionProblem(ifMatch: string | undefined, version: number): DomainError | undefined {
  if (ifMatch === undefined) return { code: 'PreconditionRequired', message: 'Send If-Match with the offer\'s ETag (or "*") so that concurrent edits are not overwritten.' };
  if (ifMatch.trim() === '*') return undefined;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (tags.includes(String(version))) return undefined;
  return { code: 'PreconditionFailed', message: `The offer changed since you read it (it is now at version ${version}); reload it and apply your change again.` };
}

/** Saves one tab of the offer's draft: shape, rules and locks checked; the version bumped. */
export async function saveTab(
  x: Executor,
  deps: Pick<CatalogDeps, 'sandbox' | 'accountOfApp'>,
  now: Date,
  accountId: string,
  offerId: string,
  tabId: string,
  value: unknown,
  ifMatch: string | undefined,
): Promise<Result<OfferDetail>> {
  const row = await findOffer(x, accountId, offerId, true);
  if (!row) return fail('NotFound', `No offer "${offerId}" in this account.`);
  const def = offerType(row.offer_type)!;
  const tab = def.tabs.find((t) => t.id === tabId);
  if (!tab) return fail('NotFound', `A ${def.displayName} offer has no tab "${tabId}". Tabs: ${def.tabs.map((t) => t.id).join(', ')}.`);
  const version = versionProblem(ifMatch, row.version);
  if (version) return { ok: false, error: version };

  const shape = shapeIssues(tab.schema, value);
  if (shape.length) return validationFailed(shape);
  const normalized = tab.normalize ? tab.normalize(value) : value;
  const draft: OfferDraft = { ...(row.draft as OfferDraft), [tab.id]: normalized };
  if (!tab.appliesTo(draft)) return fail('Conflict', `The ${tab.title} tab applies to transactable offers only.`, { target: tabId });
  const ctx = {
    accountId,
    draft,
    sandbox: deps.sandbox,
    isAccountApp: async (tenantId: string, appId: string) => (await deps.accountOfApp(tenantId.toLowerCase(), appId.toLowerCase(), x)) === accountId,
    mediaKinds: (ids: readonly string[]) => mediaKindsOf(x, row.offer_uid, ids) as Promise<Map<string, string>>,
  };
  const issues = await tab.validate(normalized, ctx);
  const published = row.first_published_at ? await publishedDocument(x, row) : undefined;
  const before = published?.offer.draft[tab.id];
  if (before !== undefined && tab.locks) issues.push(...tab.locks(normalized, before));
  if (issues.length) return validationFailed(issues);

  const next = await saveOfferDraft(x, row.offer_uid, row.version, draft, now);
  if (next === undefined) return fail('PreconditionFailed', 'The offer changed while saving; reload it and apply your change again.');
  return ok(await offerDetail(x, { ...row, draft, version: next, updated_at: now }));
}
