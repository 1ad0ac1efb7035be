import { collectFields, readKey } from './fields';
import { readIpv4Address, readIpv4Config, readIpv6Address, readIpv6Config } from './ip';
import { parsePropertyString } from './property-string';
import type { ParseResult } from './result';

/** A cloud-init `ipconfigN` value: addresses for the guest NIC `netN`. */
export interface IpConfig {
  /** `dhcp` or an IPv4 CIDR. */
  ip?: string;
  gw?: string;
  /** `dhcp`, `auto` (SLAAC) or an IPv6 CIDR. */
  ip6?: string;
  gw6?: string;
}

/**
 * Parses a cloud-init `ipconfigN` string such as `ip=10.0.0.5/24,gw=10.0.0.1,ip6=auto`
 * (qemu-server's `pve-qm-ipconfig`). For guests without a guest agent these are the only
 * source of their addresses. Keys other than the four above are ignored.
 */
export function parseIpConfig(text: string): ParseResult<IpConfig> {
  const parsed = parsePropertyString(text);
  if (!parsed.ok) return parsed;
  const map = parsed.value;
  return collectFields({
    ip: readKey(map, 'ip', readIpv4Config),
    gw: readKey(map, 'gw', readIpv4Address),
    ip6: readKey(map, 'ip6', readIpv6Config),
    gw6: readKey(map, 'gw6', readIpv6Address),
  });
}
