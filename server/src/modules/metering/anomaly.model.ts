/**
 * The metered-usage anomaly model (ADR 0014): a pure function that judges one day of one (subscription, dimension)
 * series against that series' own recent history. The reference trains a generalized additive model weekly and flags
 * observations outside its retrospective confidence band (spec 08 §2.5, §4.8); Agora uses a deterministic robust
 * baseline instead:
 *
 *  1. History: the days before the target with usage (> 0), within `lookbackDays` calendar days, at most the latest
 *     `windowDays` of them. Days without usage are missing, not zero: usage events carry overage only, so a day
 *     without events says nothing about the customer's real consumption (the reference "handles long gaps").
 *  2. Fewer than `minHistoryDays` such days: no verdict (`insufficientHistory`), never a flag.
 *  3. Day-of-week seasonality: with at least `seasonalMinPerWeekday` days of each weekday, factor
 *     s_w = median(weekday w) / median(all); the series is divided by its factors, and the factors are kept only if
 *     that cuts the relative spread (mean absolute deviation from the median, over the median) by at least
 *     `seasonalMinGain`. The mean, not the median, absolute deviation: a weekend that is a minority of the days is
 *     invisible to the MAD. Seven medians fitted to pure noise cut that spread by ~13% typically and by 29-43% in 5% of
 *     the cases (simulated, normal and exponential noise), hence the 40% default.
 *  4. Trend: the Theil–Sen slope (median of the pairwise slopes) of the deseasonalised series, kept only when it is
 *     upward (a falling series is judged against its higher recent level, which flags less, never more).
 *  5. Each history day is projected to the target day along the trend; level = median of the projections, and the
 *     scale sigma = 1.4826 · MAD of the projections (the MAD's consistency constant for normal noise).
 *  6. expected = level · s_target; upper = expected + max(k · sigma · s_target, minRelativeDeviation · expected,
 *     minAbsoluteDeviation). The day is an anomaly when observed > upper: only over-reporting is flagged, because only
 *     over-reported usage can be corrected (under-reported usage is the publisher's loss, spec 08 §4.1 #10).
 *
 * Deviation is the robust z-score (observed − expected) / (sigma · s_target), null when the history has no spread.
 * All arithmetic is in doubles; the model is exactly scale-equivariant for power-of-two scalings (the unit tests
 * check this), so it has no hidden unit except `minAbsoluteDeviation`.
 */

export interface AnomalyModelParams {
  /** The most recent days with usage that form the history. */
  windowDays: number;
  /** How far back (calendar days before the target) history days are looked for. */
  lookbackDays: number;
  /** Fewer history days than this: no verdict. */
  minHistoryDays: number;
  /** Width of the band in robust standard deviations. */
  k: number;
  /** Days of each weekday needed before day-of-week factors are tried. */
  seasonalMinPerWeekday: number;
  /** Relative reduction of the spread (mean absolute deviation / median) the day-of-week factors must achieve. */
  seasonalMinGain: number;
  /** Use an upward Theil–Sen trend. */
  trend: boolean;
  /** The band is at least this many units above the expected value. */
  minAbsoluteDeviation: number;
  /** … and at least this fraction of the expected value. */
  minRelativeDeviation: number;
}

export const DEFAULT_ANOMALY_MODEL: Readonly<AnomalyModelParams> = Object.freeze({
  windowDays: 28,
  lookbackDays: 91,
  minHistoryDays: 7,
  k: 3.5,
  seasonalMinPerWeekday: 3,
  seasonalMinGain: 0.4,
  trend: true,
  minAbsoluteDeviation: 1,
  minRelativeDeviation: 0.25,
});

/** The consistency constant that makes the MAD estimate the standard deviation of normal noise. */
export const MAD_TO_SIGMA = 1.4826;

/** One day of a series: `day` is the number of days since 1970-01-01 (UTC), `quantity` the day's total usage. */
export interface DailyPoint {
  day: number;
  quantity: number;
}

export interface ModelDetail {
  /** History days used. */
  historyDays: number;
  /** Day-of-week factors were used. */
  seasonal: boolean;
  /** The target weekday's factor (1 without seasonality). */
  weekdayFactor: number;
  /** Upward trend in units per day at the target weekday (0 without a trend). */
  trendPerDay: number;
  /** Robust standard deviation at the target day (sigma · weekday factor). */
  scale: number;
}

