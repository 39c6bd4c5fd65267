import { ErrorMessage, Link, path, useApi, type Members } from '../../../ui/index.js';
import { OField, TabForm, defined, opt, useOffer } from '../common.js';
import type { TechnicalConfigurationValue } from '../types.js';
import { useSaveTab, useTabValue, type TabPageProps } from './shared.js';

type Form = Required<{ [K in keyof TechnicalConfigurationValue]: string }>;

const toForm = (v: TechnicalConfigurationValue): Form => ({
  landingPageUrl: v.landingPageUrl ?? '',
  connectionWebhookUrl: v.connectionWebhookUrl ?? '',
  aadTenantId: v.aadTenantId ?? '',
  aadApplicationId: v.aadApplicationId ?? '',
});
const toValue = (f: Form): TechnicalConfigurationValue =>
  defined({ landingPageUrl: opt(f.landingPageUrl), connectionWebhookUrl: opt(f.connectionWebhookUrl), aadTenantId: opt(f.aadTenantId), aadApplicationId: opt(f.aadApplicationId) });

export function TechnicalConfigurationTab({ view }: TabPageProps) {
  const { account } = useOffer();
  const [form, setForm] = useTabValue(view, toForm);
  const save = useSaveTab('technicalConfiguration');
  const members = useApi<Members>(path`/api/accounts/${account.accountId}/members`);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const apps = members.data?.apps ?? [];
  const chosen = apps.find((a) => a.appId.toLowerCase() === form.aadApplicationId.trim().toLowerCase() && a.tenantId.toLowerCase() === form.aadTenantId.trim().toLowerCase());

  return (
    <TabForm
      title="Technical configuration"
      subtitle="How the marketplace reaches your SaaS service: the landing page customers arrive at after buying, the webhook that is told about subscription changes, and the Azure AD app that calls the SaaS fulfillment APIs."
      status={view.status}
      missing={view.missing}
      onSave={() => save(toValue(form))}
      testId="tab-technicalConfiguration"
    >
      <OField label="Landing page URL" target="landingPageUrl" htmlFor="landingPageUrl" required hint="https://, no “#”. (In sandbox mode http://localhost and http://127.0.0.1 are accepted.)">
        <input id="landingPageUrl" type="url" maxLength={2048} value={form.landingPageUrl} onChange={(e) => set({ landingPageUrl: e.target.value })} />
      </OField>
      <OField label="Connection webhook" target="connectionWebhookUrl" htmlFor="connectionWebhookUrl" required hint="https:// (sandbox: also http on a loopback host).">
        <input id="connectionWebhookUrl" type="url" maxLength={2048} value={form.connectionWebhookUrl} onChange={(e) => set({ connectionWebhookUrl: e.target.value })} />
      </OField>
      <fieldset className="group">
        <legend>Azure AD application</legend>
        <p className="hint">
          It must be an app registration of this publisher account (<Link to="/partner/users">Users → Azure AD applications</Link>).
        </p>
        <ErrorMessage error={members.error} onRetry={members.reload} />
        <div className="field">
          <label htmlFor="appPicker">Choose an app registration</label>
          <select
            id="appPicker"
            value={chosen ? chosen.appId : ''}
            onChange={(e) => {
              const app = apps.find((a) => a.appId === e.target.value);
              if (app) set({ aadTenantId: app.tenantId, aadApplicationId: app.appId });
            }}
          >
            <option value="">{members.data ? (apps.length ? 'Choose…' : 'No applications on this account') : 'Loading…'}</option>
            {apps.map((a) => (
              <option key={a.appId} value={a.appId}>
                {a.displayName} ({a.appId})
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <OField label="Azure AD tenant ID" target="aadTenantId" htmlFor="aadTenantId" required>
            <input id="aadTenantId" className="input-guid" maxLength={36} value={form.aadTenantId} onChange={(e) => set({ aadTenantId: e.target.value })} />
          </OField>
          <OField label="Azure AD application ID" target="aadApplicationId" htmlFor="aadApplicationId" required>
            <input id="aadApplicationId" className="input-guid" maxLength={36} value={form.aadApplicationId} onChange={(e) => set({ aadApplicationId: e.target.value })} />
          </OField>
        </div>
      </fieldset>
    </TabForm>
  );
}
