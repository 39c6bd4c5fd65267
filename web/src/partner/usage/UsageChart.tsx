import { useId } from 'react';
import { layoutBars, scaleFor } from './chart.js';
import { formatQuantity } from './money.js';
import { formatDay, isUnlimited, seriesSummary, type DateRange, type Series, type SeriesPoint } from './usageModel.js';

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 56 };

/**
 * One dimension's usage per day as an SVG bar chart of our own. For assistive technology the chart is an image whose
 * name is a one-sentence summary (total, days with usage, the busiest day), and the numbers are in a table below it.
 * A dimension included without limit takes no usage, so it gets a note instead of an empty chart.
 */
export function UsageChart({ series, range }: { series: Series; range: DateRange }) {
  const id = useId();
  const { dimension } = series;
  const used = series.points.filter((p) => p.value > 0);
  const unlimited = isUnlimited(dimension);
  return (
    <figure className="usage-chart" data-testid={`usage-chart-${dimension.id}`}>
      <figcaption id={`${id}-caption`}>
        <strong>{dimension.displayName}</strong>
        <span className="muted">
          <code>{dimension.id}</code>
          {dimension.unitOfMeasure ? ` · ${dimension.unitOfMeasure}` : ''} · {formatQuantity(series.total)} in total
        </span>
      </figcaption>
      {unlimited && used.length === 0 ? (
        <p className="note">Included without limit in this plan: it takes no usage events and is never charged.</p>
      ) : (
        <>
          <BarChart points={series.points} title={seriesSummary(series, range)} titleId={`${id}-title`} captionId={`${id}-caption`} />
          <DayTable name={dimension.displayName} used={used} allDays={series.points.length} />
        </>
      )}
    </figure>
  );
}

function BarChart({ points, title, titleId, captionId }: { points: SeriesPoint[]; title: string; titleId: string; captionId: string }) {
  const allowFractions = points.some((p) => !Number.isInteger(p.value));
  const scale = scaleFor(Math.max(0, ...points.map((p) => p.value)), { allowFractions });
  const layout = layoutBars(points, scale, { width: WIDTH, height: HEIGHT, margin: MARGIN });
  const empty = points.every((p) => p.value <= 0);
  const { plot } = layout;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} aria-describedby={captionId} preserveAspectRatio="xMidYMid meet">
      <title id={titleId}>{title}</title>
      {layout.yTicks.map((t) => (
        <g key={`y${t.value}`} aria-hidden="true">
          <line className={t.value === 0 ? 'base-line' : 'grid-line'} x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
          <text className="axis-label" x={plot.left - 8} y={t.y} textAnchor="end" dominantBaseline="middle">
            {formatQuantity(t.value)}
          </text>
        </g>
      ))}
      {layout.bars
        .filter((b) => b.height > 0)
        .map((b) => (
          <rect key={b.date} className="bar" x={b.x} y={b.y} width={b.width} height={b.height} rx={Math.min(2, b.width / 4)}>
            <title>{`${formatDay(b.date)}: ${formatQuantity(b.value)}`}</title>
          </rect>
        ))}
      {layout.xLabels.map((l) => (
        <text key={`x${l.date}`} className="axis-label" x={l.x} y={plot.bottom + 16} textAnchor="middle" aria-hidden="true">
          {formatDay(l.date, 'short')}
        </text>
      ))}
      {empty && (
        <text className="empty-label" x={(plot.left + plot.right) / 2} y={(plot.top + plot.bottom) / 2} textAnchor="middle" aria-hidden="true">
          No usage in these dates
        </text>
      )}
    </svg>
  );
}

/** The chart's numbers: the days with usage. */
function DayTable({ name, used, allDays }: { name: string; used: SeriesPoint[]; allDays: number }) {
  return (
    <details>
      <summary>Show the numbers as a table</summary>
      {used.length === 0 ? (
        <p className="note">No usage on any day of these dates.</p>
      ) : (
        <table className="table compact">
          <caption className="sr-only">{`${name} per day`}</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Usage events
              </th>
            </tr>
          </thead>
          <tbody>
            {used.map((p) => (
              <tr key={p.date}>
                <td>{formatDay(p.date)}</td>
                <td className="num">{formatQuantity(p.value)}</td>
                <td className="num">{p.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {used.length > 0 && used.length < allDays && <p className="note">Days not listed had no usage.</p>}
    </details>
  );
}
