import { lxcDiskBus, qemuDiskBus, type DiskBus } from './disk-keys';
import { collectFields, readKey, readText, type FieldReader } from './fields';
import { parsePropertyString, remainingOptions, type PropertyMap } from './property-string';
import { fail, ok, type ParseResult } from './result';
import { decodeUrlEncoded, describe, parseBoolean } from './scalars';
import { parseSize } from './size';
import { parseVolumeId, type VolumeId } from './volume-id';

/**
 * One disk-like config entry of a guest. CD-ROM drives (`media=cdrom`, `none`, host `cdrom`)
 * carry `isCdrom: true` and cloud-init drives `isCloudInit: true`, so a sync can skip them.
 * Passthrough devices and bind mounts have `storage: null`; `sizeBytes` is null without `size=`.
 * `options` keeps the keys not modelled here (`aio`, `mbps_rd`, `serial` URL-decoded, ...).
 */
export interface ParsedDisk {
  key: string;
  bus: DiskBus;
  storage: string | null;
  volume: string;
  ownerVmid?: number;
  sizeBytes: number | null;
  /** Explicit `format=`, else the volume's file extension (`.qcow2`, `.raw`, `.vmdk`). */
  format?: string;
  media?: 'cdrom' | 'disk';
  isCdrom: boolean;
  isCloudInit: boolean;
  /** Path inside the container: `/` for `rootfs`, `mp=` for `mpN`. */
  mountpoint?: string;
  /** `classify_mountpoint` of pve-container: a storage volume, a host bind mount or a device. */
  mountType?: 'volume' | 'bind' | 'device';
  backup?: boolean;
  replicate?: boolean;
  ssd?: boolean;
  discard?: string;
  cache?: string;
  iothread?: boolean;
  readOnly?: boolean;
  options: Record<string, string>;
}

const TYPED_KEYS = ['size', 'format', 'media', 'backup', 'replicate', 'ssd', 'discard', 'cache', 'iothread', 'ro'];
// Buses whose value must be a real volume: `none`/`cdrom` are only QEMU drive placeholders.
const EMPTY_DRIVE_EXCLUDED: ReadonlySet<DiskBus> = new Set(['rootfs', 'mp', 'unused']);
const URL_ENCODED_KEYS = new Set(['serial', 'model']);
const FORMAT_EXTENSION = /\.(raw|qcow2|qcow|qed|vmdk|cloop)$/;
// `drive_is_cloudinit` in qemu-server.
const CLOUD_INIT = /[:/](?:vm-\d+-)?cloudinit(?:\.(?:raw|cow|qcow|qcow2|qed|vmdk|cloop))?$/;

const readMedia: FieldReader<'cdrom' | 'disk'> = (raw) =>
  raw === 'cdrom' || raw === 'disk' ? ok(raw) : fail(`invalid media ${describe(raw)}`);

type MountFields = Pick<ParsedDisk, 'mountpoint' | 'mountType'>;

/** Decodes the option values PVE stores URL-encoded. */
function decodeOptions(options: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(options)) {
    if (URL_ENCODED_KEYS.has(key)) options[key] = decodeUrlEncoded(options[key]);
  }
  return options;
}

/**
 * Reads the volume (or `none`/`cdrom`) under `volumeKey` and the options shared by every bus.
 * `lxcMount` is given (possibly empty) for LXC entries; QEMU drives instead get the CD-ROM and
 * cloud-init checks.
 */
