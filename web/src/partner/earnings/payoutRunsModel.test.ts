import { describe, expect, it } from 'vitest';
import { isGuid, monthOfInstant, monthProblem, thresholdInputProblem, utcFromLocalInput } from './payoutRunsModel.js';

describe('the payout console', () => {
  it('runs only months that have begun on the marketplace clock', () => {
    expect(monthOfInstant('2026-05-15T02:00:00.000Z')).toBe('2026-05');
    expect(monthProblem('2026-05', '2026-05-01T00:00:00.000Z')).toBeUndefined();
    expect(monthProblem('2026-06', '2026-05-31T23:59:59.999Z')).toMatch(/not begun/);
    expect(monthProblem('', '2026-05-01T00:00:00.000Z')).toBe('Choose a month.');
  });

  it('checks the threshold as typed', () => {
    expect(thresholdInputProblem('50', 'USD')).toBeUndefined();
    expect(thresholdInputProblem('50.00', 'eur')).toBeUndefined();
    expect(thresholdInputProblem('-1', 'USD')).toMatch(/amount/);
    expect(thresholdInputProblem('50', 'US')).toMatch(/three-letter/);
  });

  it('reads the ticket time as UTC', () => {
    expect(utcFromLocalInput('2026-05-26T10:00')).toBe('2026-05-26T10:00:00.000Z');
    expect(utcFromLocalInput('2026-02-30T10:00')).toBeUndefined();
    expect(utcFromLocalInput('')).toBeUndefined();
    expect(isGuid(' 0e80cdb9-5e1d-45b1-aa43-70fa25d8957b ')).toBe(true);
    expect(isGuid('nope')).toBe(false);
  });
});
