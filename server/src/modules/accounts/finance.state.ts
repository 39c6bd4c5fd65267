/**
 * The tax and payout profiles' states as data (spec/01 §2.4, ADR 0015). `NotStarted` is the absence of a profile.
 *
 * Tax profile: NotStarted → Submitted → Validated | Invalid. Editing a profile in any state submits it again.
 * The validation job decides a Submitted profile; an operator may validate a Submitted or Invalid one, or
 * invalidate a Submitted or Validated one.
 *
 * Payout profile: NotStarted → Submitted → Verified. New bank details on a profile that was verified (Verified, or
 * already Reverifying) → Reverifying: payouts wait until it is verified again; otherwise they are Submitted afresh.
 * The verification job, or an operator, verifies; a profile whose bank account cannot be used is Rejected (by the
 * job, an operator, or a change of the tax profile's country), and new bank details submit it again.
 */

export const TAX_STATUSES = ['Submitted', 'Validated', 'Invalid'] as const;
export type TaxStatus = (typeof TAX_STATUSES)[number];
export const PAYOUT_STATUSES = ['Submitted', 'Verified', 'Reverifying', 'Rejected'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export type TaxAction = 'Submit' | 'Validate' | 'Invalidate';
export type PayoutAction = 'Submit' | 'ChangeBank' | 'Verify' | 'Reject';

interface Transition<S extends string> {
  from: readonly (S | 'NotStarted')[];
  to: S;
}

export const TAX_TRANSITIONS: Readonly<Record<TaxAction, Transition<TaxStatus>>> = {
  Submit: { from: ['NotStarted', 'Submitted', 'Validated', 'Invalid'], to: 'Submitted' },
  Validate: { from: ['Submitted', 'Invalid'], to: 'Validated' },
  Invalidate: { from: ['Submitted', 'Validated'], to: 'Invalid' },
};

export const PAYOUT_TRANSITIONS: Readonly<Record<PayoutAction, Transition<PayoutStatus>>> = {
  Submit: { from: ['NotStarted', 'Submitted', 'Rejected'], to: 'Submitted' },
  ChangeBank: { from: ['Verified', 'Reverifying'], to: 'Reverifying' },
  Verify: { from: ['Submitted', 'Reverifying', 'Rejected'], to: 'Verified' },
  Reject: { from: ['Submitted', 'Reverifying', 'Verified'], to: 'Rejected' },
};

/** States the automatic jobs decide (an operator's decision came first otherwise). */
export const TAX_PENDING: readonly TaxStatus[] = ['Submitted'];
export const PAYOUT_PENDING: readonly PayoutStatus[] = ['Submitted', 'Reverifying'];

export function taxTransition(action: TaxAction, from: TaxStatus | 'NotStarted'): TaxStatus | undefined {
  const t = TAX_TRANSITIONS[action];
  return t.from.includes(from) ? t.to : undefined;
}

export function payoutTransition(action: PayoutAction, from: PayoutStatus | 'NotStarted'): PayoutStatus | undefined {
  const t = PAYOUT_TRANSITIONS[action];
  return t.from.includes(from) ? t.to : undefined;
}

/** What new bank details do to a payout profile in `from`: reverify a verified account, else submit afresh. */
export function bankChangeAction(from: PayoutStatus | 'NotStarted'): PayoutAction {
  return PAYOUT_TRANSITIONS.ChangeBank.from.includes(from) ? 'ChangeBank' : 'Submit';
}
