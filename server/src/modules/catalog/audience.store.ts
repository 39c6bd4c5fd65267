import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { cq } from './catalog.tables.js';

/**
 * The live side of private audiences: what the storefront reads. The draft side is in offer.store.ts.
 */

/** Makes a plan's live audience equal to its draft audience; returns how many tenant ids it added and removed. */
export async function publishAudience(x: Executor, planUid: string, now: Date): Promise<{ added: number; removed: number; size: number }> {
  const diff = await sql<{ added: string | number; removed: string | number }>`
    select
      (select count(*) from catalog_plan_audience d where d.plan_uid = ${planUid}
         and not exists (select 1 from catalog_plan_audience_live l where l.plan_uid = d.plan_uid and l.tenant_id = d.tenant_id)) as added,
      (select count(*) from catalog_plan_audience_live l where l.plan_uid = ${planUid}
         and not exists (select 1 from catalog_plan_audience d where d.plan_uid = l.plan_uid and d.tenant_id = l.tenant_id)) as removed`.execute(x);
  await cq(x).deleteFrom('catalog_plan_audience_live').where('plan_uid', '=', planUid).execute();
  await sql`insert into catalog_plan_audience_live (plan_uid, tenant_id, description)
            select plan_uid, tenant_id, description from catalog_plan_audience where plan_uid = ${planUid}`.execute(x);
  await cq(x).updateTable('catalog_plan').set({ audience_synced_at: now }).where('plan_uid', '=', planUid).execute();
  const size = await cq(x).selectFrom('catalog_plan_audience_live').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_uid', '=', planUid).executeTakeFirstOrThrow();
  const row = diff.rows[0]!;
  return { added: Number(row.added), removed: Number(row.removed), size: Number(size.n) };
}

/**
 * For each plan, how many tenant ids differ between the draft and the live audience (added, removed or with another
 * description): a plan with a difference has audience changes waiting for "Sync private audience".
 */
export async function audienceDifferences(x: Executor, planUids: readonly string[]): Promise<Map<string, number>> {
  if (planUids.length === 0) return new Map();
  const ids = sql.join(planUids.map((id) => sql`${id}::uuid`));
  const r = await sql<{ plan_uid: string; n: string | number }>`
    select coalesce(d.plan_uid, l.plan_uid) as plan_uid, count(*) as n
    from (select * from catalog_plan_audience where plan_uid in (${ids})) d
    full outer join (select * from catalog_plan_audience_live where plan_uid in (${ids})) l
      on l.plan_uid = d.plan_uid and l.tenant_id = d.tenant_id
    where d.tenant_id is null or l.tenant_id is null or d.description <> l.description
    group by 1`.execute(x);
  return new Map(r.rows.map((row) => [row.plan_uid, Number(row.n)]));
}

export async function liveAudienceCounts(x: Executor, planUids: readonly string[]): Promise<Map<string, number>> {
  if (planUids.length === 0) return new Map();
  const rows = await cq(x)
    .selectFrom('catalog_plan_audience_live')
    .select(['plan_uid', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_uid', 'in', planUids)
    .groupBy('plan_uid')
    .execute();
  return new Map(rows.map((r) => [r.plan_uid, Number(r.n)]));
}

/** The private plans whose live audience includes the tenant: what the storefront may show it. */
export async function privatePlansForTenant(x: Executor, tenantId: string): Promise<{ offerUid: string; accountId: string; offerId: string; planId: string }[]> {
  const rows = await cq(x)
    .selectFrom('catalog_plan_audience_live as a')
    .innerJoin('catalog_plan as p', 'p.plan_uid', 'a.plan_uid')
    .innerJoin('catalog_offer as o', 'o.offer_uid', 'p.offer_uid')
    .select(['p.offer_uid', 'o.account_id', 'o.offer_id', 'p.plan_id'])
    .where('a.tenant_id', '=', tenantId.toLowerCase())
    .orderBy('o.offer_id')
    .orderBy('p.plan_id')
    .execute();
  return rows.map((r) => ({ offerUid: r.offer_uid, accountId: r.account_id, offerId: r.offer_id, planId: r.plan_id }));
}
