import { parseBackupVolume, type BackupInfo } from './backup-volume';
import { fail, ok, type ParseResult } from './result';
import { describe } from './scalars';

/**
 * A storage volume (`storage` set) or an absolute host path (`storage: null`), e.g. a passthrough
 * disk `/dev/disk/by-id/...` or an LXC bind mount. `ownerVmid` is the guest a volume belongs to
 * when its name says so (`<vmid>/...` on file storages, else `vm-<vmid>-`, `base-<vmid>-`, ...).
 */
export interface VolumeId {
  storage: string | null;
  volume: string;
  ownerVmid?: number;
  backup?: BackupInfo;
}

// `parse_volume_id` in pve-storage: a storage id, a colon, a non-empty volume name.
const VOLUME_ID = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i;
// Owner vmid as `parse_volname` of pve-storage's plugins reads it: file storages put the volume
// in a `<vmid>/` directory (linked clones: `<base>/<base-name>/<vmid>/<name>`); block storages
// name it `vm-|base-|basevol-|subvol-<vmid>-...` (ZFS linked clones: `<base-name>/<name>`).
const OWNER_LINKED_DIR = /^\d+\/[^/]+\/(\d+)\/[^/]+$/;
const OWNER_DIR = /^(\d+)\/[^/]+$/;
const OWNER_NAME = /(?:^|\/)(?:vm|base|basevol|subvol)-(\d+)-[^/]*$/;
// Content directories whose file names carry no owner (`iso/vm-100-x.iso` belongs to no guest).
const UNOWNED_CONTENT = /^(iso|vztmpl|snippets|import|backup)\//;

function ownerOf(volume: string): number | undefined {
  if (UNOWNED_CONTENT.test(volume)) return undefined;
  const match = OWNER_LINKED_DIR.exec(volume) ?? OWNER_DIR.exec(volume) ?? OWNER_NAME.exec(volume);
  if (!match) return undefined;
  const vmid = Number(match[1]);
  return Number.isSafeInteger(vmid) ? vmid : undefined;
}

/**
 * Splits a volume id (`local-lvm:vm-100-disk-0`) into storage and volume name, or accepts an
 * absolute path. Backup volumes on a directory storage (`backup/vzdump-qemu-100-...vma.zst`)
 * and on PBS (`backup/vm/100/2024-05-01T01:00:03Z`) also get their guest, vmid, time and format.
 * A name that looks like neither is still a valid volume: the extra fields are just absent.
 */
export function parseVolumeId(text: string): ParseResult<VolumeId> {
  if (typeof text !== 'string') return fail(`volume id expected, got ${describe(text)}`);
  if (text.startsWith('/')) {
    if (text.length === 1 || /[\0\n]/.test(text)) return fail(`invalid path: ${describe(text)}`);
    return ok({ storage: null, volume: text });
  }
  const match = VOLUME_ID.exec(text);
  if (!match) return fail(`invalid volume id: ${describe(text)}`);
  const [, storage, volume] = match;
  const result: VolumeId = { storage, volume };
  const backup = parseBackupVolume(volume);
  const owner = backup?.vmid ?? ownerOf(volume);
  if (owner !== undefined) result.ownerVmid = owner;
  if (backup) result.backup = backup;
  return ok(result);
}