export type Assessment =
  | { verdict: 'insufficientHistory'; historyDays: number }
  | ({
      verdict: 'normal' | 'anomaly';
      observed: number;
      expected: number;
      upperBound: number;
      /** Robust z-score; null when the history has no spread. */
      deviation: number | null;
    } & ModelDetail);

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a UTC instant. */
export const dayNumber = (at: Date): number => Math.floor(at.getTime() / DAY_MS);
/** `YYYY-MM-DD` of a day number. */
export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Day number of a `YYYY-MM-DD` string. */
export const dayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median `m`. */
export function mad(values: readonly number[], m = median(values)): number {
  return median(values.map((v) => Math.abs(v - m)));
}

/** Mean absolute deviation from `m`. */
function meanAbsoluteDeviation(values: readonly number[], m: number): number {
  let sum = 0;
  for (const v of values) sum += Math.abs(v - m);
  return sum / values.length;
}

/** Theil–Sen slope: the median of the slopes between every pair of points (0 for fewer than two). */
export function theilSen(points: readonly { x: number; y: number }[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x;
      if (dx !== 0) slopes.push((points[j]!.y - points[i]!.y) / dx);
    }
  return slopes.length === 0 ? 0 : median(slopes);
}

/** The history the model uses for `targetDay`: positive days before it, inside the lookback, the latest `windowDays`. */
export function historyFor(points: readonly DailyPoint[], targetDay: number, params: AnomalyModelParams = DEFAULT_ANOMALY_MODEL): DailyPoint[] {
  return points
    .filter((p) => p.day < targetDay && p.day >= targetDay - params.lookbackDays && Number.isFinite(p.quantity) && p.quantity > 0)
    .sort((a, b) => a.day - b.day)
    .slice(-params.windowDays);
}

function weekdayFactors(history: readonly DailyPoint[], params: AnomalyModelParams): number[] | undefined {
  const byWeekday: number[][] = [[], [], [], [], [], [], []];
  for (const p of history) byWeekday[weekday(p.day)]!.push(p.quantity);
  if (byWeekday.some((g) => g.length < params.seasonalMinPerWeekday)) return undefined;
  const all = history.map((p) => p.quantity);
  const m = median(all);
  const spread = meanAbsoluteDeviation(all, m);
  if (spread === 0) return undefined;
  const factors = byWeekday.map((g) => median(g) / m);
  const z = history.map((p) => p.quantity / factors[weekday(p.day)]!);
  const mz = median(z);
  // Keep the factors only if they explain a real part of the spread (they always explain a little by chance).
  return meanAbsoluteDeviation(z, mz) / mz <= (1 - params.seasonalMinGain) * (spread / m) ? factors : undefined;
}

/**
 * Judges `observed` usage on `targetDay` against the series' `points` (any days; those the model does not use are
 * ignored). Pure and deterministic.
 */
export function assessDay(points: readonly DailyPoint[], targetDay: number, observed: number, params: AnomalyModelParams = DEFAULT_ANOMALY_MODEL): Assessment {
  const history = historyFor(points, targetDay, params);
  if (history.length < params.minHistoryDays) return { verdict: 'insufficientHistory', historyDays: history.length };

  const factors = weekdayFactors(history, params);
  const z = history.map((p) => ({ x: p.day, y: factors ? p.quantity / factors[weekday(p.day)]! : p.quantity }));
  const slope = params.trend ? Math.max(0, theilSen(z)) : 0;
  const projected = z.map((p) => p.y + slope * (targetDay - p.x));
  const level = median(projected);
  const sigma = MAD_TO_SIGMA * mad(projected, level);

  const factor = factors ? factors[weekday(targetDay)]! : 1;
  const expected = level * factor;
  const scale = sigma * factor;
  const margin = Math.max(params.k * scale, params.minRelativeDeviation * expected, params.minAbsoluteDeviation);
  const upperBound = expected + margin;
  return {
    verdict: observed > upperBound ? 'anomaly' : 'normal',
    observed,
    expected,
    upperBound,
    deviation: scale > 0 ? (observed - expected) / scale : null,
    historyDays: history.length,
    seasonal: factors !== undefined,
    weekdayFactor: factor,
    trendPerDay: slope * factor,
    scale,
  };
}
