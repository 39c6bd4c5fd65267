import ExcelJS from 'exceljs';
import { Dec, minorDigits } from '../../platform/money.js';
import { issue, type Issue } from './offer-type.js';

/**
 * The pricing spreadsheet (exportedPrice.xlsx, spec/01 §1.16, spec/06 rule 22): one sheet, one row per market,
 * billing term and price (the base price, and each metered dimension's price per unit), with these columns. Import
 * reads the same layout from .xlsx or .csv (the reference says "save the .CSV file" in one step; both are accepted):
 * it needs the columns Market code, Currency, Billing term, Dimension and Price (found by their header in row 1, in any
 * order); Market, USD price, Rate and Source are for reading and are ignored.
 *
 * Prices in the workbook are Excel numbers (with the currency's number format), as publishers expect to edit them.
 * Excel numbers are doubles that Excel itself keeps to 15 significant digits, so a numeric cell is read through
 * `toPrecision(15)` into decimal.js — exact for every price up to 15 significant digits; no arithmetic is done on the
 * double. A price with more significant digits is written as text, and text cells are read as typed.
 */

export const PRICE_COLUMNS = ['Market', 'Market code', 'Currency', 'Billing term', 'Dimension', 'Price', 'USD price', 'Rate', 'Source'] as const;
export type PriceColumn = (typeof PRICE_COLUMNS)[number];
const REQUIRED: readonly PriceColumn[] = ['Market code', 'Currency', 'Billing term', 'Dimension', 'Price'];

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXPORT_FILE_NAME = 'exportedPrice.xlsx';
/** 141 markets × 2 terms × (1 + 30 dimensions) = 8,742 rows at most; some slack for blank or repeated rows. */
export const MAX_IMPORT_ROWS = 10_000;
/** Declared uncompressed size of all parts of an imported workbook (a zip bomb guard; the upload itself is ≤ 5 MiB). */
export const MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1_000;

/** One line of the sheet as exported. Amounts are decimal strings. */
export interface SheetLine {
  marketName: string;
  market: string;
  currency: string;
  term: string;
  /** '' for the base price. */
  dimension: string;
  price: string;
  usdPrice: string;
  rate: string | null;
  source: string;
  kind: 'base' | 'unit';
}

/** One data row read back: cell texts of the columns import uses, and the row's number in the file (header = 1). */
export interface SheetRow {
  row: number;
  market: string;
  currency: string;
  term: string;
  dimension: string;
  price: string;
}

const COLUMN_KEYS: Record<'Market code' | 'Currency' | 'Billing term' | 'Dimension' | 'Price', keyof Omit<SheetRow, 'row'>> = {
  'Market code': 'market',
  Currency: 'currency',
  'Billing term': 'term',
  Dimension: 'dimension',
  Price: 'price',
};

/** Column letter of a 0-based index (A, B, ..., Z, AA, ...). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const significantDigits = (value: string) => new Dec(value).precision(true);
const fmt = (digits: number) => (digits === 0 ? '0' : `0.${'0'.repeat(digits)}`);
/** A price per unit shows at least the minor digits and up to 6 (General where the currency has no minor unit). */
const unitFmt = (currency: string) => {
  const minor = minorDigits(currency);
  return minor === 0 ? 'General' : `0.${'0'.repeat(minor)}${'#'.repeat(Math.max(0, 6 - minor))}`;
};

