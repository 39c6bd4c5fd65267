import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANOMALY_MODEL, assessDay, dayOf, dayString, historyFor, mad, median, theilSen, weekday, type Assessment, type DailyPoint } from './anomaly.model.js';

/** A deterministic wobble in [-1, 1] (no randomness in example tests). */
const wobble = (i: number) => (((i * 37) % 11) - 5) / 5;
const T = dayOf('2026-03-05'); // a Thursday
/** `n` days before T with the given quantities (the last one the day before T). */
const series = (values: number[]): DailyPoint[] => values.map((quantity, i) => ({ day: T - values.length + i, quantity }));
const noisy = (n: number, level: number, noise: number) => series(Array.from({ length: n }, (_, i) => level + noise * wobble(i)));
const verdict = (a: Assessment) => a.verdict;

describe('helpers', () => {
  it('median, MAD, Theil–Sen and day arithmetic', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(theilSen([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }, { x: 3, y: 7 }, { x: 4, y: 100 }])).toBe(2);
    expect(theilSen([{ x: 0, y: 1 }])).toBe(0);
    expect(dayString(T)).toBe('2026-03-05');
    expect(weekday(T)).toBe(4);
    expect(weekday(dayOf('2026-03-08'))).toBe(0);
  });

  it('the history is the positive days before the target, inside the lookback, the latest 28', () => {
    const points = [
      { day: T - 200, quantity: 5 },
      ...Array.from({ length: 40 }, (_, i) => ({ day: T - 40 + i, quantity: i % 5 === 0 ? 0 : 10 + i })),
      { day: T, quantity: 99 },
      { day: T + 1, quantity: 99 },
    ];
    const h = historyFor(points, T);
    expect(h).toHaveLength(28);
    expect(h.every((p) => p.day < T && p.day >= T - 91 && p.quantity > 0)).toBe(true);
    expect(h.at(-1)!.day).toBe(T - 1);
  });
});

describe('assessDay', () => {
  it('gives no verdict, and never flags, with fewer than 7 days of history', () => {
    expect(assessDay(noisy(6, 100, 5), T, 1e9)).toEqual({ verdict: 'insufficientHistory', historyDays: 6 });
    expect(verdict(assessDay(noisy(7, 100, 5), T, 1e9))).toBe('anomaly');
  });

  it('flags a spike, not a normal day, and reports the expected value, the band and the robust deviation', () => {
    const h = noisy(28, 100, 5);
    const spike = assessDay(h, T, 1000);
    expect(spike).toMatchObject({ verdict: 'anomaly', observed: 1000, historyDays: 28 });
    if (spike.verdict === 'insufficientHistory') throw new Error('unreachable');
    expect(spike.expected).toBeGreaterThan(95);
    expect(spike.expected).toBeLessThan(110);
    expect(spike.upperBound).toBeGreaterThanOrEqual(spike.expected * 1.25);
    expect(spike.deviation!).toBeGreaterThan(20);
    expect(verdict(assessDay(h, T, 110))).toBe('normal');
    // Only over-reporting is flagged: a collapse of usage is not.
    expect(verdict(assessDay(h, T, 1))).toBe('normal');
  });

  it('a flat series with tiny noise does not flag small moves: the band is at least 25% and 1 unit wide', () => {
    const flatish = noisy(28, 100, 0.01);
    expect(verdict(assessDay(flatish, T, 101))).toBe('normal');
    expect(verdict(assessDay(flatish, T, 124))).toBe('normal');
    expect(verdict(assessDay(flatish, T, 126))).toBe('anomaly');
    // A series of tiny quantities: the absolute floor of one unit applies.
    expect(verdict(assessDay(noisy(28, 0.2, 0.01), T, 1.1))).toBe('normal');
    expect(verdict(assessDay(noisy(28, 0.2, 0.01), T, 1.3))).toBe('anomaly');
  });

  it('is robust to an earlier spike in the history', () => {
    const h = noisy(28, 100, 5);
    h[10] = { ...h[10]!, quantity: 10_000 };
    h[20] = { ...h[20]!, quantity: 5_000 };
    expect(verdict(assessDay(h, T, 115))).toBe('normal');
    expect(verdict(assessDay(h, T, 500))).toBe('anomaly');
  });

  it('treats days without usage as missing, so sparse overage series are judged on the days they have', () => {
    const sparse = noisy(60, 100, 5).filter((_, i) => i % 3 === 0);
    const a = assessDay(sparse, T, 400);
    expect(a).toMatchObject({ verdict: 'anomaly', historyDays: 20 });
    expect(verdict(assessDay(sparse, T, 110))).toBe('normal');
  });

  it('learns a day-of-week pattern when there is enough history, and only when it explains the spread', () => {
    // Weekdays about 100, weekends about 20.
    const points = Array.from({ length: 28 }, (_, i) => {
      const day = T - 28 + i;
      const base = weekday(day) === 0 || weekday(day) === 6 ? 20 : 100;
      return { day, quantity: base + wobble(i) * 2 };
    });
    const saturday = dayOf('2026-03-07');
    const seasonal = assessDay(points, saturday, 60);
    expect(seasonal).toMatchObject({ verdict: 'anomaly', seasonal: true });
    if (seasonal.verdict === 'insufficientHistory') throw new Error('unreachable');
    expect(seasonal.weekdayFactor).toBeLessThan(0.3);
    expect(seasonal.expected).toBeLessThan(25);
    // Without day-of-week factors a weekend of 60 is within the weekday level.
    expect(verdict(assessDay(points, saturday, 60, { ...DEFAULT_ANOMALY_MODEL, seasonalMinPerWeekday: 99 }))).toBe('normal');
    // A weekday of 115 is normal; a weekday of 200 is not.
    expect(assessDay(points, T, 115)).toMatchObject({ verdict: 'normal', seasonal: true });
    expect(verdict(assessDay(points, T, 200))).toBe('anomaly');
    // Noise without a weekly pattern: no factors.
    expect(assessDay(noisy(28, 100, 5), T, 100)).toMatchObject({ seasonal: false, weekdayFactor: 1 });
  });

  it('follows an upward trend, and ignores a downward one', () => {
    const ramp = series(Array.from({ length: 28 }, (_, i) => 50 + (100 * i) / 27 + wobble(i)));
    const up = assessDay(ramp, T, 170);
    expect(up.verdict).toBe('normal');
    if (up.verdict === 'insufficientHistory') throw new Error('unreachable');
    expect(up.trendPerDay).toBeGreaterThan(3);
    expect(up.expected).toBeGreaterThan(150);
    expect(verdict(assessDay(ramp, T, 260))).toBe('anomaly');
    // Without the trend the level is the median, about 100, and the same day looks like a jump.
    expect(assessDay(ramp, T, 170, { ...DEFAULT_ANOMALY_MODEL, trend: false })).toMatchObject({ trendPerDay: 0 });
    const down = assessDay(series(Array.from({ length: 28 }, (_, i) => 150 - (100 * i) / 27)), T, 60);
    expect(down).toMatchObject({ verdict: 'normal', trendPerDay: 0 });
  });
});

