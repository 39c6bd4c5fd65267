import { useEffect, useRef, useState } from 'react';
import { ErrorMessage, Loading, Notice, api, isMissingRoute, path, useApi } from '../../ui/index.js';
import { ConfirmButton } from '../MemberRoles.js';
import { CsvImportButton, FieldIssuesProvider, FieldMessages, OField, PlanStateBadge, RouteError, TabForm, WriteError, defined, opt, useOffer } from './common.js';
import { audienceFromCsv, csvCell } from './csv.js';
import { MarketPicker, marketName } from './MarketPicker.js';
import type { AudienceMember, Dimension, PlanDetail, PlanPricingValue, PriceRow, Pricing, Term } from './types.js';

/** A plan's pages: Plan listing, or Pricing and availability (with its private audience and prices per market). */
export function PlanEditor({ planId, section }: { planId: string; section: 'listing' | 'pricing' }) {
  const offer = useOffer();
  const url = `${offer.base}${path`/plans/${planId}`}`;
  const loaded = useApi<PlanDetail>(url);
  const [plan, setPlan] = useState<PlanDetail | undefined>(undefined);
  useEffect(() => {
    if (loaded.data) setPlan(loaded.data);
  }, [loaded.data]);

  if (loaded.error) return <ErrorMessage title="The plan could not be loaded" error={loaded.error} onRetry={loaded.reload} />;
  if (!plan) return <Loading label="Loading the plan…" />;

  const saved = (p: PlanDetail, headers: Headers) => {
    setPlan(p);
    offer.applyVersion(p.offerVersion, headers);
  };

  return (
    <>
      <div className="plan-head">
        <h2>
          {plan.name} <span className="muted">·</span> <code>{plan.planId}</code>
        </h2>
        <PlanStateBadge state={plan.state} />
      </div>
      {section === 'listing' ? <PlanListing key={`l-${offer.loadKey}`} plan={plan} url={url} onSaved={saved} /> : <PlanPricing key={`p-${offer.loadKey}`} plan={plan} url={url} onSaved={saved} />}
      {section === 'pricing' && plan.sections.pricingAndAvailability.visibility === 'private' && <PrivateAudience plan={plan} url={url} onChanged={loaded.reload} />}
      {section === 'pricing' && <PriceGrid url={url} plan={plan} />}
    </>
  );
}

type Saved = (plan: PlanDetail, headers: Headers) => void;

function PlanListing({ plan, url, onSaved }: { plan: PlanDetail; url: string; onSaved: Saved }) {
  const offer = useOffer();
  const [name, setName] = useState(plan.sections.listing.name);
  const [description, setDescription] = useState(plan.sections.listing.description ?? '');
  const save = async () => {
    const r = await api.request<PlanDetail>('PUT', `${url}/listing`, { body: defined({ name: name.trim(), description: opt(description) }), headers: offer.ifMatch() });
    onSaved(r.data, r.headers);
  };
  const missing = plan.missing.filter((m) => m.target === 'name' || m.target === 'description');
  return (
    <TabForm title="Plan listing" subtitle="The plan's name and description on the storefront." status={missing.length ? 'Incomplete' : 'Complete'} missing={missing} onSave={save} testId="plan-listing">
      <OField label="Plan name" target="name" htmlFor="planName" required hint="Up to 50 characters; unique in the offer.">
        <input id="planName" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
      </OField>
      <OField label="Plan description" target="description" htmlFor="planDescription" required hint={`What the plan includes; up to 500 characters (${description.length}/500).`}>
        <textarea id="planDescription" rows={5} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
      </OField>
    </TabForm>
  );
}

// ---- Pricing and availability ----

interface DimensionForm {
  id: string;
  displayName: string;
  unitOfMeasure: string;
  priceUsd: string;
  monthly: string;
  monthlyUnlimited: boolean;
  annual: string;
  annualUnlimited: boolean;
}

interface PricingForm {
  markets: string[];
  model: '' | Pricing['model'];
  monthlyOn: boolean;
  monthly: string;
  annualOn: boolean;
  annual: string;
  paymentOption: 'upfront' | 'monthly';
  userMin: string;
  userMax: string;
  dimensions: DimensionForm[];
  freeTrial: boolean;
  visibility: 'public' | 'private';
}

