// Everything a storage holds as the content listing shows it: backups, ISO/template files and
// guest volumes (VM disks are `images`, container volumes `rootdir`, as PVE's `list_volumes` does).
import type { Backup, EstateCluster, EstateNode, Guest, StorageDef } from '../estate/types';

function backupItem(b: Backup): Record<string, unknown> {
  const item: Record<string, unknown> = {
    volid: b.volid,
    content: 'backup',
    format: b.format,
    size: b.size,
    ctime: b.ctime,
    vmid: b.vmid,
    subtype: b.guestType,
  };
  if (b.notes) item.notes = b.notes;
  if (b.protected) item.protected = 1;
  if (b.verification) item.verification = { ...b.verification };
  if (b.encrypted) item.encrypted = b.encrypted;
  return item;
}

function imageFormat(storage: StorageDef, volid: string, type: Guest['type']): string {
  if (volid.endsWith('.qcow2')) return 'qcow2';
  return storage.type === 'zfspool' && type === 'lxc' ? 'subvol' : 'raw';
}

function guestVolumes(g: Guest, storage: StorageDef): Record<string, unknown>[] {
  const prefix = `${storage.id}:`;
  const vols: { volid: string; size: number }[] = [];
  if (g.type === 'qemu') {
    for (const d of g.disks) {
      if (!d.file.startsWith(prefix) || d.file.includes(':iso/')) continue;
      vols.push({ volid: d.file, size: d.sizeBytes ?? 4 * 1024 * 1024 });
    }
  } else {
    for (const v of g.volumes) if (v.volume.startsWith(prefix)) vols.push({ volid: v.volume, size: v.sizeBytes ?? 0 });
  }
  return vols.map((v) => ({
    volid: v.volid,
    content: g.type === 'lxc' ? 'rootdir' : 'images',
    format: imageFormat(storage, v.volid, g.type),
    size: v.size,
    used: g.type === 'lxc' ? g.runtime.diskUsed : v.size,
    vmid: g.vmid,
    ctime: g.ctime,
  }));
}

/**
 * All volumes of `storage` visible from `node`. Shared storages show the same list on every node;
 * local ones only the node's own backups, files and the disks of guests living there.
 */
export function storageVolumes(
  cluster: EstateCluster,
  node: EstateNode,
  storage: StorageDef,
): Record<string, unknown>[] {
  const here = (owner: string | undefined) => storage.shared || owner === node.name;
  const out: Record<string, unknown>[] = [];
  for (const b of cluster.backups) if (b.storage === storage.id && here(b.node)) out.push(backupItem(b));
  for (const f of cluster.files) {
    if (f.storage === storage.id && here(f.node))
      out.push({ volid: f.volid, content: f.content, format: f.format, size: f.size, ctime: f.ctime });
  }
  if (storage.content.includes('images') || storage.content.includes('rootdir')) {
    for (const g of cluster.guests) if (here(g.node)) out.push(...guestVolumes(g, storage));
  }
  return out;
}