/** The workbook: one sheet "Prices", the header row bold and frozen, prices as numbers in each currency's format. */
export async function buildWorkbook(lines: readonly SheetLine[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Agora';
  wb.title = title;
  const ws = wb.addWorksheet('Prices', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = PRICE_COLUMNS.map((header) => ({ header, width: header === 'Market' ? 28 : header === 'Dimension' ? 22 : 14 }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: 'A1', to: `${columnLetter(PRICE_COLUMNS.length - 1)}1` };
  for (const line of lines) {
    const asCell = (value: string) => (significantDigits(value) <= 15 ? Number(value) : value);
    const row = ws.addRow([line.marketName, line.market, line.currency, line.term, line.dimension, asCell(line.price), asCell(line.usdPrice), line.rate === null ? null : asCell(line.rate), line.source]);
    row.getCell(6).numFmt = line.kind === 'base' ? fmt(minorDigits(line.currency)) : unitFmt(line.currency);
    row.getCell(7).numFmt = line.kind === 'base' ? fmt(2) : unitFmt('USD');
    row.getCell(8).numFmt = 'General';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The text of a number cell, as Excel holds it (15 significant digits), in plain decimal notation. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return new Dec(n.toPrecision(15)).toFixed();
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
  if ('error' in value) return String(value.error);
  if ('text' in value) return String(value.text).trim();
  return String(value);
}

/**
 * Checks a ZIP's central directory before the workbook is inflated: a bounded number of parts whose declared
 * uncompressed sizes add up to at most MAX_XLSX_UNCOMPRESSED, and no ZIP64 (an xlsx never needs it at this size).
 */
export function zipProblem(buf: Buffer): string | undefined {
  const EOCD = 0x06054b50;
  const CEN = 0x02014b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'The file is not a readable .xlsx workbook (no ZIP directory).';
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_ZIP_ENTRIES) return `The workbook has ${entries} parts; a pricing workbook has far fewer.`;
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN) return 'The file is not a readable .xlsx workbook (damaged ZIP directory).';
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) return 'The workbook uses ZIP64, which a pricing workbook never needs.';
    total += size;
    if (total > MAX_XLSX_UNCOMPRESSED) return `The workbook unpacks to more than ${MAX_XLSX_UNCOMPRESSED / 1024 / 1024} MiB.`;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return undefined;
}

/** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF; the delimiter is `,`, or `;` / tab when row 1 uses it. */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && body[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Maps the header row to the columns import needs; issues for the missing ones. */
function headerMap(header: readonly string[]): { map: Map<PriceColumn, number>; issues: Issue[] } {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const map = new Map<PriceColumn, number>();
  header.forEach((h, i) => {
    const col = PRICE_COLUMNS.find((c) => norm(c) === norm(h));
    if (col && !map.has(col)) map.set(col, i);
  });
  const issues = REQUIRED.filter((c) => !map.has(c)).map((c) =>
    issue(`rows.1.${c}`, 'ColumnMissing', `Row 1 (the header) has no "${c}" column; the sheet needs the columns of the export: ${PRICE_COLUMNS.join(', ')}.`),
  );
  return { map, issues };
}

function rowsFromTable(table: readonly { row: number; cells: readonly string[] }[]): { rows: SheetRow[] } | { issues: Issue[] } {
  const head = table.find((r) => r.row === 1);
  if (!head) return { issues: [issue('rows.1', 'ColumnMissing', `Row 1 is the header row: ${PRICE_COLUMNS.join(', ')}.`)] };
  const { map, issues } = headerMap(head.cells);
  if (issues.length) return { issues };
  const rows: SheetRow[] = [];
  for (const r of table) {
    if (r.row === 1) continue;
    const get = (c: PriceColumn) => (r.cells[map.get(c)!] ?? '').trim();
    const row = { row: r.row } as SheetRow;
    for (const [col, key] of Object.entries(COLUMN_KEYS)) row[key] = get(col as PriceColumn);
    if (!row.market && !row.currency && !row.term && !row.dimension && !row.price) continue;
    rows.push(row);
  }
  if (rows.length > MAX_IMPORT_ROWS) return { issues: [issue('rows', 'TooManyRows', `The sheet has ${rows.length} price rows; at most ${MAX_IMPORT_ROWS}.`)] };
  if (rows.length === 0) return { issues: [issue('rows', 'Empty', 'The sheet has no price rows under its header.')] };
  return { rows };
}

/** Where each import column is (for messages: "Price (F3)"). */
export function cellRef(columnIndex: number | undefined, row: number): string {
  return columnIndex === undefined ? `row ${row}` : `${columnLetter(columnIndex)}${row}`;
}

export interface ParsedSheet {
  rows: SheetRow[];
  /** The 0-based column of each import column, to name cells in messages. */
  columns: Map<PriceColumn, number>;
  format: 'xlsx' | 'csv';
}

/** Reads an uploaded pricing file: .xlsx when it starts with the ZIP signature `PK\x03\x04`, otherwise CSV (UTF-8). */
export async function readPriceFile(file: Buffer): Promise<{ ok: true; sheet: ParsedSheet } | { ok: false; issues: Issue[] }> {
  if (file.length === 0) return { ok: false, issues: [issue('(body)', 'Required', 'The body is the .xlsx or .csv file; it is empty.')] };
  let table: { row: number; cells: string[] }[];
  let format: 'xlsx' | 'csv';
  if (file.length >= 4 && file.readUInt32LE(0) === 0x04034b50) {
    format = 'xlsx';
    const problem = zipProblem(file);
    if (problem) return { ok: false, issues: [issue('(body)', 'NotAWorkbook', problem)] };
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
    } catch {
      return { ok: false, issues: [issue('(body)', 'NotAWorkbook', 'The file is not a readable .xlsx workbook.')] };
    }
    const ws = wb.worksheets[0];
    if (!ws) return { ok: false, issues: [issue('(body)', 'NotAWorkbook', 'The workbook has no sheet.')] };
    table = [];
    let tooMany = false;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (table.length > MAX_IMPORT_ROWS + 1) {
        tooMany = true;
        return;
      }
      const cells: string[] = [];
      const width = Math.max(row.cellCount, PRICE_COLUMNS.length);
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      table.push({ row: rowNumber, cells });
    });
    if (tooMany) return { ok: false, issues: [issue('rows', 'TooManyRows', `The sheet has more than ${MAX_IMPORT_ROWS} price rows.`)] };
  } else {
    format = 'csv';
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      return { ok: false, issues: [issue('(body)', 'Encoding', 'The file is neither an .xlsx workbook nor UTF-8 CSV text.')] };
    }
    const records = parseCsv(text);
    if (records.length > MAX_IMPORT_ROWS + 1) return { ok: false, issues: [issue('rows', 'TooManyRows', `The file has more than ${MAX_IMPORT_ROWS} price rows.`)] };
    table = records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }));
  }
  const head = table.find((r) => r.row === 1);
  const result = rowsFromTable(table);
  if ('issues' in result) return { ok: false, issues: result.issues };
  return { ok: true, sheet: { rows: result.rows, columns: headerMap(head!.cells).map, format } };
}
