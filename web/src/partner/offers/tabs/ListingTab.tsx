import { useState } from 'react';
import { FieldMessages, OField, TabForm, defined, opt } from '../common.js';
import { MediaUpload } from '../media.js';
import type { Contact, ListingValue } from '../types.js';
import { useSaveTab, useTabValue, type TabPageProps } from './shared.js';

interface ContactForm {
  name: string;
  email: string;
  phone: string;
  url: string;
}

interface Form {
  name: string;
  searchResultsSummary: string;
  shortDescription: string;
  description: string;
  gettingStartedInstructions: string;
  searchKeywords: [string, string, string];
  privacyPolicyUrl: string;
  usefulLinks: { title: string; url: string }[];
  support: ContactForm;
  engineering: ContactForm;
  cspProgram: ContactForm;
  cspMarketingMaterialsUrl: string;
  supportingDocuments: { name: string; mediaId: string }[];
  media: ListingValue['media'];
}

const contactForm = (c: (Contact & { url?: string }) | undefined): ContactForm => ({ name: c?.name ?? '', email: c?.email ?? '', phone: c?.phone ?? '', url: c?.url ?? '' });

const toForm = (v: ListingValue): Form => ({
  name: v.name ?? '',
  searchResultsSummary: v.searchResultsSummary ?? '',
  shortDescription: v.shortDescription ?? '',
  description: v.description ?? '',
  gettingStartedInstructions: v.gettingStartedInstructions ?? '',
  searchKeywords: [v.searchKeywords?.[0] ?? '', v.searchKeywords?.[1] ?? '', v.searchKeywords?.[2] ?? ''],
  privacyPolicyUrl: v.privacyPolicyUrl ?? '',
  usefulLinks: (v.usefulLinks ?? []).map((l) => ({ ...l })),
  support: contactForm(v.contacts?.support),
  engineering: contactForm(v.contacts?.engineering),
  cspProgram: contactForm(v.contacts?.cspProgram),
  cspMarketingMaterialsUrl: v.cspMarketingMaterialsUrl ?? '',
  supportingDocuments: (v.supportingDocuments ?? []).map((d) => ({ ...d })),
  media: {
    ...v.media,
    screenshots: (v.media?.screenshots ?? []).map((s) => ({ ...s })),
    videos: (v.media?.videos ?? []).map((x) => ({ ...x })),
  },
});

function contactValue(c: ContactForm, withUrl: boolean): (Contact & { url?: string }) | undefined {
  const out = defined({ name: opt(c.name), email: opt(c.email), phone: opt(c.phone), url: withUrl ? opt(c.url) : undefined });
  return Object.keys(out).length ? out : undefined;
}

function toValue(f: Form): ListingValue {
  return defined({
    name: opt(f.name),
    searchResultsSummary: opt(f.searchResultsSummary),
    shortDescription: opt(f.shortDescription),
    description: opt(f.description),
    gettingStartedInstructions: opt(f.gettingStartedInstructions),
    searchKeywords: f.searchKeywords.map((k) => k.trim()).filter(Boolean),
    privacyPolicyUrl: opt(f.privacyPolicyUrl),
    usefulLinks: f.usefulLinks.filter((l) => l.title.trim() || l.url.trim()).map((l) => ({ title: l.title.trim(), url: l.url.trim() })),
    contacts: defined({ support: contactValue(f.support, true), engineering: contactValue(f.engineering, false), cspProgram: contactValue(f.cspProgram, false) }),
    cspMarketingMaterialsUrl: opt(f.cspMarketingMaterialsUrl),
    supportingDocuments: f.supportingDocuments,
    media: defined({
      logoLarge: f.media.logoLarge,
      logoMedium: f.media.logoMedium,
      logoSmall: f.media.logoSmall,
      screenshots: f.media.screenshots.map((s) => defined({ mediaId: s.mediaId, caption: opt(s.caption) })),
      videos: f.media.videos,
    }),
  });
}

