import fs from 'node:fs';
import path from 'node:path';
import {
  fail,
  parseAgent,
  parseIpConfig,
  parseLxcMount,
  parseLxcNet,
  parseMemory,
  parseQemuDisk,
  parseQemuNet,
  type ParseResult,
} from '@/lib/proxmox/config';
import { fixturePath } from '../../../fixtures/paths';

// The Proxmox fixtures of tests/fixtures/proxmox (see its PROVENANCE.md).
const FIXTURES_DIR = fixturePath('proxmox');

/** One entry of `config-strings.json`. */
export interface ConfigStringExample {
  kind: string;
  key: string;
  value: string | number;
  source: string;
}

/** One captured config response sample. */
export interface ConfigSample {
  id: string;
  body: { data: Record<string, unknown> };
}

function readJson(relativePath: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, relativePath), 'utf8'));
}

/** The 221 real property strings. */
export function loadConfigStrings(): ConfigStringExample[] {
  return (readJson('config-strings.json') as { examples: ConfigStringExample[] }).examples;
}

/** The samples of `responses/nodes_{node}_<type>_{vmid}_config.json`. */
export function loadConfigSamples(type: 'qemu' | 'lxc'): ConfigSample[] {
  return (readJson(`responses/nodes_{node}_${type}_{vmid}_config.json`) as { samples: ConfigSample[] }).samples;
}

/** The guest type an example belongs to: its kind, or for `unused-volume` its source repository. */
export function guestTypeOf(example: ConfigStringExample): 'qemu' | 'lxc' {
  if (example.kind.startsWith('lxc-')) return 'lxc';
  if (example.kind.startsWith('qemu-')) return 'qemu';
  return example.source.startsWith('proxmox/pve-container:') ? 'lxc' : 'qemu';
}

/** Runs the parser the example's kind (and key) calls for. */
export function parseExample(example: ConfigStringExample): ParseResult<unknown> {
  const { kind, key, value } = example;
  if (kind === 'qemu-memory' || kind === 'lxc-memory-MiB') return parseMemory(value);
  if (kind === 'qemu-agent') return parseAgent(value);
  if (typeof value !== 'string') return fail(`unexpected non-string value for ${kind}`);
  switch (kind) {
    case 'qemu-drive':
    case 'qemu-efidisk':
    case 'qemu-tpmstate':
      return parseQemuDisk(key, value);
    case 'unused-volume':
      return guestTypeOf(example) === 'lxc' ? parseLxcMount(key, value) : parseQemuDisk(key, value);
    case 'lxc-rootfs':
    case 'lxc-mountpoint':
      return parseLxcMount(key, value);
    case 'qemu-net':
      return parseQemuNet(value);
    case 'lxc-net':
      return parseLxcNet(value);
    case 'qemu-ipconfig':
      return parseIpConfig(value);
    default:
      return fail(`no parser for kind ${kind}`);
  }
}
