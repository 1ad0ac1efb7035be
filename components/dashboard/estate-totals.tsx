import Link from 'next/link';
import { formatCount } from '@/components/data-table/format';
import type { EstateSummary } from '@/lib/dashboard/estate';

/** The estate in one line of figures, each linking to its list. */
export function EstateTotals({ totals }: { totals: EstateSummary['totals'] }) {
  const { qemu, lxc } = totals.guests;
  const items = [
    { label: 'Endpoints', value: formatCount(totals.endpoints), href: '/proxmox-endpoints' },
    { label: 'Clusters', value: formatCount(totals.clusters), href: '/proxmox-clusters' },
    {
      label: 'Nodes online',
      value: `${formatCount(totals.nodesOnline)} / ${formatCount(totals.nodesOnline + totals.nodesOffline)}`,
      href: '/proxmox-nodes',
    },
    {
      label: 'VMs running',
      value: `${formatCount(qemu.running)} / ${formatCount(qemu.running + qemu.stopped)}`,
      href: '/virtual-machines?guestType=qemu',
    },
    {
      label: 'Containers running',
      value: `${formatCount(lxc.running)} / ${formatCount(lxc.running + lxc.stopped)}`,
      href: '/virtual-machines?guestType=lxc',
    },
  ];
  return (
    <dl className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5" aria-label="Estate totals">
      {items.map((item) => (
        <div key={item.label} className="card px-3 py-2">
          <dt className="text-xs text-zinc-600 dark:text-zinc-400">{item.label}</dt>
          <dd className="text-lg font-semibold tabular-nums">
            <Link href={item.href} className="hover:underline">
              {item.value}
            </Link>
          </dd>
        </div>
      ))}
    </dl>
  );
}