/** Characters of the description as the server counts them (markup included); the server sanitizes, so this is a guide. */
const count = (s: string, max: number) => (
  <span className={s.length > max ? 'counter over' : 'counter'}>
    {s.length.toLocaleString()} / {max.toLocaleString()}
  </span>
);

export function ListingTab({ view }: TabPageProps) {
  const [form, setForm] = useTabValue(view, toForm);
  const save = useSaveTab('listing');
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const setMedia = (patch: Partial<Form['media']>) => set({ media: { ...form.media, ...patch } });
  const [docName, setDocName] = useState('');

  const text = (key: 'name' | 'searchResultsSummary' | 'shortDescription' | 'privacyPolicyUrl' | 'cspMarketingMaterialsUrl', label: string, max: number, opts: { required?: boolean; hint?: string; type?: string } = {}) => (
    <OField label={label} target={key} htmlFor={`listing-${key}`} required={opts.required} hint={opts.hint}>
      <input id={`listing-${key}`} type={opts.type ?? 'text'} maxLength={max} value={form[key]} onChange={(e) => set({ [key]: e.target.value } as Partial<Form>)} />
    </OField>
  );
  const contact = (role: 'support' | 'engineering' | 'cspProgram', title: string, required: boolean) => {
    const c = form[role];
    const setC = (patch: Partial<ContactForm>) => set({ [role]: { ...c, ...patch } } as Partial<Form>);
    return (
      <div className="row-card" data-testid={`contact-${role}`}>
        <strong>{title}</strong>
        <div className="form-row">
          <OField label="Name" target={`contacts.${role}.name`} htmlFor={`${role}-name`} required={required}>
            <input id={`${role}-name`} maxLength={100} value={c.name} onChange={(e) => setC({ name: e.target.value })} />
          </OField>
          <OField label="Email" target={`contacts.${role}.email`} htmlFor={`${role}-email`} required={required}>
            <input id={`${role}-email`} type="email" maxLength={254} value={c.email} onChange={(e) => setC({ email: e.target.value })} />
          </OField>
          <OField label="Phone" target={`contacts.${role}.phone`} htmlFor={`${role}-phone`} required={required}>
            <input id={`${role}-phone`} type="tel" maxLength={50} value={c.phone} onChange={(e) => setC({ phone: e.target.value })} />
          </OField>
          {role === 'support' && (
            <OField label="Support URL" target="contacts.support.url" htmlFor="support-url" required>
              <input id="support-url" type="url" maxLength={2048} value={c.url} onChange={(e) => setC({ url: e.target.value })} />
            </OField>
          )}
        </div>
      </div>
    );
  };

  return (
    <TabForm title="Offer listing" subtitle="What customers see on the storefront (English)." status={view.status} missing={view.missing} onSave={() => save(toValue(form))} testId="tab-listing">
      <fieldset className="group">
        <legend>Marketplace details</legend>
        {text('name', 'Name', 50, { required: true, hint: 'Up to 50 characters.' })}
        {text('searchResultsSummary', 'Search results summary', 50, { required: true, hint: 'Shown under the name in search results; up to 50 characters.' })}
        {text('shortDescription', 'Short description', 256, { hint: 'Optional; up to 256 characters.' })}
        <OField
          label="Description"
          target="description"
          htmlFor="listing-description"
          required
          hint={
            <>
              HTML: p, em, ul, li, ol, h1–h6, strong, b, i, br and similar tags; scripts and styles are removed. At most 3,000 characters including markup after cleaning.{' '}
              {count(form.description, 3000)}
            </>
          }
        >
          <textarea id="listing-description" rows={8} value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </OField>
        <OField
          label="Getting started instructions"
          target="gettingStartedInstructions"
          htmlFor="listing-gettingStarted"
          required
          hint={<>How customers connect after buying. {count(form.gettingStartedInstructions, 3000)}</>}
        >
          <textarea id="listing-gettingStarted" rows={4} maxLength={3000} value={form.gettingStartedInstructions} onChange={(e) => set({ gettingStartedInstructions: e.target.value })} />
        </OField>
        <OField label="Search keywords (optional)" target="searchKeywords" hint="Up to 3 keywords, each up to 50 characters.">
          <div className="form-row">
            {form.searchKeywords.map((k, i) => (
              <input
                key={i}
                aria-label={`Search keyword ${i + 1}`}
                maxLength={50}
                value={k}
                onChange={(e) => set({ searchKeywords: form.searchKeywords.map((x, j) => (j === i ? e.target.value : x)) as Form['searchKeywords'] })}
              />
            ))}
          </div>
        </OField>
      </fieldset>

      <fieldset className="group">
        <legend>Links</legend>
        {text('privacyPolicyUrl', 'Privacy policy link', 2048, { required: true, type: 'url', hint: 'https://' })}
        <h4>Useful links (optional)</h4>
        <FieldMessages target="usefulLinks" />
        {form.usefulLinks.map((l, i) => (
          <div key={i} className="form-row">
            <OField label="Title" target={`usefulLinks.${i}.title`} htmlFor={`link-title-${i}`}>
              <input id={`link-title-${i}`} maxLength={255} value={l.title} onChange={(e) => set({ usefulLinks: form.usefulLinks.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })} />
            </OField>
            <OField label="URL" target={`usefulLinks.${i}.url`} htmlFor={`link-url-${i}`}>
              <input id={`link-url-${i}`} type="url" maxLength={2048} value={l.url} onChange={(e) => set({ usefulLinks: form.usefulLinks.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) })} />
            </OField>
            <div className="field field-button">
              <button type="button" className="btn btn-link btn-danger-text" onClick={() => set({ usefulLinks: form.usefulLinks.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
          </div>
        ))}
        {form.usefulLinks.length < 25 && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => set({ usefulLinks: [...form.usefulLinks, { title: '', url: '' }] })}>
            + Add a link
          </button>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Contacts</legend>
        {contact('support', 'Support contact', true)}
        {contact('engineering', 'Engineering contact', true)}
        {contact('cspProgram', 'Cloud Solution Provider program contact (optional)', false)}
        {text('cspMarketingMaterialsUrl', 'CSP program marketing materials (optional)', 2048, { type: 'url', hint: 'https://' })}
      </fieldset>

      <fieldset className="group">
        <legend>Supporting documents</legend>
        <p className="hint">At least one PDF (up to 3): white papers, brochures, data sheets.</p>
        <FieldMessages target="supportingDocuments" />
        <MediaIdList
          items={form.supportingDocuments.map((d) => ({ label: d.name, mediaId: d.mediaId }))}
          onRemove={(i) => set({ supportingDocuments: form.supportingDocuments.filter((_, j) => j !== i) })}
          empty="No supporting documents yet."
          testId="documents"
        />
        {form.supportingDocuments.length < 3 && (
          <div className="form-row">
            <OField label="Document name" target="supportingDocuments.new" htmlFor="doc-name">
              <input id="doc-name" maxLength={100} value={docName} onChange={(e) => setDocName(e.target.value)} />
            </OField>
            <MediaUpload
              kind="supportingDocument"
              label="PDF file"
              onUploaded={(m, file) => {
                set({ supportingDocuments: [...form.supportingDocuments, { name: docName.trim() || file.name.replace(/\.pdf$/i, ''), mediaId: m.mediaId }] });
                setDocName('');
              }}
            />
          </div>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Marketplace media</legend>
        <h4>Logos</h4>
        <FieldMessages target="media.logoLarge" />
        <div className="media-grid">
          {(
            [
              ['logoLarge', 'Large logo (required)'],
              ['logoMedium', 'Medium logo (optional: made from the large one)'],
              ['logoSmall', 'Small logo (optional: made from the large one)'],
            ] as const
          ).map(([key, label]) => (
            <div key={key} className="media-slot" data-field-target={`media.${key}`}>
              <MediaIdList items={form.media[key] ? [{ label, mediaId: form.media[key]! }] : []} onRemove={() => setMedia({ [key]: undefined })} empty={`${label}: none yet.`} testId={`media-${key}`} />
              <MediaUpload kind={key} label={form.media[key] ? `Replace ${label.split(' (')[0]!.toLowerCase()}` : label} onUploaded={(m) => setMedia({ [key]: m.mediaId })} />
            </div>
          ))}
        </div>
        <h4>Screenshots</h4>
        <p className="hint">At least one, up to 5.</p>
        <FieldMessages target="media.screenshots" />
        {form.media.screenshots.length === 0 ? (
          <p className="muted" data-testid="media-screenshots">
            No screenshots yet.
          </p>
        ) : (
          <ul className="media-list" data-testid="media-screenshots">
            {form.media.screenshots.map((s, i) => (
              <li key={`${s.mediaId}-${i}`}>
                <code>{s.mediaId}</code>
                <OField label="" target={`media.screenshots.${i}.caption`}>
                  <input
                    aria-label={`Caption of screenshot ${i + 1}`}
                    placeholder="Caption (optional)"
                    maxLength={100}
                    value={s.caption ?? ''}
                    onChange={(e) => setMedia({ screenshots: form.media.screenshots.map((x, j) => (j === i ? { ...x, caption: e.target.value } : x)) })}
                  />
                </OField>
                <button type="button" className="btn btn-link btn-danger-text" onClick={() => setMedia({ screenshots: form.media.screenshots.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        {form.media.screenshots.length < 5 && <MediaUpload kind="screenshot" label="Add a screenshot" onUploaded={(m) => setMedia({ screenshots: [...form.media.screenshots, { mediaId: m.mediaId }] })} />}
        <h4>Videos (optional)</h4>
        <FieldMessages target="media.videos" />
        <VideoList form={form} setMedia={setMedia} />
      </fieldset>
    </TabForm>
  );
}

function MediaIdList({ items, onRemove, empty, testId }: { items: { label: string; mediaId: string }[]; onRemove: (i: number) => void; empty: string; testId: string }) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        {empty}
      </p>
    );
  return (
    <ul className="media-list" data-testid={testId}>
      {items.map((it, i) => (
        <li key={`${it.mediaId}-${i}`}>
          <span>{it.label}</span> <code>{it.mediaId}</code>
          <button type="button" className="btn btn-link btn-danger-text" onClick={() => onRemove(i)}>
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

function VideoList({ form, setMedia }: { form: Form; setMedia: (patch: Partial<Form['media']>) => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const videos = form.media.videos;
  return (
    <>
      {videos.length === 0 ? (
        <p className="muted">No videos.</p>
      ) : (
        <ul className="media-list">
          {videos.map((v, i) => (
            <li key={i} data-field-target={`media.videos.${i}`}>
              <span>{v.name}</span> <a href={v.url}>{v.url}</a> <span className="muted">thumbnail</span> <code>{v.thumbnailMediaId}</code>
              <FieldMessages target={`media.videos.${i}.url`} />
              <button type="button" className="btn btn-link btn-danger-text" onClick={() => setMedia({ videos: videos.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {videos.length < 4 && (
        <div className="form-row">
          <div className="field">
            <label htmlFor="video-name">Video name</label>
            <input id="video-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="video-url">YouTube or Vimeo link</label>
            <input id="video-url" type="url" maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)} />
          </div>
          <MediaUpload
            kind="videoThumbnail"
            label="Thumbnail (adds the video)"
            disabled={!name.trim() || !url.trim()}
            onUploaded={(m) => {
              setMedia({ videos: [...videos, { name: name.trim(), url: url.trim(), thumbnailMediaId: m.mediaId }] });
              setName('');
              setUrl('');
            }}
          />
        </div>
      )}
    </>
  );
}
