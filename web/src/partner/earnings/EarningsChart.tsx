import { useId } from 'react';
import { layoutBars, scaleFor } from '../usage/chart.js';
import { formatMoney } from '../usage/money.js';
import { formatMonth, type MonthPoint } from './earningsModel.js';
import '../usage/usage.css';

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 72 };
const MAX_BAR = 48;

/**
 * What the publisher earned per month in one currency (net of the store fee, plus tax passed on), as an SVG bar chart.
 * For assistive technology the chart is an image named by a one-sentence summary; the numbers are in a table below.
 * A month whose refunds exceed its sales has no bar; the table shows its negative amount.
 */
export function EarningsChart({ points, currency }: { points: MonthPoint[]; currency: string }) {
  const id = useId();
  const scale = scaleFor(Math.max(0, ...points.map((p) => p.value)), { allowFractions: true });
  const layout = layoutBars(
    points.map((p) => ({ date: p.month, value: p.value })),
    scale,
    { width: WIDTH, height: HEIGHT, margin: MARGIN },
  );
  const { plot } = layout;
  // A few months make wide bands: keep bars slim, centred in their band.
  const bars = layout.bars.map((b) => (b.width > MAX_BAR ? { ...b, x: b.x + (b.width - MAX_BAR) / 2, width: MAX_BAR } : b));
  const best = points.reduce<MonthPoint | undefined>((b, p) => (!b || p.value > b.value ? p : b), undefined);
  const summary = best && best.value > 0 ? `Earnings in ${currency} per month, ${formatMonth(points[0]!.month)} to ${formatMonth(points.at(-1)!.month)}; the highest, ${formatMoney(best.amount, currency)}, in ${formatMonth(best.month, 'long')}.` : `No earnings in ${currency} in these months.`;
  return (
    <figure className="usage-chart" data-testid={`earnings-chart-${currency}`}>
      <figcaption id={`${id}-caption`}>
        <strong>Earnings per month</strong>
        <span className="muted">{currency} · net of the store fee, by the month of the sale</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-caption`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{summary}</title>
        {layout.yTicks.map((t) => (
          <g key={`y${t.value}`} aria-hidden="true">
            <line className={t.value === 0 ? 'base-line' : 'grid-line'} x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} />
            <text className="axis-label" x={plot.left - 8} y={t.y} textAnchor="end" dominantBaseline="middle">
              {formatMoney(String(t.value), currency)}
            </text>
          </g>
        ))}
        {bars
          .filter((b) => b.height > 0)
          .map((b) => (
            <rect key={b.date} className="bar" x={b.x} y={b.y} width={b.width} height={b.height} rx={Math.min(2, b.width / 4)}>
              <title>{`${formatMonth(b.date, 'long')}: ${formatMoney(points.find((p) => p.month === b.date)?.amount ?? '0', currency)}`}</title>
            </rect>
          ))}
        {layout.xLabels.map((l) => (
          <text key={`x${l.date}`} className="axis-label" x={l.x} y={plot.bottom + 16} textAnchor="middle" aria-hidden="true">
            {formatMonth(l.date)}
          </text>
        ))}
      </svg>
      <details>
        <summary>Show the numbers as a table</summary>
        <table className="table compact">
          <caption className="sr-only">{`Earnings in ${currency} per month`}</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Earnings
              </th>
              <th scope="col" className="num">
                Transactions
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <td>{formatMonth(p.month, 'long')}</td>
                <td className="num">{formatMoney(p.amount, currency)}</td>
                <td className="num">{p.earnings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
