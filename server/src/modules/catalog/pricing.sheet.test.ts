import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildWorkbook, columnLetter, numberText, parseCsv, PRICE_COLUMNS, readPriceFile, zipProblem, type SheetLine } from './pricing.sheet.js';

const line = (over: Partial<SheetLine> = {}): SheetLine => ({
  marketName: 'Germany',
  market: 'DE',
  currency: 'EUR',
  term: 'P1M',
  dimension: '',
  price: '44.10',
  usdPrice: '49.00',
  rate: '0.9',
  source: 'converted',
  kind: 'base',
  ...over,
});

describe('the pricing workbook', () => {
  it('has the export columns, a bold frozen header, and prices as numbers in each currency format', async () => {
    const file = await buildWorkbook(
      [line(), line({ marketName: 'Japan', market: 'JP', currency: 'JPY', price: '7228', rate: '147.5' }), line({ dimension: 'api_calls', price: '0.0225', usdPrice: '0.000150', kind: 'unit' })],
      'offer / plan',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...PRICE_COLUMNS]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('F2').value).toBe(44.1);
    expect(ws.getCell('F2').numFmt).toBe('0.00');
    expect(ws.getCell('F3').value).toBe(7228);
    expect(ws.getCell('F3').numFmt).toBe('0');
    expect(ws.getCell('F4').value).toBe(0.0225);
    expect(ws.getCell('F4').numFmt).toBe('0.00####');
    expect(ws.getCell('E4').value).toBe('api_calls');

    const read = await readPriceFile(file);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.sheet.format).toBe('xlsx');
    expect(read.sheet.rows).toEqual([
      { row: 2, market: 'DE', currency: 'EUR', term: 'P1M', dimension: '', price: '44.1' },
      { row: 3, market: 'JP', currency: 'JPY', term: 'P1M', dimension: '', price: '7228' },
      { row: 4, market: 'DE', currency: 'EUR', term: 'P1M', dimension: 'api_calls', price: '0.0225' },
    ]);
  });

  it('writes a price of more than 15 significant digits as text, so it survives', async () => {
    const file = await buildWorkbook([line({ price: '12345678901.123456', kind: 'unit' })], 't');
    const read = await readPriceFile(file);
    expect(read.ok && read.sheet.rows[0]!.price).toBe('12345678901.123456');
  });

  it('reads numbers as Excel keeps them (15 significant digits)', () => {
    expect(numberText(44.1)).toBe('44.1');
    expect(numberText(49 * 0.9)).toBe('44.1');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(7228)).toBe('7228');
  });

  it('finds the columns by header in any order and skips blank rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Mine');
    ws.addRow(['Price', 'billing  term', 'MARKET CODE', 'Dimension', 'Currency']);
    ws.addRow([45, 'P1M', 'DE', null, 'EUR']);
    ws.addRow([]);
    ws.addRow([{ formula: '40+5', result: 45 }, { richText: [{ text: 'P1' }, { text: 'Y' }] }, 'fr', '', 'EUR']);
    const read = await readPriceFile(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.ok && read.sheet.rows).toEqual([
      { row: 2, market: 'DE', currency: 'EUR', term: 'P1M', dimension: '', price: '45' },
      { row: 4, market: 'fr', currency: 'EUR', term: 'P1Y', dimension: '', price: '45' },
    ]);
  });

  it('names missing columns, and refuses files that are not workbooks or UTF-8 text', async () => {
    const noPrice = await readPriceFile(Buffer.from('Market code,Currency,Billing term,Dimension\nDE,EUR,P1M,\n'));
    expect(!noPrice.ok && noPrice.issues.map((i) => [i.target, i.code])).toEqual([['rows.1.Price', 'ColumnMissing']]);
    const broken = await readPriceFile(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    expect(!broken.ok && broken.issues[0]!.code).toBe('NotAWorkbook');
    const latin1 = await readPriceFile(Buffer.from([0x4d, 0xe4, 0x72, 0x6b, 0x74]));
    expect(!latin1.ok && latin1.issues[0]!.code).toBe('Encoding');
    const empty = await readPriceFile(Buffer.alloc(0));
    expect(!empty.ok && empty.issues[0]!.code).toBe('Required');
    const headerOnly = await readPriceFile(Buffer.from(PRICE_COLUMNS.join(',')));
    expect(!headerOnly.ok && headerOnly.issues[0]!.code).toBe('Empty');
  });

  it('guards against zip bombs by the declared sizes', async () => {
    const small = await buildWorkbook([line()], 't');
    expect(zipProblem(small)).toBeUndefined();
    // Rewrite the first central-directory entry's uncompressed size to 100 MiB.
    const bomb = Buffer.from(small);
    const cen = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100 * 1024 * 1024, cen + 24);
    expect(zipProblem(bomb)).toMatch(/more than 64 MiB/);
    bomb.writeUInt32LE(0xffffffff, cen + 24);
    expect(zipProblem(bomb)).toMatch(/ZIP64/);
    expect(zipProblem(Buffer.from('PK\x03\x04 nothing else'))).toMatch(/no ZIP directory/);
  });
});

describe('CSV', () => {
  it('parses quotes, doubled quotes, CRLF, a BOM and a missing final newline', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""",\r\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', ''],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a,"multi\nline"\n')).toEqual([['a', 'multi\nline']]);
  });

  it('takes ; or tab as the delimiter when the header row uses it (Excel in many locales)', () => {
    expect(parseCsv('Market code;Price\nDE;45.00\n')).toEqual([
      ['Market code', 'Price'],
      ['DE', '45.00'],
    ]);
    expect(parseCsv('Market code\tPrice\nDE\t45.00')).toEqual([
      ['Market code', 'Price'],
      ['DE', '45.00'],
    ]);
  });

  it('reads a CSV export as typed', async () => {
    const read = await readPriceFile(Buffer.from(`${PRICE_COLUMNS.join(',')}\nGermany,DE,EUR,P1M,,45.00,49.00,0.9,converted\n`));
    expect(read.ok && read.sheet).toMatchObject({ format: 'csv', rows: [{ row: 2, market: 'DE', currency: 'EUR', term: 'P1M', dimension: '', price: '45.00' }] });
  });

  it('names columns by letter', () => {
    expect([0, 5, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'F', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
