import { parseAgent, parseMemory, readCloudInit, type CloudInitSettings } from '@/lib/proxmox/config';
import { parseTolerant, pveGuestConfigSummarySchema, type PveGuestConfig } from '@/lib/proxmox/schemas';
import type { VM_STATUS } from '@/db/schema/choices';
import type { GuestInfo } from '../read/proxmox-data';

/** Proxmox guest state → NetBox VM status (a paused QEMU VM is `paused`, NetBox ≥ 4.2.4). */
export function vmStatus(status: string, qmpStatus?: string | null): (typeof VM_STATUS)[number] {
  if (status === 'running') return qmpStatus === 'paused' ? 'paused' : 'active';
  if (status === 'stopped') return 'offline';
  return 'active';
}

/** `memory` is an integer, a numeric string, or (PVE ≥ 8.1) the property string `current=2048`. */
export function memoryMiB(value: unknown): number | null {
  const parsed = parseMemory(value);
  return parsed.ok ? parsed.value : null;
}

export interface VmBasics {
  name: string;
  vcpus: number | null;
  memory: number | null;
  onboot: boolean;
  qemuAgent: boolean | null;
  unprivileged: boolean | null;
  searchDomain: string | null;
  tags: string | null;
  /** QEMU only: null for containers and for VMs without cloud-init settings. */
  cloudInit: CloudInitSettings | null;
}

/** The VM-level facts of a guest config (disks and NICs are mapped by their own stages). */
export function readVmBasics(guest: GuestInfo, config: PveGuestConfig): VmBasics {
  const c = parseTolerant(pveGuestConfigSummarySchema, config) ?? {};
  const name =
    (guest.type === 'qemu' ? c.name : c.hostname) ??
    guest.name ??
    `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`;
  const cores = c.cores ?? 1;
  const sockets = c.sockets ?? 1;
  const vcpus = c.vcpus ?? (guest.type === 'qemu' ? cores * sockets : c.cores) ?? guest.maxCpu;
  const agentValue =
    typeof config.agent === 'string' || typeof config.agent === 'number' ? parseAgent(config.agent) : null;
  const agent = agentValue?.ok ? agentValue.value.enabled : null;
  return {
    name: name.slice(0, 64),
    vcpus,
    memory: memoryMiB(config.memory) ?? (guest.maxMem !== null ? Math.round(guest.maxMem / 1048576) : null),
    onboot: c.onboot ?? false,
    qemuAgent: guest.type === 'qemu' ? (agent ?? false) : null,
    unprivileged: guest.type === 'lxc' ? (c.unprivileged ?? false) : null,
    searchDomain: c.searchdomain ?? null,
    tags: c.tags ?? guest.tags,
    cloudInit: guest.type === 'qemu' ? readCloudInit(config as Record<string, unknown>) : null,
  };
}

/**
 * Gives every name in a cluster a unique case-insensitive spelling: the first holder (lowest
 * vmid) keeps it, later ones get " (2)", " (3)"… — deterministic across runs (docs/design-decisions.md).
 */
export function resolveNameClashes<T extends { vmid: number; name: string }>(
  items: T[],
  taken: Set<string>,
): { item: T; name: string; suffix: number }[] {
  const used = new Set(taken);
  return [...items]
    .sort((a, b) => a.vmid - b.vmid)
    .map((item) => {
      let name = item.name;
      let suffix = 1;
      while (used.has(name.toLowerCase())) {
        suffix += 1;
        const tail = ` (${suffix})`;
        name = item.name.slice(0, 64 - tail.length) + tail;
      }
      used.add(name.toLowerCase());
      return { item, name, suffix };
    });
}
