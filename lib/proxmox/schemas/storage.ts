// Storage: GET /storage, GET /nodes/{node}/storage and
// GET /nodes/{node}/storage/{storage}/content?content=backup.
import { z } from 'zod';
import { opt, optBool, optNum, optStr, pveStr } from './primitives';

/** A storage.cfg section; per-type keys and `prune-backups` are kept as sent. Never secrets. */
export const pveStorageConfigSchema = z
  .object({
    storage: pveStr,
    /** dir, lvm, lvmthin, zfspool, nfs, cifs, glusterfs, cephfs, rbd, iscsi, iscsidirect, pbs, btrfs, esxi, zfs. */
    type: pveStr,
    /** Comma list. */
    content: optStr,
    digest: optStr,
    /** Comma list of nodes the storage is restricted to; absent = all. */
    nodes: optStr,
    shared: optBool,
    disable: optBool,
    path: optStr,
    server: optStr,
    export: optStr,
    datastore: optStr,
    namespace: optStr,
    pool: optStr,
    port: optNum,
    username: optStr,
    share: optStr,
    monhost: optStr,
    subdir: optStr,
    mountpoint: optStr,
    /** "yes", "1" or a path. */
    is_mountpoint: optStr,
    preallocation: optStr,
    format: optStr,
    /** "keep-last=3,keep-daily=7" or "keep-all=1". */
    'prune-backups': optStr,
    'max-protected-backups': optNum,
  })
  .loose();
export const pveStorageConfigListSchema = z.array(pveStorageConfigSchema);
export type PveStorageConfig = z.infer<typeof pveStorageConfigSchema>;

/** Per-node status; shared storages appear on every node, disabled ones with zero sizes. */
export const pveNodeStorageSchema = z
  .object({
    storage: pveStr,
    type: optStr,
    content: optStr,
    active: optBool,
    enabled: optBool,
    shared: optBool,
    total: optNum,
    used: optNum,
    avail: optNum,
    used_fraction: optNum,
  })
  .loose();
export const pveNodeStorageListSchema = z.array(pveNodeStorageSchema);
export type PveNodeStorage = z.infer<typeof pveNodeStorageSchema>;

/**
 * One volume. Backups: `subtype` qemu|lxc|openvz|unknown, `format` vma.zst|tar.zst|...|pbs-vm|pbs-ct,
 * `ctime` from the file name in node-local time (dir storages).
 */
export const pveStorageContentSchema = z
  .object({
    volid: pveStr,
    content: optStr,
    format: optStr,
    size: optNum,
    used: optNum,
    ctime: optNum,
    vmid: optNum,
    subtype: optStr,
    notes: optStr,
    protected: optBool,
    /** Key fingerprint, or "1". */
    encrypted: optStr,
    verification: opt(z.object({ state: optStr, upid: optStr }).loose()),
    parent: optStr,
  })
  .loose();
export const pveStorageContentListSchema = z.array(pveStorageContentSchema);
export type PveStorageContent = z.infer<typeof pveStorageContentSchema>;
