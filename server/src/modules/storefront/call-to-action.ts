import type { PublishedPlan, SetupView } from './published-draft.js';

/**
 * The buttons of a listing page, from the offer's listing option (spec/01 §1.14, §4.2, §5.2; spec/06 §1.2; reference
 * L1775-1844), in the order the listing page shows them (GET IT NOW, FREE TRIAL, TEST DRIVE, CONTACT ME: L655-717):
 * - transactable ("Sell through Microsoft": the offer is bought in the marketplace): Get it now, starting the
 *   purchase of a plan sold in the visitor's market; Free trial when such a plan has a free trial (a trial is a
 *   plan's: L2559-2589);
 * - listing-only: Get it now (Free) opens the publisher's offer URL, Free trial the trial URL, Contact me asks the
 *   publisher to get in touch (a lead, L16150-16156);
 * - Test drive when the offer has one enabled (L16170-16173), whatever its listing option.
 */

export type CallToActionKind = 'GetItNow' | 'FreeTrial' | 'TestDrive' | 'ContactMe';

export interface CallToAction {
  kind: CallToActionKind;
  label: string;
  /** Transactable offers: the plan the purchase starts with. */
  planId: string | null;
  /** Listing-only Get it now (Free) and Free trial: the publisher's page. */
  url: string | null;
}

const LABEL: Record<CallToActionKind, string> = { GetItNow: 'Get it now', FreeTrial: 'Free trial', TestDrive: 'Test drive', ContactMe: 'Contact me' };
const action = (kind: CallToActionKind, planId: string | null = null, url: string | null = null): CallToAction => ({ kind, label: LABEL[kind], planId, url });

/** `soldPlans`: the plans the visitor sees that have a price in their market, in the offer's order. */
export function callsToAction(setup: SetupView, soldPlans: readonly PublishedPlan[]): CallToAction[] {
  const out: CallToAction[] = [];
  if (setup.transactable) {
    const first = soldPlans[0];
    if (first) out.push(action('GetItNow', first.planId));
    const trial = soldPlans.find((p) => p.draft.freeTrial === true);
    if (trial) out.push(action('FreeTrial', trial.planId));
  } else if (setup.listingOption === 'GetItNowFree' && setup.offerUrl) out.push(action('GetItNow', null, setup.offerUrl));
  else if (setup.listingOption === 'FreeTrial' && setup.trialUrl) out.push(action('FreeTrial', null, setup.trialUrl));
  if (setup.testDrive) out.push(action('TestDrive'));
  if (!setup.transactable && setup.listingOption === 'ContactMe') out.push(action('ContactMe'));
  return out;
}
