import { navigate } from '../ui/index.js';

/**
 * Where the listing page's buttons lead. Purchases, lead forms and test drives are pages of their own (commerce and
 * leads); the storefront only starts them, with the offer (publisher account id and offer id) and the plan.
 */

const segment = encodeURIComponent;

/** "Get it now" (or "Free trial" on a plan with a trial) on a transactable offer: the checkout of that plan. */
export function startCheckout(accountId: string, offerId: string, planId: string): void {
  navigate(`/checkout/${segment(accountId)}/${segment(offerId)}?plan=${segment(planId)}`);
}

/** "Contact me": the form that shares the visitor's contact details with the publisher as a lead. */
export function requestContact(accountId: string, offerId: string): void {
  navigate(`/contact/${segment(accountId)}/${segment(offerId)}`);
}

/** "Test drive": the publisher's preconfigured environment for this offer. */
export function startTestDrive(accountId: string, offerId: string): void {
  navigate(`/test-drive/${segment(accountId)}/${segment(offerId)}`);
}
