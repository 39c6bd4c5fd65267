import { describe, expect, it } from 'vitest';
import { labelStep, layoutBars, niceStep, scaleFor } from './chart.js';

describe('chart scale', () => {
  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(62.5)).toBe(100);
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(1)).toBe(1);
    expect(niceStep(0)).toBe(1);
  });
  it('makes an axis from 0 past the largest value', () => {
    expect(scaleFor(250)).toEqual({ max: 300, step: 100, ticks: [0, 100, 200, 300] });
    expect(scaleFor(1000)).toEqual({ max: 1000, step: 250, ticks: [0, 250, 500, 750, 1000] });
    expect(scaleFor(7)).toEqual({ max: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(scaleFor(10)).toEqual({ max: 10, step: 5, ticks: [0, 5, 10] });
  });
  it('never steps by a fraction of a whole unit, unless the values have fractions', () => {
    expect(scaleFor(3)).toEqual({ max: 3, step: 1, ticks: [0, 1, 2, 3] });
    expect(scaleFor(0.9, { allowFractions: true })).toEqual({ max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] });
  });
  it('has an axis for no usage at all', () => {
    expect(scaleFor(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(scaleFor(Number.NaN).max).toBe(1);
  });
});

describe('chart layout', () => {
  const margin = { top: 10, right: 10, bottom: 30, left: 50 };
  const points = [
    { date: '2026-11-01', value: 0 },
    { date: '2026-11-02', value: 150 },
    { date: '2026-11-03', value: 300 },
    { date: '2026-11-04', value: 0.001 },
  ];

  it('places one bar per day, scaled to the axis', () => {
    const layout = layoutBars(points, scaleFor(300), { width: 450, height: 240, margin });
    expect(layout.plot).toEqual({ left: 50, top: 10, right: 440, bottom: 210 });
    const [empty, half, full, tiny] = layout.bars;
    expect(empty).toMatchObject({ height: 0, y: 210 });
    expect(half).toMatchObject({ height: 100, y: 110, date: '2026-11-02' });
    expect(full).toMatchObject({ height: 200, y: 10 });
    // A value above 0 shows, however small.
    expect(tiny?.height).toBe(1);
    // Bands of 97.5 px, bars 70% of them, centred.
    expect(half).toMatchObject({ x: 50 + 97.5 + 14.63, width: 68.25 });
    expect(layout.yTicks.map((t) => t.y)).toEqual([210, 143.33, 76.67, 10]);
  });

  it('labels days so that they do not overlap, always the last one', () => {
    expect(labelStep(30, 10)).toBe(3);
    expect(labelStep(5, 10)).toBe(1);
    expect(labelStep(5, 0)).toBe(5);
    const month = Array.from({ length: 31 }, (_, i) => ({ date: `2026-10-${String(i + 1).padStart(2, '0')}`, value: i }));
    const layout = layoutBars(month, scaleFor(30), { width: 620, height: 240, margin });
    expect(layout.xLabels.at(-1)?.date).toBe('2026-10-31');
    expect(layout.xLabels.length).toBeLessThanOrEqual(10);
    const gaps = layout.xLabels.slice(1).map((l, i) => l.x - layout.xLabels[i]!.x);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(56);
  });
});
