import { useState, type FormEvent } from 'react';
import { ErrorMessage, Notice, SubmitButton, api, formatDateTime, path } from '../../ui/index.js';
import { bicProblem, formatIban, ibanProblem, routingProblem } from './bankChecks.js';
import { Fact, FinanceField, History, StatusBadge, invalidProps } from './common.js';
import { fieldErrors, payoutFormState, payoutRequestBody, payoutStatusBadge, type PayoutFormState } from './financeModel.js';
import type { FinanceReference, PayoutProfile, PublisherCountry, TaxProfile } from './types.js';

const FIELDS = [
  'payoutCurrency',
  'bankAccount',
  'bankAccount.country',
  'bankAccount.accountHolderName',
  'bankAccount.iban',
  'bankAccount.routingNumber',
  'bankAccount.accountNumber',
  'bankAccount.accountType',
  'bankAccount.swiftBic',
] as const;

const SCHEME_HELP: Record<string, string> = {
  IBAN: 'Banks in this country are paid by IBAN.',
  ABA: 'US banks are paid through their ABA routing number and your account number.',
  SWIFT: "Banks in this country are paid by SWIFT: give the bank's SWIFT/BIC code and your account number.",
};

/** The payout profile: the bank account (in the tax profile's country) and the payout currency, with its verification state. */
export function PayoutProfileSection({
  accountId,
  canManage,
  reference,
  tax,
  profile,
  onSaved,
}: {
  accountId: string;
  canManage: boolean;
  reference: FinanceReference;
  tax: TaxProfile | undefined;
  profile: PayoutProfile | undefined;
  onSaved: (profile: PayoutProfile) => void;
}) {
  const [editing, setEditing] = useState<'bank' | 'currency' | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const country = tax ? reference.publisherCountries.find((c) => c.code === tax.countryOfResidence) : undefined;
  const badge = payoutStatusBadge(profile?.status);
  const bank = profile?.bankAccount;

  return (
    <section className="card" aria-labelledby="payout-title" data-testid="payout-profile">
      <div className="card-head">
        <h2 id="payout-title">Payout profile</h2>
        <StatusBadge badge={badge} testId="payout-status" />
      </div>
      <p className="subtitle">
        The bank account your proceeds are paid into. It must be in the country where the account is registered: your tax profile&apos;s country of residence.
        Changing it can delay payouts by up to one payment cycle while it is verified again; what is due rolls into the next payout.
      </p>
      {saved && <Notice tone="success">{saved}</Notice>}
      {profile?.status === 'Rejected' && (
        <Notice tone="warning">
          <strong>Your bank account cannot be paid into.</strong> {profile.statusReason ?? ''} Give a new bank account.
        </Notice>
      )}
      {profile?.status === 'Reverifying' && <Notice tone="info">Your new bank account is being verified; payouts wait until it is verified, and nothing due is lost.</Notice>}
      {profile?.verificationDueAt && <p className="muted">Verification expected by {formatDateTime(profile.verificationDueAt)}.</p>}

      {!tax ? (
        <p className="muted" data-testid="payout-needs-tax">
          Submit the tax profile first: the payout profile can be created only after it.
        </p>
      ) : !country ? (
        <Notice tone="warning">Your tax profile&apos;s country is not a supported publisher country: correct the tax profile first.</Notice>
      ) : canManage && (editing || !profile) ? (
        <PayoutForm
          accountId={accountId}
          reference={reference}
          country={country}
          legalName={tax.legalName}
          profile={profile}
          withBank={!profile || editing === 'bank'}
          onCancel={profile ? () => setEditing(undefined) : undefined}
          onSaved={(p) => {
            setEditing(undefined);
            setSaved(
              !profile
                ? 'Payout profile submitted: the bank account is being verified.'
                : p.revision > profile.revision
                  ? 'New bank account submitted: it is being verified.'
                  : p.payoutCurrency !== profile.payoutCurrency
                    ? `Payouts are now made in ${p.payoutCurrency}.`
                    : 'Nothing changed.',
            );
            onSaved(p);
          }}
        />
      ) : profile && bank ? (
        <>
          <dl className="facts">
            <Fact label="Payout currency">{profile.payoutCurrency}</Fact>
            <Fact label="Account holder">{bank.accountHolderName}</Fact>
            <Fact label="Bank country">{reference.publisherCountries.find((c) => c.code === bank.country)?.name ?? bank.country}</Fact>
            {bank.ibanMasked && (
              <Fact label="IBAN">
                <code>{bank.ibanMasked}</code>
              </Fact>
            )}
            {bank.routingNumber && (
              <Fact label="Routing number">
                <code>{bank.routingNumber}</code>
              </Fact>
            )}
            {bank.swiftBic && (
              <Fact label="SWIFT/BIC">
                <code>{bank.swiftBic}</code>
              </Fact>
            )}
            {bank.accountNumberMasked && (
              <Fact label="Account number">
                <code>{bank.accountNumberMasked}</code>
                {bank.accountType && <span className="muted"> ({bank.accountType})</span>}
              </Fact>
            )}
            {profile.verifiedAt && <Fact label="Last verified">{formatDateTime(profile.verifiedAt)}</Fact>}
          </dl>
          <History events={profile.history} />
          {canManage && (
            <div className="form-actions">
              <button type="button" className="btn btn-secondary" onClick={() => setEditing('bank')}>
                Change bank account
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setEditing('currency')}>
                Change payout currency
              </button>
            </div>
          )}
        </>
      ) : (
        <p className="muted">No payout profile yet. An Owner or a Financial contributor creates it.</p>
      )}
    </section>
  );
}

