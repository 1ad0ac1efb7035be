// GET /nodes/{node}/qemu/{vmid}/config and /lxc/{vmid}/config.
// Integer/boolean keys are numbers, `number` keys (cpulimit) strings, qemu `memory` a string ≥ 8.1.
import type { Guest, LxcGuest, QemuGuest, Snapshot } from '../estate/types';
import { sha1 } from '../format';
import type { VersionProfile } from '../versions';
import {
  agentString,
  bootOrder,
  driveString,
  ipconfigString,
  lxcNetString,
  lxcVolumeString,
  qemuNetString,
} from './config-strings';
import { ApiError, pathGuest, type ApiResult, type RequestContext } from './context';

function common(g: Guest, c: Record<string, unknown>): void {
  if (g.onboot) c.onboot = 1;
  if (g.tags.length) c.tags = g.tags.join(';');
  if (g.description) c.description = g.description;
  if (g.cpulimit !== undefined) c.cpulimit = String(g.cpulimit);
  if (g.template) c.template = 1;
  if (g.lock) c.lock = g.lock;
  const last = g.snapshots.at(-1);
  if (last && !g.currentDetached) c.parent = last.name;
}

/** The qemu config object (without digest). */
export function qemuConfig(g: QemuGuest, p: VersionProfile): Record<string, unknown> {
  const c: Record<string, unknown> = {
    name: g.name,
    ostype: g.ostype,
    cores: g.cores,
    sockets: g.sockets,
    memory: p.memoryAsString ? String(g.memoryMiB) : g.memoryMiB,
    cpu: g.cpu,
    scsihw: g.scsihw,
    boot: bootOrder(g),
    numa: 0,
    smbios1: `uuid=${g.smbiosUuid}`,
    vmgenid: g.vmgenid,
  };
  if (g.bios === 'ovmf') c.bios = 'ovmf';
  if (g.machine) c.machine = g.machine;
  if (g.balloonMiB !== undefined) c.balloon = g.balloonMiB;
  const agent = agentString(g);
  if (agent) c.agent = agent;
  if (p.version !== '7.4') c.meta = `creation-qemu=${p.qemu},ctime=${g.ctime}`;
  for (const d of g.disks) c[d.key] = driveString(d);
  for (const n of g.nics) c[`net${n.index}`] = qemuNetString(n);
  if (g.cloudInit) {
    c.ciuser = g.cloudInit.user;
    c.cipassword = '**********';
    for (const n of g.nics) c[`ipconfig${n.index}`] = ipconfigString(n);
    if (g.cloudInit.nameserver) c.nameserver = g.cloudInit.nameserver;
    // Proxmox returns sshkeys URL-encoded, one key per line.
    if (g.cloudInit.sshKeys?.length) c.sshkeys = encodeURIComponent(g.cloudInit.sshKeys.join('\n'));
  }
  common(g, c);
  return c;
}

/** The container config object (without digest). */
export function lxcConfig(g: LxcGuest): Record<string, unknown> {
  const c: Record<string, unknown> = {
    arch: 'amd64',
    hostname: g.name,
    ostype: g.ostype,
    cores: g.cores,
    memory: g.memoryMiB,
    swap: g.swapMiB,
  };
  for (const v of g.volumes) c[v.key] = lxcVolumeString(v);
  for (const n of g.nics) c[`net${n.index}`] = lxcNetString(n);
  if (g.unprivileged) {
    c.unprivileged = 1;
    c.features = 'nesting=1';
  }
  common(g, c);
  return c;
}

/** Applies `?snapshot=NAME`: the snapshot's own config (its parent, snaptime, vmstate). */
function atSnapshot(g: Guest, config: Record<string, unknown>, name: string): Record<string, unknown> {
  const snap: Snapshot | undefined = g.snapshots.find((s) => s.name === name);
  if (!snap) throw new ApiError(500, `snapshot '${name}' does not exist`);
  const { parent: _parent, lock: _lock, ...rest } = config;
  const out: Record<string, unknown> = { ...rest, snaptime: snap.snaptime };
  if (snap.parent) out.parent = snap.parent;
  if (snap.vmstate) out.vmstate = `local-lvm:vm-${g.vmid}-state-${snap.name}`;
  return out;
}

function respond(g: Guest, config: Record<string, unknown>, ctx: RequestContext): ApiResult {
  const name = ctx.query.get('snapshot');
  const body = name ? atSnapshot(g, config, name) : config;
  body.digest = sha1(JSON.stringify(body));
  return { data: body };
}

/** GET /nodes/{node}/qemu/{vmid}/config[?current=1][&snapshot=]. */
export function getQemuConfig(ctx: RequestContext): ApiResult {
  const g = pathGuest(ctx, 'qemu');
  return respond(g, qemuConfig(g, ctx.profile), ctx);
}

/** GET /nodes/{node}/lxc/{vmid}/config[?current=1][&snapshot=]. */
export function getLxcConfig(ctx: RequestContext): ApiResult {
  const g = pathGuest(ctx, 'lxc');
  return respond(g, lxcConfig(g), ctx);
}
