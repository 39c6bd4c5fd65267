import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, ErrorMessage, Link, Loading, Redirect, api, isMissingRoute, path, useApi, useLocation, useSession, useTitle } from '../ui/index.js';
import {
  CHECKOUT_FIELDS,
  defaultSubscriptionName,
  initialPlanId,
  planOf,
  priceSummary,
  purchaseRequestOf,
  quantityFor,
  termFor,
  validateCheckout,
  type CheckoutChoice,
  type CheckoutField,
} from './checkout.js';
import { CheckoutForm } from './CheckoutForm.js';
import { splitError } from './fieldErrors.js';
import { checkoutOfferOf, listingUrl, type CheckoutOffer, type StoreListing } from './listing.js';
import { useMarket } from '../storefront/market.js';
import { PriceSummary } from './PriceSummary.js';
import { PurchaseSuccess } from './PurchaseSuccess.js';
import type { PurchaseResult } from './types.js';
import './customer.css';

const offerHref = (accountId: string, offerId: string) => path`/offers/${accountId}/${offerId}`;

/** The checkout of a SaaS plan at /checkout/:accountId/:offerId?plan=<planId> (signed-in customers). */
export function CheckoutPage({ accountId, offerId }: { accountId: string; offerId: string }) {
  const session = useSession();
  const { href, search } = useLocation();
  const [market, setMarket] = useMarket();
  const listing = useApi<StoreListing>(session.user ? listingUrl(accountId, offerId, market) : null);
  // The last listing shown: kept while another market's prices load, so the choices stay on screen.
  const [shown, setShown] = useState<StoreListing | undefined>(undefined);
  useEffect(() => {
    if (listing.data) setShown(listing.data);
  }, [listing.data]);
  const [result, setResult] = useState<PurchaseResult | undefined>(undefined);
  useTitle(result ? 'Order placed' : `Checkout${shown ? ` · ${shown.name}` : ''}`);

  if (session.status === 'loading') return <Loading />;
  if (!session.user) return <Redirect to={`/signin?next=${encodeURIComponent(href)}`} />;

  const data = listing.data ?? shown;
  let body;
  if (result) body = <PurchaseSuccess result={result} publisherName={data?.publisherName ?? 'the publisher'} />;
  else if (!data && listing.error) body = <ListingError error={listing.error} onRetry={listing.reload} accountId={accountId} offerId={offerId} />;
  else if (!data) body = <Loading label="Preparing your order…" />;
  else
    body = (
      <Checkout
        key={`${data.accountId}/${data.offerId}`}
        offer={checkoutOfferOf(data)}
        market={market}
        onMarket={setMarket}
        requestedPlan={search.get('plan')}
        stale={!listing.data}
        listingError={listing.data ? undefined : listing.error}
        onRetry={listing.reload}
        onPlaced={setResult}
      />
    );
  return <main id="main" className={`customer-page${result ? ' customer-page-narrow' : ''}`}>{body}</main>;
}

function ListingError({ error, onRetry, accountId, offerId }: { error: unknown; onRetry: () => void; accountId: string; offerId: string }) {
  const title = isMissingRoute(error)
    ? 'Offer details are not available on this marketplace yet'
    : error instanceof ApiError && error.status === 404
      ? 'This offer is not available'
      : 'The offer could not be loaded';
  return (
    <div className="customer-page-narrow">
      <h1>Checkout</h1>
      <ErrorMessage title={title} error={error} onRetry={onRetry} />
      <p>
        <Link to={offerHref(accountId, offerId)}>Back to the offer</Link> · <Link to="/">Storefront</Link>
      </p>
    </div>
  );
}

interface CheckoutProps {
  offer: CheckoutOffer;
  market: string;
  onMarket: (market: string) => void;
  requestedPlan: string | null;
  stale: boolean;
  listingError: unknown;
  onRetry: () => void;
  onPlaced: (result: PurchaseResult) => void;
}

