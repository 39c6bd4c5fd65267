/**
 * The geometry of the usage bar chart, kept pure so it can be tested: a "nice" value axis (0, 250, 500, 750...), the
 * bars of a series of days, and which days get a label.
 */

export interface Scale {
  /** The top of the axis: the largest value rounded up to a whole step. */
  max: number;
  step: number;
  ticks: number[];
}

/** Steps are 1, 2, 2.5 or 5 times a power of ten. */
const NICE = [1, 2, 2.5, 5, 10];

/** The smallest nice step that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = NICE.find((n) => fraction <= n + 1e-9) ?? 10;
  return clean(nice * power);
}

/** Rounds away binary noise (0.30000000000000004). */
const clean = (n: number): number => Number(n.toPrecision(12));

/**
 * An axis from 0 to at least `maxValue` in about `targetTicks` steps. Whole units never get a fractional step (a
 * dimension counted in emails has no half email), unless `allowFractions`.
 */
export function scaleFor(maxValue: number, options: { targetTicks?: number; allowFractions?: boolean } = {}): Scale {
  const target = Math.max(1, options.targetTicks ?? 4);
  if (!(maxValue > 0) || !Number.isFinite(maxValue)) return { max: 1, step: 1, ticks: [0, 1] };
  let step = niceStep(maxValue / target);
  if (!options.allowFractions && step < 1) step = 1;
  if (!options.allowFractions && !Number.isInteger(step)) step = niceStep(Math.ceil(step));
  const max = clean(Math.ceil(clean(maxValue / step)) * step);
  const ticks: number[] = [];
  for (let i = 0; clean(i * step) <= max; i++) ticks.push(clean(i * step));
  return { max, step, ticks };
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  date: string;
  value: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Bar[];
  yTicks: { value: number; y: number }[];
  xLabels: { x: number; date: string }[];
}

/** Label every n-th day so that at most `maxLabels` fit. */
export const labelStep = (count: number, maxLabels: number): number => Math.max(1, Math.ceil(count / Math.max(1, maxLabels)));

/**
 * Lays out one bar per day in a `width` × `height` box: bars fill 70% of their band, a value above 0 is at least one
 * pixel high, and the day labels are spaced so that they do not overlap (about 56 px each), the last day always
 * labelled.
 */
export function layoutBars(points: readonly { date: string; value: number }[], scale: Scale, size: { width: number; height: number; margin: Margin }): ChartLayout {
  const { width, height, margin } = size;
  const plot = { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom };
  const plotWidth = Math.max(0, plot.right - plot.left);
  const plotHeight = Math.max(0, plot.bottom - plot.top);
  const band = points.length ? plotWidth / points.length : 0;
  const barWidth = Math.max(1, band * 0.7);
  const y = (v: number) => plot.bottom - (Math.min(v, scale.max) / scale.max) * plotHeight;
  const bars = points.map((p, i) => {
    const h = p.value > 0 ? Math.max(1, plot.bottom - y(p.value)) : 0;
    return { x: round(plot.left + i * band + (band - barWidth) / 2), y: round(plot.bottom - h), width: round(barWidth), height: round(h), date: p.date, value: p.value };
  });
  const every = labelStep(points.length, Math.floor(plotWidth / 56));
  const xLabels: { x: number; date: string }[] = [];
  points.forEach((p, i) => {
    const fromEnd = points.length - 1 - i;
    // Count from the last day, so that it is always labelled.
    if (fromEnd % every === 0) xLabels.push({ x: round(plot.left + i * band + band / 2), date: p.date });
  });
  return { width, height, plot, bars, yTicks: scale.ticks.map((value) => ({ value, y: round(y(value)) })), xLabels };
}

const round = (n: number): number => Math.round(n * 100) / 100;
