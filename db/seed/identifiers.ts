import { hashKey } from './random';

// The seed's naming and addressing rules. Everything here is a pure function of a counter, so
// uniqueness is by construction instead of by retrying on collisions.

const NAME_PREFIXES = ['web', 'db', 'app', 'api', 'cache', 'mq', 'k8s', 'ci', 'mail', 'dns', 'proxy', 'log'] as const;

export const FIRST_VMID = 100;

export function endpointName(cluster: number): string {
  return `pve${cluster + 1}`;
}

export function clusterName(cluster: number): string {
  return `cluster${cluster + 1}`;
}

export function nodeName(cluster: number, node: number): string {
  return `pve${cluster + 1}-node${node + 1}`;
}

/**
 * `web-0123`: the number is the guest's ordinal in its cluster, so names never clash inside a
 * cluster. Every tenth ordinal takes its prefix from (seed, ordinal) alone and thus has the same
 * name in every cluster: the "same name, different cluster" case the identity rules must handle.
 */
export function guestName(seed: number, ordinal: number, randomPrefix: string): string {
  const prefix =
    ordinal % 10 === 0 ? NAME_PREFIXES[hashKey(seed, 'name', ordinal) % NAME_PREFIXES.length] : randomPrefix;
  return `${prefix}-${String(ordinal + 1).padStart(4, '0')}`;
}

export const guestNamePrefixes: readonly string[] = NAME_PREFIXES;

/**
 * Proxmox's OUI (BC:24:11) + 24 bits. Multiplying by an odd constant modulo 2^24 is a bijection,
 * so distinct counters give distinct MACs that still look scattered.
 */
export function macAddress(counter: number): string {
  const low = Number((BigInt(counter) * 0x9e3779n) & 0xffffffn);
  const bytes = [low >> 16, (low >> 8) & 0xff, low & 0xff].map((b) => b.toString(16).toUpperCase().padStart(2, '0'));
  return `BC:24:11:${bytes.join(':')}`;
}

/** Usable hosts of a /16 (network and broadcast addresses excluded). */
const HOSTS_PER_16 = 65_534;

/** /16 blocks a cluster needs for `addresses` interface addresses. */
export function blocksFor(addresses: number): number {
  return Math.max(1, Math.ceil(addresses / HOSTS_PER_16));
}

/**
 * The `hostIndex`-th address of a cluster: clusters own consecutive runs of /16 blocks starting
 * at 10.1.0.0/16 (`firstBlock` = the cluster's first second octet), so addresses never repeat
 * across the estate.
 */
export function ipv4Address(firstBlock: number, hostIndex: number): string {
  const block = firstBlock + Math.floor(hostIndex / HOSTS_PER_16);
  const host = (hostIndex % HOSTS_PER_16) + 1;
  if (block > 255) throw new Error('address space exhausted: fewer guests or clusters, please');
  return `10.${block}.${host >> 8}.${host & 0xff}/16`;
}

const hex8 = (value: number): string => (value >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** A Proxmox task id: UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>: (hex fields). */
export function upid(node: string, pid: number, pstart: number, startTime: Date, type: string, vmid: number): string {
  return `UPID:${node}:${hex8(pid)}:${hex8(pstart)}:${hex8(Math.floor(startTime.getTime() / 1000))}:${type}:${vmid}:root@pam:`;
}

/** vzdump's file-name timestamp, e.g. 2025_01_31-02_30_00. */
function vzdumpStamp(time: Date): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '_')}-${iso.slice(11, 19).replaceAll(':', '_')}`;
}

/** The volid of a backup: PBS snapshots as `pbs:backup/vm/100/<ISO>`, vzdump files on `local`. */
export function backupVolid(storage: 'pbs' | 'local', guestType: 'qemu' | 'lxc', vmid: number, time: Date): string {
  if (storage === 'pbs') {
    return `pbs:backup/${guestType === 'qemu' ? 'vm' : 'ct'}/${vmid}/${time.toISOString().slice(0, 19)}Z`;
  }
  const file =
    guestType === 'qemu'
      ? `vzdump-qemu-${vmid}-${vzdumpStamp(time)}.vma.zst`
      : `vzdump-lxc-${vmid}-${vzdumpStamp(time)}.tar.zst`;
  return `local:backup/${file}`;
}
