import { OField, TabForm, defined, opt } from '../common.js';
import type { LeadType, SetupValue } from '../types.js';
import { splitList, useSaveTab, useTabValue, type TabPageProps } from './shared.js';

/** The settings each lead destination takes (Partner Center's "Connect" dialogs). */
export const LEAD_TYPES: { type: LeadType; label: string; settings: [key: string, label: string, hint?: string][] }[] = [
  { type: 'HttpsEndpoint', label: 'HTTPS endpoint', settings: [['url', 'HTTPS endpoint URL', 'Agora POSTs each lead as JSON to this URL.']] },
  { type: 'AzureTable', label: 'Azure Table', settings: [['connectionString', 'Storage account connection string']] },
  {
    type: 'Dynamics365CustomerEngagement',
    label: 'Dynamics 365 Customer Engagement',
    settings: [
      ['instanceUrl', 'Instance URL'],
      ['applicationId', 'Application (client) ID'],
      ['tenantId', 'Directory (tenant) ID'],
    ],
  },
  {
    type: 'Marketo',
    label: 'Marketo',
    settings: [
      ['serverId', 'Server ID'],
      ['munchkinAccountId', 'Munchkin account ID'],
      ['formId', 'Form ID'],
    ],
  },
  { type: 'Salesforce', label: 'Salesforce', settings: [['organizationId', 'Organization ID']] },
];

interface Form {
  sell: '' | 'yes' | 'no';
  listingOption: '' | 'ContactMe' | 'FreeTrial' | 'GetItNowFree';
  offerUrl: string;
  trialUrl: string;
  testDrive: boolean;
  leadType: '' | LeadType;
  settings: Record<string, string>;
  contactEmails: string;
}

const toForm = (v: SetupValue): Form => ({
  sell: v.sellThroughMicrosoft === true ? 'yes' : v.sellThroughMicrosoft === false ? 'no' : '',
  listingOption: v.listingOption ?? '',
  offerUrl: v.offerUrl ?? '',
  trialUrl: v.trialUrl ?? '',
  testDrive: v.testDrive?.enabled ?? false,
  leadType: v.leadDestination?.type ?? '',
  settings: { ...(v.leadDestination?.settings ?? {}) },
  contactEmails: (v.leadDestination?.contactEmails ?? []).join(', '),
});

function toValue(f: Form): SetupValue {
  const listingOnly = f.sell === 'no';
  const lead = LEAD_TYPES.find((t) => t.type === f.leadType);
  return defined({
    sellThroughMicrosoft: f.sell === '' ? undefined : f.sell === 'yes',
    listingOption: listingOnly && f.listingOption ? f.listingOption : undefined,
    offerUrl: listingOnly && f.listingOption === 'GetItNowFree' ? opt(f.offerUrl) : undefined,
    trialUrl: listingOnly && f.listingOption === 'FreeTrial' ? opt(f.trialUrl) : undefined,
    testDrive: { enabled: f.testDrive },
    leadDestination: lead
      ? {
          type: lead.type,
          settings: Object.fromEntries(lead.settings.map(([key]) => [key, (f.settings[key] ?? '').trim()]).filter(([, v]) => v !== '')),
          contactEmails: splitList(f.contactEmails),
        }
      : null,
  });
}

export function SetupTab({ view }: TabPageProps) {
  const [form, setForm] = useTabValue(view, toForm);
  const save = useSaveTab('setup');
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const lead = LEAD_TYPES.find((t) => t.type === form.leadType);
  const leadsNeeded = form.sell === 'yes' || (form.sell === 'no' && form.listingOption === 'ContactMe') || form.testDrive;

  return (
    <TabForm title="Offer setup" status={view.status} missing={view.missing} onSave={() => save(toValue(form))} testId="tab-setup">
      <fieldset className="group">
        <legend>Setup details</legend>
        <OField label="Sell through the marketplace?" target="sellThroughMicrosoft" required hint="A transactable offer is bought and billed through the marketplace; a listing-only offer sends customers to you.">
          <div className="radio-list" role="radiogroup" aria-label="Sell through the marketplace?">
            <label className="radio">
              <input type="radio" name="sell" checked={form.sell === 'yes'} onChange={() => set({ sell: 'yes' })} />
              Yes, I would like to sell through the marketplace (transactable)
            </label>
            <label className="radio">
              <input type="radio" name="sell" checked={form.sell === 'no'} onChange={() => set({ sell: 'no' })} />
              No, I would prefer to only list my offer through the marketplace and process transactions independently
            </label>
          </div>
        </OField>
        {form.sell === 'no' && (
          <>
            <OField label="Listing option" target="listingOption" required>
              <div className="radio-list" role="radiogroup" aria-label="Listing option">
                {(
                  [
                    ['ContactMe', 'Contact me', 'Collect customer contact information through your lead destination.'],
                    ['FreeTrial', 'Free trial', 'Send customers to a trial of your product.'],
                    ['GetItNowFree', 'Get it now (free)', 'Send customers to your product, free of charge.'],
                  ] as const
                ).map(([id, label, hint]) => (
                  <label key={id} className="radio">
                    <input type="radio" name="listingOption" checked={form.listingOption === id} onChange={() => set({ listingOption: id })} />
                    <span>
                      {label} <span className="hint">{hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </OField>
            {form.listingOption === 'GetItNowFree' && (
              <OField label="Offer URL" target="offerUrl" htmlFor="offerUrl" required hint="http:// or https://">
                <input id="offerUrl" type="url" maxLength={2048} value={form.offerUrl} onChange={(e) => set({ offerUrl: e.target.value })} />
              </OField>
            )}
            {form.listingOption === 'FreeTrial' && (
              <OField label="Trial URL" target="trialUrl" htmlFor="trialUrl" required hint="http:// or https://">
                <input id="trialUrl" type="url" maxLength={2048} value={form.trialUrl} onChange={(e) => set({ trialUrl: e.target.value })} />
              </OField>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Test drive</legend>
        <OField label="" target="testDrive">
          <label className="checkbox-inline">
            <input type="checkbox" checked={form.testDrive} onChange={(e) => set({ testDrive: e.target.checked })} />
            Enable a test drive
          </label>
        </OField>
      </fieldset>

      <fieldset className="group">
        <legend>Customer leads</legend>
        <p className="hint">{leadsNeeded ? 'Required: transactable and Contact me offers, and test drives, deliver leads.' : 'Optional for this offer.'}</p>
        <OField label="Lead destination" target="leadDestination" htmlFor="leadType">
          <select
            id="leadType"
            value={form.leadType}
            onChange={(e) => set({ leadType: e.target.value as Form['leadType'], settings: {} })}
          >
            <option value="">None</option>
            {LEAD_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </OField>
        {lead && (
          <>
            {lead.settings.map(([key, label, hint]) => (
              <OField key={key} label={label} target={`leadDestination.settings.${key}`} htmlFor={`lead-${key}`} hint={hint}>
                <input id={`lead-${key}`} maxLength={4000} value={form.settings[key] ?? ''} onChange={(e) => set({ settings: { ...form.settings, [key]: e.target.value } })} />
              </OField>
            ))}
            <OField label="Contact emails" target="leadDestination.contactEmails" htmlFor="leadEmails" hint="Up to 10 addresses, separated by commas: they are told when a lead arrives or cannot be delivered.">
              <input id="leadEmails" value={form.contactEmails} onChange={(e) => set({ contactEmails: e.target.value })} />
            </OField>
          </>
        )}
      </fieldset>
    </TabForm>
  );
}