/** The browser's own checks of the bank fields of a scheme (the server checks them again). */
function localProblems(form: PayoutFormState, country: PublisherCountry): Record<string, string> {
  const out: Record<string, string> = {};
  if (!form.accountHolderName.trim()) out['bankAccount.accountHolderName'] = 'Enter the account holder name, as the bank has it.';
  if (country.bankScheme === 'IBAN') {
    const problem = ibanProblem(form.iban, country.ibanPrefix ?? country.code, country.ibanLength ?? 0);
    if (problem) out['bankAccount.iban'] = problem;
  }
  if (country.bankScheme === 'ABA') {
    const problem = routingProblem(form.routingNumber);
    if (problem) out['bankAccount.routingNumber'] = problem;
    if (!/^\d{4,17}$/.test(form.accountNumber.trim())) out['bankAccount.accountNumber'] = 'A US account number has 4 to 17 digits.';
  }
  if (country.bankScheme === 'SWIFT') {
    const problem = bicProblem(form.swiftBic);
    if (problem) out['bankAccount.swiftBic'] = problem;
    if (!/^[A-Za-z0-9][A-Za-z0-9 -]{2,}[A-Za-z0-9]$/.test(form.accountNumber.trim())) out['bankAccount.accountNumber'] = 'Enter the account number: 4 to 34 letters and digits.';
  }
  return out;
}

