import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import { lockAccount } from './accounts.store.js';
import { financeEvents, findTaxProfile, insertFinanceEvent, setTaxStatus, upsertTaxProfile, validatedProfilesWithTin } from './finance.store.js';
import { taxTransition, type TaxAction, type TaxStatus } from './finance.state.js';
import type { TaxProfileRow } from './finance.tables.js';
import { TAX_VALIDATION_DELAY_MS, eventView, invalid, type FinanceActor, type TaxProfileView } from './finance.types.js';
import { rejectForCountryChange } from './payout-profile.service.js';
import { checkTaxProfile, maskTaxId, sameTaxProfile, type TaxProfileData, type TaxProfileInput } from './tax-profile.rules.js';

/** The outbox topic of the validation job: payload { accountId, revision }, due TAX_VALIDATION_DELAY_MS after submission. */
export const TAX_VALIDATION_TOPIC = 'accounts.tax-profile.validate';

function dataOf(row: TaxProfileRow): TaxProfileData {
  return {
    entityType: row.entity_type,
    legalName: row.legal_name,
    countryOfResidence: row.country_of_residence,
    citizenship: row.citizenship,
    address: row.address,
    taxForm: row.tax_form,
    taxId: row.tax_id,
    treatyCountry: row.treaty_country,
    treatyRate: row.treaty_rate,
    withholdingRate: row.withholding_rate,
  };
}

/** A stored profile as the input it was made from, to check it again under the current rules. */
function inputOf(row: TaxProfileRow): TaxProfileInput {
  return {
    entityType: row.entity_type,
    legalName: row.legal_name,
    countryOfResidence: row.country_of_residence,
    citizenship: row.citizenship,
    address: row.address,
    taxForm: row.tax_form,
    taxId: row.tax_id,
    treatyClaim: row.treaty_country !== null && row.treaty_rate !== null ? { country: row.treaty_country, rate: row.treaty_rate } : null,
  };
}

async function view(x: Executor, row: TaxProfileRow): Promise<TaxProfileView> {
  return {
    accountId: row.account_id,
    entityType: row.entity_type,
    legalName: row.legal_name,
    countryOfResidence: row.country_of_residence,
    citizenship: row.citizenship,
    address: row.address,
    taxForm: row.tax_form,
    taxIdMasked: maskTaxId(row.tax_id),
    treatyClaim: row.treaty_country !== null && row.treaty_rate !== null ? { country: row.treaty_country, rate: Number(row.treaty_rate) } : null,
    withholdingRate: Number(row.withholding_rate),
    status: row.status,
    statusReason: row.status_reason,
    revision: row.revision,
    submittedAt: row.submitted_at.toISOString(),
    validationDueAt: row.status === 'Submitted' ? row.validation_due_at.toISOString() : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    history: (await financeEvents(x, row.account_id, 'tax')).map(eventView),
  };
}

export async function getTaxProfile(x: Executor, accountId: string): Promise<Result<TaxProfileView>> {
  const row = await findTaxProfile(x, accountId);
  return row ? ok(await view(x, row)) : fail('NotFound', 'This account has no tax profile yet.');
}

/**
 * Submits the tax profile (PUT: the whole profile). New content is a new revision in Submitted, whose validation job
 * runs TAX_VALIDATION_DELAY_MS later; the same content again changes nothing (but submits an Invalid profile again). A new country of residence rejects a
 * payout profile whose bank account is elsewhere (the bank account must be in the country of residence).
 */
