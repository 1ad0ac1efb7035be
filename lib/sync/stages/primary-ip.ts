import type { Database } from '@/db/client';
import type { IpAddress, VirtualMachine, virtualMachines } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import type { SyncContext } from '../context';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';

/**
 * The primary IP of each VM, per `primary_ip_preference`: an address of the preferred family when
 * the VM has one, else one of the other family, set as primary_ip4 or primary_ip6 accordingly,
 * and the other family's primary cleared when it points at one of the VM's synced addresses. A
 * primary that is still on the VM's interfaces is kept; otherwise the lowest address on the
 * lowest-named interface is taken, so runs agree. A primary a user pointed elsewhere is left alone.
 */
export async function choosePrimaryIps(
  tx: Database,
  ctx: SyncContext,
  ips: IpAddress[],
  nics: { id: number; vm: number; name: string }[],
  vms: VirtualMachine[],
): Promise<void> {
  const nicVm = new Map(nics.map((n) => [n.id, n]));
  const byVm = new Map<number, { id: number; family: 4 | 6; sortKey: string }[]>();
  for (const ip of ips) {
    if (ip.assignedObjectType !== 'virtualization.vminterface') continue;
    if (ip.assignedObjectId === null) continue;
    const nic = nicVm.get(ip.assignedObjectId);
    if (!nic) continue;
    const family = String(ip.address).includes(':') ? 6 : 4;
    byVm.set(nic.vm, [...(byVm.get(nic.vm) ?? []), { id: ip.id, family, sortKey: `${nic.name}|${ip.address}` }]);
  }
  const preferred: 4 | 6 = ctx.settings.primaryIpPreference === 'ipv6' ? 6 : 4;
  const desired: (typeof virtualMachines.$inferInsert)[] = [];
  for (const vm of vms) {
    const mine = (byVm.get(vm.id) ?? []).sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    const current = { 4: vm.primaryIp4Id, 6: vm.primaryIp6Id };
    const ours = (id: number | null) => id !== null && mine.some((m) => m.id === id);
    const family: 4 | 6 = mine.some((m) => m.family === preferred) ? preferred : preferred === 4 ? 6 : 4;
    const other: 4 | 6 = family === 4 ? 6 : 4;
    const chosen = ours(current[family])
      ? current[family]
      : (mine.find((m) => m.family === family)?.id ?? current[family]);
    const next = { [family]: chosen, [other]: ours(current[other]) ? null : current[other] } as Record<
      4 | 6,
      number | null
    >;
    desired.push({ ...vm, primaryIp4Id: next[4], primaryIp6Id: next[6] });
  }
  await applyPlan(
    tx,
    ctx,
    getModel('virtual-machines')!,
    await reconcile({
      existing: vms,
      desired,
      key: (r) => String(r.id),
      updatable: ['primaryIp4Id', 'primaryIp6Id'],
    }),
    { removal: 'none' },
  );
}
