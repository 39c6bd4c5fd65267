import { Badge, Link } from '../ui/index.js';
import { offerTypeName } from './names.js';
import { offerHref, type OfferCard } from './storeApi.js';

/** The offer's logo, or its initial on a tile when it has none. */
export function OfferLogo({ url, name, size }: { url: string | null; name: string; size: number }) {
  if (url) return <img className="store-logo" src={url} alt="" width={size} height={size} loading="lazy" />;
  return (
    <span className="store-logo store-logo-blank" style={{ width: size, height: size, fontSize: size / 2 }} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/** One search result: logo, name, publisher, summary and the pricing summary. */
export function OfferTile({ offer }: { offer: OfferCard }) {
  return (
    <li className="store-tile" data-testid="offer-tile">
      <div className="store-tile-head">
        <OfferLogo url={offer.logoUrl} name={offer.name} size={48} />
        <div className="store-tile-title">
          <Link to={offerHref(offer.accountId, offer.offerId)} className="store-tile-name">
            {offer.name}
          </Link>
          <div className="store-tile-publisher">{offer.publisherName}</div>
        </div>
      </div>
      <div className="store-tile-type muted">{offerTypeName(offer.offerType)}</div>
      <p className="store-tile-summary">{offer.summary}</p>
      <div className="store-tile-foot">
        <span className="store-price">{offer.pricing.text}</span>
        {offer.pricing.freeTrial && offer.pricing.kind !== 'freeTrial' && <Badge tone="good">Free trial</Badge>}
        {offer.version === 'preview' && <Badge tone="warn">Preview</Badge>}
      </div>
    </li>
  );
}