export async function putTaxProfile(
  x: Executor,
  now: Date,
  accountId: string,
  actor: FinanceActor,
  input: TaxProfileInput,
): Promise<Result<{ profile: TaxProfileView; created: boolean }>> {
  const checked = checkTaxProfile(input);
  if (!checked.ok) return invalid(checked.issues);
  const data = checked.value;
  await lockAccount(x, accountId);
  const existing = await findTaxProfile(x, accountId, true);
  // The same content again changes nothing, unless the profile is Invalid: then it asks for another validation.
  if (existing && existing.status !== 'Invalid' && sameTaxProfile(dataOf(existing), data)) return ok({ profile: await view(x, existing), created: false });

  const revision = (existing?.revision ?? 0) + 1;
  const dueAt = new Date(now.getTime() + TAX_VALIDATION_DELAY_MS);
  const row: TaxProfileRow = {
    account_id: accountId,
    entity_type: data.entityType,
    legal_name: data.legalName,
    country_of_residence: data.countryOfResidence,
    citizenship: data.citizenship,
    address: data.address,
    tax_form: data.taxForm,
    tax_id: data.taxId,
    treaty_country: data.treatyCountry,
    treaty_rate: data.treatyRate,
    withholding_rate: data.withholdingRate,
    status: 'Submitted',
    status_reason: null,
    revision,
    submitted_at: now,
    submitted_by: actor.id ?? actor.kind,
    validation_due_at: dueAt,
    decided_at: null,
    decided_by: null,
    created_at: existing?.created_at ?? now,
  };
  await upsertTaxProfile(x, row);
  await insertFinanceEvent(x, {
    account_id: accountId,
    profile: 'tax',
    revision,
    action: existing ? 'Resubmit' : 'Submit',
    from_status: existing?.status ?? 'NotStarted',
    to_status: 'Submitted',
    reason: null,
    actor_kind: actor.kind,
    actor_id: actor.id,
    at: now,
  });
  await enqueue(x, now, { topic: TAX_VALIDATION_TOPIC, payload: { accountId, revision }, runAt: dueAt, dedupeKey: `${accountId}:${revision}` });
  if (existing && existing.country_of_residence !== data.countryOfResidence) await rejectForCountryChange(x, now, accountId, actor, data.countryOfResidence);
  const stored = await findTaxProfile(x, accountId);
  return ok({ profile: await view(x, stored!), created: !existing });
}

async function decide(x: Executor, now: Date, row: TaxProfileRow, action: TaxAction, actor: FinanceActor, reason: string | null): Promise<TaxStatus> {
  const to = taxTransition(action, row.status)!;
  await setTaxStatus(x, row.account_id, { status: to, status_reason: reason, decided_at: now, decided_by: actor.id ?? actor.kind });
  await insertFinanceEvent(x, {
    account_id: row.account_id,
    profile: 'tax',
    revision: row.revision,
    action,
    from_status: row.status,
    to_status: to,
    reason,
    actor_kind: actor.kind,
    actor_id: actor.id,
    at: now,
  });
  return to;
}

/** An operator's decision: validate a Submitted or Invalid profile, or invalidate a Submitted or Validated one (with a reason). */
export async function decideTaxProfile(
  x: Executor,
  now: Date,
  accountId: string,
  actor: FinanceActor,
  action: 'Validate' | 'Invalidate',
  reason: string | null,
): Promise<Result<TaxProfileView>> {
  const why = reason?.trim() || null;
  if (action === 'Invalidate' && !why) return fail('ValidationFailed', 'Say why the tax profile is invalid: the publisher sees the reason.', { target: 'reason' });
  await lockAccount(x, accountId);
  const row = await findTaxProfile(x, accountId, true);
  if (!row) return fail('NotFound', 'This account has no tax profile.');
  if (!taxTransition(action, row.status)) return fail('Conflict', `A ${row.status} tax profile cannot be ${action === 'Validate' ? 'validated' : 'invalidated'}.`);
  await decide(x, now, row, action, actor, why);
  return ok(await view(x, (await findTaxProfile(x, accountId))!));
}

const normalName = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The validation job: decides the revision it was scheduled for, if it is still Submitted (a newer revision or an
 * operator's decision makes it a no-op). The profile is checked again under the current rules (the supported
 * countries may have changed since it was submitted), and a US TIN must not be on file, validated, under another
 * legal name (the way the IRS matches a TIN with its name).
 */
export async function runTaxValidation(x: Executor, now: Date, accountId: string, revision: number): Promise<{ outcome: TaxStatus | 'Skipped'; reason?: string }> {
  await lockAccount(x, accountId);
  const row = await findTaxProfile(x, accountId, true);
  if (!row || row.revision !== revision || row.status !== 'Submitted') return { outcome: 'Skipped' };
  const problems: string[] = [];
  const checked = checkTaxProfile(inputOf(row));
  if (!checked.ok) problems.push(...checked.issues.map((i) => i.message));
  if (row.tax_form === 'W-9' && row.tax_id) {
    const others = await validatedProfilesWithTin(x, row.tax_id, accountId);
    if (others.some((o) => normalName(o.legal_name) !== normalName(row.legal_name)))
      problems.push(`The TIN ${maskTaxId(row.tax_id)} is on file under a different legal name: give the name and TIN exactly as the IRS has them.`);
  }
  const system: FinanceActor = { kind: 'system', id: null };
  if (problems.length) {
    const reason = problems.join(' ').slice(0, 1000);
    return { outcome: await decide(x, now, row, 'Invalidate', system, reason), reason };
  }
  return { outcome: await decide(x, now, row, 'Validate', system, null) };
}
