// Backup volume names, as listed by `GET /nodes/{node}/storage/{storage}/content`:
//   dir storages: `backup/vzdump-<qemu|lxc|openvz>-<vmid>-YYYY_MM_DD-HH_MM_SS.<vma|tar>[.zst|.gz|.lzo]`
//                 or `.tgz` (`archive_info` in pve-storage's Storage.pm);
//   PBS:          `backup/<vm|ct>/<vmid>/<YYYY-MM-DDTHH:MM:SSZ>`.

/** What a backup volume name says about the backup. `openvz` archives restore as containers. */
export interface BackupInfo {
  guestType: 'qemu' | 'lxc';
  vmid: number;
  /** Epoch seconds. Dir-storage names carry node-local time; they are read as UTC (pure, zone-free). */
  time: number;
  /** `vma.zst`, `tar.gz`, `tgz`, ... for dir storages; `pbs-vm` / `pbs-ct` for PBS. */
  format: string;
}

const VZDUMP = new RegExp(
  String.raw`^backup/vzdump-(qemu|lxc|openvz)-([1-9]\d{2,8})-` +
    String.raw`(\d{4})_(\d{2})_(\d{2})-(\d{2})_(\d{2})_(\d{2})` +
    String.raw`\.(tgz|(?:vma|tar)(?:\.(?:zst|gz|lzo))?)$`,
);
const PBS = /^backup\/(vm|ct)\/(\d{1,9})\/(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Epoch seconds for a UTC date-time, or null when a field is out of range (e.g. Feb 30). */
function utcSeconds(fields: readonly string[]): number | null {
  const [year, month, day, hour, minute, second] = fields.map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return exact ? ms / 1000 : null;
}

/**
 * Reads guest type, vmid, time and format from a backup volume name (the part after
 * `storage:`). Returns undefined for anything that is not a standard guest backup name,
 * e.g. a PBS host backup or a renamed archive.
 */
export function parseBackupVolume(volume: string): BackupInfo | undefined {
  const vzdump = VZDUMP.exec(volume);
  if (vzdump) {
    const time = utcSeconds(vzdump.slice(3, 9));
    if (time === null) return undefined;
    const guestType = vzdump[1] === 'qemu' ? 'qemu' : 'lxc';
    return { guestType, vmid: Number(vzdump[2]), time, format: vzdump[9] };
  }
  const pbs = PBS.exec(volume);
  if (pbs) {
    const time = utcSeconds(pbs.slice(3, 9));
    if (time === null) return undefined;
    const guestType = pbs[1] === 'vm' ? 'qemu' : 'lxc';
    return { guestType, vmid: Number(pbs[2]), time, format: `pbs-${pbs[1]}` };
  }
  return undefined;
}