function PayoutForm({
  accountId,
  reference,
  country,
  legalName,
  profile,
  withBank,
  onSaved,
  onCancel,
}: {
  accountId: string;
  reference: FinanceReference;
  country: PublisherCountry;
  legalName: string;
  profile: PayoutProfile | undefined;
  withBank: boolean;
  onSaved: (profile: PayoutProfile) => void;
  onCancel: (() => void) | undefined;
}) {
  const [form, setForm] = useState<PayoutFormState>(() => payoutFormState(profile, legalName));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (patch: Partial<PayoutFormState>) => setForm((f) => ({ ...f, ...patch }));
  const server = fieldErrors(error, FIELDS);
  const fields: Record<string, string | undefined> = { ...server.fields, ...local };
  const scheme = country.bankScheme;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = withBank ? localProblems(form, country) : {};
    setLocal(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api.put<PayoutProfile>(path`/api/accounts/${accountId}/payout-profile`, payoutRequestBody(form, country.code, scheme, withBank)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Payout profile" noValidate>
      <ErrorMessage error={server.general} />
      <FinanceField id="payout-currency" label="Payout currency" error={fields.payoutCurrency} required>
        <select id="payout-currency" value={form.payoutCurrency} onChange={(e) => set({ payoutCurrency: e.target.value })}>
          {reference.payoutCurrencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </FinanceField>
      {withBank && (
        <fieldset className="finance-bank">
          <legend>Bank account in {country.name}</legend>
          <p className="hint">{SCHEME_HELP[scheme]}</p>
          <FinanceField id="payout-holder" label="Account holder name" error={fields['bankAccount.accountHolderName']} required>
            <input id="payout-holder" maxLength={140} value={form.accountHolderName} onChange={(e) => set({ accountHolderName: e.target.value })} {...invalidProps('payout-holder', fields['bankAccount.accountHolderName'])} />
          </FinanceField>
          {scheme === 'IBAN' && (
            <FinanceField
              id="payout-iban"
              label="IBAN"
              error={fields['bankAccount.iban']}
              required
              hint={`${country.ibanLength} characters, starting with ${country.ibanPrefix}.${profile?.bankAccount.ibanMasked ? ` On file: ${profile.bankAccount.ibanMasked}.` : ''}`}
            >
              <input
                id="payout-iban"
                className="finance-mono"
                autoComplete="off"
                maxLength={42}
                value={form.iban}
                onChange={(e) => set({ iban: e.target.value })}
                onBlur={() => set({ iban: formatIban(form.iban) })}
                {...invalidProps('payout-iban', fields['bankAccount.iban'])}
              />
            </FinanceField>
          )}
          {scheme === 'ABA' && (
            <>
              <div className="form-row">
                <FinanceField id="payout-routing" label="ABA routing number" error={fields['bankAccount.routingNumber']} required>
                  <input id="payout-routing" className="finance-mono" inputMode="numeric" maxLength={9} value={form.routingNumber} onChange={(e) => set({ routingNumber: e.target.value })} {...invalidProps('payout-routing', fields['bankAccount.routingNumber'])} />
                </FinanceField>
                <FinanceField id="payout-account-type" label="Account type" error={fields['bankAccount.accountType']} required>
                  <select id="payout-account-type" value={form.accountType} onChange={(e) => set({ accountType: e.target.value as PayoutFormState['accountType'] })}>
                    <option value="checking">Checking</option>
                    <option value="savings">Savings</option>
                  </select>
                </FinanceField>
              </div>
              <FinanceField
                id="payout-account"
                label="Account number"
                error={fields['bankAccount.accountNumber']}
                required
                hint={profile?.bankAccount.accountNumberMasked ? `On file: ${profile.bankAccount.accountNumberMasked}.` : '4 to 17 digits.'}
              >
                <input id="payout-account" className="finance-mono" inputMode="numeric" autoComplete="off" maxLength={17} value={form.accountNumber} onChange={(e) => set({ accountNumber: e.target.value })} {...invalidProps('payout-account', fields['bankAccount.accountNumber'])} />
              </FinanceField>
            </>
          )}
          {scheme === 'SWIFT' && (
            <div className="form-row">
              <FinanceField id="payout-bic" label="SWIFT/BIC code" error={fields['bankAccount.swiftBic']} required>
                <input id="payout-bic" className="finance-mono" maxLength={11} value={form.swiftBic} onChange={(e) => set({ swiftBic: e.target.value.toUpperCase() })} {...invalidProps('payout-bic', fields['bankAccount.swiftBic'])} />
              </FinanceField>
              <FinanceField
                id="payout-account"
                label="Account number"
                error={fields['bankAccount.accountNumber']}
                required
                hint={profile?.bankAccount.accountNumberMasked ? `On file: ${profile.bankAccount.accountNumberMasked}.` : undefined}
              >
                <input id="payout-account" className="finance-mono" autoComplete="off" maxLength={40} value={form.accountNumber} onChange={(e) => set({ accountNumber: e.target.value })} {...invalidProps('payout-account', fields['bankAccount.accountNumber'])} />
              </FinanceField>
            </div>
          )}
          {(fields['bankAccount.country'] ?? fields.bankAccount) && <div className="field-error">{fields['bankAccount.country'] ?? fields.bankAccount}</div>}
        </fieldset>
      )}
      <div className="form-actions">
        <SubmitButton busy={busy}>{!profile ? 'Submit payout profile' : withBank ? 'Submit new bank account' : 'Save currency'}</SubmitButton>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
