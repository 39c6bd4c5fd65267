import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDay,
  formatQuantity,
  formatRate,
  formatUnitPrice,
  invoiceDocumentUrl,
  invoiceStatusInfo,
  monthLabel,
  parsePercent,
  periodLabel,
  rateToPercent,
  shiftDecimal,
} from './invoiceFormat.js';

describe('invoice amounts', () => {
  it("formats with the currency's minor digits", () => {
    expect(formatAmount('175', 'USD', 'en-US')).toBe('$175.00');
    expect(formatAmount('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatAmount('7228.000000', 'JPY', 'en-US')).toBe('¥7,228');
    expect(formatAmount('-49.000000', 'EUR', 'en-US')).toBe('-€49.00');
    expect(formatAmount('0', 'USD', 'en-US')).toBe('$0.00');
  });
  it('keeps every digit of a large amount (the decimal string goes to Intl as text)', () => {
    expect(formatAmount('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
  });
  it('falls back for what is not a decimal or not a currency', () => {
    expect(formatAmount('abc', 'USD')).toBe('abc USD');
    expect(formatAmount('12', 'NOT-A-CURRENCY')).toBe('12 NOT-A-CURRENCY');
  });
  it('shows unit prices to six decimals where they have them', () => {
    expect(formatUnitPrice('12.000000', 'USD', 'en-US')).toBe('$12.00');
    expect(formatUnitPrice('0.001500', 'USD', 'en-US')).toBe('$0.0015');
    expect(formatUnitPrice('3', 'JPY', 'en-US')).toBe('¥3');
  });
  it('trims quantities', () => {
    expect(formatQuantity('5.000000')).toBe('5');
    expect(formatQuantity('1500.250')).toBe('1500.25');
    expect(formatQuantity('7')).toBe('7');
    expect(formatQuantity('n/a')).toBe('n/a');
  });
});

describe('rates as percentages', () => {
  it('shifts the decimal point as text', () => {
    expect(shiftDecimal('0.075', 2)).toBe('7.5');
    expect(shiftDecimal('3', -2)).toBe('0.03');
    expect(shiftDecimal('12.3456', -2)).toBe('0.123456');
    expect(shiftDecimal('0', 2)).toBe('0');
    expect(shiftDecimal('.5', 2)).toBe('50');
    expect(shiftDecimal('0.1', 2)).toBe('10');
    expect(shiftDecimal('abc', 2)).toBeUndefined();
    expect(shiftDecimal('.', 2)).toBeUndefined();
  });
  it('shows rates as percentages', () => {
    expect(rateToPercent('0.03')).toBe('3');
    expect(formatRate('0.1')).toBe('10%');
    expect(formatRate('0.19')).toBe('19%');
    expect(formatRate('0.123456')).toBe('12.3456%');
    expect(formatRate('0')).toBe('0%');
    expect(formatRate('bad')).toBe('bad');
  });
  it('reads a typed percentage as the rate the API takes', () => {
    expect(parsePercent('3')).toEqual({ ok: true, rate: '0.03' });
    expect(parsePercent(' 7.25 % ')).toEqual({ ok: true, rate: '0.0725' });
    expect(parsePercent('0')).toEqual({ ok: true, rate: '0' });
    expect(parsePercent('99.9999')).toEqual({ ok: true, rate: '0.999999' });
    expect(parsePercent('100')).toMatchObject({ ok: false });
    expect(parsePercent('1.23456')).toMatchObject({ ok: false });
    expect(parsePercent('-1')).toMatchObject({ ok: false });
    expect(parsePercent('')).toMatchObject({ ok: false });
  });
});

describe('days and periods', () => {
  it('shows a day as that day in UTC', () => {
    expect(formatDay('2026-11-01', 'en-US')).toBe('Nov 1, 2026');
    expect(formatDay(null)).toBe('—');
    expect(formatDay('soon')).toBe('soon');
  });
  it('names a calendar month, and shows any other span by its days', () => {
    expect(monthLabel('2026-11', 'en-US')).toBe('November 2026');
    expect(periodLabel('2026-11-01', '2026-11-30', 'en-US')).toBe('November 2026');
    expect(periodLabel('2028-02-01', '2028-02-29', 'en-US')).toBe('February 2028');
    expect(periodLabel('2026-11-10', '2026-12-09', 'en-US')).toBe('Nov 10, 2026 – Dec 9, 2026');
    expect(periodLabel('2026-11-01', '2026-11-29', 'en-US')).toBe('Nov 1, 2026 – Nov 29, 2026');
  });
});

describe('status and document', () => {
  it('labels statuses', () => {
    expect(invoiceStatusInfo('paid')).toMatchObject({ label: 'Paid', tone: 'good' });
    expect(invoiceStatusInfo('failed')).toMatchObject({ label: 'Payment failed', tone: 'bad' });
    expect(invoiceStatusInfo('weird')).toMatchObject({ label: 'weird', tone: 'info' });
  });
  it('links the document, to open or to download', () => {
    expect(invoiceDocumentUrl('a b')).toBe('/api/me/invoices/a%20b/document');
    expect(invoiceDocumentUrl('x', true)).toBe('/api/me/invoices/x/document?download=true');
  });
});
