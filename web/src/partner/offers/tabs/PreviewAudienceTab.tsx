import { useState } from 'react';
import { CsvImportButton, FieldMessages, OField, TabForm, defined, opt } from '../common.js';
import { PREVIEW_AUDIENCE_TYPE, csvCell, previewAudienceFromCsv } from '../csv.js';
import type { PreviewAudienceValue } from '../types.js';
import { useSaveTab, useTabValue, type TabPageProps } from './shared.js';

const MANUAL_MAX = 10;
const CSV_MAX = 20;

type Form = { id: string; description: string }[];

const toForm = (v: PreviewAudienceValue): Form => (v.members ?? []).map((m) => ({ id: m.id, description: m.description ?? '' }));
const toValue = (f: Form): PreviewAudienceValue => ({
  members: f.filter((m) => m.id.trim() || m.description.trim()).map((m) => defined({ id: m.id.trim(), description: opt(m.description) })),
});


export function PreviewAudienceTab({ view }: TabPageProps) {
  const [members, setMembers] = useTabValue(view, toForm);
  const save = useSaveTab('previewAudience');
  const [importNote, setImportNote] = useState<string | undefined>(undefined);

  const [pending, setPending] = useState<{ file: string; members: Form; skipped: number } | undefined>(undefined);
  const readCsv = async (file: File) => {
    setImportNote(undefined);
    setPending({ file: file.name, ...previewAudienceFromCsv(await file.text()) });
  };
  const confirmImport = () => {
    if (!pending) return;
    setMembers(pending.members);
    const skipped = pending.skipped ? ` (${pending.skipped} row${pending.skipped === 1 ? '' : 's'} of another Type skipped)` : '';
    setImportNote(`Imported ${pending.members.length} member${pending.members.length === 1 ? '' : 's'} from ${pending.file}${skipped}: Save draft to keep them.`);
    setPending(undefined);
  };
  const exportCsv = () => {
    const text = ['ID,Description,Type', ...members.map((m) => `${csvCell(m.id)},${csvCell(m.description)},${PREVIEW_AUDIENCE_TYPE}`)].join('\r\n');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    a.download = 'preview-audience.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <TabForm
      title="Preview audience"
      subtitle="The people who can see the offer in Preview before it goes live: Microsoft accounts or Azure AD user principal names (emails)."
      status={view.status}
      missing={view.missing}
      onSave={() => save(toValue(members))}
      testId="tab-previewAudience"
    >
      <FieldMessages target="members" />
      <table className="table compact" data-testid="preview-audience">
        <thead>
          <tr>
            <th>Email</th>
            <th>Description (optional)</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {members.map((m, i) => (
            <tr key={i}>
              <td>
                <OField label="" target={`members.${i}.id`}>
                  <input aria-label={`Email ${i + 1}`} type="email" maxLength={254} value={m.id} onChange={(e) => setMembers(members.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)))} />
                </OField>
              </td>
              <td>
                <OField label="" target={`members.${i}.description`}>
                  <input
                    aria-label={`Description ${i + 1}`}
                    maxLength={256}
                    value={m.description}
                    onChange={(e) => setMembers(members.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))}
                  />
                </OField>
              </td>
              <td className="row-actions">
                <button type="button" className="btn btn-link btn-danger-text" onClick={() => setMembers(members.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-small" disabled={members.length >= MANUAL_MAX} onClick={() => setMembers([...members, { id: '', description: '' }])}>
          + Add an email
        </button>
        <CsvImportButton label="Import audience (CSV)" onFile={(file) => void readCsv(file)} />
        <button type="button" className="btn btn-link" onClick={exportCsv} disabled={members.length === 0}>
          Export audience (CSV)
        </button>
      </div>
      <p className="hint">
        Up to {MANUAL_MAX} entered here, or up to {CSV_MAX} by importing a CSV with the columns ID, Description, Type (Type = {PREVIEW_AUDIENCE_TYPE}). Export first to get the
        format; an import replaces the whole list.
      </p>
      {pending && (
        <div className="alert alert-warning" role="alert">
          {pending.members.length > CSV_MAX ? (
            <>
              <p>
                {pending.file} has {pending.members.length} members; a preview audience has at most {CSV_MAX}. Nothing was imported.
              </p>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setPending(undefined)}>
                Close
              </button>
            </>
          ) : (
            <>
              <p>
                Replace the preview audience with the {pending.members.length} member{pending.members.length === 1 ? '' : 's'} in {pending.file}?
                {pending.skipped > 0 && ` ${pending.skipped} row${pending.skipped === 1 ? '' : 's'} of another Type will be skipped.`}
              </p>
              <div className="form-actions">
                <button type="button" className="btn btn-primary btn-small" onClick={confirmImport}>
                  Yes
                </button>
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setPending(undefined)}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {importNote && (
        <p className="muted" role="status">
          {importNote}
        </p>
      )}
    </TabForm>
  );
}
