import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  currenciesOf,
  earningsHref,
  filterProblem,
  filtersFrom,
  formatMonth,
  monthlySeries,
  monthsBetween,
  pageText,
  percent,
  reasonText,
  statementCsvUrl,
  summaryUrl,
  transactionsHref,
  transactionsUrl,
} from './earningsModel.js';
import type { MonthTotals } from './types.js';

const month = (m: string, currency: string, net: string, tax = '0', earnings = 1): MonthTotals => ({
  month: m,
  currency,
  earnings,
  gross: net,
  fee: '0',
  net,
  taxToPublisher: tax,
  pending: '0',
  available: '0',
  paid: '0',
});

describe('filters', () => {
  it('reads valid filters from the address bar and drops the rest', () => {
    expect(filtersFrom(new URLSearchParams('from=2026-03-01&to=2026-02-30&offerId=%20flow%20&status=paid'))).toEqual({ from: '2026-03-01', to: '', offerId: 'flow', status: 'paid' });
    expect(filtersFrom(new URLSearchParams('status=lost')).status).toBe('');
  });

  it('says what is wrong with typed filters', () => {
    expect(filterProblem({ from: '2026-04-01', to: '2026-03-01', offerId: '', status: '' })).toMatch(/on or before/);
    expect(filterProblem({ from: '2026-4-1', to: '', offerId: '', status: '' })).toMatch(/From/);
    expect(filterProblem({ from: '2026-03-01', to: '2026-03-01', offerId: '', status: '' })).toBeUndefined();
  });

  it('builds API and page URLs with only the filters that are set', () => {
    const f = { from: '2026-03-01', to: '', offerId: 'a b', status: 'available' as const };
    expect(summaryUrl('acc/1', f)).toBe('/api/accounts/acc%2F1/earnings?from=2026-03-01&offerId=a+b&status=available');
    expect(transactionsUrl('acc', f, { top: 50, skip: 100 })).toBe('/api/accounts/acc/transactions?from=2026-03-01&offerId=a+b&status=available&top=50&skip=100');
    expect(earningsHref({ from: '', to: '', offerId: '', status: '' })).toBe('/partner/earnings');
    expect(transactionsHref(f, 0)).toBe('/partner/earnings/transactions?from=2026-03-01&offerId=a+b&status=available');
    expect(statementCsvUrl('acc', 'p1')).toBe('/api/accounts/acc/payouts/p1/statement.csv');
  });

  it('describes a page of transactions', () => {
    expect(pageText(50, 50, 230)).toBe('Showing 51–100 of 230');
    expect(pageText(0, 0, 0)).toBe('No transactions');
  });
});

describe('the monthly series', () => {
  it('fills the months without earnings with 0 and adds the tax passed to the publisher', () => {
    const months = [month('2026-01', 'USD', '97.00'), month('2026-03', 'USD', '194.00', '10.50', 2), month('2026-02', 'EUR', '82.93')];
    expect(monthlySeries(months, 'USD', {}, 3).map((p) => [p.month, p.amount, p.earnings])).toEqual([
      ['2026-01', '97.00', 1],
      ['2026-02', '0', 0],
      ['2026-03', '204.50', 2],
    ]);
    expect(monthlySeries(months, 'EUR', { from: '2026-01-15', to: '2026-03-31' }).map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthlySeries(months, 'JPY')).toEqual([]);
    // Without a from filter, at least six months ending at the last one.
    expect(monthlySeries(months, 'EUR').map((p) => p.month)).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthlySeries(months, 'EUR', { from: '2026-02-01' }).map((p) => p.month)).toEqual(['2026-02']);
  });

  it('orders currencies by how many earnings they have', () => {
    expect(currenciesOf([month('2026-01', 'EUR', '1', '0', 1), month('2026-01', 'USD', '1', '0', 3), month('2026-02', 'EUR', '1', '0', 1)])).toEqual(['USD', 'EUR']);
  });

  it('lists months across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });

  it('adds decimals exactly', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('-970.00', '0')).toBe('-970.00');
    expect(addDecimal('14259', '0')).toBe('14259');
    expect(addDecimal('1.005', '-2')).toBe('-0.995');
  });
});

describe('words', () => {
  it('formats months, percentages and carry-forward reasons', () => {
    expect(formatMonth('2026-03', 'short', 'en-US')).toBe('Mar 2026');
    expect(formatMonth('2026-12', 'long', 'en-US')).toBe('December 2026');
    expect(percent('0.03')).toBe('3%');
    expect(percent('0')).toBe('0%');
    expect(percent('0.125')).toBe('12.5%');
    expect(reasonText('PayoutHold')).toMatch(/hold/);
    expect(reasonText('BelowThreshold')).toMatch(/minimum/);
  });
});
