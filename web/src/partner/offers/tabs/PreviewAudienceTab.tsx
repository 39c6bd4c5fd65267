import { useState } from 'react';
import { FieldMessages, OField, TabForm, csvCell, defined, opt, parseCsv } from '../common.js';
import type { PreviewAudienceValue } from '../types.js';
import { useSaveTab, useTabValue, type TabPageProps } from './shared.js';

const MANUAL_MAX = 10;
const CSV_MAX = 20;

type Form = { id: string; description: string }[];

const toForm = (v: PreviewAudienceValue): Form => (v.members ?? []).map((m) => ({ id: m.id, description: m.description ?? '' }));
const toValue = (f: Form): PreviewAudienceValue => ({
  members: f.filter((m) => m.id.trim() || m.description.trim()).map((m) => defined({ id: m.id.trim(), description: opt(m.description) })),
});

/** Rows of a preview audience CSV: "ID,Description" (a header row is skipped). */
export function previewAudienceFromCsv(text: string): Form {
  const rows = parseCsv(text);
  if (rows[0] && /^(id|email)$/i.test(rows[0][0]?.trim() ?? '')) rows.shift();
  return rows.map((r) => ({ id: (r[0] ?? '').trim(), description: (r[1] ?? '').trim() }));
}

export function PreviewAudienceTab({ view }: TabPageProps) {
  const [members, setMembers] = useTabValue(view, toForm);
  const save = useSaveTab('previewAudience');
  const [importNote, setImportNote] = useState<string | undefined>(undefined);

  const importCsv = async (file: File) => {
    const rows = previewAudienceFromCsv(await file.text());
    if (rows.length > CSV_MAX) {
      setImportNote(`The file has ${rows.length} rows; a preview audience has at most ${CSV_MAX}. Nothing was imported.`);
      return;
    }
    setMembers(rows);
    setImportNote(`Imported ${rows.length} member${rows.length === 1 ? '' : 's'} from ${file.name}: Save draft to keep them.`);
  };
  const exportCsv = () => {
    const text = ['ID,Description', ...members.map((m) => `${csvCell(m.id)},${csvCell(m.description)}`)].join('\r\n');
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
        <label className="btn btn-secondary btn-small file-button">
          Import audience (CSV)
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importCsv(file);
            }}
          />
        </label>
        <button type="button" className="btn btn-link" onClick={exportCsv} disabled={members.length === 0}>
          Export audience (CSV)
        </button>
      </div>
      <p className="hint">
        Up to {MANUAL_MAX} entered here, or up to {CSV_MAX} by importing a CSV with the columns ID, Description (it replaces the list).
      </p>
      {importNote && (
        <p className="muted" role="status">
          {importNote}
        </p>
      )}
    </TabForm>
  );
}
