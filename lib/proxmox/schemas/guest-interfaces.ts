// Runtime guest interfaces: the QEMU agent's network-get-interfaces and
// LXC /interfaces. Both gain normalised `mac` and `addresses` next to the keys as sent.
import { z } from 'zod';
import {
  AGENT_ERROR_PARAM,
  ipAddressListSchema,
  ipFamily,
  isRecord,
  normaliseIpAddresses,
  opt,
  optStr,
  pveStr,
  type PveIpAddress,
} from './primitives';

export const pveAgentInterfaceSchema = z
  .object({
    name: pveStr,
    /** Lower-case MAC; 00:00:00:00:00:00 for lo; absent on some virtual interfaces. */
    'hardware-address': optStr,
    /** Absent when the interface has no address. `ip-address-type` is "ipv4" | "ipv6". */
    'ip-addresses': opt(ipAddressListSchema),
    statistics: opt(z.record(z.string(), z.unknown())),
  })
  .loose()
  .transform((entry) => ({
    ...entry,
    mac: entry['hardware-address'] ?? null,
    addresses: normaliseIpAddresses(entry['ip-addresses']),
  }));

/**
 * GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces, unwrapped from `{result: [...]}`.
 * PVE ≤ 6 answered a rejected agent command with 200 `{result: {error: {class, desc}}}`; that
 * shape fails with an issue marked AGENT_ERROR_PARAM, which the client raises as an agent error
 * like the 500 "qga command ... failed" of current versions.
 */
export const pveAgentNetworkInterfacesSchema = z.preprocess(
  (value, ctx) => {
    const result = isRecord(value) ? value.result : undefined;
    if (isRecord(result) && isRecord(result.error)) {
      const { class: errorClass, desc } = result.error;
      const detail = `guest agent error: ${String(errorClass ?? 'unknown')}: ${String(desc ?? 'no description')}`;
      ctx.addIssue({ code: 'custom', message: detail, params: { [AGENT_ERROR_PARAM]: detail } });
    }
    return value;
  },
  z
    .object({ result: z.array(pveAgentInterfaceSchema) })
    .loose()
    .transform((value) => value.result),
);
export type PveAgentInterface = z.output<typeof pveAgentInterfaceSchema>;

/** Legacy `inet`/`inet6` ("ip/len", only the last address of each family) → PveIpAddress. */
function legacyAddress(cidr: string | undefined, family: 'inet' | 'inet6'): PveIpAddress[] {
  if (!cidr) return [];
  const [address, prefix] = cidr.split('/');
  const length = prefix === undefined ? NaN : Number(prefix);
  return [{ address, prefix: Number.isInteger(length) ? length : null, family: ipFamily(family, address) }];
}

export const pveLxcInterfaceSchema = z
  .object({
    name: pveStr,
    hwaddr: optStr,
    /** Legacy (PVE 8.1–8.3 and still sent): "ip/len", last address per family only. */
    inet: optStr,
    inet6: optStr,
    /** PVE ≥ 8.4. */
    'hardware-address': optStr,
    /** PVE ≥ 8.4; `ip-address-type` is "inet" | "inet6" here. */
    'ip-addresses': opt(ipAddressListSchema),
  })
  .loose()
  .transform((entry) => ({
    ...entry,
    mac: entry['hardware-address'] ?? entry.hwaddr ?? null,
    addresses: entry['ip-addresses']
      ? normaliseIpAddresses(entry['ip-addresses'])
      : [...legacyAddress(entry.inet, 'inet'), ...legacyAddress(entry.inet6, 'inet6')],
  }));

/** GET /nodes/{node}/lxc/{vmid}/interfaces (PVE ≥ 8.1; 501 before): null for a stopped CT. */
export const pveLxcInterfacesSchema = z.array(pveLxcInterfaceSchema).nullable();
export type PveLxcInterface = z.output<typeof pveLxcInterfaceSchema>;
