// storage.cfg of every simulated cluster. `nfs-shared` and `pbs` are shared: listed by every node's
// `/nodes/{node}/storage` and `/cluster/resources`, but one pool of space and one set of contents.
import { gib } from '../format';
import { rng } from '../prng';
import { CT_TEMPLATES, ISO_FILES } from './names';
import type { StorageDef, StorageFile } from './types';

/** The storages every cluster has, in `storage.cfg` order. */
export function buildStorages(seed: number, clusterIndex: number): StorageDef[] {
  const r = rng(seed, 'storage', clusterIndex);
  const subnet = `192.168.${10 + clusterIndex}`;
  const nfsTotal = gib(r.pick([8192, 16384, 32768]));
  const pbsTotal = gib(r.pick([20480, 40960]));
  const pbsFingerprint = r.hex(32).match(/../g)!.join(':');
  return [
    {
      id: 'local',
      type: 'dir',
      content: ['backup', 'iso', 'vztmpl'],
      shared: false,
      total: 0,
      used: 0,
      config: { path: '/var/lib/vz' },
    },
    {
      id: 'local-lvm',
      type: 'lvmthin',
      content: ['images', 'rootdir'],
      shared: false,
      total: 0,
      used: 0,
      config: { vgname: 'pve', thinpool: 'data' },
    },
    {
      id: 'local-zfs',
      type: 'zfspool',
      content: ['images', 'rootdir'],
      shared: false,
      total: 0,
      used: 0,
      config: { pool: 'rpool/data', sparse: 1 },
    },
    {
      id: 'nfs-shared',
      type: 'nfs',
      content: ['images', 'iso'],
      shared: true,
      total: nfsTotal,
      used: Math.round(nfsTotal * (0.2 + r.next() * 0.5)),
      config: { server: `${subnet}.5`, export: '/export/proxmox', path: '/mnt/pve/nfs-shared', options: 'vers=4.2' },
    },
    {
      id: 'pbs',
      type: 'pbs',
      content: ['backup'],
      shared: true,
      total: pbsTotal,
      used: Math.round(pbsTotal * (0.3 + r.next() * 0.4)),
      config: {
        server: `${subnet}.6`,
        datastore: `backups-c${clusterIndex + 1}`,
        username: 'proxbox@pbs',
        fingerprint: pbsFingerprint,
        'prune-backups': 'keep-daily=7,keep-last=3,keep-weekly=4',
        shared: 1,
      },
    },
  ];
}

/** ISO images and CT templates: on every node's `local`, plus the ISO library on `nfs-shared`. */
export function buildFiles(seed: number, clusterIndex: number, nodes: readonly string[], now: number): StorageFile[] {
  const files: StorageFile[] = [];
  for (const node of nodes) {
    const r = rng(seed, 'files', clusterIndex, node);
    for (const iso of ISO_FILES) {
      files.push({
        volid: `local:iso/${iso.name}`,
        storage: 'local',
        node,
        content: 'iso',
        format: 'iso',
        size: iso.size,
        ctime: now - r.int(40, 400) * 86400,
      });
    }
    for (const t of CT_TEMPLATES) {
      files.push({
        volid: `local:vztmpl/${t.name}`,
        storage: 'local',
        node,
        content: 'vztmpl',
        format: t.format,
        size: t.size,
        ctime: now - r.int(40, 400) * 86400,
      });
    }
  }
  const r = rng(seed, 'files', clusterIndex, 'nfs');
  for (const iso of ISO_FILES) {
    files.push({
      volid: `nfs-shared:iso/${iso.name}`,
      storage: 'nfs-shared',
      content: 'iso',
      format: 'iso',
      size: iso.size,
      ctime: now - r.int(40, 400) * 86400,
    });
  }
  return files;
}
