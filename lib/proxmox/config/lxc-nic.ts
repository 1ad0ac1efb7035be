import { collectFields, readKey, readText } from './fields';
import { readIpv4Address, readIpv4Config, readIpv6Address, readIpv6Config } from './ip';
import { normalizeMac, parseTrunks, parseVlanId } from './net-common';
import { parsePropertyString, remainingOptions } from './property-string';
import { fail, ok, type ParseResult } from './result';
import { describe, parseBoolean, parseDecimal, parseInteger } from './scalars';

/** A parsed LXC `netN` value. `options` keeps keys this parser does not model. */
export interface LxcNic {
  /** Interface name inside the container, e.g. `eth0`. */
  name: string;
  /** Upper-case, colon-separated; null when not set yet. */
  macAddress: string | null;
  bridge?: string;
  /** `dhcp`, `manual` or an IPv4 CIDR such as `10.0.0.5/24`. */
  ip?: string;
  gw?: string;
  /** `auto`, `dhcp`, `manual` or an IPv6 CIDR. */
  ip6?: string;
  gw6?: string;
  tag?: number;
  trunks?: number[];
  firewall?: boolean;
  linkDown?: boolean;
  mtu?: number;
  /** MB/s. */
  rate?: number;
  type?: string;
  hostManaged?: boolean;
  options: Record<string, string>;
}

const OPTION_KEYS = [
  'name',
  'hwaddr',
  'bridge',
  'ip',
  'gw',
  'ip6',
  'gw6',
  'tag',
  'trunks',
  'firewall',
  'link_down',
  'mtu',
  'rate',
  'type',
  'host-managed',
];

/**
 * Parses an LXC `netN` property string, e.g.
 * `name=eth0,bridge=vmbr0,hwaddr=BC:24:11:89:67:07,ip=192.168.3.95/22,gw=192.168.0.1,type=veth`.
 * Unlike QEMU NICs there is no default key, and `name` is required (pve-container's Config.pm).
 */
export function parseLxcNet(text: string): ParseResult<LxcNic> {
  const parsed = parsePropertyString(text);
  if (!parsed.ok) return parsed;
  const map = parsed.value;
  const name = map.get('name');
  if (name === undefined) return fail('LXC NIC has no name');
  if (!/^[-_.\w]+$/.test(name)) return fail(`invalid interface name ${describe(name)}`);
  let macAddress: string | null = null;
  const hwaddr = map.get('hwaddr');
  if (hwaddr !== undefined) {
    const mac = normalizeMac(hwaddr);
    if (!mac.ok) return fail(`hwaddr: ${mac.error}`);
    macAddress = mac.value;
  }
  const fields = collectFields({
    bridge: readKey(map, 'bridge', readText),
    ip: readKey(map, 'ip', readIpv4Config),
    gw: readKey(map, 'gw', readIpv4Address),
    ip6: readKey(map, 'ip6', readIpv6Config),
    gw6: readKey(map, 'gw6', readIpv6Address),
    tag: readKey(map, 'tag', parseVlanId),
    trunks: readKey(map, 'trunks', parseTrunks),
    firewall: readKey(map, 'firewall', parseBoolean),
    linkDown: readKey(map, 'link_down', parseBoolean),
    mtu: readKey(map, 'mtu', (raw) => parseInteger(raw, 'value', { min: 64, max: 65535 })),
    rate: readKey(map, 'rate', (raw) => parseDecimal(raw, 'value', { min: 0 })),
    type: readKey(map, 'type', readText),
    hostManaged: readKey(map, 'host-managed', parseBoolean),
  });
  if (!fields.ok) return fields;
  return ok({ name, macAddress, ...fields.value, options: remainingOptions(map, new Set(OPTION_KEYS)) });
}
