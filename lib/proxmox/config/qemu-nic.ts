import { collectFields, readKey, readText } from './fields';
import { normalizeMac, parseTrunks, parseVlanId } from './net-common';
import { parsePropertyString, remainingOptions } from './property-string';
import { fail, ok, type ParseResult } from './result';
import { describe, parseBoolean, parseDecimal, parseInteger } from './scalars';

/** NIC models of qemu-server's `net[n]` format (src/PVE/QemuServer/Network.pm). */
export const QEMU_NIC_MODELS = [
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
] as const;

/** One of {@link QEMU_NIC_MODELS}. */
export type QemuNicModel = (typeof QEMU_NIC_MODELS)[number];

/** A parsed QEMU `netN` value. `options` keeps keys this parser does not model (e.g. `host-tunnel`). */
export interface QemuNic {
  model: QemuNicModel;
  /** Upper-case, colon-separated; null when the config names only the model. */
  macAddress: string | null;
  /** Absent means user-mode (NAT) networking. */
  bridge?: string;
  tag?: number;
  trunks?: number[];
  firewall?: boolean;
  linkDown?: boolean;
  mtu?: number;
  /** MB/s. */
  rate?: number;
  queues?: number;
  options: Record<string, string>;
}

const MODELS: ReadonlySet<string> = new Set(QEMU_NIC_MODELS);
const OPTION_KEYS = ['bridge', 'tag', 'trunks', 'firewall', 'link_down', 'mtu', 'rate', 'queues'];

function isModel(value: string): value is QemuNicModel {
  return MODELS.has(value);
}

/** Finds model and MAC: `<model>=<MAC>` (key alias), a bare `<model>`, or `model=`/`macaddr=`. */
function readModelAndMac(map: ReadonlyMap<string, string>): ParseResult<{ model: QemuNicModel; mac?: string }> {
  let model: QemuNicModel | undefined;
  let mac: string | undefined;
  for (const [key, value] of map) {
    const isAlias = isModel(key);
    if (!isAlias && key !== 'model' && key !== 'macaddr') continue;
    if (isAlias || key === 'model') {
      const name = isAlias ? key : value;
      if (model !== undefined) return fail(`NIC model given twice ('${model}' and '${name}')`);
      if (!isModel(name)) return fail(`unknown NIC model ${describe(name)}`);
      model = name;
    }
    if (isAlias || key === 'macaddr') {
      if (mac !== undefined) return fail('MAC address given twice');
      mac = value;
    }
  }
  if (model === undefined) return fail('NIC has no model');
  return ok({ model, mac });
}

/**
 * Parses a QEMU `netN` property string, e.g. `virtio=BC:24:11:2B:3C:4D,bridge=vmbr0,firewall=1,tag=20`.
 * Every model name is accepted as the key carrying the MAC, as are a bare model (MAC generated
 * by PVE on write → `macAddress: null`) and the explicit `model=...,macaddr=...` form.
 */
export function parseQemuNet(text: string): ParseResult<QemuNic> {
  const parsed = parsePropertyString(text, 'model');
  if (!parsed.ok) return parsed;
  const map = parsed.value;
  const identity = readModelAndMac(map);
  if (!identity.ok) return identity;
  let macAddress: string | null = null;
  if (identity.value.mac !== undefined) {
    const mac = normalizeMac(identity.value.mac);
    if (!mac.ok) return mac;
    macAddress = mac.value;
  }
  const fields = collectFields({
    bridge: readKey(map, 'bridge', readText),
    tag: readKey(map, 'tag', parseVlanId),
    trunks: readKey(map, 'trunks', parseTrunks),
    firewall: readKey(map, 'firewall', parseBoolean),
    linkDown: readKey(map, 'link_down', parseBoolean),
    mtu: readKey(map, 'mtu', (raw) => parseInteger(raw, 'value', { min: 1, max: 65520 })),
    rate: readKey(map, 'rate', (raw) => parseDecimal(raw, 'value', { min: 0 })),
    queues: readKey(map, 'queues', (raw) => parseInteger(raw, 'value', { min: 0, max: 64 })),
  });
  if (!fields.ok) return fields;
  const handled = new Set<string>([...QEMU_NIC_MODELS, 'model', 'macaddr', ...OPTION_KEYS]);
  return ok({
    model: identity.value.model,
    macAddress,
    ...fields.value,
    options: remainingOptions(map, handled),
  });
}
