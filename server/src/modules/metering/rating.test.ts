import { describe, expect, it } from 'vitest';
import { cycleOf, rateByCycle } from './rating.js';

const d = (s: string) => new Date(`${s}Z`);

describe('billing cycles', () => {
  it('are months from the term start, whatever the term', () => {
    const anchor = d('2026-01-31T00:00:00');
    expect(cycleOf(anchor, d('2026-02-27T23:00:00'))).toEqual({ start: d('2026-01-31T00:00:00'), next: d('2026-02-28T00:00:00') });
    expect(cycleOf(anchor, d('2026-02-28T00:00:00')).start).toEqual(d('2026-02-28T00:00:00'));
    expect(cycleOf(anchor, d('2025-12-31T10:00:00')).start).toEqual(d('2025-12-31T00:00:00'));
  });
});

describe('rating', () => {
  it('charges every accepted unit at the price per unit: the reference example (Base plan, $10 per GB, $1 per report)', () => {
    // The customer analysed 110 GB and made 130 reports; 100 GB and 100 reports are included, so Contoso emitted only
    // the overage: 10 GB and 30 reports.
    const prices = new Map([
      ['gb', '10'],
      ['reports', '1'],
    ]);
    const events = [
      { dimension: 'gb', at: d('2026-03-05T10:00:00'), quantity: '4' },
      { dimension: 'gb', at: d('2026-03-20T11:00:00'), quantity: '6' },
      { dimension: 'reports', at: d('2026-03-21T09:00:00'), quantity: '30' },
    ];
    const [cycle] = rateByCycle(d('2026-03-01T00:00:00'), events, prices);
    expect(cycle).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
      lines: [
        { dimension: 'gb', quantity: '10', pricePerUnit: '10', amount: '100.000000' },
        { dimension: 'reports', quantity: '30', pricePerUnit: '1', amount: '30.000000' },
      ],
      total: '130.000000',
    });
  });
  it('splits usage by cycle, keeps decimals exact, and subtracts corrections', () => {
    const prices = new Map([['text', '0.02']]);
    const cycles = rateByCycle(
      d('2026-03-15T00:00:00'),
      [
        { dimension: 'text', at: d('2026-03-15T00:00:00'), quantity: '0.1' },
        { dimension: 'text', at: d('2026-04-14T23:59:59'), quantity: '0.2' },
        { dimension: 'text', at: d('2026-04-15T00:00:00'), quantity: '500' },
        { dimension: 'text', at: d('2026-04-16T00:00:00'), quantity: '-100' },
      ],
      prices,
    );
    expect(cycles.map((c) => [c.start, c.end, c.lines[0]!.quantity, c.total])).toEqual([
      ['2026-03-15', '2026-04-14', '0.3', '0.006000'],
      ['2026-04-15', '2026-05-14', '400', '8.000000'],
    ]);
  });
});
