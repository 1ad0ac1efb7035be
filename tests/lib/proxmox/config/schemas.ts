import { z } from 'zod';
import { QEMU_NIC_MODELS } from '@/lib/proxmox/config';

// Shapes a parser may return: `{ ok: true, value }` with a well-formed value, or a non-empty error.
// Used by the random-input test to check that garbage in never yields a malformed value.

const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;
const vlan = z.int().min(1).max(4094);
const options = z.record(z.string(), z.string());
const text = z.string().min(1);
const bytes = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A ParseResult whose value must match `value`. */
export function resultOf<T extends z.ZodType>(value: T) {
  return z.union([
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: z.string().min(1) }),
  ]);
}

export const qemuNicSchema = z.strictObject({
  model: z.enum(QEMU_NIC_MODELS),
  macAddress: z.string().regex(MAC).nullable(),
  bridge: text.optional(),
  tag: vlan.optional(),
  trunks: z.array(vlan).min(1).optional(),
  firewall: z.boolean().optional(),
  linkDown: z.boolean().optional(),
  mtu: z.int().min(1).max(65520).optional(),
  rate: z.number().min(0).optional(),
  queues: z.int().min(0).max(64).optional(),
  options,
});

export const lxcNicSchema = z.strictObject({
  name: z.string().regex(/^[-_.\w]+$/),
  macAddress: z.string().regex(MAC).nullable(),
  bridge: text.optional(),
  ip: text.optional(),
  gw: text.optional(),
  ip6: text.optional(),
  gw6: text.optional(),
  tag: vlan.optional(),
  trunks: z.array(vlan).min(1).optional(),
  firewall: z.boolean().optional(),
  linkDown: z.boolean().optional(),
  mtu: z.int().min(64).max(65535).optional(),
  rate: z.number().min(0).optional(),
  type: text.optional(),
  hostManaged: z.boolean().optional(),
  options,
});

export const diskSchema = z.strictObject({
  key: text,
  bus: z.enum(['ide', 'sata', 'scsi', 'virtio', 'efidisk', 'tpmstate', 'unused', 'rootfs', 'mp']),
  storage: text.nullable(),
  volume: text,
  ownerVmid: z.int().min(0).optional(),
  sizeBytes: bytes.nullable(),
  format: text.optional(),
  media: z.enum(['cdrom', 'disk']).optional(),
  isCdrom: z.boolean(),
  isCloudInit: z.boolean(),
  mountpoint: text.optional(),
  mountType: z.enum(['volume', 'bind', 'device']).optional(),
  backup: z.boolean().optional(),
  replicate: z.boolean().optional(),
  ssd: z.boolean().optional(),
  discard: text.optional(),
  cache: text.optional(),
  iothread: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  options,
});

export const ipConfigSchema = z.strictObject({
  ip: text.optional(),
  gw: text.optional(),
  ip6: text.optional(),
  gw6: text.optional(),
});

export const agentSchema = z.strictObject({
  enabled: z.boolean(),
  type: z.enum(['virtio', 'isa']).optional(),
  fstrimClonedDisks: z.boolean().optional(),
  freezeFsOnBackup: z.boolean().optional(),
});

export const volumeIdSchema = z.strictObject({
  storage: text.nullable(),
  volume: text,
  ownerVmid: z.int().min(0).optional(),
  backup: z
    .strictObject({ guestType: z.enum(['qemu', 'lxc']), vmid: z.int().min(0), time: z.int(), format: text })
    .optional(),
});

const indexed = { key: text, index: z.int().min(0).max(31) };

export const guestConfigSchema = z.strictObject({
  guestType: z.enum(['qemu', 'lxc']),
  name: z.string().nullable(),
  disks: z.array(diskSchema),
  nics: z.array(
    z.union([
      qemuNicSchema.extend({ guestType: z.literal('qemu'), ...indexed }),
      lxcNicSchema.extend({ guestType: z.literal('lxc'), ...indexed }),
    ]),
  ),
  ipConfigs: z.array(ipConfigSchema.extend(indexed)),
  agent: agentSchema.nullable(),
  tags: z.array(text),
  onboot: z.boolean(),
  memoryMiB: z.int().min(16).nullable(),
  cores: z.int().min(1).nullable(),
  sockets: z.int().min(1).nullable(),
  vcpus: z.int().min(1).nullable(),
  unprivileged: z.boolean().optional(),
  searchdomain: z.string().optional(),
  nameserver: z.string().optional(),
  description: z.string().optional(),
  errors: z.array(z.strictObject({ key: z.string(), value: z.unknown(), error: text })),
});
