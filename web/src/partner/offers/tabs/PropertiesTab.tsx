import { FieldMessages, OField, TabForm, defined, opt } from '../common.js';
import { CATEGORIES, CATEGORY_LIMITS, INDUSTRIES, STORE_NAMES, type Store } from '../taxonomy.js';
import type { PropertiesValue } from '../types.js';
import { useSaveTab, useTabValue, type TabPageProps } from './shared.js';

type Form = PropertiesValue & { appVersion: string; legal: PropertiesValue['legal'] & { universalAmendment: string; termsAndConditions: string } };

const toForm = (v: PropertiesValue): Form => ({
  categories: (v.categories ?? []).map((c) => ({ ...c, subcategoryIds: [...c.subcategoryIds] })),
  industries: (v.industries ?? []).map((i) => ({ ...i, verticalIds: [...i.verticalIds] })),
  appVersion: v.appVersion ?? '',
  legal: {
    contract: v.legal?.contract,
    universalAmendment: v.legal?.universalAmendment ?? '',
    customAmendments: (v.legal?.customAmendments ?? []).map((a) => ({ terms: a.terms, tenants: a.tenants.map((t) => ({ ...t })) })),
    termsAndConditions: v.legal?.termsAndConditions ?? '',
  },
});

function toValue(f: Form): PropertiesValue {
  const standard = f.legal.contract === 'StandardContract';
  return defined({
    categories: f.categories.filter((c) => c.categoryId),
    industries: f.industries.filter((i) => i.industryId),
    appVersion: opt(f.appVersion),
    legal: defined({
      contract: f.legal.contract,
      universalAmendment: standard ? opt(f.legal.universalAmendment) : undefined,
      customAmendments: standard
        ? f.legal.customAmendments.map((a) => ({ terms: a.terms, tenants: a.tenants.map((t) => defined({ tenantId: t.tenantId.trim(), description: opt(t.description) })) }))
        : [],
      termsAndConditions: f.legal.contract === 'CustomTerms' ? opt(f.legal.termsAndConditions) : undefined,
    }),
  });
}

const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
const EMPTY_INDUSTRIES = INDUSTRIES.filter((i) => i.verticals.length === 0).map((i) => i.name);

