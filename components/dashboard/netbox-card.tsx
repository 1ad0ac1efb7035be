import Link from 'next/link';
import { Suspense } from 'react';
import { Badge, choiceTone, type BadgeTone } from '@/components/data-table/badge';
import { formatCount, formatRelative } from '@/components/data-table/format';
import type { HealthState } from '@/lib/dashboard/endpoint-health';
import type { NetboxHealth } from '@/lib/dashboard/netbox-health';
import type { NetboxPushSummary } from '@/lib/dashboard/netbox-push-summary';

const STATE: Record<HealthState, { label: string; tone: BadgeTone }> = {
  reachable: { label: 'Reachable', tone: 'green' },
  unreachable: { label: 'Unreachable', tone: 'red' },
  auth_error: { label: 'Token refused', tone: 'red' },
  error: { label: 'Error', tone: 'yellow' },
  disabled: { label: 'Disabled', tone: 'gray' },
};

/** The live check of one NetBox endpoint: state and NetBox version, or the error with its fix. */
async function NetboxStatusLine({ health, endpointId }: { health: Promise<NetboxHealth[]>; endpointId: number }) {
  const result = (await health).find((h) => h.endpointId === endpointId);
  if (!result) return <p className="text-xs text-zinc-500">Not checked yet.</p>;
  const state = STATE[result.state];
  return (
    <div className="text-xs" data-testid="netbox-status">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={state.tone} title={`Checked ${result.checkedAt}`}>
          {state.label}
        </Badge>
        {result.version && <span>NetBox {result.version}</span>}
      </div>
      {result.error && (
        <p className="mt-1 text-red-700 dark:text-red-400">
          {result.error.message}
          {result.error.suggestion && <span className="block text-zinc-600 dark:text-zinc-400">{result.error.suggestion}</span>}
        </p>
      )}
    </div>
  );
}

/** One NetBox endpoint: live reachability (streamed in), the last push, what Proxbox owns there and open conflicts. */
export function NetboxCard({ summary, health, now }: { summary: NetboxPushSummary; health: Promise<NetboxHealth[]>; now: number }) {
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
          <NetboxStatusLine health={health} endpointId={summary.endpointId} />
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
                  created {formatCount(last.totals.created)} · updated {formatCount(last.totals.updated)} · deleted {formatCount(last.totals.deleted)}
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
            {summary.openConflicts > 0 ? <Badge tone="yellow">{formatCount(summary.openConflicts)} open</Badge> : 'none'}
          </dd>
        </dl>
      </div>
    </section>
  );
}
