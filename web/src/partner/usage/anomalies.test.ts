import { describe, expect, it } from 'vitest';
import { compareDecimals, creditedUnits, decimalText, decisionBody, decisionProblem, filtersOf, impactText, listUrl, modelFacts, pageHref, timeLeft, type DecisionForm } from './anomalies.js';

const form = (f: Partial<DecisionForm>): DecisionForm => ({ decision: 'anomaly', correctedQuantity: '', reason: '', ...f });
const ID = '1b0c5a43-8a5e-4c43-9f59-4d8f3f8f1f01';

describe('the anomaly list', () => {
  it('reads its filters from the query string and writes them back', () => {
    expect(filtersOf(new URLSearchParams(''))).toEqual({ status: '', offerId: '', overThreshold: false, page: 1, anomalyId: '' });
    const f = filtersOf(new URLSearchParams(`status=open&offerId=contoso-flow&impact=over100&page=2&anomalyId=${ID.toUpperCase()}`));
    expect(f).toEqual({ status: 'open', offerId: 'contoso-flow', overThreshold: true, page: 2, anomalyId: ID });
    expect(pageHref(f)).toBe(`/partner/usage/anomalies?status=open&offerId=contoso-flow&impact=over100&page=2&anomalyId=${ID}`);
    expect(pageHref(filtersOf(new URLSearchParams('')))).toBe('/partner/usage/anomalies');
    for (const bad of ['status=closed', 'status=toString', 'page=0', 'page=2.5', 'anomalyId=nope', 'impact=over'])
      expect(pageHref(filtersOf(new URLSearchParams(bad)))).toBe('/partner/usage/anomalies');
  });

  it('asks the API for the page, with the impact filter in USD', () => {
    expect(listUrl('acc', filtersOf(new URLSearchParams('')))).toBe('/api/accounts/acc/metering/anomalies?top=50&skip=0');
    expect(listUrl('acc', filtersOf(new URLSearchParams('status=expired&offerId=a b&impact=over100&page=3')), 10)).toBe(
      '/api/accounts/acc/metering/anomalies?top=10&skip=20&status=expired&offerId=a+b&impactOverUsd=100',
    );
  });

  it('shows the impact in its currency, and in USD when that is another', () => {
    expect(impactText({ estimatedFinancialImpact: '1350.00', estimatedImpactUsd: '1350.00', currency: 'USD' }, 'en-US')).toEqual({ amount: '$1,350.00' });
    expect(impactText({ estimatedFinancialImpact: '100.00', estimatedImpactUsd: '111.11', currency: 'EUR' }, 'en-US')).toEqual({ amount: '€100.00', usd: '$111.11' });
    expect(impactText({ estimatedFinancialImpact: '100.00', estimatedImpactUsd: null, currency: 'EUR' }, 'en-US')).toEqual({ amount: '€100.00' });
    expect(impactText({ estimatedFinancialImpact: null, estimatedImpactUsd: null, currency: null })).toBeUndefined();
  });

  it('counts the days left to decide', () => {
    const now = Date.parse('2026-03-12T02:00:00Z');
    expect(timeLeft('2026-04-11T02:00:00Z', now)).toBe('30 days left');
    expect(timeLeft('2026-03-13T03:00:00Z', now)).toBe('1 day left');
    expect(timeLeft('2026-03-12T20:00:00Z', now)).toBe('less than a day left');
    expect(timeLeft('2026-03-12T02:00:00Z', now)).toBe('closed');
    expect(timeLeft('garbage', now)).toBe('closed');
  });

  it("explains the model's band", () => {
    expect(modelFacts({ historyDays: 28, seasonal: true, weekdayFactor: 0.71234, trendPerDay: 1.23456, params: {} })).toEqual([
      ['History', '28 days with usage'],
      ['Weekly pattern', 'yes: this weekday × 0.712'],
      ['Trend', '+1.23 a day'],
    ]);
    expect(modelFacts({ historyDays: 1, seasonal: false, weekdayFactor: 1, trendPerDay: 0 })).toEqual([
      ['History', '1 day with usage'],
      ['Weekly pattern', 'no'],
      ['Trend', 'none'],
    ]);
    expect(modelFacts({})).toEqual([]);
  });
});

describe('the decision', () => {
  it('compares decimals exactly', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('999.9999999999', '1000')).toBe(-1);
    expect(compareDecimals('1000.0000000001', '1000')).toBe(1);
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(1000)).toBe('1000');
  });

  it('an anomaly needs a correct usage lower than the reported one, with at most 10 decimals', () => {
    expect(decisionProblem(form({ correctedQuantity: '' }), 1000)?.target).toBe('correctedQuantity');
    for (const bad of ['-1', 'abc', '1e3', '1,5', '.5', '0.12345678901']) expect(decisionProblem(form({ correctedQuantity: bad }), 1000)?.target).toBe('correctedQuantity');
    expect(decisionProblem(form({ correctedQuantity: '1000' }), 1000)?.message).toMatch(/lower than the reported 1,000/);
    expect(decisionProblem(form({ correctedQuantity: '1000.0000000001' }), 1000)?.target).toBe('correctedQuantity');
    expect(decisionProblem(form({ correctedQuantity: '999.9999999999' }), 1000)).toBeUndefined();
    expect(decisionProblem(form({ correctedQuantity: ' 0 ' }), 1000)).toBeUndefined();
    expect(decisionProblem(form({ correctedQuantity: '100', reason: 'x'.repeat(501) }), 1000)?.target).toBe('reason');
    expect(decisionBody(form({ correctedQuantity: ' 100.5 ', reason: '  ' }))).toEqual({ decision: 'anomaly', correctedQuantity: 100.5 });
    expect(decisionBody(form({ correctedQuantity: '100.5', reason: ' A retry loop. ' }))).toEqual({ decision: 'anomaly', correctedQuantity: 100.5, reason: 'A retry loop.' });
  });

  it('"not an anomaly" needs a reason', () => {
    expect(decisionProblem(form({ decision: '' }), 10)?.target).toBe('decision');
    expect(decisionProblem(form({ decision: 'notAnomaly', reason: '   ' }), 10)?.target).toBe('reason');
    expect(decisionProblem(form({ decision: 'notAnomaly', reason: 'Quarter end', correctedQuantity: 'junk' }), 10)).toBeUndefined();
    expect(decisionBody(form({ decision: 'notAnomaly', reason: ' Quarter end ', correctedQuantity: '5' }))).toEqual({ decision: 'notAnomaly', reason: 'Quarter end' });
  });

  it('tells the credit the correction makes', () => {
    expect(creditedUnits(form({ correctedQuantity: '100.5' }), 1000)).toBe('899.5');
    expect(creditedUnits(form({ correctedQuantity: '0.1' }), 0.3)).toBe('0.2');
    expect(creditedUnits(form({ correctedQuantity: '0' }), 1e-7)).toBe('0.0000001');
    expect(creditedUnits(form({ correctedQuantity: '1000' }), 1000)).toBeUndefined();
    expect(creditedUnits(form({ decision: 'notAnomaly', reason: 'x' }), 1000)).toBeUndefined();
  });
});
