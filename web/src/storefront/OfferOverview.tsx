import type { ReactNode } from 'react';
import { categoryName, industryName, subcategoryName, verticalName } from './names.js';
import type { OfferPage } from './storeApi.js';

/** Overview: the description and media, and the side panel (pricing, categories, support, legal, links). */
export function OfferOverview({ offer }: { offer: OfferPage }) {
  return (
    <div className="store-overview">
      <div className="store-overview-main">
        {/* Sanitized by the catalog when the listing was saved: only the description allow-list's tags are left. */}
        <div className="store-description" data-testid="offer-description" dangerouslySetInnerHTML={{ __html: offer.descriptionHtml }} />
        {offer.screenshots.length > 0 && (
          <section aria-label="Screenshots">
            <h2>Screenshots</h2>
            <div className="store-media">
              {offer.screenshots.map((s) => (
                <figure key={s.url}>
                  <a href={s.url} target="_blank" rel="noopener noreferrer">
                    <img src={s.url} alt={s.caption ?? `${offer.name} screenshot`} width={320} height={180} loading="lazy" />
                  </a>
                  {s.caption && <figcaption>{s.caption}</figcaption>}
                </figure>
              ))}
            </div>
          </section>
        )}
        {offer.videos.length > 0 && (
          <section aria-label="Videos">
            <h2>Videos</h2>
            <div className="store-media">
              {offer.videos.map((v) => (
                <figure key={v.url}>
                  <a href={v.url} target="_blank" rel="noopener noreferrer">
                    <img src={v.thumbnailUrl} alt="" width={320} height={180} loading="lazy" />
                  </a>
                  <figcaption>{v.name}</figcaption>
                </figure>
              ))}
            </div>
          </section>
        )}
      </div>
      <aside className="store-side" aria-label="Details">
        <Detail title="Pricing information">
          <span data-testid="offer-pricing">{offer.pricing.text}</span>
          {offer.pricing.freeTrial && offer.pricing.kind !== 'freeTrial' && <div className="muted">Free trial available</div>}
        </Detail>
        {offer.categories.length > 0 && (
          <Detail title="Categories">
            <ul>
              {offer.categories.map((c) => (
                <li key={`${c.store}/${c.categoryId}`}>
                  {categoryName(c.store, c.categoryId)}
                  {c.subcategoryIds.length > 0 && <span className="muted"> ({c.subcategoryIds.map((s) => subcategoryName(c.store, c.categoryId, s)).join(', ')})</span>}
                </li>
              ))}
            </ul>
          </Detail>
        )}
        {offer.industries.length > 0 && (
          <Detail title="Industries">
            <ul>
              {offer.industries.map((i) => (
                <li key={i.industryId}>
                  {industryName(i.industryId)}
                  {i.verticalIds.length > 0 && <span className="muted"> ({i.verticalIds.map((v) => verticalName(i.industryId, v)).join(', ')})</span>}
                </li>
              ))}
            </ul>
          </Detail>
        )}
        {offer.appVersion && <Detail title="Version">{offer.appVersion}</Detail>}
        {offer.links.supportUrl && (
          <Detail title="Support">
            <ExternalLink href={offer.links.supportUrl}>Support</ExternalLink>
          </Detail>
        )}
        <Detail title="Legal">
          <ul>
            {offer.legal.contract === 'StandardContract' && <li>Standard Contract for the commercial marketplace{offer.legal.universalAmendment ? ' | Amendment' : ''}</li>}
            {offer.legal.contract === 'CustomTerms' && <li>License agreement (terms below)</li>}
            {offer.links.privacyPolicyUrl && (
              <li>
                <ExternalLink href={offer.links.privacyPolicyUrl}>Privacy policy</ExternalLink>
              </li>
            )}
          </ul>
        </Detail>
        {offer.links.usefulLinks.length > 0 && (
          <Detail title="Learn more">
            <ul>
              {offer.links.usefulLinks.map((l) => (
                <li key={l.url}>
                  <ExternalLink href={l.url}>{l.title}</ExternalLink>
                </li>
              ))}
            </ul>
          </Detail>
        )}
        {offer.supportingDocuments.length > 0 && (
          <Detail title="Documents">
            <ul>
              {offer.supportingDocuments.map((d) => (
                <li key={d.url}>
                  <a href={d.url} target="_blank" rel="noopener noreferrer">
                    {d.name}
                  </a>
                </li>
              ))}
            </ul>
          </Detail>
        )}
      </aside>
      {(offer.legal.universalAmendment || offer.legal.termsAndConditions) && (
        <section className="store-terms" aria-label="Terms">
          <h2>{offer.legal.contract === 'CustomTerms' ? 'Terms and conditions' : 'Amendment to the Standard Contract'}</h2>
          <p className="pre">{offer.legal.contract === 'CustomTerms' ? offer.legal.termsAndConditions : offer.legal.universalAmendment}</p>
        </section>
      )}
    </div>
  );
}

function Detail({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="store-detail">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
