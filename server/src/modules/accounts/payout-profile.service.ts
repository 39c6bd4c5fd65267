import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import { lockAccount } from './accounts.store.js';
import { bankReference, checkBankAccount, maskTail, sameBankAccount, type BankAccount, type BankAccountInput } from './bank-account.js';
import { PAYOUT_CURRENCIES } from './finance.countries.js';
import { bankChangeAction, payoutTransition, type PayoutAction, type PayoutStatus } from './finance.state.js';
import { financeEvents, findPayoutProfile, findTaxProfile, holdChanges, insertFinanceEvent, insertHoldChange, insertPayoutProfile, updatePayoutProfile } from './finance.store.js';
import type { PayoutProfileRow } from './finance.tables.js';
import {
  PAYOUT_VERIFICATION_DELAY_MS,
  eventView,
  invalid,
  type FinanceActor,
  type PayoutEligibility,
  type PayoutHoldSummary,
  type PayoutProfileView,
} from './finance.types.js';
import { holdCutOff, holdForPayoutMonth, isPayoutMonth, nextMonth, payoutMonthOf, type HoldChange, type PayoutMonth } from './payout-profile.hold.js';

/** The outbox topic of the bank account verification job: payload { accountId, revision }, due PAYOUT_VERIFICATION_DELAY_MS after the bank details. */
export const PAYOUT_VERIFICATION_TOPIC = 'accounts.payout-profile.verify';

export interface PayoutProfileInput {
  payoutCurrency: string;
  /** Required for a new profile; left out, the current bank account stays (to change only the currency). */
  bankAccount?: BankAccountInput | undefined;
}

function bankOf(row: PayoutProfileRow): BankAccount {
  return {
    country: row.bank_country,
    accountHolderName: row.account_holder_name,
    scheme: row.bank_scheme,
    iban: row.iban,
    routingNumber: row.routing_number,
    accountNumber: row.account_number,
    accountType: row.account_type,
    swiftBic: row.swift_bic,
  };
}

const bankColumns = (bank: BankAccount) => ({
  bank_country: bank.country,
  account_holder_name: bank.accountHolderName,
  bank_scheme: bank.scheme,
  iban: bank.iban,
  routing_number: bank.routingNumber,
  account_number: bank.accountNumber,
  account_type: bank.accountType,
  swift_bic: bank.swiftBic,
});

/** Which payout is decided already and which one the current setting governs, at `now`. */
export function holdSummary(changes: readonly HoldChange[], now: Date): PayoutHoldSummary {
  const current = payoutMonthOf(now);
  const next = nextMonth(current);
  return {
    currentPayoutMonth: current,
    currentPayoutHeld: holdForPayoutMonth(changes, current),
    nextPayoutMonth: next,
    // Every change up to now is before the next cut-off, so the next payout follows the current setting.
    nextPayoutHeld: holdForPayoutMonth(changes, next),
    nextCutOff: holdCutOff(next).toISOString(),
  };
}

const asChanges = (rows: { hold_payment: boolean; changed_at: Date }[]): HoldChange[] => rows.map((r) => ({ holdPayment: r.hold_payment, changedAt: r.changed_at }));

async function view(x: Executor, now: Date, row: PayoutProfileRow): Promise<PayoutProfileView> {
  const bank = bankOf(row);
  const changes = await holdChanges(x, row.account_id);
  return {
    accountId: row.account_id,
    payoutCurrency: row.payout_currency,
    bankAccount: {
      country: bank.country,
      accountHolderName: bank.accountHolderName,
      scheme: bank.scheme,
      ibanMasked: bank.iban ? maskTail(bank.iban) : null,
      routingNumber: bank.routingNumber,
      accountNumberMasked: bank.accountNumber ? maskTail(bank.accountNumber) : null,
      accountType: bank.accountType,
      swiftBic: bank.swiftBic,
    },
    bankReference: bankReference(bank),
    status: row.status,
    statusReason: row.status_reason,
    revision: row.revision,
    bankSubmittedAt: row.bank_submitted_at.toISOString(),
    verificationDueAt: row.status === 'Submitted' || row.status === 'Reverifying' ? row.verification_due_at.toISOString() : null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    holdPayment: row.hold_payment,
    hold: holdSummary(asChanges(changes), now),
    holdHistory: changes.map((c) => ({ holdPayment: c.hold_payment, changedAt: c.changed_at.toISOString(), changedBy: c.changed_by })),
    history: (await financeEvents(x, row.account_id, 'payout')).map(eventView),
  };
}

