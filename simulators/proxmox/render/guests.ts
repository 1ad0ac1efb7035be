// Guest lists, `status/current` and snapshot lists for qemu and lxc.
import type { Guest, QemuGuest } from '../estate/types';
import { sha1 } from '../format';
import { bit, boolParam, guestsOn, pathGuest, pathNode, type ApiResult, type RequestContext } from './context';
import { cpusOf, guestCounters, haOf, lxcListItem, qemuListItem } from './guest-stats';

/** GET /nodes/{node}/qemu[?full=1] (`full` adds the QMP run state and the running QEMU/machine). */
export function getQemuList(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  const full = boolParam(ctx, 'full');
  return {
    data: guestsOn(ctx.cluster, node.name, 'qemu').map((guest) => {
      const g = guest as QemuGuest;
      const item = qemuListItem(g, ctx.profile);
      if (full) {
        item.qmpstatus = g.status;
        if (g.status === 'running')
          Object.assign(item, { 'running-qemu': ctx.profile.qemu, 'running-machine': machineOf(g, ctx) });
      }
      return item;
    }),
  };
}

function machineOf(g: QemuGuest, ctx: RequestContext): string {
  return g.machine === 'q35' ? ctx.profile.machine.replace('i440fx', 'q35') : ctx.profile.machine;
}

/** GET /nodes/{node}/lxc. */
export function getLxcList(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  return {
    data: guestsOn(ctx.cluster, node.name, 'lxc').map((g) =>
      lxcListItem(g as Extract<Guest, { type: 'lxc' }>, ctx.profile),
    ),
  };
}

/** QMP `query-blockstats` of one drive (every counter QEMU 8 reports; flags stay JSON true/false). */
function blockStats(g: QemuGuest, cdrom: boolean): Record<string, unknown> {
  const rd = cdrom ? 0 : Math.round(g.runtime.diskread / 2);
  const wr = cdrom ? 0 : Math.round(g.runtime.diskwrite / 2);
  const stats: Record<string, unknown> = {
    rd_bytes: rd,
    wr_bytes: wr,
    rd_operations: Math.round(rd / 8192),
    wr_operations: Math.round(wr / 16384),
  };
  for (const k of ['rd_total_time_ns', 'wr_total_time_ns', 'flush_total_time_ns', 'unmap_total_time_ns'])
    stats[k] = Math.round((rd + wr) / 97);
  for (const k of ['flush_operations', 'unmap_operations', 'unmap_bytes', 'rd_merged', 'wr_merged', 'unmap_merged'])
    stats[k] = 0;
  for (const k of [
    'failed_rd_operations',
    'failed_wr_operations',
    'failed_flush_operations',
    'failed_unmap_operations',
  ])
    stats[k] = 0;
  for (const k of [
    'invalid_rd_operations',
    'invalid_wr_operations',
    'invalid_flush_operations',
    'invalid_unmap_operations',
  ])
    stats[k] = 0;
  Object.assign(stats, {
    wr_highest_offset: wr ? 2808696832 : 0,
    idle_time_ns: 4427685914,
    account_failed: true,
    account_invalid: true,
    timed_stats: [],
  });
  return stats;
}

/** QEMU-side details only a running VM has (QMP values stay JSON true/false). */
function runningDetails(g: QemuGuest, ctx: RequestContext): Record<string, unknown> {
  const maxmem = g.memoryMiB * 1024 * 1024;
  const nics: Record<string, unknown> = {};
  for (const n of g.nics)
    nics[`tap${g.vmid}i${n.index}`] = {
      netin: Math.round(g.runtime.netin / g.nics.length),
      netout: Math.round(g.runtime.netout / g.nics.length),
    };
  const blockstat: Record<string, unknown> = {};
  for (const d of g.disks) if (!d.key.startsWith('unused')) blockstat[d.key] = blockStats(g, d.media === 'cdrom');
  const details: Record<string, unknown> = {
    pid: g.runtime.pid,
    qmpstatus: 'running',
    'running-qemu': ctx.profile.qemu,
    'running-machine': machineOf(g, ctx),
    nics,
    blockstat,
    balloon: maxmem,
    freemem: maxmem - g.runtime.memUsed,
    shares: 1000,
    clipboard: null,
    'proxmox-support': {
      'pbs-dirty-bitmap': true,
      'pbs-dirty-bitmap-migration': true,
      'query-bitmap-info': true,
      'pbs-library-version': '1.4.1 (UNKNOWN)',
    },
  };
  if (g.balloonMiB !== 0) {
    details.ballooninfo = {
      actual: maxmem,
      max_mem: maxmem,
      total_mem: maxmem - 80 * 1024 * 1024,
      free_mem: maxmem - g.runtime.memUsed,
      last_update: ctx.estate.now,
    };
  }
  return details;
}

/** GET /nodes/{node}/qemu/{vmid}/status/current. */
export function getQemuStatus(ctx: RequestContext): ApiResult {
  const g = pathGuest(ctx, 'qemu');
  const data: Record<string, unknown> = {
    vmid: g.vmid,
    name: g.name,
    status: g.status,
    cpus: cpusOf(g),
    ...guestCounters(g),
    ha: haOf(g),
  };
  if (g.agent?.enabled) data.agent = 1;
  if (g.template) data.template = 1;
  if (g.tags.length) data.tags = g.tags.join(';');
  if (g.lock) data.lock = g.lock;
  if (g.status === 'running') Object.assign(data, runningDetails(g, ctx));
  else data.qmpstatus = 'stopped';
  if (ctx.profile.memhostAndPressure && g.status === 'running')
    Object.assign(data, { memhost: g.runtime.memUsed + 180 * 1024 * 1024, pressurecpusome: 0, pressurecpufull: 0 });
  return { data };
}

/** GET /nodes/{node}/lxc/{vmid}/status/current (vmid is an integer here in every version). */
export function getLxcStatus(ctx: RequestContext): ApiResult {
  const g = pathGuest(ctx, 'lxc');
  const item = lxcListItem(g, ctx.profile);
  return { data: { ...item, vmid: g.vmid, ha: haOf(g) } };
}

/**
 * Snapshot list: Perl-hash order (here: newest first for even vmids, oldest first for odd ones,
 * so clients cannot rely on either), then the `current` pseudo-snapshot.
 */
function snapshotList(g: Guest): ApiResult {
  const ordered = g.vmid % 2 === 0 ? [...g.snapshots].reverse() : g.snapshots;
  const items: Record<string, unknown>[] = ordered.map((s) => {
    const item: Record<string, unknown> = { name: s.name, snaptime: s.snaptime, description: s.description };
    if (s.parent) item.parent = s.parent;
    if (g.type === 'qemu') item.vmstate = bit(s.vmstate);
    return item;
  });
  const current: Record<string, unknown> = {
    name: 'current',
    description: 'You are here!',
    digest: sha1(`${g.vmid}:${g.name}:${g.snapshots.length}`),
    running: bit(g.status === 'running'),
  };
  const last = g.snapshots.at(-1);
  if (last && !g.currentDetached) current.parent = last.name;
  items.push(current);
  return { data: items };
}

/** GET /nodes/{node}/qemu/{vmid}/snapshot. */
export function getQemuSnapshots(ctx: RequestContext): ApiResult {
  return snapshotList(pathGuest(ctx, 'qemu'));
}

/** GET /nodes/{node}/lxc/{vmid}/snapshot. */
export function getLxcSnapshots(ctx: RequestContext): ApiResult {
  return snapshotList(pathGuest(ctx, 'lxc'));
}
