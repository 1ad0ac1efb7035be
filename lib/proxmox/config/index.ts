// Pure parsers for Proxmox VE guest-config values (property strings, sizes, volume ids, tags).
// No I/O, no clock, no exceptions: every parser returns a ParseResult or a plain value.

export { parseAgent, type AgentConfig } from './agent';
export { readCloudInit, type CloudInitSettings } from './cloud-init';
export { parseBackupVolume, type BackupInfo } from './backup-volume';
export { parseLxcMount, parseQemuDisk, type ParsedDisk } from './disk';
export {
  isDiskKey,
  isIpConfigKey,
  isNetKey,
  lxcDiskBus,
  qemuDiskBus,
  splitNumberedKey,
  type DiskBus,
  type GuestType,
  type LxcDiskBus,
  type QemuDiskBus,
} from './disk-keys';
export { parseGuestConfig, type ParsedGuestConfig } from './guest-config';
export {
  parseGuestDevices,
  type ConfigError,
  type GuestDevices,
  type ParsedIpConfig,
  type ParsedNic,
} from './guest-devices';
export { isIpv4, isIpv4Cidr, isIpv6, isIpv6Cidr } from './ip';
export { parseIpConfig, type IpConfig } from './ipconfig';
export { parseLxcNet, type LxcNic } from './lxc-nic';
export { parseMemory } from './memory';
export { normalizeMac, parseTrunks, parseVlanId } from './net-common';
export { parsePropertyString, type PropertyMap } from './property-string';
export { parseQemuNet, QEMU_NIC_MODELS, type QemuNic, type QemuNicModel } from './qemu-nic';
export { fail, ok, type ParseResult } from './result';
export { decodeUrlEncoded, parseBoolean, parseDecimal, parseInteger } from './scalars';
export { bytesToMB, bytesToMiB, parseSize } from './size';
export { parseTags } from './tags';
export { parseVolumeId, type VolumeId } from './volume-id';
