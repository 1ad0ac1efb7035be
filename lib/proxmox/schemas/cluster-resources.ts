// GET /cluster/resources[?type=vm|storage|node|sdn]. A mixed list tagged by
// `type`; types this client does not know (openvz, future ones) are kept as `type: 'other'`.
import { z } from 'zod';
import { optBool, optNum, optStr, otherEntrySchema, pveNum, pveStr, tagUnknownType } from './primitives';

/**
 * Guests on an offline node (no RRD data) carry only id, vmid, node, type and status "unknown",
 * plus tags/lock/pool: no name, no sizes. Mapping code must not rename or delete on that basis.
 */
const guestFields = {
  id: pveStr,
  vmid: pveNum,
  node: pveStr,
  status: pveStr,
  name: optStr,
  template: optBool,
  uptime: optNum,
  cpu: optNum,
  maxcpu: optNum,
  mem: optNum,
  maxmem: optNum,
  /** PVE 9: memory the guest uses on the host. */
  memhost: optNum,
  disk: optNum,
  maxdisk: optNum,
  netin: optNum,
  netout: optNum,
  diskread: optNum,
  diskwrite: optNum,
  tags: optStr,
  lock: optStr,
  pool: optStr,
  hastate: optStr,
};

export const pveResourceQemuSchema = z.object({ type: z.literal('qemu'), ...guestFields }).loose();
export const pveResourceLxcSchema = z.object({ type: z.literal('lxc'), ...guestFields }).loose();

export const pveResourceNodeSchema = z
  .object({
    type: z.literal('node'),
    id: pveStr,
    node: pveStr,
    status: optStr,
    level: optStr,
    uptime: optNum,
    cpu: optNum,
    maxcpu: optNum,
    mem: optNum,
    maxmem: optNum,
    disk: optNum,
    maxdisk: optNum,
    'cgroup-mode': optNum,
    hastate: optStr,
  })
  .loose();

export const pveResourceStorageSchema = z
  .object({
    type: z.literal('storage'),
    id: pveStr,
    storage: pveStr,
    node: pveStr,
    status: optStr,
    plugintype: optStr,
    shared: optBool,
    /** Comma list: images,rootdir,backup,iso,vztmpl,snippets,import. */
    content: optStr,
    disk: optNum,
    maxdisk: optNum,
  })
  .loose();

/** `id` has a leading slash: "/pool/NAME". */
export const pveResourcePoolSchema = z.object({ type: z.literal('pool'), id: pveStr, pool: pveStr }).loose();

export const pveResourceSdnSchema = z
  .object({ type: z.literal('sdn'), id: pveStr, sdn: pveStr, node: optStr, status: optStr, 'zone-type': optStr })
  .loose();

/** PVE 9 network entries, e.g. id "network/pve1/zone/localnetwork". */
export const pveResourceNetworkSchema = z
  .object({ type: z.literal('network'), id: pveStr, node: optStr, network: optStr, status: optStr })
  .loose();

export const pveClusterResourceSchema = z.preprocess(
  tagUnknownType(['qemu', 'lxc', 'node', 'storage', 'pool', 'sdn', 'network']),
  z.discriminatedUnion('type', [
    pveResourceQemuSchema,
    pveResourceLxcSchema,
    pveResourceNodeSchema,
    pveResourceStorageSchema,
    pveResourcePoolSchema,
    pveResourceSdnSchema,
    pveResourceNetworkSchema,
    otherEntrySchema,
  ]),
);
export const pveClusterResourcesSchema = z.array(pveClusterResourceSchema);

export type PveResourceQemu = z.infer<typeof pveResourceQemuSchema>;
export type PveResourceLxc = z.infer<typeof pveResourceLxcSchema>;
export type PveResourceGuest = PveResourceQemu | PveResourceLxc;
export type PveResourceNode = z.infer<typeof pveResourceNodeSchema>;
export type PveResourceStorage = z.infer<typeof pveResourceStorageSchema>;
export type PveResourcePool = z.infer<typeof pveResourcePoolSchema>;
export type PveResourceSdn = z.infer<typeof pveResourceSdnSchema>;
export type PveResourceNetwork = z.infer<typeof pveResourceNetworkSchema>;
export type PveClusterResource = z.infer<typeof pveClusterResourceSchema>;
