import Link from 'next/link';
import { Suspense } from 'react';
import { Badge } from '@/components/data-table/badge';
import { formatCount } from '@/components/data-table/format';
import type { EndpointHealth } from '@/lib/dashboard/endpoint-health';
import type { EndpointSummary } from '@/lib/dashboard/estate';
import { EndpointStatus } from './endpoint-status';

/** One Proxmox endpoint: live health (streamed in), clusters with quorum, nodes and guests from the inventory. */
export function EndpointCard({ endpoint, health }: { endpoint: EndpointSummary; health: Promise<EndpointHealth[]> }) {
  const mode = endpoint.clusters[0]?.mode ?? endpoint.mode;
  const { qemu, lxc } = endpoint.guests;
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title flex items-center justify-between gap-2">
        <Link href={`/proxmox-endpoints/${endpoint.id}`} className="link">
          {endpoint.name}
        </Link>
        <span className="text-xs font-normal text-zinc-500">{mode === 'undefined' ? 'not synced yet' : mode}</span>
      </h2>
      <div className="space-y-2 p-3 text-sm">
        <Suspense fallback={<p className="text-xs text-zinc-500">Checking…</p>}>
          <EndpointStatus health={health} endpointId={endpoint.id} />
        </Suspense>
        <dl className="grid grid-cols-[5.5rem_1fr] gap-x-2 gap-y-1">
          <dt className="text-zinc-600 dark:text-zinc-400">Clusters</dt>
          <dd>
            {endpoint.clusters.length === 0
              ? '—'
              : endpoint.clusters.map((c) => (
                  <span key={c.id} className="mr-2 inline-flex items-center gap-1">
                    <Link href={`/proxmox-clusters/${c.id}`} className="link">
                      {c.name}
                    </Link>
                    <Badge tone={c.quorate ? 'green' : 'red'}>{c.quorate ? 'quorate' : 'no quorum'}</Badge>
                  </span>
                ))}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Nodes</dt>
          <dd data-testid="endpoint-nodes">
            {formatCount(endpoint.nodes.online)} online · {formatCount(endpoint.nodes.offline)} offline
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">VMs</dt>
          <dd>
            {formatCount(qemu.running)} running · {formatCount(qemu.stopped)} stopped
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Containers</dt>
          <dd>
            {formatCount(lxc.running)} running · {formatCount(lxc.stopped)} stopped
          </dd>
        </dl>
      </div>
    </section>
  );
}
