import { ReactNode, useId } from 'react';

/**
 * Small hand-written SVG charts (no chart library: a few KB, loaded only with the screens that plot).
 * Each is an `img` with a title and a description a screen reader reads, every mark has a <title>
 * (hover tooltip), and the same numbers follow as a real table under "Data table".
 */

export interface Datum {
  label: string;
  value: number;
  /** How the value reads (dollars, a percentage); defaults to the number. */
  text?: string;
}

/** Colours that hold 3:1 against white and against each other for adjacent segments (WCAG 1.4.11). */
export const SERIES_COLOURS = ['#0b4f8a', '#c2410c', '#047857', '#7e22ce', '#a4161a', '#4a525c'];

function DataTable(props: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <details className="chart-data">
      <summary>Data table: {props.caption}</summary>
      <table className="queue">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th key={h} scope="col" className={i > 0 ? 'numeric' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j} className="numeric">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Figure(props: {
  title: string;
  summary: string;
  children: ReactNode;
  table: ReactNode;
  width: number;
  height: number;
}) {
  const id = useId();
  return (
    <figure className="chart">
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        width="100%"
        style={{ maxWidth: props.width }}
      >
        <title>{props.title}</title>
        <desc id={`${id}-d`}>{props.summary}</desc>
        {props.children}
      </svg>
      {props.table}
    </figure>
  );
}

const LABEL_W = 170;
const ROW_H = 26;

/** Horizontal bars, one per datum, the value written at the end of each bar. */
export function BarChart(props: {
  title: string;
  data: Datum[];
  valueHeader: string;
  empty?: string;
  max?: number;
}) {
  if (props.data.length === 0) return <p className="notice">{props.empty ?? 'Nothing to plot.'}</p>;
  const width = 640;
  const plot = width - LABEL_W - 110;
  const max = props.max ?? Math.max(...props.data.map((d) => d.value), 1);
  const text = (d: Datum) => d.text ?? String(d.value);
  const height = props.data.length * ROW_H + 8;
  return (
    <Figure
      title={props.title}
      width={width}
      height={height}
      summary={props.data.map((d) => `${d.label}: ${text(d)}`).join('; ')}
      table={
        <DataTable
          caption={props.title}
          head={['', props.valueHeader]}
          rows={props.data.map((d) => [d.label, text(d)])}
        />
      }
    >
      {props.data.map((d, i) => {
        const w = Math.max(1, (Math.max(0, d.value) / max) * plot);
        const y = i * ROW_H + 4;
        return (
          <g key={d.label}>
            <title>{`${d.label}: ${text(d)}`}</title>
            <text x={LABEL_W - 8} y={y + 15} textAnchor="end" className="chart-label">
              {d.label.length > 24 ? `${d.label.slice(0, 23)}…` : d.label}
            </text>
            <rect x={LABEL_W} y={y} width={w} height={ROW_H - 8} fill={SERIES_COLOURS[0]} />
            <text x={LABEL_W + w + 6} y={y + 15} className="chart-label">
              {text(d)}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}

export interface StackedRow {
  label: string;
  parts: number[];
}

/** Horizontal stacked bars (e.g. AR by payer in aging buckets), with a legend. */
export function StackedBarChart(props: {
  title: string;
  series: string[];
  rows: StackedRow[];
  format: (v: number) => string;
  empty?: string;
}) {
  if (props.rows.length === 0) return <p className="notice">{props.empty ?? 'Nothing to plot.'}</p>;
  const width = 720;
  const plot = width - LABEL_W - 110;
  const totals = props.rows.map((r) => r.parts.reduce((s, v) => s + Math.max(0, v), 0));
  const max = Math.max(...totals, 1);
  const legendH = 28;
  const height = legendH + props.rows.length * ROW_H + 8;
  return (
    <Figure
      title={props.title}
      width={width}
      height={height}
      summary={props.rows
        .map(
          (r, i) =>
            `${r.label}: ${props.format(totals[i])} (${r.parts.map((v, j) => `${props.series[j]} ${props.format(v)}`).join(', ')})`,
        )
        .join('; ')}
      table={
        <DataTable
          caption={props.title}
          head={['', ...props.series, 'Total']}
          rows={props.rows.map((r, i) => [r.label, ...r.parts.map(props.format), props.format(totals[i])])}
        />
      }
    >
      <g aria-hidden="true">
        {props.series.map((s, j) => (
          <g key={s} transform={`translate(${LABEL_W + j * 95}, 4)`}>
            <rect width="14" height="14" fill={SERIES_COLOURS[j % SERIES_COLOURS.length]} />
            <text x="19" y="12" className="chart-label">
              {s}
            </text>
          </g>
        ))}
      </g>
      {props.rows.map((r, i) => {
        const y = legendH + i * ROW_H;
        let x = LABEL_W;
        return (
          <g key={r.label}>
            <text x={LABEL_W - 8} y={y + 15} textAnchor="end" className="chart-label">
              {r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label}
            </text>
            {r.parts.map((v, j) => {
              const w = (Math.max(0, v) / max) * plot;
              const rect = (
                <rect
                  key={j}
                  x={x}
                  y={y}
                  width={w}
                  height={ROW_H - 8}
                  fill={SERIES_COLOURS[j % SERIES_COLOURS.length]}
                  stroke="#fff"
                >
                  <title>{`${r.label}, ${props.series[j]}: ${props.format(v)}`}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
            <text x={x + 6} y={y + 15} className="chart-label">
              {props.format(totals[i])}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}

/** A line over dates (e.g. collections per payment date), each point marked and titled. */
export function LineChart(props: {
  title: string;
  points: Array<{ x: string; y: number }>;
  format: (v: number) => string;
  valueHeader: string;
  empty?: string;
}) {
  if (props.points.length === 0) return <p className="notice">{props.empty ?? 'Nothing to plot.'}</p>;
  const width = 720;
  const height = 240;
  const left = 90;
  const bottom = 36;
  const top = 12;
  const plotW = width - left - 20;
  const plotH = height - top - bottom;
  const max = Math.max(...props.points.map((p) => p.y), 1);
  const min = Math.min(0, ...props.points.map((p) => p.y));
  const n = props.points.length;
  const px = (i: number) => left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const py = (v: number) => top + plotH - ((v - min) / (max - min)) * plotH;
  const path = props.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${px(i).toFixed(1)},${py(p.y).toFixed(1)}`)
    .join(' ');
  const ticks = [min, (min + max) / 2, max];
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  return (
    <Figure
      title={props.title}
      width={width}
      height={height}
      summary={`${n} points from ${props.points[0].x} to ${props.points[n - 1].x}; highest ${props.format(max)}. ${props.points
        .map((p) => `${p.x}: ${props.format(p.y)}`)
        .join('; ')}`}
      table={
        <DataTable
          caption={props.title}
          head={['Date', props.valueHeader]}
          rows={props.points.map((p) => [p.x, props.format(p.y)])}
        />
      }
    >
      <g aria-hidden="true">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={left + plotW} y1={py(t)} y2={py(t)} stroke="#d9dde2" />
            <text x={left - 6} y={py(t) + 4} textAnchor="end" className="chart-label">
              {props.format(Math.round(t))}
            </text>
          </g>
        ))}
        {props.points.map((p, i) =>
          i % labelEvery === 0 || i === n - 1 ? (
            <text key={p.x} x={px(i)} y={height - 12} textAnchor="middle" className="chart-label">
              {p.x.slice(5)}
            </text>
          ) : null,
        )}
      </g>
      <path d={path} fill="none" stroke={SERIES_COLOURS[0]} strokeWidth="2.5" />
      {props.points.map((p, i) => (
        <circle key={p.x} cx={px(i)} cy={py(p.y)} r="4" fill={SERIES_COLOURS[0]}>
          <title>{`${p.x}: ${props.format(p.y)}`}</title>
        </circle>
      ))}
    </Figure>
  );
}

/** A headline number with what it means. */
export function Kpi(props: { label: string; value: string; detail?: string }) {
  return (
    <div className="kpi">
      <dt>{props.label}</dt>
      <dd>
        <span className="kpi-value">{props.value}</span>
        {props.detail && <span className="kpi-detail">{props.detail}</span>}
      </dd>
    </div>
  );
}
