import { useState, type FormEvent } from 'react';
import { ErrorMessage, Notice, SubmitButton, api, formatDateTime, path } from '../../ui/index.js';
import { Fact, FinanceField, History, StatusBadge, invalidProps } from './common.js';
import { TAX_FORM_HELP, fieldErrors, taxFormFor, taxFormState, taxRequestBody, taxStatusBadge, withholdingLabel, type TaxFormState } from './financeModel.js';
import type { FinanceReference, TaxProfile } from './types.js';

const FIELDS = [
  'entityType',
  'legalName',
  'countryOfResidence',
  'citizenship',
  'address.line1',
  'address.line2',
  'address.city',
  'address.region',
  'address.postalCode',
  'taxForm',
  'taxId',
  'treatyClaim',
  'treatyClaim.country',
  'treatyClaim.rate',
] as const;

/** The tax profile: its state and facts, and the form that submits it (again). */
export function TaxProfileSection({
  accountId,
  canManage,
  reference,
  profile,
  onSaved,
}: {
  accountId: string;
  canManage: boolean;
  reference: FinanceReference;
  profile: TaxProfile | undefined;
  onSaved: (profile: TaxProfile) => void;
}) {
  const [editing, setEditing] = useState(!profile);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const badge = taxStatusBadge(profile?.status);
  const countryName = (code: string | null) => (code ? (reference.citizenshipCountries.find((c) => c.code === code)?.name ?? code) : '—');

  return (
    <section className="card" aria-labelledby="tax-title" data-testid="tax-profile">
      <div className="card-head">
        <h2 id="tax-title">Tax profile</h2>
        <StatusBadge badge={badge} testId="tax-status" />
      </div>
      <p className="subtitle">
        Every publisher files a US tax form, whatever its country. The tax profile comes first: the payout profile can be created once it is submitted, and
        payouts need it validated (within 48 hours; Agora validates {reference.validationDelayHours} hours after submission).
      </p>
      {saved && <Notice tone="success">{saved}</Notice>}
      {profile?.status === 'Invalid' && (
        <Notice tone="warning">
          <strong>Your tax profile is invalid.</strong> {profile.statusReason ?? ''} Correct it and submit it again.
        </Notice>
      )}
      {profile?.status === 'Submitted' && profile.validationDueAt && <p className="muted">Validation expected by {formatDateTime(profile.validationDueAt)}.</p>}
      {editing && canManage ? (
        <TaxForm
          accountId={accountId}
          reference={reference}
          profile={profile}
          onCancel={profile ? () => setEditing(false) : undefined}
          onSaved={(p) => {
            setEditing(false);
            setSaved(p.revision > (profile?.revision ?? 0) ? 'Tax profile submitted. It is validated automatically; you can already create the payout profile.' : 'Nothing changed.');
            onSaved(p);
          }}
        />
      ) : profile ? (
        <>
          <dl className="facts">
            <Fact label="Entity type">{profile.entityType}</Fact>
            <Fact label="Legal name">{profile.legalName}</Fact>
            <Fact label="Country of residence">{countryName(profile.countryOfResidence)}</Fact>
            {profile.entityType === 'Individual' && <Fact label="Citizenship">{countryName(profile.citizenship)}</Fact>}
            <Fact label="Address">
              {[profile.address.line1, profile.address.line2, profile.address.city, profile.address.region, profile.address.postalCode].filter(Boolean).join(', ')}
            </Fact>
            <Fact label="Tax form">{profile.taxForm}</Fact>
            <Fact label="Taxpayer ID">{profile.taxIdMasked ? <code>{profile.taxIdMasked}</code> : <span className="muted">None given</span>}</Fact>
            {profile.treatyClaim && (
              <Fact label="Treaty claim">
                {countryName(profile.treatyClaim.country)}, {profile.treatyClaim.rate}%
              </Fact>
            )}
            <Fact label="Withholding on US sales">{profile.withholdingRate}%</Fact>
          </dl>
          <History events={profile.history} />
          {canManage && (
            <div className="form-actions">
              <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
                Edit tax profile
              </button>
            </div>
          )}
        </>
      ) : (
        <p className="muted">No tax profile yet. An Owner or a Financial contributor submits it.</p>
      )}
    </section>
  );
}