const includedText = (v: number | 'unlimited' | undefined) => (v === undefined || v === 'unlimited' ? '' : String(v));

function toPricingForm(v: PlanPricingValue): PricingForm {
  const p = v.pricing;
  const m = p?.billingTerms.find((t) => t.term === 'P1M');
  const y = p?.billingTerms.find((t) => t.term === 'P1Y');
  return {
    markets: [...v.markets],
    model: p?.model ?? '',
    monthlyOn: !!m,
    monthly: m?.priceUsd ?? '',
    annualOn: !!y,
    annual: y?.priceUsd ?? '',
    paymentOption: y?.paymentOption ?? 'upfront',
    userMin: p?.userLimits?.min?.toString() ?? '',
    userMax: p?.userLimits?.max?.toString() ?? '',
    dimensions: (p?.dimensions ?? []).map((d) => ({
      id: d.id,
      displayName: d.displayName,
      unitOfMeasure: d.unitOfMeasure,
      priceUsd: d.priceUsd,
      monthly: includedText(d.included.P1M),
      monthlyUnlimited: d.included.P1M === 'unlimited',
      annual: includedText(d.included.P1Y),
      annualUnlimited: d.included.P1Y === 'unlimited',
    })),
    freeTrial: v.freeTrial,
    visibility: v.visibility,
  };
}

const int = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));
/** "49" -> "49.00"; leaves anything else for the server to judge. */
const money = (s: string) => (/^\d+$/.test(s.trim()) ? `${s.trim()}.00` : s.trim());

function toPricingValue(f: PricingForm): PlanPricingValue {
  let pricing: Pricing | undefined;
  if (f.model) {
    const billingTerms: Pricing['billingTerms'] = [];
    if (f.monthlyOn) billingTerms.push({ term: 'P1M', priceUsd: money(f.monthly) });
    if (f.annualOn) billingTerms.push({ term: 'P1Y', priceUsd: money(f.annual), paymentOption: f.paymentOption });
    const limits = defined({ min: int(f.userMin), max: int(f.userMax) });
    pricing = defined({
      model: f.model,
      billingTerms,
      userLimits: f.model === 'perUser' && Object.keys(limits).length ? limits : undefined,
      dimensions:
        f.model === 'flatRate'
          ? f.dimensions.map(
              (d): Dimension => ({
                id: d.id.trim(),
                displayName: d.displayName.trim(),
                unitOfMeasure: d.unitOfMeasure.trim(),
                priceUsd: d.priceUsd.trim(),
                included: defined({
                  P1M: f.monthlyOn ? (d.monthlyUnlimited ? 'unlimited' : int(d.monthly)) : undefined,
                  P1Y: f.annualOn ? (d.annualUnlimited ? 'unlimited' : int(d.annual)) : undefined,
                }),
              }),
            )
          : [],
    });
  }
  return defined({ markets: f.markets, pricing, freeTrial: f.freeTrial, visibility: f.visibility });
}

