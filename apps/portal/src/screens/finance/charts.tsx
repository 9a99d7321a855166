import { ReactNode, useId } from 'react';
import {
  Bar,
  BarChart as RBarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart as RLineChart,
  Rectangle,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/**
 * The finance screens' charts: thin wrappers over recharts (issue 11), in the finance screens' lazy
 * chunk only (finance/routes.tsx), never in the first load. Each chart is recharts' accessibility
 * layer (a focusable surface: arrow keys move the tooltip, which is announced), named by its caption
 * and described by a sentence with every figure; every mark has an SVG <title> (hover tooltip), the
 * value is written at the end of each bar, and the same numbers follow as a real table under
 * "Data table".
 */

export interface Datum {
  label: string;
  value: number;
  /** How the value reads (dollars, a percentage); defaults to the number. */
  text?: string;
}

/** Colours that hold 4.5:1 against white and 3:1 against each other for adjacent segments (WCAG 1.4.11). */
export const SERIES_COLOURS = ['#0b4f8a', '#c2410c', '#047857', '#7e22ce', '#a4161a', '#4a525c'];

const INK = '#1b1f24';
const TICK = { fill: INK, fontSize: 12 };
const LABEL_W = 170;
const ROW_H = 30;

const truncate = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

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

/** A chart with nothing to plot still names itself: a person sees which one is empty. */
function EmptyFigure(props: { title: string; empty?: string }) {
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <p className="notice">{props.empty ?? 'Nothing to plot.'}</p>
    </figure>
  );
}

/** The figure: caption (the chart's name), a sentence with every figure (its description), the chart, the table. */
function Figure(props: {
  title: string;
  summary: string;
  table: ReactNode;
  maxWidth: number;
  chart: (aria: ChartAria) => ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart" style={{ maxWidth: props.maxWidth + 26 }}>
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      <p id={`${id}-d`} className="visually-hidden">
        {props.summary}
      </p>
      {props.chart({
        title: props.title,
        desc: props.summary,
        'aria-labelledby': `${id}-t`,
        'aria-describedby': `${id}-d`,
        'aria-roledescription': 'chart',
      })}
      {props.table}
    </figure>
  );
}

interface ChartAria {
  title: string;
  desc: string;
  'aria-labelledby': string;
  'aria-describedby': string;
  'aria-roledescription': string;
}

/** A bar with its own SVG <title> (what a pointer's hover shows, whatever the tooltip does). */
function titledBar(title: (payload: Record<string, unknown>) => string) {
  return function TitledBar(p: unknown) {
    const props = p as { payload: Record<string, unknown>; index: number } & Record<string, unknown>;
    return (
      <g className="chart-bar">
        <title>{title(props.payload)}</title>
        <Rectangle {...(props as object)} />
      </g>
    );
  };
}

/** Horizontal bars, one per datum, the value written at the end of each bar. */
export function BarChart(props: {
  title: string;
  data: Datum[];
  valueHeader: string;
  empty?: string;
  max?: number;
}) {
  if (props.data.length === 0) return <EmptyFigure title={props.title} empty={props.empty} />;
  const text = (d: Datum) => d.text ?? String(d.value);
  const data = props.data.map((d) => ({ label: d.label, value: d.value, text: text(d) }));
  const width = 640;
  return (
    <Figure
      title={props.title}
      maxWidth={width}
      summary={props.data.map((d) => `${d.label}: ${text(d)}`).join('; ')}
      table={
        <DataTable
          caption={props.title}
          head={['', props.valueHeader]}
          rows={props.data.map((d) => [d.label, text(d)])}
        />
      }
      chart={(aria) => (
        <RBarChart
          accessibilityLayer
          {...aria}
          responsive
          layout="vertical"
          data={data}
          style={{ width: '100%', maxWidth: width, height: data.length * ROW_H + 40 }}
          margin={{ top: 4, right: 130, bottom: 4, left: 4 }}
        >
          <CartesianGrid horizontal={false} stroke="#d9dde2" />
          <XAxis
            type="number"
            domain={[0, props.max ?? 'auto']}
            allowDecimals={props.max !== undefined}
            tick={TICK}
            tickFormatter={props.max === 1 ? (v: number) => `${Math.round(v * 100)}%` : undefined}
          />
          <YAxis type="category" dataKey="label" width={LABEL_W} tick={TICK} tickFormatter={truncate} />
          <Tooltip formatter={(_v, _n, item) => (item.payload as { text: string }).text} />
          <Bar
            dataKey="value"
            name={props.valueHeader}
            fill={SERIES_COLOURS[0]}
            isAnimationActive={false}
            shape={titledBar((p) => `${String(p.label)}: ${String(p.text)}`)}
          >
            <LabelList dataKey="text" position="right" fill={INK} fontSize={12} />
          </Bar>
        </RBarChart>
      )}
    />
  );
}