function TaxForm({
  accountId,
  reference,
  profile,
  onSaved,
  onCancel,
}: {
  accountId: string;
  reference: FinanceReference;
  profile: TaxProfile | undefined;
  onSaved: (profile: TaxProfile) => void;
  onCancel: (() => void) | undefined;
}) {
  const [form, setForm] = useState<TaxFormState>(() => taxFormState(profile));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const set = (patch: Partial<TaxFormState>) => setForm((f) => ({ ...f, ...patch }));
  const taxForm = taxFormFor(form.entityType, form.countryOfResidence, form.citizenship);
  const { fields, general } = fieldErrors(error, FIELDS);
  const us = form.countryOfResidence === 'US';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api.put<TaxProfile>(path`/api/accounts/${accountId}/tax-profile`, taxRequestBody(form)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Tax profile" noValidate>
      <ErrorMessage error={general} />
      <fieldset className="radio-list finance-radios" aria-label="Entity type">
        <legend className="sr-only">Entity type</legend>
        {(
          [
            ['Business', 'A business', 'A company, partnership or other organization.'],
            ['Individual', 'An individual', 'A person selling in their own name.'],
          ] as const
        ).map(([value, label, hint]) => (
          <label key={value} className="radio">
            <input type="radio" name="entityType" checked={form.entityType === value} onChange={() => set({ entityType: value })} />
            <span>
              {label} <span className="hint">{hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FinanceField id="tax-legalName" label={form.entityType === 'Business' ? 'Legal name of the business' : 'Your legal name'} error={fields.legalName} required>
        <input id="tax-legalName" maxLength={200} value={form.legalName} onChange={(e) => set({ legalName: e.target.value })} {...invalidProps('tax-legalName', fields.legalName)} />
      </FinanceField>
      <div className="form-row">
        <FinanceField id="tax-country" label="Country or region of residence" error={fields.countryOfResidence} required>
          <select id="tax-country" value={form.countryOfResidence} onChange={(e) => set({ countryOfResidence: e.target.value })} {...invalidProps('tax-country', fields.countryOfResidence)}>
            <option value="">Choose…</option>
            {reference.publisherCountries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </FinanceField>
        {form.entityType === 'Individual' && (
          <FinanceField id="tax-citizenship" label="Citizenship" error={fields.citizenship} required>
            <select id="tax-citizenship" value={form.citizenship} onChange={(e) => set({ citizenship: e.target.value })} {...invalidProps('tax-citizenship', fields.citizenship)}>
              <option value="">Choose…</option>
              {reference.citizenshipCountries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </FinanceField>
        )}
      </div>
      <FinanceField id="tax-line1" label="Address" error={fields['address.line1']} required>
        <input id="tax-line1" maxLength={200} autoComplete="address-line1" value={form.line1} onChange={(e) => set({ line1: e.target.value })} {...invalidProps('tax-line1', fields['address.line1'])} />
      </FinanceField>
      <FinanceField id="tax-line2" label="Address line 2" error={fields['address.line2']}>
        <input id="tax-line2" maxLength={200} autoComplete="address-line2" value={form.line2} onChange={(e) => set({ line2: e.target.value })} />
      </FinanceField>
      <div className="form-row">
        <FinanceField id="tax-city" label="City" error={fields['address.city']} required>
          <input id="tax-city" maxLength={100} autoComplete="address-level2" value={form.city} onChange={(e) => set({ city: e.target.value })} {...invalidProps('tax-city', fields['address.city'])} />
        </FinanceField>
        <FinanceField id="tax-region" label={us ? 'State' : 'State, province or region'} error={fields['address.region']} required={us}>
          {us ? (
            <select id="tax-region" value={form.region} onChange={(e) => set({ region: e.target.value })} {...invalidProps('tax-region', fields['address.region'])}>
              <option value="">Choose…</option>
              {reference.usStates.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          ) : (
            <input id="tax-region" maxLength={100} value={form.region} onChange={(e) => set({ region: e.target.value })} />
          )}
        </FinanceField>
        <FinanceField id="tax-postalCode" label={us ? 'ZIP code' : 'Postal code'} error={fields['address.postalCode']} required={us}>
          <input id="tax-postalCode" maxLength={20} autoComplete="postal-code" value={form.postalCode} onChange={(e) => set({ postalCode: e.target.value })} {...invalidProps('tax-postalCode', fields['address.postalCode'])} />
        </FinanceField>
      </div>

      <div className={`field${fields.taxForm ? ' field-invalid' : ''}`}>
        <span className="field-label">Tax form</span>
        <div data-testid="tax-form">{taxForm ? <strong>{taxForm}</strong> : <span className="muted">Choose your country first.</span>}</div>
        {taxForm && <div className="hint">{TAX_FORM_HELP[taxForm]}</div>}
        {fields.taxForm && <div className="field-error">{fields.taxForm}</div>}
      </div>

      <FinanceField
        id="tax-taxId"
        label={taxForm === 'W-9' ? (form.entityType === 'Business' ? 'EIN' : 'SSN or ITIN') : 'Foreign tax identification number (optional)'}
        error={fields.taxId}
        required={taxForm === 'W-9'}
        hint={
          <>
            {taxForm === 'W-9' ? (form.entityType === 'Business' ? 'Format: 12-3456789.' : 'Format: 123-45-6789.') : 'As your country issues it. A US ITIN is not required.'}
            {profile?.taxIdMasked && ` On file: ${profile.taxIdMasked}; enter it again with each submission.`}
          </>
        }
      >
        <input id="tax-taxId" maxLength={50} autoComplete="off" value={form.taxId} onChange={(e) => set({ taxId: e.target.value })} {...invalidProps('tax-taxId', fields.taxId)} />
      </FinanceField>

      {taxForm && taxForm !== 'W-9' && (
        <div className="finance-treaty">
          <label className="checkbox-inline">
            <input type="checkbox" checked={form.claimTreaty} onChange={(e) => set({ claimTreaty: e.target.checked })} />
            <span>
              Claim tax treaty benefits ({taxForm === 'W-8BEN' ? 'W-8BEN Part II' : 'W-8BEN-E Part III'}) for the treaty between the United States and my country of
              residence
            </span>
          </label>
          {form.claimTreaty && (
            <FinanceField
              id="tax-treatyRate"
              label="Treaty withholding rate (%)"
              error={fields['treatyClaim.rate'] ?? fields['treatyClaim.country'] ?? fields.treatyClaim}
              required
              hint={`0 to ${reference.maxTreatyRate}, as the treaty sets it. Check with your tax adviser which rate applies to you.`}
            >
              <input id="tax-treatyRate" inputMode="decimal" maxLength={6} value={form.treatyRate} onChange={(e) => set({ treatyRate: e.target.value })} {...invalidProps('tax-treatyRate', fields['treatyClaim.rate'])} />
            </FinanceField>
          )}
        </div>
      )}
      <p>
        Withholding on your sales into the US: <strong data-testid="withholding-preview">{withholdingLabel(taxForm, form.claimTreaty ? form.treatyRate : null)}</strong>
      </p>
      <div className="form-actions">
        <SubmitButton busy={busy}>{profile ? 'Submit again' : 'Submit tax profile'}</SubmitButton>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