function PlanPricing({ plan, url, onSaved }: { plan: PlanDetail; url: string; onSaved: Saved }) {
  const offer = useOffer();
  const [form, setForm] = useState(() => toPricingForm(plan.sections.pricingAndAvailability));
  const set = (patch: Partial<PricingForm>) => setForm({ ...form, ...patch });
  const setDim = (i: number, patch: Partial<DimensionForm>) => set({ dimensions: form.dimensions.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const save = async () => {
    const r = await api.request<PlanDetail>('PUT', `${url}/pricingAndAvailability`, { body: toPricingValue(form), headers: offer.ifMatch() });
    onSaved(r.data, r.headers);
    setForm(toPricingForm(r.data.sections.pricingAndAvailability));
  };
  const missing = plan.missing.filter((m) => m.target !== 'name' && m.target !== 'description');
  const hasDimensions = form.model === 'flatRate' && form.dimensions.length > 0;
  // The server's targets index the billing terms as sent: monthly first when offered.
  const termIndex = (term: Term) => (term === 'P1M' ? 0 : form.monthlyOn ? 1 : 0);
  const otherModel = offer.detail?.planList.find((p) => p.planId !== plan.planId && p.pricingModel)?.pricingModel;

  return (
    <TabForm
      title="Pricing and availability"
      subtitle="Where the plan is sold, how it is priced, and who can see it."
      status={missing.length ? 'Incomplete' : 'Complete'}
      missing={missing}
      onSave={save}
      testId="plan-pricing"
      action="pricing.write"
    >
      <fieldset className="group">
        <legend>Markets</legend>
        <OField label="" target="markets">
          <MarketPicker value={form.markets} onChange={(markets) => set({ markets })} />
        </OField>
        <p className="hint">Prices are set in US dollars and converted to each market&apos;s currency (see the prices per market below once saved).</p>
      </fieldset>

      <fieldset className="group">
        <legend>Pricing</legend>
        <OField label="Pricing model" target="pricing.model" hint={otherModel ? `The offer's other plans are ${otherModel === 'perUser' ? 'per user' : 'flat rate'}: every plan of an offer uses one model.` : 'Every plan of an offer uses the same model; it cannot change once the offer is published.'}>
          <div className="radio-list" role="radiogroup" aria-label="Pricing model">
            <label className="radio">
              <input type="radio" name="model" checked={form.model === 'flatRate'} onChange={() => set({ model: 'flatRate' })} />
              Flat rate
            </label>
            <label className="radio">
              <input type="radio" name="model" checked={form.model === 'perUser'} onChange={() => set({ model: 'perUser' })} />
              Per user
            </label>
          </div>
        </OField>
        <FieldMessages target="pricing" />
        {form.model && (
          <>
            <FieldMessages target="pricing.billingTerms" />
            <div className="form-row terms-row">
              <OField label="" target={`pricing.billingTerms.${termIndex('P1M')}`} className={form.monthlyOn ? '' : 'term-off'}>
                <label className="checkbox-inline">
                  <input type="checkbox" checked={form.monthlyOn} onChange={(e) => set({ monthlyOn: e.target.checked })} />
                  Monthly (1 month)
                </label>
                <div className="price-input">
                  <span aria-hidden="true">$</span>
                  <input aria-label="Monthly price (USD)" inputMode="decimal" disabled={!form.monthlyOn} value={form.monthly} onChange={(e) => set({ monthly: e.target.value })} placeholder="0.00" />
                  <span className="muted">{form.model === 'perUser' ? 'per user / month' : 'per month'}</span>
                </div>
              </OField>
              <OField label="" target={`pricing.billingTerms.${termIndex('P1Y')}`}>
                <label className="checkbox-inline">
                  <input type="checkbox" checked={form.annualOn} onChange={(e) => set({ annualOn: e.target.checked })} />
                  Annual (1 year)
                </label>
                <div className="price-input">
                  <span aria-hidden="true">$</span>
                  <input aria-label="Annual price (USD)" inputMode="decimal" disabled={!form.annualOn} value={form.annual} onChange={(e) => set({ annual: e.target.value })} placeholder="0.00" />
                  <span className="muted">{form.model === 'perUser' ? 'per user / year' : 'per year'}</span>
                </div>
                {form.annualOn && (
                  <select aria-label="Annual payment option" value={form.paymentOption} onChange={(e) => set({ paymentOption: e.target.value as PricingForm['paymentOption'] })}>
                    <option value="upfront">Pay the year upfront</option>
                    <option value="monthly">Pay monthly</option>
                  </select>
                )}
              </OField>
            </div>
          </>
        )}
        {form.model === 'perUser' && (
          <OField label="User limits (optional)" target="pricing.userLimits">
            <div className="form-row">
              <input aria-label="Minimum users" type="number" min={1} value={form.userMin} onChange={(e) => set({ userMin: e.target.value })} placeholder="Minimum" />
              <input aria-label="Maximum users" type="number" min={1} value={form.userMax} onChange={(e) => set({ userMax: e.target.value })} placeholder="Maximum" />
            </div>
          </OField>
        )}
        {form.model === 'flatRate' && (
          <div className="group-sub">
            <h4>Metered billing dimensions (optional)</h4>
            <p className="hint">Usage above what the plan includes, reported through the metering API. Up to 30; ids and names cannot change once published.</p>
            <FieldMessages target="pricing.dimensions" />
            {form.dimensions.length > 0 && (
              <table className="table compact" data-testid="dimensions">
                <thead>
                  <tr>
                    <th>ID</th>
                    <th>Display name</th>
                    <th>Unit of measure</th>
                    <th>Price per unit (USD)</th>
                    {form.monthlyOn && <th>Included monthly</th>}
                    {form.annualOn && <th>Included annually</th>}
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {form.dimensions.map((d, i) => (
                    <tr key={i}>
                      <td>
                        <OField label="" target={`pricing.dimensions.${i}.id`}>
                          <input aria-label={`Dimension ${i + 1} ID`} maxLength={50} value={d.id} onChange={(e) => setDim(i, { id: e.target.value })} />
                        </OField>
                      </td>
                      <td>
                        <OField label="" target={`pricing.dimensions.${i}.displayName`}>
                          <input aria-label={`Dimension ${i + 1} display name`} maxLength={50} value={d.displayName} onChange={(e) => setDim(i, { displayName: e.target.value })} />
                        </OField>
                      </td>
                      <td>
                        <OField label="" target={`pricing.dimensions.${i}.unitOfMeasure`}>
                          <input aria-label={`Dimension ${i + 1} unit of measure`} maxLength={50} value={d.unitOfMeasure} onChange={(e) => setDim(i, { unitOfMeasure: e.target.value })} />
                        </OField>
                      </td>
                      <td>
                        <OField label="" target={`pricing.dimensions.${i}.priceUsd`}>
                          <input aria-label={`Dimension ${i + 1} price per unit`} inputMode="decimal" value={d.priceUsd} onChange={(e) => setDim(i, { priceUsd: e.target.value })} />
                        </OField>
                      </td>
                      {form.monthlyOn && (
                        <td>
                          <OField label="" target={`pricing.dimensions.${i}.included.P1M`}>
                            <IncludedInput label={`Dimension ${i + 1} included monthly`} value={d.monthly} unlimited={d.monthlyUnlimited} onChange={(monthly, monthlyUnlimited) => setDim(i, { monthly, monthlyUnlimited })} />
                          </OField>
                        </td>
                      )}
                      {form.annualOn && (
                        <td>
                          <OField label="" target={`pricing.dimensions.${i}.included.P1Y`}>
                            <IncludedInput label={`Dimension ${i + 1} included annually`} value={d.annual} unlimited={d.annualUnlimited} onChange={(annual, annualUnlimited) => setDim(i, { annual, annualUnlimited })} />
                          </OField>
                        </td>
                      )}
                      <td className="row-actions">
                        <button type="button" className="btn btn-link btn-danger-text" onClick={() => set({ dimensions: form.dimensions.filter((_, j) => j !== i) })}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {form.dimensions.length < 30 && (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => set({ dimensions: [...form.dimensions, { id: '', displayName: '', unitOfMeasure: '', priceUsd: '', monthly: '0', monthlyUnlimited: false, annual: '0', annualUnlimited: false }] })}
              >
                + Add a dimension
              </button>
            )}
          </div>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Free trial</legend>
        <OField label="" target="freeTrial" hint={hasDimensions ? 'Not available: a plan with metered dimensions cannot have a free trial. Remove the dimensions to offer one.' : 'One month free; it cannot be turned off once the plan is published.'}>
          <label className="checkbox-inline">
            <input type="checkbox" checked={form.freeTrial && !hasDimensions} disabled={hasDimensions} onChange={(e) => set({ freeTrial: e.target.checked })} />
            Allow a one-month free trial
          </label>
        </OField>
      </fieldset>

      <fieldset className="group">
        <legend>Plan visibility</legend>
        <OField label="" target="visibility" hint="A private plan is offered only to the customer tenants in its audience. A published public plan can never become private.">
          <div className="radio-list" role="radiogroup" aria-label="Plan visibility">
            <label className="radio">
              <input type="radio" name="visibility" checked={form.visibility === 'public'} onChange={() => set({ visibility: 'public' })} />
              Public
            </label>
            <label className="radio">
              <input type="radio" name="visibility" checked={form.visibility === 'private'} onChange={() => set({ visibility: 'private' })} />
              Private
            </label>
          </div>
        </OField>
        {form.visibility === 'private' && plan.sections.pricingAndAvailability.visibility !== 'private' && <p className="hint">Save draft to make the plan private; then add its audience below.</p>}
      </fieldset>
    </TabForm>
  );
}

function IncludedInput({ label, value, unlimited, onChange }: { label: string; value: string; unlimited: boolean; onChange: (value: string, unlimited: boolean) => void }) {
  return (
    <div className="included">
      <input aria-label={label} type="number" min={0} disabled={unlimited} value={unlimited ? '' : value} onChange={(e) => onChange(e.target.value, false)} />
      <label className="checkbox-inline">
        <input type="checkbox" checked={unlimited} onChange={(e) => onChange(value, e.target.checked)} aria-label={`${label}: unlimited`} />
        Unlimited
      </label>
    </div>
  );
}

// ---- Private audience ----

const MANUAL_MAX = 10;
const CSV_MAX = 20_000;


/** The audience of a private plan; `onChanged` re-reads the plan (its status depends on the audience). */
function PrivateAudience({ plan, url, onChanged }: { plan: PlanDetail; url: string; onChanged: () => void }) {
  const offer = useOffer();
  const list = useApi<{ members: AudienceMember[] }>(`${url}/audience`);
  const [rows, setRows] = useState<AudienceMember[]>([{ tenantId: '', description: '' }]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ file: string; members: AudienceMember[]; skipped: number } | undefined>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  const members = list.data?.members ?? [];
  const canChange = offer.account.actions.includes('pricing.write');

  const write = async (method: 'POST' | 'PUT' | 'DELETE', target: string, body?: unknown) => {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const r = await api.request<{ offerVersion?: number; members: AudienceMember[] }>(method, target, { body, headers: offer.ifMatch() });
      list.setData({ members: r.data.members });
      offer.applyVersion(r.data.offerVersion, r.headers);
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const toAdd = rows.filter((r) => r.tenantId.trim()).map((r) => ({ tenantId: r.tenantId.trim(), description: r.description.trim() }));
    if (toAdd.length === 0) return;
    if (await write('POST', `${url}/audience`, { members: toAdd })) {
      setRows([{ tenantId: '', description: '' }]);
      setNote(`Added ${toAdd.length} tenant${toAdd.length === 1 ? '' : 's'}.`);
    }
  };
  const importFile = async (file: File) => {
    const parsed = audienceFromCsv(await file.text());
    setPending({ file: file.name, ...parsed });
  };
  const exportCsv = () => {
    const text = ['ID,Description,Type', ...members.map((m) => `${csvCell(m.tenantId)},${csvCell(m.description)},TenantID`)].join('\r\n');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    a.download = `${plan.planId}-audience.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section className="card" aria-labelledby="audience-title" data-testid="private-audience">
      <div className="card-head">
        <h3 id="audience-title">Private plan audience</h3>
        <span className="muted">{list.data ? `${members.length} tenant${members.length === 1 ? '' : 's'}` : ''}</span>
      </div>
      <p className="hint">
        Customer tenants (Azure AD tenant IDs) who can see and buy this plan. The storefront uses the audience as it was when the plan went live; after editing
        the audience of a live plan, select Sync private audience on the Plan overview to publish only the audience (no certification).
      </p>
      {plan.state === 'live' && plan.liveAudienceSize !== null && (
        <p className="muted" data-testid="live-audience">
          On the storefront: {plan.liveAudienceSize} tenant{plan.liveAudienceSize === 1 ? '' : 's'}
          {plan.audienceSyncPending ? ' — your changes are waiting for Sync private audience.' : ' — up to date.'}
        </p>
      )}
      <WriteError error={error} onReload={offer.reload} />
      {note && <Notice tone="success">{note}</Notice>}
      {list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : members.length === 0 ? (
        <p className="muted">No tenants yet.</p>
      ) : (
        <div className="scroll-box">
          <table className="table compact" data-testid="audience-table">
            <thead>
              <tr>
                <th>Tenant ID</th>
                <th>Description</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {members.slice(0, 200).map((m) => (
                <tr key={m.tenantId}>
                  <td>
                    <code>{m.tenantId}</code>
                  </td>
                  <td>{m.description}</td>
                  <td className="row-actions">
                    <ConfirmButton label="Remove" confirmLabel="Remove tenant" onConfirm={async () => void (await write('DELETE', `${url}${path`/audience/${m.tenantId}`}`))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {members.length > 200 && <p className="muted">…and {members.length - 200} more (export the CSV to see them all).</p>}
        </div>
      )}

      <h4>Add tenants</h4>
      <FieldIssuesProvider error={error}>
        <FieldMessages target="members" />
        {rows.map((r, i) => (
          <div key={i} className="form-row">
            <OField label={i === 0 ? 'Tenant ID' : ''} target={`members.${i}.tenantId`}>
              <input aria-label={`Tenant ID ${i + 1}`} className="input-guid" value={r.tenantId} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, tenantId: e.target.value } : x)))} />
            </OField>
            <OField label={i === 0 ? 'Description' : ''} target={`members.${i}.description`}>
              <input aria-label={`Tenant description ${i + 1}`} maxLength={256} value={r.description} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))} />
            </OField>
          </div>
        ))}
      </FieldIssuesProvider>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-small" disabled={rows.length >= MANUAL_MAX} onClick={() => setRows([...rows, { tenantId: '', description: '' }])}>
          + Another row
        </button>
        <button type="button" className="btn btn-primary btn-small" disabled={busy || !canChange || !rows.some((r) => r.tenantId.trim())} onClick={() => void add()}>
          Add to audience
        </button>
        <span className="hint">Up to {MANUAL_MAX} at a time by hand.</span>
      </div>

      <h4>Import or export a CSV</h4>
      <p className="hint">Columns ID, Description, Type (Type = TenantID); up to {CSV_MAX.toLocaleString()} rows. Importing replaces the whole audience.</p>
      {pending ? (
        <div className="alert alert-warning" role="alert">
          {pending.members.length > CSV_MAX ? (
            <>
              {pending.file} has {pending.members.length.toLocaleString()} tenant ids; an audience has at most {CSV_MAX.toLocaleString()}.
              <div className="form-actions">
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setPending(undefined)}>
                  OK
                </button>
              </div>
            </>
          ) : (
            <>
              Replace the audience ({members.length} tenant{members.length === 1 ? '' : 's'}) with the {pending.members.length.toLocaleString()} tenant id
              {pending.members.length === 1 ? '' : 's'} in {pending.file}?{pending.skipped ? ` ${pending.skipped} row(s) of another type are skipped.` : ''}
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  disabled={busy}
                  onClick={() =>
                    void write('PUT', `${url}/audience`, { members: pending.members }).then((ok) => {
                      if (ok) setNote(`Imported ${pending.members.length} tenant ids from ${pending.file}.`);
                      setPending(undefined);
                    })
                  }
                >
                  Replace audience
                </button>
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setPending(undefined)}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      ) : (
        <div className="form-actions">
          <CsvImportButton label="Import audience (CSV)" disabled={!canChange} onFile={(file) => void importFile(file)} />
          <button type="button" className="btn btn-link" onClick={exportCsv} disabled={members.length === 0}>
            Export audience (CSV)
          </button>
        </div>
      )}
    </section>
  );
}

// ---- Prices per market (being built: degrades on 404) ----

const TERM_LABEL: Record<string, string> = { P1M: 'Monthly', P1Y: 'Annual' };

function PriceGrid({ url, plan }: { url: string; plan: PlanDetail }) {
  const offer = useOffer();
  const prices = useApi<PriceRow[] | { prices?: PriceRow[]; rows?: PriceRow[] }>(`${url}/prices`);
  // Reload when the plan is saved: prices follow the USD prices and the markets.
  const seenVersion = useRef(plan.offerVersion);
  const { reload } = prices;
  useEffect(() => {
    if (seenVersion.current === plan.offerVersion) return;
    seenVersion.current = plan.offerVersion;
    reload();
  }, [plan.offerVersion, reload]);
  const [query, setQuery] = useState('');
  const [importError, setImportError] = useState<unknown>(undefined);
  const [imported, setImported] = useState<string | undefined>(undefined);
  const missing = isMissingRoute(prices.error);
  const rows: PriceRow[] = Array.isArray(prices.data) ? prices.data : (prices.data?.prices ?? prices.data?.rows ?? []);

  const columns = [...new Set(rows.map((r) => `${r.term}|${r.dimensionId ?? ''}`))];
  const byMarket = new Map<string, Map<string, PriceRow>>();
  for (const r of rows) {
    const m = byMarket.get(r.market) ?? new Map<string, PriceRow>();
    m.set(`${r.term}|${r.dimensionId ?? ''}`, r);
    byMarket.set(r.market, m);
  }
  const q = query.trim().toLowerCase();
  const markets = [...byMarket.keys()].filter((m) => !q || m.toLowerCase() === q || marketName(m).toLowerCase().includes(q));

  const importPrices = async (file: File) => {
    setImportError(undefined);
    setImported(undefined);
    try {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const r = await api.request('PUT', `${url}/prices/import`, { raw: file, contentType: file.type || type, headers: offer.ifMatch() });
      offer.applyVersion((r.data as { offerVersion?: number } | undefined)?.offerVersion, r.headers);
      setImported(`Imported ${file.name}.`);
      prices.reload();
    } catch (e) {
      setImportError(e);
    }
  };

  return (
    <section className="card" aria-labelledby="prices-title" data-testid="price-grid">
      <div className="card-head">
        <h3 id="prices-title">Prices per market</h3>
        {!missing && !prices.error && (
          <div className="button-row">
            <a className="btn btn-secondary btn-small" href={`${url}/prices/export`} download>
              Export prices (xlsx)
            </a>
            <label className="btn btn-secondary btn-small file-button">
              Import prices
              <input
                type="file"
                accept=".xlsx,.csv"
                className="sr-only"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void importPrices(file);
                }}
              />
            </label>
          </div>
        )}
      </div>
      {missing ? (
        <RouteError error={prices.error} what="The per-market price list" />
      ) : prices.error ? (
        <ErrorMessage error={prices.error} onRetry={prices.reload} />
      ) : !prices.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="muted">No prices yet: choose markets and set a price, then Save draft.</p>
      ) : (
        <>
          <WriteError error={importError} onReload={offer.reload} />
          {imported && <Notice tone="success">{imported}</Notice>}
          <input type="search" aria-label="Filter markets" placeholder="Filter markets" value={query} onChange={(e) => setQuery(e.target.value)} />
          <div className="scroll-box">
            <table className="table compact" data-testid="price-table">
              <thead>
                <tr>
                  <th>Market</th>
                  <th>Currency</th>
                  {columns.map((c) => {
                    const [term, dim] = c.split('|');
                    return <th key={c}>{dim ? `${dim} (per unit)` : (TERM_LABEL[term!] ?? term)}</th>;
                  })}
                </tr>
              </thead>
              <tbody>
                {markets.map((m) => {
                  const cells = byMarket.get(m)!;
                  const first = [...cells.values()][0];
                  return (
                    <tr key={m}>
                      <td>
                        {marketName(m)} <span className="muted">({m})</span>
                      </td>
                      <td>{first?.currency}</td>
                      {columns.map((c) => {
                        const cell = cells.get(c);
                        return (
                          <td key={c} title={cell ? `source: ${cell.source}` : undefined} className={cell?.source && cell.source !== 'converted' ? 'price-override' : undefined}>
                            {cell ? String(cell.amount) : '—'}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
