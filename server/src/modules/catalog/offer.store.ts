import type { Executor } from '../../platform/db/index.js';
import { cq, json, type OfferRow, type PlanRow } from './catalog.tables.js';

export async function insertOffer(x: Executor, row: OfferRow): Promise<void> {
  await cq(x).insertInto('catalog_offer').values({ ...row, draft: json(row.draft) }).execute();
}

export async function findOffer(x: Executor, accountId: string, offerId: string, forUpdate = false): Promise<OfferRow | undefined> {
  let q = cq(x).selectFrom('catalog_offer').selectAll().where('account_id', '=', accountId).where('offer_id', '=', offerId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function offersOf(x: Executor, accountId: string): Promise<OfferRow[]> {
  return cq(x).selectFrom('catalog_offer').selectAll().where('account_id', '=', accountId).orderBy('updated_at', 'desc').execute();
}

/** Writes the draft and bumps the version, if the version is still `expected` (checked under the row lock too). */
export async function saveOfferDraft(x: Executor, offerUid: string, expected: number, draft: Record<string, unknown>, now: Date): Promise<number | undefined> {
  const r = await cq(x)
    .updateTable('catalog_offer')
    .set((eb) => ({ draft: json(draft), version: eb('version', '+', 1), updated_at: now }))
    .where('offer_uid', '=', offerUid)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return r?.version;
}

/** Bumps the offer's version (a plan changed) if it is still `expected`. */
export async function bumpVersion(x: Executor, offerUid: string, expected: number, now: Date): Promise<number | undefined> {
  const r = await cq(x)
    .updateTable('catalog_offer')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('offer_uid', '=', offerUid)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return r?.version;
}

export async function plansOf(x: Executor, offerUid: string): Promise<PlanRow[]> {
  return cq(x).selectFrom('catalog_plan').selectAll().where('offer_uid', '=', offerUid).orderBy('position').execute();
}

export async function insertPlan(x: Executor, row: PlanRow): Promise<void> {
  await cq(x).insertInto('catalog_plan').values({ ...row, draft: json(row.draft) }).execute();
}

export async function savePlanDraft(x: Executor, planUid: string, draft: Record<string, unknown>): Promise<void> {
  await cq(x).updateTable('catalog_plan').set({ draft: json(draft) }).where('plan_uid', '=', planUid).execute();
}

export async function deletePlanRow(x: Executor, planUid: string): Promise<void> {
  await cq(x).deleteFrom('catalog_plan').where('plan_uid', '=', planUid).execute();
}

export async function audienceCounts(x: Executor, planUids: readonly string[]): Promise<Map<string, number>> {
  if (planUids.length === 0) return new Map();
  const rows = await cq(x)
    .selectFrom('catalog_plan_audience')
    .select(['plan_uid', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_uid', 'in', planUids)
    .groupBy('plan_uid')
    .execute();
  return new Map(rows.map((r) => [r.plan_uid, Number(r.n)]));
}

export async function audienceOf(x: Executor, planUid: string): Promise<{ tenantId: string; description: string }[]> {
  const rows = await cq(x).selectFrom('catalog_plan_audience').select(['tenant_id', 'description']).where('plan_uid', '=', planUid).orderBy('tenant_id').execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, description: r.description }));
}

export async function addAudience(x: Executor, planUid: string, members: readonly { tenantId: string; description: string }[]): Promise<void> {
  if (members.length === 0) return;
  await cq(x)
    .insertInto('catalog_plan_audience')
    .values(members.map((m) => ({ plan_uid: planUid, tenant_id: m.tenantId, description: m.description })))
    .onConflict((oc) => oc.columns(['plan_uid', 'tenant_id']).doUpdateSet((eb) => ({ description: eb.ref('excluded.description') })))
    .execute();
}

export async function removeAudience(x: Executor, planUid: string, tenantId: string): Promise<boolean> {
  const r = await cq(x).deleteFrom('catalog_plan_audience').where('plan_uid', '=', planUid).where('tenant_id', '=', tenantId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function replaceAudience(x: Executor, planUid: string, members: readonly { tenantId: string; description: string }[]): Promise<void> {
  await cq(x).deleteFrom('catalog_plan_audience').where('plan_uid', '=', planUid).execute();
  for (let i = 0; i < members.length; i += 1000) await addAudience(x, planUid, members.slice(i, i + 1000));
}

export async function insertSnapshot(x: Executor, row: { snapshot_id: string; offer_uid: string; draft_version: number; document: unknown; created_at: Date }): Promise<void> {
  await cq(x).insertInto('catalog_snapshot').values({ ...row, document: json(row.document) }).execute();
}

export async function findSnapshot(x: Executor, snapshotId: string): Promise<{ document: unknown; created_at: Date } | undefined> {
  return cq(x).selectFrom('catalog_snapshot').select(['document', 'created_at']).where('snapshot_id', '=', snapshotId).executeTakeFirst();
}