function initialChoice(offer: CheckoutOffer, requestedPlan: string | null): CheckoutChoice {
  const plan = planOf(offer, initialPlanId(offer, requestedPlan));
  return { planId: plan?.planId ?? '', term: termFor(plan, ''), quantity: quantityFor(plan, ''), name: defaultSubscriptionName(offer, plan), acceptTerms: false };
}

function Checkout({ offer, market, onMarket, requestedPlan, stale, listingError, onRetry, onPlaced }: CheckoutProps) {
  const [choice, setChoice] = useState<CheckoutChoice>(() => initialChoice(offer, requestedPlan));
  const [nameEdited, setNameEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<CheckoutField, string>>>({});
  const [general, setGeneral] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const change = (patch: Partial<CheckoutChoice>) => {
    if (patch.name !== undefined) setNameEdited(true);
    setChoice((c) => ({ ...c, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[(key === 'term' ? 'termUnit' : key) as CheckoutField];
      return next;
    });
  };
  const choosePlan = (planId: string) => {
    const plan = planOf(offer, planId);
    setChoice((c) => ({ ...c, planId, term: termFor(plan, c.term), quantity: quantityFor(plan, c.quantity), name: nameEdited ? c.name : defaultSubscriptionName(offer, plan) }));
    setErrors((e) => ({ ...e, planId: undefined, termUnit: undefined, quantity: undefined }));
  };
  const chooseMarket = (code: string) => {
    setErrors((e) => ({ ...e, market: undefined, planId: undefined, termUnit: undefined }));
    onMarket(code);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || stale) return;
    const problems = validateCheckout(offer, choice);
    setErrors(problems);
    setGeneral(undefined);
    const first = CHECKOUT_FIELDS.find((f) => problems[f]);
    if (first) {
      focusField(first);
      return;
    }
    setBusy(true);
    try {
      onPlaced(await api.post<PurchaseResult>('/api/store/purchases', purchaseRequestOf(offer, choice)));
    } catch (e) {
      const split = splitError(e, CHECKOUT_FIELDS);
      setErrors(split.fields);
      setGeneral(split.general);
      setBusy(false);
      const placed = CHECKOUT_FIELDS.find((f) => split.fields[f]);
      if (placed) focusField(placed);
    }
  };

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Apps</Link> › <Link to={offerHref(offer.accountId, offer.offerId)}>{offer.name}</Link> › <span>Checkout</span>
      </nav>
      <header className="checkout-head">
        {offer.logoUrl && <img className="checkout-logo" src={offer.logoUrl} alt="" />}
        <div>
          <h1>Checkout: {offer.name}</h1>
          <div className="muted">by {offer.publisherName}</div>
        </div>
      </header>
      {offer.preview && (
        <div className="alert alert-warning" role="status">
          You are buying the <strong>preview</strong> of this offer, as a member of its preview audience: this is a test purchase.
        </div>
      )}
      {listingError !== undefined && <ErrorMessage title="The prices of this market could not be loaded" error={listingError} onRetry={onRetry} />}
      {!offer.transactable ? (
        <div className="alert alert-info" role="status">
          {offer.name} is not sold through this marketplace. <Link to={offerHref(offer.accountId, offer.offerId)}>See the offer</Link> to contact {offer.publisherName}.
        </div>
      ) : (
        <div className="checkout-layout">
          <CheckoutForm
            offer={offer}
            market={market}
            choice={choice}
            errors={errors}
            general={general}
            busy={busy}
            stale={stale}
            onMarket={chooseMarket}
            onPlan={choosePlan}
            onChange={change}
            onSubmit={(e) => void submit(e)}
          />
          <PriceSummary offer={offer} summary={stale ? undefined : priceSummary(offer, choice)} />
        </div>
      )}
    </>
  );
}

const FIELD_ELEMENT: Record<CheckoutField, string> = {
  planId: 'checkout-planId',
  termUnit: 'checkout-termUnit',
  quantity: 'checkout-quantity',
  market: 'checkout-market',
  name: 'checkout-name',
  acceptTerms: 'checkout-acceptTerms',
};

function focusField(field: CheckoutField): void {
  window.setTimeout(() => document.getElementById(FIELD_ELEMENT[field])?.focus(), 0);
}
