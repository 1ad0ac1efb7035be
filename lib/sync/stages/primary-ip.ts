import type { Database } from '@/db/client';
import type { VirtualMachine } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import type { SyncContext } from '../context';
import { reconcile, type Row } from '../reconcile';
import { applyPlan } from '../write';

/**
 * Sets a VM's primary IPv4/IPv6 when it has none, or when the one it has is no longer on one of
 * its interfaces — preferring the lowest address on the lowest-named interface, so runs agree.
 */
export async function choosePrimaryIps(tx: Database, ctx: SyncContext, ips: Row[], nics: { id: number; vm: number; name: string }[], vms: VirtualMachine[]): Promise<void> {
  const nicVm = new Map(nics.map((n) => [n.id, n]));
  const byVm = new Map<number, { id: number; family: 4 | 6; sortKey: string }[]>();
  for (const ip of ips) {
    if (ip.assignedObjectType !== 'virtualization.vminterface') continue;
    const nic = nicVm.get(ip.assignedObjectId as number);
    if (!nic) continue;
    const family = String(ip.address).includes(':') ? 6 : 4;
    byVm.set(nic.vm, [...(byVm.get(nic.vm) ?? []), { id: ip.id as number, family, sortKey: `${nic.name}|${ip.address}` }]);
  }
  const desired: Row[] = [];
  for (const vm of vms) {
    const mine = (byVm.get(vm.id) ?? []).sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    const pick = (family: 4 | 6, current: number | null) => (current !== null && mine.some((m) => m.id === current) ? current : (mine.find((m) => m.family === family)?.id ?? current));
    desired.push({ ...vm, primaryIp4Id: pick(4, vm.primaryIp4Id), primaryIp6Id: pick(6, vm.primaryIp6Id) });
  }
  await applyPlan(tx, ctx, getModel('virtual-machines')!, reconcile({ existing: vms as unknown as Row[], desired, key: (r) => String(r.id), updatable: ['primaryIp4Id', 'primaryIp6Id'] }), { removal: 'none' });
}
