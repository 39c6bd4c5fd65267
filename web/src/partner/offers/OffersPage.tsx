import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { EmptyState, ErrorMessage, Link, Loading, PageHeader, SubmitButton, api, formatDateTime, navigate, path, useApi, useTitle, type MyAccount } from '../../ui/index.js';
import { FieldIssuesProvider, OField, OfferStatusBadge, issuesOf } from './common.js';
import type { OfferDetail, OfferSummary, OfferTypeInfo } from './types.js';

const OFFER_ID = /^[a-z0-9_-]{1,50}$/;

/** A modal dialog (native <dialog>, so focus and Escape behave). */
export function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby="modal-title" onCancel={onClose} data-testid={testId}>
      <div className="modal-head">
        <h2 id="modal-title">{title}</h2>
        <button type="button" className="btn btn-link" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      {children}
    </dialog>
  );
}

export function OffersPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Offers`);
  const canWrite = account.actions.includes('offers.write');
  const offers = useApi<{ offers: OfferSummary[] }>(path`/api/accounts/${account.accountId}/offers`);
  const types = useApi<{ offerTypes: OfferTypeInfo[] }>('/api/offer-types');
  const [menu, setMenu] = useState(false);
  const [creating, setCreating] = useState<OfferTypeInfo | undefined>(undefined);
  const typeName = (t: string) => types.data?.offerTypes.find((x) => x.type === t)?.displayName ?? t;

  const list = [...(offers.data?.offers ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  return (
    <>
      <PageHeader
        title="Marketplace offers"
        subtitle="Create offers, fill in their pages and plans, then review and publish."
        actions={
          canWrite ? (
            <div className="menu-anchor">
              <button type="button" className="btn btn-primary" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu(!menu)} disabled={!types.data}>
                + New offer
              </button>
              {menu && types.data && (
                <div className="menu" role="menu" aria-label="Offer types">
                  {types.data.offerTypes.map((t) => (
                    <button
                      key={t.type}
                      type="button"
                      role="menuitem"
                      className="menu-item"
                      onClick={() => {
                        setMenu(false);
                        setCreating(t);
                      }}
                    >
                      {t.displayName}
                    </button>
                  ))}
                </div>
              )}
            </div>
          ) : undefined
        }
      />
      <ErrorMessage title="The offer types could not be loaded" error={types.error} onRetry={types.reload} />
      {offers.error ? (
        <ErrorMessage title="The offers could not be loaded" error={offers.error} onRetry={offers.reload} />
      ) : !offers.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState>No offers yet.{canWrite ? ' Choose “+ New offer” to create the first one.' : ''}</EmptyState>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table" data-testid="offers-table">
            <thead>
              <tr>
                <th>Offer alias</th>
                <th>Offer ID</th>
                <th>Type</th>
                <th>Status</th>
                <th>Plans</th>
                <th>Last modified</th>
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <tr key={o.offerId}>
                  <td>
                    <Link to={path`/partner/offers/${o.offerId}`}>{o.alias}</Link>
                  </td>
                  <td>
                    <code>{o.offerId}</code>
                  </td>
                  <td>{typeName(o.offerType)}</td>
                  <td>
                    <OfferStatusBadge status={o.status} />
                  </td>
                  <td>{o.plans}</td>
                  <td>{formatDateTime(o.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <NewOfferDialog account={account} type={creating} onClose={() => setCreating(undefined)} />}
    </>
  );
}

function NewOfferDialog({ account, type, onClose }: { account: MyAccount; type: OfferTypeInfo; onClose: () => void }) {
  const [offerId, setOfferId] = useState('');
  const [alias, setAlias] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const idProblem = offerId && !OFFER_ID.test(offerId) ? 'Use only lowercase letters, digits, “-” and “_” (no spaces), at most 50 characters.' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<OfferDetail>(path`/api/accounts/${account.accountId}/offers`, { offerType: type.type, offerId, alias });
      navigate(path`/partner/offers/${created.offerId}/setup`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const unclaimed = issuesOf(error).filter((i) => i.target !== 'offerId' && i.target !== 'alias');

  return (
    <Modal title={`New ${type.displayName} offer`} onClose={onClose} testId="new-offer-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error !== undefined && (issuesOf(error).length === 0 || unclaimed.length > 0) && <ErrorMessage error={error} />}
        <FieldIssuesProvider error={error}>
          <OField
            label="Offer ID"
            target="offerId"
            htmlFor="newOfferId"
            required
            hint="Lowercase letters, digits, “-” and “_”; no spaces; at most 50 characters; unique in this account. It is part of the offer's web addresses and cannot change after you create the offer."
          >
            <input id="newOfferId" required maxLength={50} value={offerId} onChange={(e) => setOfferId(e.target.value)} autoFocus aria-invalid={idProblem ? true : undefined} />
            {idProblem && <div className="field-warning">{idProblem}</div>}
          </OField>
          <OField label="Offer alias" target="alias" htmlFor="newOfferAlias" required hint="The offer's name in Partner Center only (customers never see it); 1 to 100 characters; cannot change later. It prefills the listing's offer name.">
            <input id="newOfferAlias" required maxLength={100} value={alias} onChange={(e) => setAlias(e.target.value)} />
          </OField>
        </FieldIssuesProvider>
        <div className="form-actions">
          <SubmitButton busy={busy} disabled={!offerId || !alias.trim()}>
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