export interface StackedRow {
  label: string;
  parts: number[];
}

/** Horizontal stacked bars (e.g. AR by payer in aging buckets), with a legend and the total after each bar. */
export function StackedBarChart(props: {
  title: string;
  series: string[];
  rows: StackedRow[];
  format: (v: number) => string;
  empty?: string;
}) {
  if (props.rows.length === 0) return <EmptyFigure title={props.title} empty={props.empty} />;
  const totals = props.rows.map((r) => r.parts.reduce((s, v) => s + Math.max(0, v), 0));
  const data = props.rows.map((r, i) => ({
    label: r.label,
    total: props.format(totals[i]),
    ...Object.fromEntries(r.parts.map((v, j) => [`s${j}`, Math.max(0, v)])),
  }));
  const width = 760;
  const last = props.series.length - 1;
  return (
    <Figure
      title={props.title}
      maxWidth={width}
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
      chart={(aria) => (
        <RBarChart
          accessibilityLayer
          {...aria}
          responsive
          layout="vertical"
          data={data}
          style={{ width: '100%', maxWidth: width, height: data.length * ROW_H + 80 }}
          margin={{ top: 4, right: 110, bottom: 4, left: 4 }}
        >
          <CartesianGrid horizontal={false} stroke="#d9dde2" />
          <XAxis type="number" tick={TICK} tickFormatter={(v: number) => props.format(v)} />
          <YAxis type="category" dataKey="label" width={LABEL_W} tick={TICK} tickFormatter={truncate} />
          <Tooltip formatter={(v) => props.format(Number(v))} itemSorter="dataKey" />
          {/* In the series' order (the buckets' order), not sorted by name. */}
          <Legend verticalAlign="top" itemSorter={null} wrapperStyle={{ color: INK }} />
          {props.series.map((s, j) => (
            <Bar
              key={s}
              dataKey={`s${j}`}
              name={s}
              stackId="all"
              fill={SERIES_COLOURS[j % SERIES_COLOURS.length]}
              stroke="#fff"
              isAnimationActive={false}
              shape={titledBar((p) => `${String(p.label)}, ${s}: ${props.format(Number(p[`s${j}`]))}`)}
            >
              {j === last && <LabelList dataKey="total" position="right" fill={INK} fontSize={12} />}
            </Bar>
          ))}
        </RBarChart>
      )}
    />
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
  if (props.points.length === 0) return <EmptyFigure title={props.title} empty={props.empty} />;
  const n = props.points.length;
  const max = Math.max(...props.points.map((p) => p.y), 1);
  const width = 720;
  return (
    <Figure
      title={props.title}
      maxWidth={width}
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
      chart={(aria) => (
        <RLineChart
          accessibilityLayer
          {...aria}
          responsive
          data={props.points}
          style={{ width: '100%', maxWidth: width, height: 260 }}
          margin={{ top: 12, right: 24, bottom: 4, left: 4 }}
        >
          <CartesianGrid vertical={false} stroke="#d9dde2" />
          <XAxis dataKey="x" tick={TICK} tickFormatter={(x: string) => x.slice(5)} />
          <YAxis width={90} tick={TICK} tickFormatter={(v: number) => props.format(v)} />
          <Tooltip formatter={(v) => props.format(Number(v))} />
          <Line
            type="linear"
            dataKey="y"
            name={props.valueHeader}
            stroke={SERIES_COLOURS[0]}
            strokeWidth={2.5}
            isAnimationActive={false}
            dot={(d: { cx?: number; cy?: number; index?: number; payload?: { x: string; y: number } }) => (
              <circle
                key={d.index}
                className="chart-point"
                cx={d.cx}
                cy={d.cy}
                r={4}
                fill={SERIES_COLOURS[0]}
              >
                <title>{d.payload ? `${d.payload.x}: ${props.format(d.payload.y)}` : ''}</title>
              </circle>
            )}
          />
        </RLineChart>
      )}
    />
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
