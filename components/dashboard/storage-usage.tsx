import { formatBytes } from '@/components/data-table/format';
import type { EndpointHealth } from '@/lib/dashboard/endpoint-health';

const ROW = 22;
const LABEL = 150;
// Label + track + value text ≈ the half-width card, so the SVG is drawn at about 1:1 and its text stays readable.
const TRACK = 260;

function percent(used: number, total: number): number {
  return total > 0 ? Math.round((used / total) * 100) : 0;
}

function tone(pct: number): string {
  return pct >= 90 ? 'fill-red-500' : pct >= 75 ? 'fill-amber-500' : 'fill-sky-500 dark:fill-sky-400';
}

/**
 * Used vs total space per storage pool of every reachable endpoint (live figures). Pools with no
 * capacity reported (all their nodes offline) are listed in the table as unknown.
 */
export async function StorageUsage({ health }: { health: Promise<EndpointHealth[]> }) {
  const endpoints = await health;
  const rows = endpoints.flatMap((e) =>
    (e.storage ?? []).map((s) => ({
      ...s,
      endpoint: e.name,
      label: endpoints.length > 1 ? `${e.name} · ${s.storage}` : s.storage,
    })),
  );
  const missing = endpoints.filter((e) => e.state !== 'disabled' && e.storage === null);
  const shown = rows.filter((r) => r.total > 0);
  const title = 'Storage usage per pool';
  return (
    <figure className="p-3" aria-labelledby="storage-usage-title">
      <figcaption id="storage-usage-title" className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">
        {title}{' '}
        <span className="font-normal text-zinc-500">
          (live; shared pools counted once, local pools summed over nodes)
        </span>
      </figcaption>
      {shown.length > 0 ? (
        <svg
          role="img"
          aria-label={title}
          data-chart="storage-usage"
          viewBox={`0 0 ${LABEL + TRACK + 150} ${shown.length * ROW + 4}`}
          className="h-auto w-full text-zinc-600 dark:text-zinc-300"
        >
          <title>{title}</title>
          {shown.map((r, i) => {
            const pct = percent(r.used, r.total);
            const y = i * ROW + 2;
            return (
              <g key={`${r.endpoint}-${r.storage}`}>
                <text x={LABEL - 6} y={y + 13} fontSize="10" textAnchor="end" fill="currentColor">
                  {r.label}
                </text>
                <rect x={LABEL} y={y + 3} width={TRACK} height={ROW - 8} className="fill-zinc-200 dark:fill-zinc-700" />
                <rect
                  data-bar="used"
                  x={LABEL}
                  y={y + 3}
                  width={(TRACK * Math.min(pct, 100)) / 100}
                  height={ROW - 8}
                  className={tone(pct)}
                >
                  <title>{`${r.label}: ${formatBytes(r.used)} of ${formatBytes(r.total)} used (${pct} %)`}</title>
                </rect>
                <text x={LABEL + TRACK + 6} y={y + 13} fontSize="10" fill="currentColor">
                  {`${pct} % · ${formatBytes(r.used)} / ${formatBytes(r.total)}`}
                </text>
              </g>
            );
          })}
        </svg>
      ) : (
        <p className="text-sm text-zinc-500">No storage figures: no endpoint answered.</p>
      )}
      {missing.length > 0 && shown.length > 0 && (
        <p className="mt-1 text-xs text-zinc-500">
          Not included (endpoint not reachable): {missing.map((e) => e.name).join(', ')}.
        </p>
      )}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Storage</th>
            <th scope="col">Type</th>
            <th scope="col">Used</th>
            <th scope="col">Total</th>
            <th scope="col">Used %</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.endpoint}-${r.storage}`}>
              <th scope="row">{r.label}</th>
              <td>{r.shared ? `${r.type}, shared` : r.type}</td>
              <td>{r.total > 0 ? formatBytes(r.used) : 'unknown'}</td>
              <td>{r.total > 0 ? formatBytes(r.total) : 'unknown'}</td>
              <td>{r.total > 0 ? `${percent(r.used, r.total)} %` : 'unknown'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
