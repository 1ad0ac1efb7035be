import { niceMax, scaled, SERIES_FILL, type SeriesColour } from './chart-scale';

export interface BarSeries {
  key: string;
  label: string;
  colour: SeriesColour;
}

export interface BarCategory {
  label: string;
  /** One value per series, stacked bottom-up in series order. */
  values: number[];
  /** Drawn as a marker line across the bar (e.g. node capacity). */
  capacity?: number | null;
}

interface BarChartProps {
  /** Unique on the page: ids of the title and the data table derive from it. */
  id: string;
  title: string;
  series: BarSeries[];
  categories: BarCategory[];
  format: (value: number) => string;
  /** Label only every n-th category on the x axis (dense charts). */
  labelEvery?: number;
  capacityLabel?: string;
  /**
   * Width the bars are laid out in, in SVG units. The SVG scales to its column, text included, so
   * this should be about the column's pixel width for the labels to stay readable.
   */
  plotWidth?: number;
}

const HEIGHT = 150;
const TOP = 10;
const LEFT = 44;
const BOTTOM = 44;
const MIN_SLOT = 22;

/**
 * A server-rendered stacked bar chart: one `<rect data-bar>` per category and series (zero-height
 * when the value is 0, so the bar count is fixed), the numbers in a visually hidden table for
 * screen readers, and each bar's value as its tooltip.
 */
export function BarChart({
  id,
  title,
  series,
  categories,
  format,
  labelEvery = 1,
  capacityLabel = 'Capacity',
  plotWidth = 560,
}: BarChartProps) {
  const slot = Math.max(MIN_SLOT, Math.floor(plotWidth / Math.max(categories.length, 1)));
  const width = LEFT + slot * categories.length + 8;
  const totals = categories.map((c) => c.values.reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(0, ...totals, ...categories.map((c) => c.capacity ?? 0)));
  const baseline = TOP + HEIGHT;
  const hasCapacity = categories.some((c) => c.capacity != null);
  return (
    <figure className="p-3" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">
        {title}
      </figcaption>
      <Legend series={series} capacityLabel={hasCapacity ? capacityLabel : undefined} />
      <svg
        role="img"
        aria-label={title}
        data-chart={id}
        viewBox={`0 0 ${width} ${TOP + HEIGHT + BOTTOM}`}
        className="h-auto w-full max-w-full text-zinc-500"
      >
        <title>{title}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={LEFT}
              x2={width - 4}
              y1={baseline - f * HEIGHT}
              y2={baseline - f * HEIGHT}
              className="stroke-zinc-200 dark:stroke-zinc-700"
            />
            <text x={LEFT - 4} y={baseline - f * HEIGHT + 3} textAnchor="end" fontSize="9" fill="currentColor">
              {format(max * f)}
            </text>
          </g>
        ))}
        {categories.map((c, i) => {
          const x = LEFT + i * slot + slot * 0.15;
          const barWidth = slot * 0.7;
          let y = baseline;
          return (
            <g key={`${c.label}-${i}`}>
              {c.values.map((value, s) => {
                const h = scaled(value, max, HEIGHT);
                y -= h;
                return (
                  <rect
                    key={series[s].key}
                    data-bar={series[s].key}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={h}
                    className={SERIES_FILL[series[s].colour]}
                  >
                    <title>{`${c.label}: ${format(value)} ${series[s].label.toLowerCase()}`}</title>
                  </rect>
                );
              })}
              {c.capacity != null && (
                <line
                  data-capacity=""
                  x1={x - 2}
                  x2={x + barWidth + 2}
                  y1={baseline - scaled(c.capacity, max, HEIGHT)}
                  y2={baseline - scaled(c.capacity, max, HEIGHT)}
                  strokeWidth="2"
                  className="stroke-red-500"
                >
                  <title>{`${c.label}: ${capacityLabel.toLowerCase()} ${format(c.capacity)}`}</title>
                </line>
              )}
              {i % labelEvery === 0 && (
                <text
                  x={x + barWidth / 2}
                  y={baseline + 10}
                  fontSize="9"
                  fill="currentColor"
                  textAnchor="end"
                  transform={`rotate(-35 ${x + barWidth / 2} ${baseline + 10})`}
                >
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
            {hasCapacity && <th scope="col">{capacityLabel}</th>}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={`${c.label}-${i}`}>
              <th scope="row">{c.label}</th>
              {c.values.map((v, s) => (
                <td key={series[s].key}>{format(v)}</td>
              ))}
              {hasCapacity && <td>{c.capacity != null ? format(c.capacity) : 'unknown'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Legend({ series, capacityLabel }: { series: BarSeries[]; capacityLabel?: string }) {
  return (
    <ul className="mb-1 flex flex-wrap gap-3 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1">
          <svg width="10" height="10" aria-hidden="true">
            <rect width="10" height="10" className={SERIES_FILL[s.colour]} />
          </svg>
          {s.label}
        </li>
      ))}
      {capacityLabel && (
        <li className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-3 bg-red-500" />
          {capacityLabel}
        </li>
      )}
    </ul>
  );
}
