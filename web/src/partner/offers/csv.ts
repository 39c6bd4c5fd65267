/** Pure CSV helpers of the portal: parsing, quoting, and the two audience file formats (spec 06 §1.5, §2.3). */

/** Parses a CSV (RFC 4180: quotes, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Quotes a CSV cell when it needs it. */
export const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Tenant ids from an audience CSV: columns ID, Description, Type (rows whose Type is not TenantID are skipped). */
export function audienceFromCsv(text: string): { members: { tenantId: string; description: string }[]; skipped: number } {
  const rows = parseCsv(text);
  let idCol = 0;
  let descCol = 1;
  let typeCol = 2;
  const head = rows[0]?.map((c) => c.trim().toLowerCase());
  if (head && (head.includes('id') || head.includes('type'))) {
    rows.shift();
    idCol = Math.max(0, head.indexOf('id'));
    descCol = head.indexOf('description');
    typeCol = head.indexOf('type');
  }
  let skipped = 0;
  const members: { tenantId: string; description: string }[] = [];
  for (const r of rows) {
    const type = typeCol >= 0 ? (r[typeCol] ?? '').trim() : '';
    if (type && type.toLowerCase() !== 'tenantid') {
      skipped++;
      continue;
    }
    members.push({ tenantId: (r[idCol] ?? '').trim(), description: descCol >= 0 ? (r[descCol] ?? '').trim() : '' });
  }
  return { members, skipped };
}

/** The CSV Type of an email row. The reference prints it "MixedAadMsald" (L16445), an OCR slip that is accepted too. */
export const PREVIEW_AUDIENCE_TYPE = 'MixedAadMsaId';
const EMAIL_TYPES = new Set(['mixedaadmsaid', 'mixedaadmsald']);

/**
 * Rows of a preview audience CSV: the columns ID, Description, Type (Type = MixedAadMsaId) as the export writes them;
 * a header row is recognised by its names, and rows of another Type are skipped and counted.
 */
export function previewAudienceFromCsv(text: string): { members: { id: string; description: string }[]; skipped: number } {
  const rows = parseCsv(text).filter((r) => r.some((c) => c.trim()));
  let idCol = 0;
  let descCol = 1;
  let typeCol = 2;
  const head = rows[0]?.map((c) => c.trim().toLowerCase());
  if (head && (head.includes('id') || head.includes('email') || head.includes('type'))) {
    rows.shift();
    idCol = Math.max(0, head.includes('id') ? head.indexOf('id') : head.indexOf('email'));
    descCol = head.indexOf('description');
    typeCol = head.indexOf('type');
  }
  let skipped = 0;
  const members: { id: string; description: string }[] = [];
  for (const r of rows) {
    const type = typeCol >= 0 ? (r[typeCol] ?? '').trim().toLowerCase() : '';
    if (type && !EMAIL_TYPES.has(type)) {
      skipped++;
      continue;
    }
    members.push({ id: (r[idCol] ?? '').trim(), description: descCol >= 0 ? (r[descCol] ?? '').trim() : '' });
  }
  return { members, skipped };
}
