import Link from 'next/link';
import { Badge, choiceTone, type BadgeTone } from '@/components/data-table/badge';
import { formatCount, formatDatetime } from '@/components/data-table/format';
import type { HealthState } from '@/lib/dashboard/endpoint-health';
import type { NetboxHealth } from '@/lib/dashboard/netbox-health';
import type { NetboxPushDetail } from '@/lib/dashboard/netbox-push-summary';
import { NetboxPushActions } from './push-actions';

// The NetBox endpoint page's "NetBox push" panel: is NetBox reachable and which version, the
// last push (when, outcome, counts per type), what Proxbox owns there, the open conflicts, and
// Preview / Apply.

const STATE: Record<HealthState, { label: string; tone: BadgeTone }> = {
  reachable: { label: 'Reachable', tone: 'green' },
  unreachable: { label: 'Unreachable', tone: 'red' },
  auth_error: { label: 'Token refused', tone: 'red' },
  error: { label: 'Error', tone: 'yellow' },
  disabled: { label: 'Disabled', tone: 'gray' },
};

const CONFLICTS_SHOWN = 20;

export function NetboxPushPanel({
  endpointId,
  health,
  detail,
  canPush,
}: {
  endpointId: number;
  health: NetboxHealth | null;
  detail: NetboxPushDetail;
  canPush: boolean;
}) {
  const state = health ? STATE[health.state] : null;
  const last = detail.lastPush;
  const ownedTypes = Object.entries(detail.objectsOwned);
  return (
    <section className="card" aria-labelledby="netbox-push-heading">
      <h2 id="netbox-push-heading" className="card-title">
        NetBox push
      </h2>
      <div className="space-y-3 p-3 text-sm">
        <dl
          className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-1 lg:grid-cols-[8rem_1fr_8rem_1fr]"
          aria-label="NetBox push status"
        >
          <dt className="text-zinc-600 dark:text-zinc-400">Reachable</dt>
          <dd data-testid="netbox-reachable">
            {state ? (
              <Badge tone={state.tone} title={health ? `Checked ${health.checkedAt}` : undefined}>
                {state.label}
              </Badge>
            ) : (
              '—'
            )}
            {health?.error && (
              <span className="mt-1 block text-xs text-red-700 dark:text-red-400">
                {health.error.message}
                {health.error.suggestion && (
                  <span className="block text-zinc-600 dark:text-zinc-400">{health.error.suggestion}</span>
                )}
              </span>
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">NetBox version</dt>
          <dd data-testid="netbox-version">{health?.version ?? last?.netboxVersion ?? '—'}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Last push</dt>
          <dd data-testid="netbox-last-push">
            {last ? (
              <>
                <span className="inline-flex flex-wrap items-center gap-1">
                  <Badge tone={choiceTone(last.status)}>{last.status.replace(/_/g, ' ')}</Badge>
                  {last.jobId !== null ? (
                    <Link href={`/sync-jobs/${last.jobId}`} className="link">
                      {formatDatetime(last.at)}
                    </Link>
                  ) : (
                    formatDatetime(last.at)
                  )}
                </span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  created {formatCount(last.totals.created)} · updated {formatCount(last.totals.updated)} · deleted{' '}
                  {formatCount(last.totals.deleted)} · unchanged {formatCount(last.totals.unchanged)}
                  {last.totals.failed > 0 && ` · failed ${formatCount(last.totals.failed)}`}
                </span>
              </>
            ) : (
              'never'
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Objects owned</dt>
          <dd>
            <span data-testid="netbox-owned">{formatCount(detail.objectsOwnedTotal)}</span>
            {ownedTypes.length > 0 && (
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {ownedTypes.map(([type, n]) => `${type} ${formatCount(n)}`).join(' · ')}
              </span>
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Open conflicts</dt>
          <dd data-testid="netbox-conflicts">
            {detail.openConflicts.length === 0 ? (
              'none'
            ) : (
              <ul className="space-y-0.5 text-xs">
                {detail.openConflicts.slice(0, CONFLICTS_SHOWN).map((c) => (
                  <li key={`${c.type}-${c.key}`}>
                    <span className="font-mono">{c.type}</span> {c.label}
                    {c.remoteId !== null && ` (#${c.remoteId})`}: {c.reason}
                  </li>
                ))}
                {detail.openConflicts.length > CONFLICTS_SHOWN && (
                  <li className="text-zinc-500">
                    … and {formatCount(detail.openConflicts.length - CONFLICTS_SHOWN)} more
                  </li>
                )}
              </ul>
            )}
          </dd>
        </dl>
        {canPush && <NetboxPushActions endpointId={endpointId} />}
      </div>
    </section>
  );
}