export async function getPayoutProfile(x: Executor, now: Date, accountId: string): Promise<Result<PayoutProfileView>> {
  const row = await findPayoutProfile(x, accountId);
  return row ? ok(await view(x, now, row)) : fail('NotFound', 'This account has no payout profile yet.');
}

async function event(x: Executor, now: Date, accountId: string, revision: number, action: string, from: string | null, to: string, actor: FinanceActor, reason: string | null = null) {
  await insertFinanceEvent(x, { account_id: accountId, profile: 'payout', revision, action, from_status: from, to_status: to, reason, actor_kind: actor.kind, actor_id: actor.id, at: now });
}

/**
 * Creates or changes the payout profile (PUT). The tax profile must have been submitted first (409
 * TaxProfileRequired, reference L1260), and the bank account must be in its country of residence (L1262). New bank
 * details are a new revision for the verification job: Submitted, or Reverifying if the profile was verified (payouts
 * wait until it is verified again). A new currency alone changes nothing else.
 */
export async function putPayoutProfile(
  x: Executor,
  now: Date,
  accountId: string,
  actor: FinanceActor,
  input: PayoutProfileInput,
): Promise<Result<{ profile: PayoutProfileView; created: boolean }>> {
  await lockAccount(x, accountId);
  const tax = await findTaxProfile(x, accountId);
  if (!tax) return fail('TaxProfileRequired', 'Submit the tax profile first: a payout profile can be created only after it (reference L1260).');
  const existing = await findPayoutProfile(x, accountId, true);

  const issues: { code: 'ValidationFailed' | 'BankCountryMismatch'; message: string; target: string }[] = [];
  const currency = input.payoutCurrency.trim().toUpperCase();
  if (!PAYOUT_CURRENCIES.includes(currency)) issues.push({ code: 'ValidationFailed', message: `The payout currency is one of ${PAYOUT_CURRENCIES.join(', ')}.`, target: 'payoutCurrency' });
  let bank: BankAccount | undefined;
  if (!input.bankAccount) {
    if (!existing) issues.push({ code: 'ValidationFailed', message: 'A new payout profile needs the bank account.', target: 'bankAccount' });
  } else {
    const country = input.bankAccount.country.trim().toUpperCase();
    if (country !== tax.country_of_residence)
      issues.unshift({
        code: 'BankCountryMismatch',
        message: `The bank account must be in the country where the account is registered (${tax.country_of_residence}, the tax profile's country of residence), not ${country || 'elsewhere'}.`,
        target: 'bankAccount.country',
      });
    else {
      const checked = checkBankAccount(input.bankAccount);
      if (checked.ok) bank = checked.value;
      else issues.push(...checked.issues);
    }
  }
  if (issues.length) return invalid(issues);

  if (!existing) {
    const dueAt = new Date(now.getTime() + PAYOUT_VERIFICATION_DELAY_MS);
    await insertPayoutProfile(x, {
      account_id: accountId,
      payout_currency: currency,
      ...bankColumns(bank!),
      status: 'Submitted',
      status_reason: null,
      revision: 1,
      bank_submitted_at: now,
      bank_submitted_by: actor.id ?? actor.kind,
      verification_due_at: dueAt,
      verified_at: null,
      hold_payment: false,
      created_at: now,
      updated_at: now,
    });
    await event(x, now, accountId, 1, 'Submit', 'NotStarted', 'Submitted', actor);
    await enqueue(x, now, { topic: PAYOUT_VERIFICATION_TOPIC, payload: { accountId, revision: 1 }, runAt: dueAt, dedupeKey: `${accountId}:1` });
  } else {
    if (currency !== existing.payout_currency) {
      await updatePayoutProfile(x, accountId, { payout_currency: currency, updated_at: now });
      await event(x, now, accountId, existing.revision, 'ChangeCurrency', existing.status, existing.status, actor, `${existing.payout_currency} → ${currency}`);
    }
    if (bank && !sameBankAccount(bank, bankOf(existing))) {
      const action = bankChangeAction(existing.status);
      const to = payoutTransition(action, existing.status)!;
      const revision = existing.revision + 1;
      const dueAt = new Date(now.getTime() + PAYOUT_VERIFICATION_DELAY_MS);
      await updatePayoutProfile(x, accountId, {
        ...bankColumns(bank),
        status: to,
        status_reason: null,
        revision,
        bank_submitted_at: now,
        bank_submitted_by: actor.id ?? actor.kind,
        verification_due_at: dueAt,
        updated_at: now,
      });
      await event(x, now, accountId, revision, action, existing.status, to, actor);
      await enqueue(x, now, { topic: PAYOUT_VERIFICATION_TOPIC, payload: { accountId, revision }, runAt: dueAt, dedupeKey: `${accountId}:${revision}` });
    }
  }
  return ok({ profile: await view(x, now, (await findPayoutProfile(x, accountId))!), created: !existing });
}

