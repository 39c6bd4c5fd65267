import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { OFFER_TYPES } from '../catalog/index.js';
import { diff, keep, type CompareFilter } from './diff.js';
import { publishingOffer } from './publishing.store.js';
import type { Change } from './publishing.types.js';
import { offerOf, type ServiceEnv } from './submission.service.js';

export interface CompareView {
  against: 'live' | 'preview';
  snapshotId: string;
  publishedDraftVersion: number;
  draftVersion: number;
  filter: CompareFilter;
  tabs: { id: string; title: string; changes: Change[] }[];
  plans: { planId: string; name: string; change: Change['change']; changes: Change[] }[];
  /** What this comparison cannot show yet. */
  limitations: string[];
}

/**
 * Compare (L17273-17313): the saved draft against the live or the preview version, field by field. Without
 * `against`, the live version when there is one (the page's default), else the preview.
 */
export async function compare(x: Executor, env: ServiceEnv, accountId: string, offerId: string, against: 'live' | 'preview' | undefined, filter: CompareFilter): Promise<Result<CompareView>> {
  const found = await offerOf(x, env.catalog, accountId, offerId);
  if (!found.ok) return found;
  const { offerUid, detail } = found.value;
  const versions = await publishingOffer(x, offerUid);
  const side = against ?? (versions?.live_snapshot_id ? 'live' : 'preview');
  const snapshotId = side === 'live' ? versions?.live_snapshot_id : versions?.preview_snapshot_id;
  // "If your offer hasn't gone live yet, you won't see the Live offer option" (L17310).
  if (!snapshotId) return fail('NotFound', side === 'live' ? 'This offer has no live version to compare with.' : 'This offer has no preview version to compare with.', { target: 'against' });
  const snap = await env.catalog.getSnapshot(x, snapshotId);
  if (!snap) return fail('NotFound', 'The published version is gone.');
  const published = snap.document;
  const def = OFFER_TYPES[detail.offerType];

  // The draft as it would be published (with, for instance, the logos made from the large logo), so that only what
  // the publisher changed shows.
  const current = await env.catalog.draftDocument(x, offerUid);
  if (!current.ok) return current;
  const tabs: CompareView['tabs'] = [];
  for (const tab of def?.tabs ?? []) {
    const draftTab = detail.tabs.find((t) => t.id === tab.id);
    const before = tab.appliesTo(published.offer.draft) ? published.offer.draft[tab.id] : undefined;
    const after = current.value.document.offer.draft[tab.id] ?? draftTab?.value;
    if (before === undefined && after === undefined) continue;
    tabs.push({ id: tab.id, title: tab.title, changes: diff(before, after).filter((c) => keep(filter, c.change)) });
  }

  // Plans: each plan's whole draft against the published version's.
  const draftPlans = current.value.document.plans;
  const plans: CompareView['plans'] = [];
  for (const p of published.plans) {
    const now = draftPlans.find((d) => d.planId === p.planId);
    const changes = diff(p.draft, now?.draft);
    const change: Change['change'] = !now ? 'removed' : changes.some((c) => c.change !== 'unchanged') ? 'edited' : 'unchanged';
    if (keep(filter, change)) plans.push({ planId: p.planId, name: p.draft.name, change, changes: changes.filter((c) => keep(filter, c.change)) });
  }
  for (const d of draftPlans)
    if (!published.plans.some((p) => p.planId === d.planId) && keep(filter, 'added'))
      plans.push({ planId: d.planId, name: d.draft.name, change: 'added', changes: diff(undefined, d.draft) });

  return ok({
    against: side,
    snapshotId,
    publishedDraftVersion: snap.draftVersion,
    draftVersion: detail.version,
    filter,
    tabs,
    plans,
    // Private audiences are compared nowhere: they change through "Sync private audience", not a version.
    limitations: ['Private plan audiences are not part of a version and are not compared.'],
  });
}
