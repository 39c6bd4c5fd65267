import { FieldError, invalidProps } from './FieldError.js';
import type { CheckoutOffer } from './listing.js';

/** The checkbox the order needs, with the publisher's privacy policy and terms to read. */
export function TermsAgreement({ offer, checked, onChange, error }: { offer: CheckoutOffer; checked: boolean; onChange: (checked: boolean) => void; error: string | undefined }) {
  const customTerms = offer.contract === 'CustomTerms' && offer.termsText;
  return (
    <fieldset className="checkout-group" id="checkout-acceptTerms" tabIndex={-1}>
      <legend>Terms</legend>
      <label className="checkbox-inline">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} {...invalidProps('terms-error', error, 'terms-links')} />
        <span>I agree to the publisher's terms and privacy policy</span>
      </label>
      <FieldError id="terms-error" message={error} />
      <div className="hint" id="terms-links">
        {offer.privacyPolicyUrl ? (
          <a href={offer.privacyPolicyUrl} target="_blank" rel="noopener noreferrer">
            Privacy policy
          </a>
        ) : (
          <span>The publisher has not published a privacy policy.</span>
        )}
        {' · '}
        {offer.contract === 'StandardContract' ? (
          <span>Sold under the Standard Contract for the commercial marketplace{offer.universalAmendment ? ', with an amendment (below)' : ''}.</span>
        ) : customTerms ? (
          <span>The publisher's own terms (below).</span>
        ) : (
          <span>No terms of use were published.</span>
        )}
      </div>
      {(customTerms || offer.universalAmendment) && (
        <details>
          <summary>{customTerms ? "Read the publisher's terms" : 'Read the amendment'}</summary>
          <div className="terms-text" data-testid="terms-text">
            {customTerms ? offer.termsText : offer.universalAmendment}
          </div>
        </details>
      )}
    </fieldset>
  );
}