/** Hold my payment On or Off (PATCH). Every change is kept with its time: the cut-off rule reads the history. */
export async function setPayoutHold(x: Executor, now: Date, accountId: string, actor: FinanceActor, holdPayment: boolean): Promise<Result<PayoutProfileView>> {
  await lockAccount(x, accountId);
  const row = await findPayoutProfile(x, accountId, true);
  if (!row) return fail('NotFound', 'This account has no payout profile yet: create it before holding payments.');
  if (row.hold_payment !== holdPayment) {
    await updatePayoutProfile(x, accountId, { hold_payment: holdPayment, updated_at: now });
    await insertHoldChange(x, { account_id: accountId, hold_payment: holdPayment, changed_at: now, changed_by: actor.id ?? actor.kind });
  }
  return ok(await view(x, now, (await findPayoutProfile(x, accountId))!));
}

async function decide(x: Executor, now: Date, row: PayoutProfileRow, action: PayoutAction, actor: FinanceActor, reason: string | null): Promise<PayoutStatus> {
  const to = payoutTransition(action, row.status)!;
  await updatePayoutProfile(x, row.account_id, { status: to, status_reason: reason, updated_at: now, ...(to === 'Verified' ? { verified_at: now } : {}) });
  await event(x, now, row.account_id, row.revision, action, row.status, to, actor, reason);
  return to;
}

/** An operator's decision: verify the bank account, or reject it with a reason (the publisher gives new bank details). */
export async function decidePayoutProfile(
  x: Executor,
  now: Date,
  accountId: string,
  actor: FinanceActor,
  action: 'Verify' | 'Reject',
  reason: string | null,
): Promise<Result<PayoutProfileView>> {
  const why = reason?.trim() || null;
  if (action === 'Reject' && !why) return fail('ValidationFailed', 'Say why the bank account is rejected: the publisher sees the reason.', { target: 'reason' });
  await lockAccount(x, accountId);
  const row = await findPayoutProfile(x, accountId, true);
  if (!row) return fail('NotFound', 'This account has no payout profile.');
  if (!payoutTransition(action, row.status)) return fail('Conflict', `A ${row.status} payout profile cannot be ${action === 'Verify' ? 'verified' : 'rejected'}.`);
  await decide(x, now, row, action, actor, why);
  return ok(await view(x, now, (await findPayoutProfile(x, accountId))!));
}

/**
 * Called (in the same transaction) when the tax profile's country of residence changes: a bank account in another
 * country can no longer be paid into, so the payout profile is Rejected until new bank details are given.
 */
export async function rejectForCountryChange(x: Executor, now: Date, accountId: string, actor: FinanceActor, country: string): Promise<void> {
  const row = await findPayoutProfile(x, accountId, true);
  if (!row || row.bank_country === country || !payoutTransition('Reject', row.status)) return;
  await decide(x, now, row, 'Reject', actor, `The tax profile's country of residence is now ${country}, but the bank account is in ${row.bank_country}: give a bank account in ${country}.`);
}