describe('properties', () => {
  const quantity = fc.double({ min: 1e-3, max: 1e6, noNaN: true, noDefaultInfinity: true });
  const history = fc.array(fc.record({ offset: fc.integer({ min: 1, max: 120 }), quantity }), { minLength: 0, maxLength: 40 }).map((rows) => {
    const byDay = new Map<number, number>();
    for (const r of rows) byDay.set(T - r.offset, r.quantity);
    return [...byDay].map(([day, q]) => ({ day, quantity: q }));
  });

  it('is scale-equivariant: scaling the data and the absolute floor by 2^k scales the outputs and keeps the verdict', () => {
    fc.assert(
      fc.property(history, quantity, fc.integer({ min: -20, max: 20 }), (points, observed, k) => {
        const c = 2 ** k;
        const base = assessDay(points, T, observed);
        const scaled = assessDay(
          points.map((p) => ({ day: p.day, quantity: p.quantity * c })),
          T,
          observed * c,
          { ...DEFAULT_ANOMALY_MODEL, minAbsoluteDeviation: DEFAULT_ANOMALY_MODEL.minAbsoluteDeviation * c },
        );
        expect(scaled.verdict).toBe(base.verdict);
        if (base.verdict !== 'insufficientHistory' && scaled.verdict !== 'insufficientHistory') {
          expect(scaled.expected).toBe(base.expected * c);
          expect(scaled.upperBound).toBe(base.upperBound * c);
          expect(scaled.deviation).toBe(base.deviation);
          expect(scaled.seasonal).toBe(base.seasonal);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a constant series never flags its own value, nor anything within the band floors', () => {
    fc.assert(
      fc.property(quantity, fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (c, n, within) => {
        const points = Array.from({ length: n }, (_, i) => ({ day: T - 1 - i, quantity: c }));
        const a = assessDay(points, T, c + within * Math.max(0.25 * c, 1));
        expect(a.verdict).not.toBe('anomaly');
        if (a.verdict !== 'insufficientHistory') expect(a.expected).toBe(c);
      }),
      { numRuns: 300 },
    );
  });

  it('never flags a value at or below the expected one, and a flagged value stays flagged when it grows', () => {
    fc.assert(
      fc.property(history, quantity, fc.double({ min: 1, max: 1e3, noNaN: true }), (points, observed, factor) => {
        const a = assessDay(points, T, observed);
        if (a.verdict === 'insufficientHistory') return;
        expect(a.upperBound).toBeGreaterThan(a.expected);
        expect(assessDay(points, T, Math.min(observed, a.expected)).verdict).toBe('normal');
        if (a.verdict === 'anomaly') expect(assessDay(points, T, observed * factor).verdict).toBe('anomaly');
      }),
      { numRuns: 300 },
    );
  });

  it('depends only on the past, whatever the order of the points', () => {
    fc.assert(
      fc.property(history, quantity, quantity, (points, observed, later) => {
        const a = assessDay(points, T, observed);
        const b = assessDay([{ day: T, quantity: later }, ...[...points].reverse(), { day: T + 3, quantity: later }], T, observed);
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
