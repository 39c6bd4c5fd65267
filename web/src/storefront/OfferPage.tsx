import { useState } from 'react';
import { Badge, ErrorMessage, Link, Loading, useApi, useTitle } from '../ui/index.js';
import { requestContact, startCheckout, startTestDrive } from './callsToAction.js';
import { useMarket } from './market.js';
import { STORE_LABELS } from './names.js';
import { OfferLogo } from './OfferTile.js';
import { OfferOverview } from './OfferOverview.js';
import { OfferPlans } from './OfferPlans.js';
import { offerUrl, type CallToAction, type OfferPage as Offer } from './storeApi.js';
import './storefront.css';

type Tab = 'overview' | 'plans';

/** An offer's listing page at /offers/:accountId/:offerId: the header with its buttons, Overview, and Plans + Pricing. */
export function OfferPage({ accountId, offerId }: { accountId: string; offerId: string }) {
  const [market, setMarket] = useMarket();
  const offer = useApi<Offer>(offerUrl(accountId, offerId, market));
  const [tab, setTab] = useState<Tab>('overview');
  useTitle(offer.data?.name ?? 'Offer');

  if (offer.error)
    return (
      <main id="main" className="narrow">
        <p className="breadcrumb">
          <Link to="/">Apps</Link>
        </p>
        <ErrorMessage title="This offer is not available" error={offer.error} onRetry={offer.reload} />
      </main>
    );
  if (!offer.data)
    return (
      <main id="main" className="store-offer">
        <Loading label="Opening the offer…" />
      </main>
    );
  const o = offer.data;
  return (
    <main id="main" className="store-offer">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Apps</Link> › <span>{o.name}</span>
      </nav>
      {o.version === 'preview' && (
        <div className="alert alert-warning" role="status">
          You are seeing the <strong>preview</strong> of this offer: only its preview audience sees this version.
        </div>
      )}
      <header className="store-offer-head">
        <OfferLogo url={o.logos.large} name={o.name} size={96} />
        <div className="store-offer-title">
          <h1>{o.name}</h1>
          <div className="store-offer-publisher">{o.publisherName}</div>
          <div className="store-offer-meta">
            {o.stores.map((s) => (
              <Badge key={s} tone="info">
                {STORE_LABELS[s]}
              </Badge>
            ))}
            {o.version === 'preview' && <Badge tone="warn">Preview</Badge>}
          </div>
          <CallsToAction offer={o} />
        </div>
      </header>

      <div className="tabs" role="tablist" aria-label="Offer">
        <TabButton id="overview" current={tab} onSelect={setTab}>
          Overview
        </TabButton>
        {o.transactable && (
          <TabButton id="plans" current={tab} onSelect={setTab}>
            Plans + Pricing
          </TabButton>
        )}
      </div>
      <div role="tabpanel" aria-label={tab === 'overview' ? 'Overview' : 'Plans + Pricing'}>
        {tab === 'plans' && o.transactable ? <OfferPlans offer={o} market={market} onMarket={setMarket} /> : <OfferOverview offer={o} />}
      </div>
    </main>
  );
}

function TabButton({ id, current, onSelect, children }: { id: Tab; current: Tab; onSelect: (tab: Tab) => void; children: string }) {
  return (
    <button type="button" role="tab" aria-selected={current === id} className={`tab${current === id ? ' active' : ''}`} onClick={() => onSelect(id)}>
      {children}
    </button>
  );
}

/** The buttons the offer's listing option allows (the server decides which). */
function CallsToAction({ offer }: { offer: Offer }) {
  if (offer.actions.length === 0) return <p className="muted">Not available in your market ({offer.market.code}).</p>;
  return (
    <div className="button-row store-actions">
      {offer.actions.map((action, i) => (
        <ActionButton key={action.kind} offer={offer} action={action} primary={i === 0} />
      ))}
    </div>
  );
}

function ActionButton({ offer, action, primary }: { offer: Offer; action: CallToAction; primary: boolean }) {
  const className = `btn ${primary ? 'btn-primary' : 'btn-secondary'}`;
  if (action.url)
    return (
      <a className={className} href={action.url} target="_blank" rel="noopener noreferrer">
        {action.label}
      </a>
    );
  const onClick = () => {
    if ((action.kind === 'GetItNow' || action.kind === 'FreeTrial') && action.planId) startCheckout(offer.accountId, offer.offerId, action.planId);
    else if (action.kind === 'ContactMe') requestContact(offer.accountId, offer.offerId);
    else if (action.kind === 'TestDrive') startTestDrive(offer.accountId, offer.offerId);
  };
  return (
    <button type="button" className={className} onClick={onClick}>
      {action.label}
    </button>
  );
}
