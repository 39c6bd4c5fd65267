import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { newGuid } from '../../platform/ids.js';
import { cq, type OfferRow, type OfferStatus, type PlanRow, type PlanState } from './catalog.tables.js';
import type { OfferDetail } from './catalog.types.js';
import { audienceCounts, findOffer, findSnapshot, insertSnapshot, plansOf } from './offer.store.js';
import { offerDetail, type PublishedDocument } from './offer.service.js';
import type { PlanDraft } from './plan.shape.js';
import { publishAudience } from './audience.store.js';
import { derivedLogos } from './media.service.js';
import { getPlanPrices } from './pricing.service.js';

/**
 * What publishing needs from the catalog: freeze the draft into a snapshot, move the offer's status, make a snapshot
 * the preview or the live version, and apply plan distribution changes. The publishing module drives these; the
 * catalog keeps the rules about what a draft may be.
 */

export interface Snapshot {
  snapshotId: string;
  draftVersion: number;
  document: PublishedDocument;
  createdAt: Date;
}

async function offerByUid(x: Executor, offerUid: string, forUpdate = false): Promise<OfferRow | undefined> {
  let q = cq(x).selectFrom('catalog_offer').selectAll().where('offer_uid', '=', offerUid);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The offer's internal id and detail (publishing keys its tables by the internal id). */
export async function offerForPublishing(x: Executor, accountId: string, offerId: string): Promise<Result<{ offerUid: string; detail: OfferDetail }>> {
  const row = await findOffer(x, accountId, offerId);
  if (!row) return fail('NotFound', `No offer "${offerId}" in this account.`);
  return ok({ offerUid: row.offer_uid, detail: await offerDetail(x, row) });
}

/**
 * The offer draft as it is published: a listing without its own Medium or Small logo gets the ones made from its
 * Large logo (L16376).
 */
async function withGeneratedLogos(x: Executor, draft: Record<string, unknown>): Promise<Record<string, unknown>> {
  const listing = draft.listing as { media?: Record<string, unknown> } | undefined;
  const large = listing?.media?.logoLarge;
  if (!listing?.media || typeof large !== 'string' || (listing.media.logoMedium && listing.media.logoSmall)) return draft;
  const made = (await derivedLogos(x, [large])).get(large) ?? {};
  return { ...draft, listing: { ...listing, media: { ...made, ...listing.media } } };
}

async function publishedPlans(x: Executor, plans: readonly PlanRow[]): Promise<PublishedDocument['plans']> {
  const out: PublishedDocument['plans'] = [];
  for (const p of plans) {
    // The market prices as published: the storefront and billing read these, never the draft's.
    const prices = (await getPlanPrices(x, p.plan_uid)).map((pr) => ({ market: pr.market, currency: pr.currency, term: pr.term, dimensionId: pr.dimensionId, amount: pr.amount }));
    out.push({ planId: p.plan_id, draft: p.draft as unknown as PlanDraft, prices });
  }
  return out;
}

async function documentOf(x: Executor, row: OfferRow): Promise<PublishedDocument> {
  const plans = (await plansOf(x, row.offer_uid)).filter((p) => p.state !== 'stopped' && p.state !== 'stop_pending');
  return {
    offer: { offerId: row.offer_id, alias: row.alias, offerType: row.offer_type, draft: await withGeneratedLogos(x, row.draft) },
    plans: await publishedPlans(x, plans),
  };
}

/** The current draft in the shape of a published version (what a submission would freeze), without freezing it. */
export async function draftDocument(x: Executor, offerUid: string): Promise<Result<{ draftVersion: number; document: PublishedDocument }>> {
  const row = await offerByUid(x, offerUid);
  if (!row) return fail('NotFound', 'No such offer.');
  return ok({ draftVersion: row.version, document: await documentOf(x, row) });
}

/** Freezes the current draft (offer and plans that are not stopped) into a snapshot. */
export async function freezeDraft(x: Executor, now: Date, offerUid: string): Promise<Result<Snapshot>> {
  const row = await offerByUid(x, offerUid, true);
  if (!row) return fail('NotFound', 'No such offer.');
  const document = await documentOf(x, row);
  const snapshotId = newGuid();
  await insertSnapshot(x, { snapshot_id: snapshotId, offer_uid: offerUid, draft_version: row.version, document, created_at: now });
  return ok({ snapshotId, draftVersion: row.version, document, createdAt: now });
}

export async function getSnapshot(x: Executor, snapshotId: string): Promise<Snapshot | undefined> {
  const snap = await cq(x).selectFrom('catalog_snapshot').selectAll().where('snapshot_id', '=', snapshotId).executeTakeFirst();
  if (!snap) return undefined;
  const document = (typeof snap.document === 'string' ? JSON.parse(snap.document) : snap.document) as PublishedDocument;
  return { snapshotId: snap.snapshot_id, draftVersion: snap.draft_version, document, createdAt: snap.created_at };
}

export async function setOfferStatus(x: Executor, offerUid: string, status: OfferStatus): Promise<void> {
  await cq(x).updateTable('catalog_offer').set({ status }).where('offer_uid', '=', offerUid).execute();
}

/**
 * Makes a snapshot the offer's preview version. The first time an offer reaches Preview, its locks start: the
 * offer and the plans in the snapshot count as published.
 */
export async function promoteToPreview(x: Executor, now: Date, offerUid: string, snapshotId: string): Promise<void> {
  const snap = await findSnapshot(x, snapshotId);
  if (!snap) throw new Error(`snapshot ${snapshotId} does not exist`);
  const planIds = ((typeof snap.document === 'string' ? JSON.parse(snap.document) : snap.document) as PublishedDocument).plans.map((p) => p.planId);
  await cq(x)
    .updateTable('catalog_offer')
    .set((eb) => ({ preview_snapshot_id: snapshotId, status: 'Preview', first_published_at: eb.fn.coalesce('first_published_at', eb.val(now)) }))
    .where('offer_uid', '=', offerUid)
    .execute();
  if (planIds.length)
    await cq(x)
      .updateTable('catalog_plan')
      .set((eb) => ({ first_published_at: eb.fn.coalesce('first_published_at', eb.val(now)) }))
      .where('offer_uid', '=', offerUid)
      .where('plan_id', 'in', planIds)
      .execute();
}

/**
 * Makes the preview version live: plans in it become live; plans whose stop was requested become stopped (existing
 * customers keep them; new customers cannot buy them).
 */
export async function promoteToLive(x: Executor, now: Date, offerUid: string, snapshotId: string): Promise<void> {
  const snap = await getSnapshot(x, snapshotId);
  if (!snap) throw new Error(`snapshot ${snapshotId} does not exist`);
  const live = snap.document.plans.map((p) => p.planId);
  await cq(x).updateTable('catalog_offer').set({ live_snapshot_id: snapshotId, preview_snapshot_id: null, status: 'Live' }).where('offer_uid', '=', offerUid).execute();
  await cq(x).updateTable('catalog_plan').set({ state: 'stopped' }).where('offer_uid', '=', offerUid).where('state', '=', 'stop_pending').execute();
  if (live.length) await cq(x).updateTable('catalog_plan').set({ state: 'live' }).where('offer_uid', '=', offerUid).where('plan_id', 'in', live).where('state', '=', 'draft').execute();
  // Going live publishes every live plan's audience with the rest of the draft (a plan that became public keeps an
  // empty live audience: its visibility in the snapshot is what the storefront reads).
  for (const plan of await plansOf(x, offerUid)) if (live.includes(plan.plan_id)) await publishAudience(x, plan.plan_uid, now);
}

/**
 * "Sync private audience" (L2287, L16634): makes a live private plan's draft audience its live audience, publishing
 * nothing else of the draft and without certification.
 */
export async function syncPlanAudience(x: Executor, now: Date, offerUid: string, planId: string): Promise<Result<{ planName: string; added: number; removed: number; size: number }>> {
  const row = await offerByUid(x, offerUid, true);
  if (!row) return fail('NotFound', 'No such offer.');
  const plan = (await plansOf(x, offerUid)).find((p) => p.plan_id === planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in this offer.`);
  if (plan.state !== 'live' || !row.live_snapshot_id || row.status === 'PendingStopDistribution' || row.status === 'NotAvailable')
    return fail('Conflict', 'Only a live plan of a live offer has an audience to sync; a draft plan\'s audience goes live when the offer is published.');
  const liveVersion = (await getSnapshot(x, row.live_snapshot_id))?.document.plans.find((p) => p.planId === planId);
  if (!liveVersion || liveVersion.draft.visibility !== 'private') return fail('Conflict', 'This plan is public on the storefront: it has no private audience to sync.');
  const size = (await audienceCounts(x, [plan.plan_uid])).get(plan.plan_uid) ?? 0;
  if (size === 0) return fail('ValidationFailed', 'A private plan needs at least one tenant id in its audience.', { target: 'members' });
  const published = await publishAudience(x, plan.plan_uid, now);
  return ok({ planName: (plan.draft as unknown as PlanDraft).name, ...published });
}

/** Stop distribution of the whole offer: it leaves the storefront; existing customers keep it (L17317-17334). */
export async function stopOfferDistribution(x: Executor, offerUid: string): Promise<void> {
  await cq(x).updateTable('catalog_offer').set({ status: 'NotAvailable', live_snapshot_id: null, preview_snapshot_id: null }).where('offer_uid', '=', offerUid).execute();
}

/**
 * Requests stop distribution of one live plan (needs another plan that stays; takes effect at the next publish,
 * L16633-16634), or resumes it while the request is pending.
 */
export async function setPlanDistribution(x: Executor, offerUid: string, planId: string, action: 'stop' | 'resume'): Promise<Result<PlanState>> {
  const plans = await plansOf(x, offerUid);
  const plan = plans.find((p) => p.plan_id === planId);
  if (!plan) return fail('NotFound', `No plan "${planId}".`);
  if (action === 'stop') {
    if (plan.state !== 'live') return fail('Conflict', 'Only a live plan can stop distribution; a draft plan can be deleted.');
    if (plans.filter((p) => p.state === 'live').length < 2) return fail('Conflict', 'Stop distribution of a plan needs another live plan: stop distribution of the offer instead.');
    await cq(x).updateTable('catalog_plan').set({ state: 'stop_pending' }).where('plan_uid', '=', plan.plan_uid).execute();
    return ok('stop_pending');
  }
  if (plan.state !== 'stop_pending') return fail('Conflict', 'Only a plan whose stop is pending can resume distribution.');
  await cq(x).updateTable('catalog_plan').set({ state: 'live' }).where('plan_uid', '=', plan.plan_uid).execute();
  return ok('live');
}

/** An offer's published versions: what the storefront and commerce read (never the draft). */
export interface PublishedOffer {
  offerUid: string;
  accountId: string;
  offerId: string;
  offerType: string;
  status: OfferStatus;
  /** The live version, or null while the offer has none (or after stop distribution). */
  live: Snapshot | null;
  /** The version in preview (visible to the preview audience only), or null. */
  preview: Snapshot | null;
  /** Each plan's state: live, stop_pending (still sold until the next publish), stopped, draft. */
  planStates: Record<string, PlanState>;
}

async function publishedOfRow(x: Executor, row: OfferRow): Promise<PublishedOffer> {
  const plans = await plansOf(x, row.offer_uid);
  return {
    offerUid: row.offer_uid,
    accountId: row.account_id,
    offerId: row.offer_id,
    offerType: row.offer_type,
    status: row.status,
    live: row.live_snapshot_id ? ((await getSnapshot(x, row.live_snapshot_id)) ?? null) : null,
    preview: row.preview_snapshot_id ? ((await getSnapshot(x, row.preview_snapshot_id)) ?? null) : null,
    planStates: Object.fromEntries(plans.map((p) => [p.plan_id, p.state])),
  };
}

export async function publishedOffer(x: Executor, offerUid: string): Promise<PublishedOffer | undefined> {
  const row = await offerByUid(x, offerUid);
  return row ? publishedOfRow(x, row) : undefined;
}

/** Every offer with a live or a preview version. */
export async function publishedOffers(x: Executor): Promise<PublishedOffer[]> {
  const rows = await cq(x)
    .selectFrom('catalog_offer')
    .selectAll()
    .where((eb) => eb.or([eb('live_snapshot_id', 'is not', null), eb('preview_snapshot_id', 'is not', null)]))
    .orderBy('created_at')
    .execute();
  const out: PublishedOffer[] = [];
  for (const row of rows) out.push(await publishedOfRow(x, row));
  return out;
}

/** An offer's live and preview snapshot ids (one query: the hot paths cache snapshots by id, which never change). */
export async function publishedSnapshotIds(x: Executor, offerUid: string): Promise<{ live: string | null; preview: string | null } | undefined> {
  const row = await cq(x).selectFrom('catalog_offer').select(['live_snapshot_id', 'preview_snapshot_id']).where('offer_uid', '=', offerUid).executeTakeFirst();
  return row && { live: row.live_snapshot_id, preview: row.preview_snapshot_id };
}
