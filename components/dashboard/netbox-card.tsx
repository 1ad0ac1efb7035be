import Link from 'next/link';
import { Suspense } from 'react';
import { Badge, choiceTone } from '@/components/data-table/badge';
import { formatCount, formatRelative } from '@/components/data-table/format';
import type { NetboxHealth } from '@/lib/dashboard/netbox-health';
import type { NetboxPushSummary } from '@/lib/dashboard/netbox-push-summary';
import { EndpointStatus } from './endpoint-status';

/** One NetBox endpoint: live reachability (streamed in), the last push, what Proxbox owns there and open conflicts. */
export function NetboxCard({
  summary,
  health,
  now,
}: {
  summary: NetboxPushSummary;
  health: Promise<NetboxHealth[]>;
  now: number;
}) {
  const headingId = `netbox-endpoint-${summary.endpointId}`;
  const last = summary.lastPush;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title flex items-center justify-between gap-2">
        <Link href={`/netbox-endpoints/${summary.endpointId}`} className="link">
          {summary.name}
        </Link>
        <span className="text-xs font-normal text-zinc-500">NetBox</span>
      </h2>
      <div className="space-y-2 p-3 text-sm">
        <Suspense fallback={<p className="text-xs text-zinc-500">Checking…</p>}>
          <EndpointStatus
            health={health}
            endpointId={summary.endpointId}
            product="NetBox"
            authErrorLabel="Token refused"
            testId="netbox-status"
          />
        </Suspense>
        <dl className="grid grid-cols-[6.5rem_1fr] gap-x-2 gap-y-1">
          <dt className="text-zinc-600 dark:text-zinc-400">Last push</dt>
          <dd data-testid="netbox-last-push">
            {last ? (
              <span className="inline-flex flex-wrap items-center gap-1">
                <Badge tone={choiceTone(last.status)}>{last.status.replace(/_/g, ' ')}</Badge>
                {last.jobId !== null ? (
                  <Link href={`/sync-jobs/${last.jobId}`} className="link" title={last.at}>
                    {formatRelative(last.at, now)}
                  </Link>
                ) : (
                  <span title={last.at}>{formatRelative(last.at, now)}</span>
                )}
                <span className="text-xs text-zinc-500">
                  created {formatCount(last.totals.created)} · updated {formatCount(last.totals.updated)} · deleted{' '}
                  {formatCount(last.totals.deleted)}
                  {last.totals.failed > 0 && ` · failed ${formatCount(last.totals.failed)}`}
                </span>
              </span>
            ) : (
              'never'
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Objects owned</dt>
          <dd data-testid="netbox-owned">{formatCount(summary.objectsOwned)}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Conflicts</dt>
          <dd data-testid="netbox-conflicts">
            {summary.openConflicts > 0 ? (
              <Badge tone="yellow">{formatCount(summary.openConflicts)} open</Badge>
            ) : (
              'none'
            )}
          </dd>
        </dl>
      </div>
    </section>
  );
}
