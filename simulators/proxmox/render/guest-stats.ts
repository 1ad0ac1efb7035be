// The per-guest figures shared by `/nodes/{node}/qemu|lxc`, `status/current` and `/cluster/resources`.
import type { Guest, LxcGuest, QemuGuest } from '../estate/types';
import type { VersionProfile } from '../versions';

const MIB = 1024 * 1024;
const BOOT_BUS = /^(scsi|virtio|sata|ide)\d+$/;

/** Size of the VM's boot disk (what `maxdisk` reports for qemu), or the CT's rootfs. */
export function maxdiskOf(g: Guest): number {
  if (g.type === 'lxc') return g.volumes[0]?.sizeBytes ?? 0;
  for (const d of g.disks) if (d.media !== 'cdrom' && BOOT_BUS.test(d.key)) return d.sizeBytes ?? 0;
  return 0;
}

/** vCPUs a guest is given. */
export function cpusOf(g: Guest): number {
  return g.type === 'qemu' ? g.cores * g.sockets : g.cores;
}

/** Counters common to list items, status and resources. */
export function guestCounters(g: Guest): Record<string, number> {
  const rt = g.runtime;
  return {
    cpu: rt.cpu,
    mem: rt.memUsed,
    maxmem: g.memoryMiB * MIB,
    maxdisk: maxdiskOf(g),
    disk: g.type === 'lxc' ? rt.diskUsed : 0,
    uptime: rt.uptime,
    netin: rt.netin,
    netout: rt.netout,
    diskread: rt.diskread,
    diskwrite: rt.diskwrite,
  };
}

/** PVE 9: host-side memory and PSI pressure of running guests. */
function pveNineExtras(g: Guest, profile: VersionProfile, into: Record<string, unknown>): void {
  if (!profile.memhostAndPressure || g.status !== 'running') return;
  const seed = (g.vmid % 97) / 1000;
  if (g.type === 'qemu') {
    into.memhost = g.runtime.memUsed + 180 * MIB;
    into.pressurecpufull = 0;
  }
  Object.assign(into, {
    pressurecpusome: seed,
    pressureiosome: seed / 2,
    pressureiofull: seed / 3,
    pressurememorysome: 0,
    pressurememoryfull: 0,
  });
}

/** Optional markers that are absent unless set (template only when 1, tags/lock only when set). */
function markers(g: Guest, into: Record<string, unknown>): void {
  if (g.template) into.template = 1;
  if (g.tags.length) into.tags = g.tags.join(';');
  if (g.lock) into.lock = g.lock;
}

/** One item of `/nodes/{node}/qemu`. */
export function qemuListItem(g: QemuGuest, profile: VersionProfile): Record<string, unknown> {
  const item: Record<string, unknown> = {
    vmid: g.vmid,
    name: g.name,
    status: g.status,
    cpus: cpusOf(g),
    ...guestCounters(g),
  };
  if (g.status === 'running') item.pid = g.runtime.pid;
  markers(g, item);
  pveNineExtras(g, profile, item);
  return item;
}

/** One item of `/nodes/{node}/lxc` (`vmid` is a string before PVE 8.2). */
export function lxcListItem(g: LxcGuest, profile: VersionProfile): Record<string, unknown> {
  const item: Record<string, unknown> = {
    vmid: profile.lxcVmidAsString ? String(g.vmid) : g.vmid,
    name: g.name,
    status: g.status,
    type: 'lxc',
    cpus: cpusOf(g),
    ...guestCounters(g),
    maxswap: g.swapMiB * MIB,
    swap: g.status === 'running' ? Math.round(g.swapMiB * MIB * 0.02) : 0,
  };
  if (g.status === 'running') item.pid = g.runtime.pid;
  markers(g, item);
  pveNineExtras(g, profile, item);
  return item;
}

/** HA block of `status/current`. */
export function haOf(g: Guest): Record<string, unknown> {
  return g.hastate ? { managed: 1, state: g.hastate } : { managed: 0 };
}

/**
 * A guest entry of `/cluster/resources`; `degraded` = its node is offline (no RRD data, no name).
 * Built as one literal (no spreads): this runs once per guest per request on the hottest list.
 */
export function guestResource(g: Guest, profile: VersionProfile, degraded: boolean): Record<string, unknown> {
  let entry: Record<string, unknown>;
  if (degraded) {
    entry = { id: `${g.type}/${g.vmid}`, type: g.type, vmid: g.vmid, node: g.node, status: 'unknown' };
  } else {
    const rt = g.runtime;
    entry = {
      id: `${g.type}/${g.vmid}`,
      type: g.type,
      vmid: g.vmid,
      node: g.node,
      name: g.name,
      status: g.status,
      template: g.template ? 1 : 0,
      maxcpu: cpusOf(g),
      cpu: rt.cpu,
      mem: rt.memUsed,
      maxmem: g.memoryMiB * MIB,
      maxdisk: maxdiskOf(g),
      disk: g.type === 'lxc' ? rt.diskUsed : 0,
      uptime: rt.uptime,
      netin: rt.netin,
      netout: rt.netout,
      diskread: rt.diskread,
      diskwrite: rt.diskwrite,
    };
    if (profile.memhostAndPressure && g.type === 'qemu')
      entry.memhost = g.status === 'running' ? rt.memUsed + 180 * MIB : 0;
    if (g.hastate) entry.hastate = g.hastate;
  }
  if (g.tags.length) entry.tags = g.tags.join(';');
  if (g.lock) entry.lock = g.lock;
  if (g.pool) entry.pool = g.pool;
  return entry;
}
