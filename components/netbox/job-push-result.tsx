import Link from 'next/link';
import { Badge } from '@/components/data-table/badge';
import { formatCount } from '@/components/data-table/format';
import type { JobNetboxPush } from '@/lib/dashboard/job-netbox-push';
import { PushPlanTable } from './push-plan-table';

// A sync run's NetBox push on its run page: per NetBox endpoint, the counts per object type, the
// writes that failed with what to do, and for a dry run the change set it computed.

const COLUMNS = ['created', 'updated', 'deleted', 'unchanged', 'failed'] as const;

function PushResult({ push }: { push: JobNetboxPush }) {
  const types = Object.entries(push.counts);
  return (
    <div className="space-y-2 border-t border-zinc-200 p-3 first:border-t-0 dark:border-zinc-800">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        {push.endpointId !== null ? (
          <Link href={`/netbox-endpoints/${push.endpointId}`} className="link font-medium">
            {push.endpointName}
          </Link>
        ) : (
          <span className="font-medium">{push.endpointName}</span>
        )}
        {push.dryRun && <Badge tone="blue">dry run</Badge>}
        {push.requests && (
          <span className="text-xs text-zinc-500">
            {formatCount(push.requests.total)} requests, {formatCount(push.requests.writes)} writes
          </span>
        )}
      </p>
      {(!push.dryRun || !push.plan) && (
        <table className="w-full text-sm" aria-label={`Push summary for ${push.endpointName}`}>
          <thead>
            <tr className="text-left text-xs text-zinc-600 dark:text-zinc-400">
              <th className="px-2 py-1 font-medium">Object type</th>
              {COLUMNS.map((c) => (
                <th key={c} className="px-2 py-1 text-right font-medium">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {types.map(([type, c]) => (
              <tr key={type} data-type={type}>
                <td className="px-2 py-1 font-mono text-xs">{type}</td>
                {COLUMNS.map((k) => (
                  <td
                    key={k}
                    className={`px-2 py-1 text-right tabular-nums ${k === 'failed' && c[k] > 0 ? 'text-red-600' : ''}`}
                  >
                    {formatCount(c[k])}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="border-t border-zinc-200 font-medium dark:border-zinc-800">
              <td className="px-2 py-1">Total</td>
              {COLUMNS.map((k) => (
                <td key={k} className="px-2 py-1 text-right tabular-nums" data-testid={`push-total-${k}`}>
                  {formatCount(push.totals[k])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {push.plan && <PushPlanTable plan={push.plan} title={`Dry run for ${push.endpointName}`} />}
      {push.failures.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label="Failed writes">
          {push.failures.map((f, i) => (
            <li key={i}>
              <span className="badge mr-1">{f.category}</span>
              <span className="font-mono text-xs">{f.type}</span> {f.operation} {f.label}: {f.message}{' '}
              <span className="text-zinc-500">— {f.suggestion}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function JobPushResult({ pushes }: { pushes: JobNetboxPush[] }) {
  return (
    <section className="card" aria-labelledby="job-netbox-push-heading">
      <h2 id="job-netbox-push-heading" className="card-title">
        NetBox push
      </h2>
      {pushes.map((p) => (
        <PushResult key={p.endpointId ?? 'all'} push={p} />
      ))}
    </section>
  );
}
