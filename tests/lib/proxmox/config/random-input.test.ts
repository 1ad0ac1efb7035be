import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  parseAgent,
  parseBoolean,
  parseGuestConfig,
  parseIpConfig,
  parseLxcMount,
  parseLxcNet,
  parseMemory,
  parsePropertyString,
  parseQemuDisk,
  parseQemuNet,
  parseSize,
  parseTags,
  parseVolumeId,
} from '@/lib/proxmox/config';
import {
  agentSchema,
  diskSchema,
  guestConfigSchema,
  ipConfigSchema,
  lxcNicSchema,
  qemuNicSchema,
  resultOf,
  volumeIdSchema,
} from './schemas';

/** mulberry32: a small seeded PRNG, so every run sees the same 2,000 strings. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(0x5eed_2024);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const SPECIALS = ['=', ',', ':', '/', ';', '-', '.', ' ', '%', '\t'];
const UNICODE = ['é', 'ß', '€', '中', '😀', '\u0000', '\u2028', '\uFEFF', '\uD800', '\n'];
// Grammar fragments, so that random strings also reach the deeper branches of each parser.
const TOKENS = [
  'virtio',
  'e1000',
  'vmxnet3',
  'model',
  'macaddr',
  'bridge',
  'tag',
  'trunks',
  'firewall',
  'mtu',
  'rate',
  'size',
  'media',
  'cdrom',
  'none',
  'file',
  'volume',
  'mp',
  'backup',
  'ssd',
  'name',
  'hwaddr',
  'ip',
  'ip6',
  'gw',
  'dhcp',
  'auto',
  'enabled',
  'type',
  'freeze-fs',
  'current',
  '__proto__',
  'local-lvm:vm-100-disk-0',
  'BC:24:11:2B:3C:4D',
  '32G',
  '1.5T',
  '1',
  '0',
  'on',
  '4094',
  '10.0.0.1/24',
  '10.0.0.1',
  'fe80::1/64',
  'backup/vzdump-qemu-100-2024_05_01-01_00_03.vma.zst',
  'pbs:backup/vm/100/2024-05-01T01:00:03Z',
  '/dev/sdb',
];

function randomString(): string {
  const length = Math.floor(random() * 24);
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const roll = random();
    if (roll < 0.35) out += String.fromCharCode(32 + Math.floor(random() * 95));
    else if (roll < 0.6) out += pick(SPECIALS);
    else if (roll < 0.7) out += pick(UNICODE);
    else out += pick(TOKENS);
  }
  return out;
}

/** A comma-joined list of `token` / `token=token` parts, sometimes with a random fragment mixed in. */
function randomPropertyString(): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
    const part = random() < 0.2 ? pick(TOKENS) : `${pick(TOKENS)}=${pick(TOKENS)}`;
    return random() < 0.15 ? part + randomString().slice(0, 3) : part;
  });
  return parts.join(',');
}

const DISK_KEYS = [
  'scsi0',
  'ide2',
  'sata5',
  'virtio15',
  'efidisk0',
  'tpmstate0',
  'unused9',
  'scsi99',
  'rootfs',
  'mp0',
  'bogus',
];
const CONFIG_KEYS = [
  'net0',
  'net1',
  'scsi0',
  'ide2',
  'rootfs',
  'mp0',
  'ipconfig0',
  'agent',
  'memory',
  'cores',
  'sockets',
  'vcpus',
  'onboot',
  'tags',
  'name',
  'hostname',
  'description',
  'unprivileged',
];
// Half free-form text, half property-string shaped, so validation past the splitter is exercised.
const strings = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? randomString() : randomPropertyString()));

/** Runs `parse` on every string; each call must return a value that matches `schema`. */
function checkAll(schema: z.ZodType, parse: (text: string) => unknown): number {
  let accepted = 0;
  for (const text of strings) {
    const result = parse(text);
    const check = schema.safeParse(result);
    if (!check.success) expect.fail(`malformed result for ${JSON.stringify(text)}: ${check.error.message}`);
    if ((result as { ok?: boolean }).ok) accepted += 1;
  }
  return accepted;
}

describe('2,000 seeded random strings', () => {
  it('never make a parser throw or return a malformed value', () => {
    const accepted = {
      propertyString: checkAll(resultOf(z.instanceof(Map)), (text) => parsePropertyString(text, 'file')),
      qemuNet: checkAll(resultOf(qemuNicSchema), parseQemuNet),
      lxcNet: checkAll(resultOf(lxcNicSchema), parseLxcNet),
      qemuDisk: checkAll(resultOf(diskSchema), (text) => parseQemuDisk(pick(DISK_KEYS), text)),
      lxcMount: checkAll(resultOf(diskSchema), (text) => parseLxcMount(pick(DISK_KEYS), text)),
      ipConfig: checkAll(resultOf(ipConfigSchema), parseIpConfig),
      agent: checkAll(resultOf(agentSchema), parseAgent),
      volumeId: checkAll(resultOf(volumeIdSchema), parseVolumeId),
      size: checkAll(resultOf(z.int().min(0)), parseSize),
      memory: checkAll(resultOf(z.int().min(16)), parseMemory),
      boolean: checkAll(resultOf(z.boolean()), parseBoolean),
      tags: checkAll(z.array(z.string().min(1)), parseTags),
    };
    // The generator reaches past the first checks of the structured parsers.
    expect(accepted.propertyString).toBeGreaterThan(1000);
    const { qemuNet, lxcNet, qemuDisk, lxcMount, volumeId } = accepted;
    expect(Math.min(qemuNet, lxcNet, qemuDisk, lxcMount, volumeId)).toBeGreaterThan(0);
  });

  it('never make parseGuestConfig throw, whatever the value types', () => {
    const wellFormed = [
      'virtio=BC:24:11:2B:3C:4D,bridge=vmbr0',
      'name=eth0,ip=dhcp',
      'local:vm-100-disk-0,size=4G',
      'ip=dhcp',
      '2048',
      'a;b',
    ];
    const values = [...strings.slice(0, 50), ...wellFormed, 0, 1, -3, 2.5, true, false, null, [], {}, Number.NaN];
    for (let i = 0; i < 500; i += 1) {
      const config: Record<string, unknown> = {};
      for (let k = 0; k < 6; k += 1) config[pick(CONFIG_KEYS)] = random() < 0.4 ? pick(strings) : pick(values);
      const type = random() < 0.5 ? 'qemu' : 'lxc';
      const check = guestConfigSchema.safeParse(parseGuestConfig(type, config));
      if (!check.success) expect.fail(`malformed result for ${JSON.stringify(config)}: ${check.error.message}`);
    }
  });
});
