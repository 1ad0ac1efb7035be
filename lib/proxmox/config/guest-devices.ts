import { parseLxcMount, parseQemuDisk, type ParsedDisk } from './disk';
import { isDiskKey, isIpConfigKey, isNetKey, splitNumberedKey, type DiskBus, type GuestType } from './disk-keys';
import { parseIpConfig, type IpConfig } from './ipconfig';
import { parseLxcNet, type LxcNic } from './lxc-nic';
import { parseQemuNet, type QemuNic } from './qemu-nic';
import type { ParseResult } from './result';
import { describe } from './scalars';

/** A NIC of either guest type, with the `netN` key it came from. */
export type ParsedNic = (({ guestType: 'qemu' } & QemuNic) | ({ guestType: 'lxc' } & LxcNic)) & {
  key: string;
  index: number;
};

/** A cloud-init `ipconfigN` entry; `index` matches the NIC `netN` it configures. */
export type ParsedIpConfig = IpConfig & { key: string; index: number };

/** A config entry that could not be parsed, kept with its raw value for the sync's error report. */
export interface ConfigError {
  key: string;
  value: unknown;
  error: string;
}

/** Disks, NICs and cloud-init settings of one guest config, in a stable order. */
export interface GuestDevices {
  disks: ParsedDisk[];
  nics: ParsedNic[];
  ipConfigs: ParsedIpConfig[];
}

// Disks are listed bus by bus (boot-relevant buses first), then by index, whatever the key order
// of the API response: PVE's key order is random, and a stable order keeps syncs diff-free.
const BUS_ORDER: readonly DiskBus[] = [
  'rootfs',
  'mp',
  'ide',
  'sata',
  'scsi',
  'virtio',
  'efidisk',
  'tpmstate',
  'unused',
];

function indexOf(key: string): number {
  return splitNumberedKey(key)?.[1] ?? 0;
}

function compareDisks(a: ParsedDisk, b: ParsedDisk): number {
  return BUS_ORDER.indexOf(a.bus) - BUS_ORDER.indexOf(b.bus) || indexOf(a.key) - indexOf(b.key);
}

/** Runs `parse` on a string value; anything else, or a failed parse, becomes a ConfigError. */
function parseEntry<T>(
  key: string,
  value: unknown,
  errors: ConfigError[],
  parse: (text: string) => ParseResult<T>,
): T | null {
  if (typeof value !== 'string') {
    errors.push({ key, value, error: `expected a property string, got ${describe(value)}` });
    return null;
  }
  const result = parse(value);
  if (result.ok) return result.value;
  errors.push({ key, value, error: result.error });
  return null;
}

/**
 * Collects the disks (`scsiN`, `rootfs`, `mpN`, `unusedN`, ...), NICs (`netN`) and, for QEMU,
 * cloud-init `ipconfigN` entries of a guest config. Unparseable entries go to `errors`.
 */
export function parseGuestDevices(
  guestType: GuestType,
  config: Readonly<Record<string, unknown>>,
  errors: ConfigError[],
): GuestDevices {
  const devices: GuestDevices = { disks: [], nics: [], ipConfigs: [] };
  for (const [key, value] of Object.entries(config)) {
    if (isDiskKey(key, guestType)) {
      const parse = guestType === 'qemu' ? parseQemuDisk : parseLxcMount;
      const disk = parseEntry(key, value, errors, (text) => parse(key, text));
      if (disk) devices.disks.push(disk);
    } else if (isNetKey(key)) {
      const index = indexOf(key);
      if (guestType === 'qemu') {
        const nic = parseEntry(key, value, errors, parseQemuNet);
        if (nic) devices.nics.push({ guestType, key, index, ...nic });
      } else {
        const nic = parseEntry(key, value, errors, parseLxcNet);
        if (nic) devices.nics.push({ guestType, key, index, ...nic });
      }
    } else if (guestType === 'qemu' && isIpConfigKey(key)) {
      const ipConfig = parseEntry(key, value, errors, parseIpConfig);
      if (ipConfig) devices.ipConfigs.push({ key, index: indexOf(key), ...ipConfig });
    }
  }
  devices.disks.sort(compareDisks);
  devices.nics.sort((a, b) => a.index - b.index);
  devices.ipConfigs.sort((a, b) => a.index - b.index);
  return devices;
}