/**
 * The verification job: decides the revision it was scheduled for, if it still waits (Submitted or Reverifying). The
 * bank account is checked again under the current rules, and must be in the tax profile's country of residence.
 */
export async function runPayoutVerification(x: Executor, now: Date, accountId: string, revision: number): Promise<{ outcome: PayoutStatus | 'Skipped'; reason?: string }> {
  await lockAccount(x, accountId);
  const row = await findPayoutProfile(x, accountId, true);
  if (!row || row.revision !== revision || (row.status !== 'Submitted' && row.status !== 'Reverifying')) return { outcome: 'Skipped' };
  const problems: string[] = [];
  const bank = bankOf(row);
  const checked = checkBankAccount({ ...bank, iban: bank.iban ?? undefined, routingNumber: bank.routingNumber ?? undefined, accountNumber: bank.accountNumber ?? undefined, accountType: bank.accountType ?? undefined, swiftBic: bank.swiftBic ?? undefined });
  if (!checked.ok) problems.push(...checked.issues.map((i) => i.message));
  const tax = await findTaxProfile(x, accountId);
  if (!tax) problems.push('The account has no tax profile.');
  else if (tax.country_of_residence !== row.bank_country) problems.push(`The bank account is in ${row.bank_country}, but the tax profile's country of residence is ${tax.country_of_residence}.`);
  const system: FinanceActor = { kind: 'system', id: null };
  if (problems.length) {
    const reason = problems.join(' ').slice(0, 1000);
    return { outcome: await decide(x, now, row, 'Reject', system, reason), reason };
  }
  return { outcome: await decide(x, now, row, 'Verify', system, null) };
}

/** `YYYY-MM`, or the month (UTC) of a payout date. Throws a RangeError on anything else: callers pass their own data. */
function monthOf(when: PayoutMonth | Date): PayoutMonth {
  if (when instanceof Date) {
    if (Number.isNaN(when.getTime())) throw new RangeError('payout date is not a valid date');
    return payoutMonthOf(when);
  }
  if (!isPayoutMonth(when)) throw new RangeError(`not a payout month (YYYY-MM): ${when}`);
  return when;
}

/** Whether the payout of a month is held: the hold at the end of the month before (the reference's cut-off). */
export async function payoutHoldFor(x: Executor, accountId: string, when: PayoutMonth | Date): Promise<boolean> {
  return holdForPayoutMonth(asChanges(await holdChanges(x, accountId)), monthOf(when));
}

/** The currency the account is paid in, or null without a payout profile. */
export async function payoutCurrencyOf(x: Executor, accountId: string): Promise<string | null> {
  return (await findPayoutProfile(x, accountId))?.payout_currency ?? null;
}

/**
 * Whether the account is paid for a payout month (`YYYY-MM`, or a date in it), and how. The profiles count as they
 * are when this is called; the hold as it was at the end of the month before the payout month. Not eligible, for the
 * first of these reasons: NoTaxProfile, TaxProfileNotValidated, NoPayoutProfile, PayoutProfileNotVerified (Submitted,
 * Reverifying or Rejected: the accrued amount rolls forward to a later payout), PayoutHold.
 */
export async function payoutEligibility(x: Executor, accountId: string, when: PayoutMonth | Date): Promise<PayoutEligibility> {
  const payoutMonth = monthOf(when);
  const tax = await findTaxProfile(x, accountId);
  const payout = await findPayoutProfile(x, accountId);
  const hold = payout ? holdForPayoutMonth(asChanges(await holdChanges(x, accountId)), payoutMonth) : false;
  const reason = !tax
    ? 'NoTaxProfile'
    : tax.status !== 'Validated'
      ? 'TaxProfileNotValidated'
      : !payout
        ? 'NoPayoutProfile'
        : payout.status !== 'Verified'
          ? 'PayoutProfileNotVerified'
          : hold
            ? 'PayoutHold'
            : undefined;
  return {
    accountId,
    payoutMonth,
    eligible: reason === undefined,
    ...(reason ? { reason } : {}),
    payoutCurrency: payout?.payout_currency ?? null,
    withholdingRate: tax?.withholding_rate ?? null,
    bankReference: payout ? bankReference(bankOf(payout)) : null,
    hold,
  };
}