function buildDisk(
  key: string,
  bus: DiskBus,
  map: PropertyMap,
  volumeKey: string,
  lxcMount?: MountFields,
): ParseResult<ParsedDisk> {
  const raw = map.get(volumeKey);
  if (raw === undefined) return fail(`${key} has no volume`);
  const emptyDrive = !EMPTY_DRIVE_EXCLUDED.has(bus) && (raw === 'none' || raw === 'cdrom');
  const volume: ParseResult<VolumeId> = emptyDrive ? ok({ storage: null, volume: raw }) : parseVolumeId(raw);
  if (!volume.ok) return volume;
  const fields = collectFields({
    size: readKey(map, 'size', parseSize),
    format: readKey(map, 'format', readText),
    media: readKey(map, 'media', readMedia),
    backup: readKey(map, 'backup', parseBoolean),
    replicate: readKey(map, 'replicate', parseBoolean),
    ssd: readKey(map, 'ssd', parseBoolean),
    discard: readKey(map, 'discard', readText),
    cache: readKey(map, 'cache', readText),
    iothread: readKey(map, 'iothread', parseBoolean),
    readOnly: readKey(map, 'ro', parseBoolean),
  });
  if (!fields.ok) return fields;
  const { size, format, media, ...flags } = fields.value;
  const { storage, volume: name, ownerVmid } = volume.value;
  const impliedFormat = format ?? FORMAT_EXTENSION.exec(name)?.[1];
  const qemu = lxcMount === undefined;
  return ok({
    key,
    bus,
    storage,
    volume: name,
    ...(ownerVmid !== undefined && { ownerVmid }),
    sizeBytes: size ?? null,
    ...(impliedFormat !== undefined && { format: impliedFormat }),
    ...(media !== undefined && { media }),
    isCdrom: qemu && (media === 'cdrom' || emptyDrive),
    isCloudInit: qemu && CLOUD_INIT.test(raw),
    ...lxcMount,
    ...flags,
    options: decodeOptions(remainingOptions(map, new Set([volumeKey, ...TYPED_KEYS]))),
  });
}

/**
 * Parses a QEMU drive entry (`ide0..3`, `sata0..5`, `scsi0..30`, `virtio0..15`, `efidisk0`,
 * `tpmstate0`, `unused0..255`), e.g. `scsi0: local-lvm:vm-100-disk-0,iothread=1,size=32G`.
 * The volume is the default key `file` (alias `volume=`); `none` and `cdrom` are empty or host
 * CD drives. `key` decides the bus; a key that is not a QEMU disk key is an error.
 */
export function parseQemuDisk(key: string, value: string): ParseResult<ParsedDisk> {
  const bus = qemuDiskBus(key);
  if (bus === null) return fail(`not a QEMU disk key: ${describe(key)}`);
  const parsed = parsePropertyString(value, 'file');
  if (!parsed.ok) return parsed;
  let map = parsed.value;
  if (map.has('volume')) {
    if (map.has('file')) return fail("both 'file' and its alias 'volume' are set");
    map = new Map([...map].map(([k, v]) => [k === 'volume' ? 'file' : k, v]));
  }
  return buildDisk(key, bus, map, 'file');
}

/**
 * Parses an LXC mount entry (`rootfs`, `mp0..255`, `unused0..255`), e.g.
 * `mp0: local-lvm:vm-101-disk-1,mp=/srv,backup=1,size=8G`. `mpN` requires `mp=`; a value
 * starting with `/dev/` is a device and any other absolute path a bind mount (no storage).
 */
export function parseLxcMount(key: string, value: string): ParseResult<ParsedDisk> {
  const bus = lxcDiskBus(key);
  if (bus === null) return fail(`not an LXC mount key: ${describe(key)}`);
  const parsed = parsePropertyString(value, 'volume');
  if (!parsed.ok) return parsed;
  const map = parsed.value;
  if (bus === 'unused') return buildDisk(key, bus, map, 'volume', {});
  const mountpoint = bus === 'rootfs' ? '/' : map.get('mp');
  if (mountpoint === undefined) return fail(`${key} has no mount point (mp=)`);
  const volume = map.get('volume') ?? '';
  const mountType = volume.startsWith('/dev/') ? 'device' : volume.startsWith('/') ? 'bind' : 'volume';
  const withoutMp = new Map([...map].filter(([k]) => bus !== 'mp' || k !== 'mp'));
  return buildDisk(key, bus, withoutMp, 'volume', { mountpoint, mountType });
}
