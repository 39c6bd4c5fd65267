import { useState, type FormEvent } from 'react';
import { ApiError, EmptyState, ErrorMessage, Link, Notice, SubmitButton, api, isMissingRoute, navigate, path } from '../../ui/index.js';
import { ConfirmButton } from '../MemberRoles.js';
import { FieldIssuesProvider, MissingList, NotYetAvailable, OField, PRICING_MODEL_LABEL, PlanStateBadge, StatusIcon, WriteError, issuesOf, useOffer } from './common.js';
import { Modal } from './OffersPage.js';
import type { PlanDetail, PlanSummary } from './types.js';

const PLAN_ID = /^[a-z0-9_-]{1,50}$/;

export function PlanOverview() {
  const offer = useOffer();
  const d = offer.detail!;
  const root = path`/partner/offers/${offer.offerId}`;
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [missingRoute, setMissingRoute] = useState(false);
  const canWrite = offer.account.actions.includes('offers.write');

  const [synced, setSynced] = useState<string | undefined>(undefined);
  const act = async (plan: PlanSummary, action: 'delete' | 'stop-distribution' | 'resume-distribution' | 'sync-audience') => {
    setError(undefined);
    setMissingRoute(false);
    setSynced(undefined);
    try {
      const url = `${offer.base}${path`/plans/${plan.planId}`}`;
      const r =
        action === 'delete'
          ? await api.request('DELETE', url, { headers: offer.ifMatch() })
          : await api.request<{ offerVersion?: number; version?: number }>('POST', `${url}/${action}`, { headers: offer.ifMatch() });
      const body = r.data as { offerVersion?: number; version?: number; added?: number; removed?: number; audienceSize?: number } | undefined;
      if (action === 'sync-audience') {
        setSynced(`${plan.name}: the storefront now uses the audience you saved (${body?.added ?? 0} added, ${body?.removed ?? 0} removed, ${body?.audienceSize ?? 0} in all).`);
        offer.reload();
        return;
      }
      offer.applyVersion(body?.offerVersion ?? body?.version, r.headers);
    } catch (e) {
      if (isMissingRoute(e)) setMissingRoute(true);
      else setError(e);
      // Let ConfirmButton close without repeating the message.
      if (!(e instanceof ApiError)) throw e;
    }
  };

  return (
    <section className="tab-form" aria-labelledby="plans-title">
      <div className="tab-head">
        <h2 id="plans-title">Plan overview</h2>
        <StatusIcon status={d.planOverview.status} />
        {canWrite && (
          <button type="button" className="btn btn-primary btn-right" onClick={() => setCreating(true)}>
            + Create new plan
          </button>
        )}
      </div>
      <p className="subtitle">Each plan has its own name, markets, prices and visibility. All plans of an offer use the same pricing model.</p>
      <MissingList missing={d.planOverview.missing} />
      <WriteError error={error} onReload={offer.reload} />
      {synced && <Notice tone="success">{synced}</Notice>}
      {missingRoute && <NotYetAvailable what="Stopping or resuming a plan's distribution">The publishing API has no route for it yet (404). Nothing was changed.</NotYetAvailable>}
      {d.planList.length === 0 ? (
        <div className="card">
          <EmptyState>No plans yet. A transactable offer needs at least one.</EmptyState>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="plans-table">
            <thead>
              <tr>
                <th>Plan name</th>
                <th>Plan ID</th>
                <th>Pricing model</th>
                <th>Availability</th>
                <th>Status</th>
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {d.planList.map((p) => (
                <tr key={p.planId}>
                  <td>
                    <Link to={`${root}${path`/plans/${p.planId}/listing`}`}>{p.name}</Link>
                  </td>
                  <td>
                    <code>{p.planId}</code>
                  </td>
                  <td>{p.pricingModel ? (PRICING_MODEL_LABEL[p.pricingModel] ?? p.pricingModel) : <span className="muted">Not set</span>}</td>
                  <td>{p.visibility === 'private' ? 'Private' : 'Public'}</td>
                  <td>
                    <span className="status-cell">
                      <PlanStateBadge state={p.state} /> <StatusIcon status={p.status} />
                    </span>
                    {p.missing.length > 0 && <div className="hint">{p.missing.map((m) => m.message).join(' ')}</div>}
                  </td>
                  <td className="row-actions">
                    {canWrite && p.state === 'draft' && <ConfirmButton label="Delete draft" confirmLabel={`Delete ${p.name}`} onConfirm={() => act(p, 'delete')} />}
                    {canWrite && p.state === 'live' && <ConfirmButton label="Stop distribution" confirmLabel={`Stop selling ${p.name}`} onConfirm={() => act(p, 'stop-distribution')} />}
                    {canWrite && p.state === 'live' && p.visibility === 'private' && (
                      <ConfirmButton
                        label={p.audienceSyncPending ? 'Sync private audience (changes waiting)' : 'Sync private audience'}
                        confirmLabel={`Publish ${p.name}'s audience`}
                        onConfirm={() => act(p, 'sync-audience')}
                      />
                    )}
                    {canWrite && p.state === 'stop_pending' && (
                      <button type="button" className="btn btn-link" onClick={() => void act(p, 'resume-distribution').catch(() => undefined)}>
                        Resume distribution
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <NewPlanDialog onClose={() => setCreating(false)} root={root} />}
    </section>
  );
}

function NewPlanDialog({ onClose, root }: { onClose: () => void; root: string }) {
  const offer = useOffer();
  const [planId, setPlanId] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const idProblem = planId && !PLAN_ID.test(planId) ? 'Use only lowercase letters, digits, “-” and “_”, at most 50 characters.' : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.request<PlanDetail>('POST', `${offer.base}/plans`, { body: { planId, name: name.trim() }, headers: offer.ifMatch() });
      offer.applyVersion(r.data.offerVersion, r.headers);
      navigate(`${root}${path`/plans/${r.data.planId}/listing`}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const unclaimed = issuesOf(error).filter((i) => i.target !== 'planId' && i.target !== 'name');
  return (
    <Modal title="New plan" onClose={onClose} testId="new-plan-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error instanceof ApiError && error.status === 412 ? (
          <WriteError error={error} onReload={offer.reload} />
        ) : (
          error !== undefined && (issuesOf(error).length === 0 || unclaimed.length > 0) && <ErrorMessage error={error} />
        )}
        <FieldIssuesProvider error={error}>
          <OField label="Plan ID" target="planId" htmlFor="newPlanId" required hint="Lowercase letters, digits, “-” and “_”; at most 50 characters; unique in the offer; cannot change later.">
            <input id="newPlanId" maxLength={50} value={planId} onChange={(e) => setPlanId(e.target.value)} autoFocus />
            {idProblem && <div className="field-warning">{idProblem}</div>}
          </OField>
          <OField label="Plan name" target="name" htmlFor="newPlanName" required hint="Customers see it; up to 50 characters; unique in the offer.">
            <input id="newPlanName" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
          </OField>
        </FieldIssuesProvider>
        <div className="form-actions">
          <SubmitButton busy={busy} disabled={!planId || !name.trim()}>
            Create
          </SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