export function PropertiesTab({ view }: TabPageProps) {
  const [form, setForm] = useTabValue(view, toForm);
  const save = useSaveTab('properties');
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const setLegal = (patch: Partial<Form['legal']>) => set({ legal: { ...form.legal, ...patch } });

  const setCategory = (i: number, patch: Partial<Form['categories'][number]>) => set({ categories: form.categories.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const setIndustry = (i: number, patch: Partial<Form['industries'][number]>) => set({ industries: form.industries.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const amendments = form.legal.customAmendments;
  const setAmendment = (i: number, patch: Partial<(typeof amendments)[number]>) => setLegal({ customAmendments: amendments.map((a, j) => (j === i ? { ...a, ...patch } : a)) });

  return (
    <TabForm
      title="Properties"
      subtitle="Categories decide the online stores the offer is listed on; industries help customers filter; the legal terms apply to every purchase."
      status={view.status}
      missing={view.missing}
      onSave={() => save(toValue(form))}
      testId="tab-properties"
    >
      <fieldset className="group">
        <legend>Categories</legend>
        <p className="hint">
          A primary category and an optional secondary one, each with up to {CATEGORY_LIMITS.maxSubcategoriesPerCategory} subcategories.
        </p>
        <FieldMessages target="categories" />
        {form.categories.map((c, i) => {
          const options = CATEGORIES[c.store] ?? [];
          const category = options.find((x) => x.id === c.categoryId);
          return (
            <div key={i} className="row-card" data-testid={`category-${i}`}>
              <div className="row-card-head">
                <strong>{i === 0 ? 'Primary category' : 'Secondary category'}</strong>
                <button type="button" className="btn btn-link btn-danger-text" onClick={() => set({ categories: form.categories.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </div>
              <div className="form-row">
                <OField label="Store" target={`categories.${i}.store`} htmlFor={`cat-store-${i}`}>
                  <select id={`cat-store-${i}`} value={c.store} onChange={(e) => setCategory(i, { store: e.target.value as Store, categoryId: '', subcategoryIds: [] })}>
                    {(Object.keys(STORE_NAMES) as Store[]).map((s) => (
                      <option key={s} value={s}>
                        {STORE_NAMES[s]}
                      </option>
                    ))}
                  </select>
                </OField>
                <OField label="Category" target={`categories.${i}.categoryId`} htmlFor={`cat-${i}`}>
                  <select id={`cat-${i}`} value={c.categoryId} onChange={(e) => setCategory(i, { categoryId: e.target.value, subcategoryIds: [] })}>
                    <option value="">Choose a category</option>
                    {options.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                </OField>
              </div>
              {category && (
                <OField label={category.subcategories.length ? `Subcategories of ${category.name} (up to 2)` : 'Subcategories'} target={`categories.${i}.subcategoryIds`}>
                  {category.subcategories.length === 0 ? (
                    <span className="muted">{category.name} has no subcategories.</span>
                  ) : (
                    <div className="check-grid">
                      {category.subcategories.map((s) => {
                        const on = c.subcategoryIds.includes(s.id);
                        return (
                          <label key={s.id} className="checkbox-inline">
                            <input
                              type="checkbox"
                              checked={on}
                              disabled={!on && c.subcategoryIds.length >= CATEGORY_LIMITS.maxSubcategoriesPerCategory}
                              onChange={(e) => setCategory(i, { subcategoryIds: toggle(c.subcategoryIds, s.id, e.target.checked) })}
                            />
                            {s.name}
                          </label>
                        );
                      })}
                    </div>
                  )}
                </OField>
              )}
            </div>
          );
        })}
        {form.categories.length < CATEGORY_LIMITS.maxCategories && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => set({ categories: [...form.categories, { store: 'AppSource', categoryId: '', subcategoryIds: [] }] })}>
            + {form.categories.length === 0 ? 'Add a category' : 'Add a secondary category'}
          </button>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Industries (optional)</legend>
        <p className="hint">
          Up to {CATEGORY_LIMITS.maxIndustries} industries, each with 1 or 2 verticals. {EMPTY_INDUSTRIES.join(', ')} have no verticals in the taxonomy, and the catalog asks
          for at least one, so they cannot be chosen yet.
        </p>
        <FieldMessages target="industries" />
        {form.industries.map((ind, i) => {
          const industry = INDUSTRIES.find((x) => x.id === ind.industryId);
          return (
            <div key={i} className="row-card" data-testid={`industry-${i}`}>
              <div className="row-card-head">
                <strong>Industry {i + 1}</strong>
                <button type="button" className="btn btn-link btn-danger-text" onClick={() => set({ industries: form.industries.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </div>
              <OField label="Industry" target={`industries.${i}.industryId`} htmlFor={`ind-${i}`}>
                <select id={`ind-${i}`} value={ind.industryId} onChange={(e) => setIndustry(i, { industryId: e.target.value, verticalIds: [] })}>
                  <option value="">Choose an industry</option>
                  {INDUSTRIES.map((x) => (
                    <option key={x.id} value={x.id} disabled={x.verticals.length === 0}>
                      {x.name}
                      {x.verticals.length === 0 ? ' (no verticals)' : ''}
                    </option>
                  ))}
                </select>
              </OField>
              {industry && industry.verticals.length > 0 && (
                <OField label="Verticals (1 or 2)" target={`industries.${i}.verticalIds`}>
                  <div className="check-grid">
                    {industry.verticals.map((v) => {
                      const on = ind.verticalIds.includes(v.id);
                      return (
                        <label key={v.id} className="checkbox-inline">
                          <input
                            type="checkbox"
                            checked={on}
                            disabled={!on && ind.verticalIds.length >= CATEGORY_LIMITS.maxVerticalsPerIndustry}
                            onChange={(e) => setIndustry(i, { verticalIds: toggle(ind.verticalIds, v.id, e.target.checked) })}
                          />
                          {v.name}
                        </label>
                      );
                    })}
                  </div>
                </OField>
              )}
            </div>
          );
        })}
        {form.industries.length < CATEGORY_LIMITS.maxIndustries && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => set({ industries: [...form.industries, { industryId: '', verticalIds: [] }] })}>
            + Add an industry
          </button>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>App version (optional)</legend>
        <OField label="App version" target="appVersion" htmlFor="appVersion" hint="Shown on the listing; up to 64 characters.">
          <input id="appVersion" maxLength={64} value={form.appVersion} onChange={(e) => set({ appVersion: e.target.value })} />
        </OField>
      </fieldset>

      <fieldset className="group">
        <legend>Legal</legend>
        <OField label="Terms" target="legal.contract" required>
          <div className="radio-list" role="radiogroup" aria-label="Terms">
            <label className="radio">
              <input type="radio" name="contract" checked={form.legal.contract === 'StandardContract'} onChange={() => setLegal({ contract: 'StandardContract' })} />
              Use the Standard Contract for Microsoft&apos;s commercial marketplace
            </label>
            <label className="radio">
              <input type="radio" name="contract" checked={form.legal.contract === 'CustomTerms'} onChange={() => setLegal({ contract: 'CustomTerms' })} />
              Use my own terms and conditions
            </label>
          </div>
        </OField>
        {form.legal.contract === 'CustomTerms' && (
          <OField label="Terms and conditions" target="legal.termsAndConditions" htmlFor="terms" required hint="Up to 10,000 characters.">
            <textarea id="terms" rows={6} maxLength={10000} value={form.legal.termsAndConditions} onChange={(e) => setLegal({ termsAndConditions: e.target.value })} />
          </OField>
        )}
        {form.legal.contract === 'StandardContract' && (
          <>
            <OField label="Universal amendment terms (optional)" target="legal.universalAmendment" htmlFor="universal" hint="Apply to every customer.">
              <textarea id="universal" rows={3} value={form.legal.universalAmendment} onChange={(e) => setLegal({ universalAmendment: e.target.value })} />
            </OField>
            <h4>Custom amendment terms (optional)</h4>
            <p className="hint">Up to 10 amendments, each for up to 20 customer tenants.</p>
            {amendments.map((a, i) => (
              <div key={i} className="row-card">
                <div className="row-card-head">
                  <strong>Amendment {i + 1}</strong>
                  <button type="button" className="btn btn-link btn-danger-text" onClick={() => setLegal({ customAmendments: amendments.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                </div>
                <OField label="Terms" target={`legal.customAmendments.${i}.terms`} htmlFor={`am-${i}`}>
                  <textarea id={`am-${i}`} rows={3} maxLength={4000} value={a.terms} onChange={(e) => setAmendment(i, { terms: e.target.value })} />
                </OField>
                <FieldMessages target={`legal.customAmendments.${i}.tenants`} />
                {a.tenants.map((t, j) => (
                  <div key={j} className="form-row">
                    <OField label="Tenant ID" target={`legal.customAmendments.${i}.tenants.${j}.tenantId`} htmlFor={`am-${i}-t-${j}`}>
                      <input
                        id={`am-${i}-t-${j}`}
                        className="input-guid"
                        value={t.tenantId}
                        onChange={(e) => setAmendment(i, { tenants: a.tenants.map((x, k) => (k === j ? { ...x, tenantId: e.target.value } : x)) })}
                      />
                    </OField>
                    <OField label="Description" target={`legal.customAmendments.${i}.tenants.${j}.description`} htmlFor={`am-${i}-d-${j}`}>
                      <input
                        id={`am-${i}-d-${j}`}
                        maxLength={256}
                        value={t.description ?? ''}
                        onChange={(e) => setAmendment(i, { tenants: a.tenants.map((x, k) => (k === j ? { ...x, description: e.target.value } : x)) })}
                      />
                    </OField>
                    <div className="field field-button">
                      <button type="button" className="btn btn-link btn-danger-text" onClick={() => setAmendment(i, { tenants: a.tenants.filter((_, k) => k !== j) })}>
                        Remove
                      </button>
                    </div>
                  </div>
                ))}
                {a.tenants.length < 20 && (
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setAmendment(i, { tenants: [...a.tenants, { tenantId: '', description: '' }] })}>
                    + Add a tenant
                  </button>
                )}
              </div>
            ))}
            {amendments.length < 10 && (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setLegal({ customAmendments: [...amendments, { terms: '', tenants: [{ tenantId: '', description: '' }] }] })}>
                + Add a custom amendment
              </button>
            )}
          </>
        )}
      </fieldset>
    </TabForm>
  );
}
