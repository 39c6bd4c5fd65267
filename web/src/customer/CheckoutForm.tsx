import type { FormEvent } from 'react';
import { Badge, ErrorMessage, SubmitButton } from '../ui/index.js';
import { MAX_NAME, MAX_QUANTITY, planOf, usersRange, type CheckoutChoice, type CheckoutField } from './checkout.js';
import { FieldError, invalidProps } from './FieldError.js';
import type { CheckoutOffer, CheckoutPlan } from './listing.js';
import { marketName } from '../storefront/market.js';
import { priceLabel, termName } from './money.js';
import { TermsAgreement } from './TermsAgreement.js';
import type { TermUnit } from './types.js';

export interface CheckoutFormProps {
  offer: CheckoutOffer;
  /** The market selected (it may differ from offer.market while its prices load). */
  market: string;
  choice: CheckoutChoice;
  errors: Partial<Record<CheckoutField, string>>;
  /** A server error that names no field. */
  general: unknown;
  busy: boolean;
  /** The prices shown are from another market than the one selected (loading, or failed to load). */
  stale: boolean;
  onMarket: (market: string) => void;
  onPlan: (planId: string) => void;
  onChange: (patch: Partial<CheckoutChoice>) => void;
  onSubmit: (event: FormEvent) => void;
}

/** The checkout form: market, plan, billing term, users, subscription name, terms, Place order. */
export function CheckoutForm(props: CheckoutFormProps) {
  const { offer, choice, errors, busy, stale, onChange, onSubmit } = props;
  const plan = planOf(offer, choice.planId);
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="checkout-form-title" noValidate>
      <h2 id="checkout-form-title">Your order</h2>
      <ErrorMessage error={props.general} title="The order was not placed" />
      <MarketField {...props} />
      <fieldset className="checkout-group" id="checkout-planId" tabIndex={-1} aria-describedby={errors.planId ? 'plan-error' : undefined}>
        <legend>Plan</legend>
        <div className="choice-list">
          {offer.plans.map((p) => (
            <PlanChoice key={p.planId} plan={p} checked={p.planId === choice.planId} onSelect={() => props.onPlan(p.planId)} />
          ))}
        </div>
        <FieldError id="plan-error" message={errors.planId} />
      </fieldset>
      {plan?.available && (
        <fieldset className="checkout-group" id="checkout-termUnit" tabIndex={-1} aria-describedby={errors.termUnit ? 'term-error' : undefined}>
          <legend>Billing term</legend>
          <div className="choice-list choice-list-row">
            {plan.terms.map((t) => (
              <label key={t.term} className="choice">
                <input type="radio" name="termUnit" value={t.term} checked={choice.term === t.term} onChange={() => onChange({ term: t.term as TermUnit })} />
                <span className="choice-body">
                  <strong>{termName(t.term)}</strong>
                  <span>{plan.currency ? priceLabel(t.amount, plan.currency, t.term, plan.perUser) : t.amount}</span>
                  {t.term === 'P1Y' && <span className="hint">{t.paymentOption === 'monthly' ? 'Annual commitment, paid monthly' : 'Paid upfront for the year'}</span>}
                </span>
              </label>
            ))}
          </div>
          <FieldError id="term-error" message={errors.termUnit} />
        </fieldset>
      )}
      {plan?.perUser && plan.available && (
        <div className={`field${errors.quantity ? ' field-invalid' : ''}`}>
          <label htmlFor="checkout-quantity">Number of users</label>
          <input
            id="checkout-quantity"
            className="input-quantity"
            type="number"
            inputMode="numeric"
            min={plan.minUsers}
            max={plan.maxUsers ?? MAX_QUANTITY}
            step={1}
            required
            value={choice.quantity}
            onChange={(e) => onChange({ quantity: e.target.value })}
            {...invalidProps('quantity-error', errors.quantity, 'quantity-hint')}
          />
          <FieldError id="quantity-error" message={errors.quantity} />
          <div className="hint" id="quantity-hint">
            This plan is priced per user, for {usersRange(plan)}.
          </div>
        </div>
      )}
      <div className={`field${errors.name ? ' field-invalid' : ''}`}>
        <label htmlFor="checkout-name">Subscription name</label>
        <input
          id="checkout-name"
          className="input-wide"
          required
          maxLength={MAX_NAME}
          value={choice.name}
          onChange={(e) => onChange({ name: e.target.value })}
          {...invalidProps('name-error', errors.name, 'name-hint')}
        />
        <FieldError id="name-error" message={errors.name} />
        <div className="hint" id="name-hint">
          How the subscription is called in your list of subscriptions and on the publisher's site.
        </div>
      </div>
      <TermsAgreement offer={offer} checked={choice.acceptTerms} onChange={(acceptTerms) => onChange({ acceptTerms })} error={errors.acceptTerms} />
      <div className="form-actions">
        <SubmitButton busy={busy} disabled={stale}>
          Place order
        </SubmitButton>
        {stale && <span className="muted">Waiting for the prices of {marketName(props.market)}…</span>}
      </div>
    </form>
  );
}

function MarketField({ offer, market, errors, onMarket }: CheckoutFormProps) {
  const options = offer.markets.some((m) => m.code === market) ? offer.markets : [{ code: market, currency: '' }, ...offer.markets];
  return (
    <div className={`field${errors.market ? ' field-invalid' : ''}`}>
      <label htmlFor="checkout-market">Market</label>
      <select id="checkout-market" className="input-wide" value={market} onChange={(e) => onMarket(e.target.value)} {...invalidProps('market-error', errors.market, 'market-hint')}>
        {options.map((m) => (
          <option key={m.code} value={m.code}>
            {marketName(m.code)}
            {m.currency ? ` (${m.currency})` : ' (not sold here)'}
          </option>
        ))}
      </select>
      <FieldError id="market-error" message={errors.market} />
      <div className="hint" id="market-hint" data-testid="checkout-currency">
        {offer.market.code === market && offer.market.currency ? `Prices and billing in ${offer.market.currency}.` : `Where your organization buys: it sets the currency.`}
      </div>
    </div>
  );
}

function PlanChoice({ plan, checked, onSelect }: { plan: CheckoutPlan; checked: boolean; onSelect: () => void }) {
  return (
    <label className="choice" data-testid={`plan-choice-${plan.planId}`}>
      <input type="radio" name="planId" value={plan.planId} checked={checked} disabled={!plan.available} onChange={onSelect} />
      <span className="choice-body">
        <strong>{plan.name}</strong>
        <span className="subscription-badges">
          {plan.isPrivate && <Badge tone="info">Private plan</Badge>}
          {plan.freeTrial && <Badge tone="good">Free trial</Badge>}
          {plan.perUser && <Badge>Per user</Badge>}
        </span>
        {plan.description && <span className="hint">{plan.description}</span>}
      </span>
      <span className="choice-price">
        {!plan.available || !plan.currency ? (
          <span className="muted">Not sold in this market</span>
        ) : (
          plan.terms.map((t) => <div key={t.term}>{priceLabel(t.amount, plan.currency!, t.term, plan.perUser)}</div>)
        )}
      </span>
    </label>
  );
}
