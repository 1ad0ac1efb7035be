// GET /nodes/{node}/network[?type=...] and /nodes/{node}/network/{iface}.
// `netmask` stays a string: it is a prefix length ("24") or dotted ("255.255.255.0").
import { z } from 'zod';
import { opt, optBool, optNum, optStr, pveStr } from './primitives';

/** GET /nodes/{node}/network/{iface}: one interface, without `iface` (the path names it). */
export const pveNetworkInterfaceDetailSchema = z
  .object({
    iface: optStr,
    /** eth, bridge, bond, vlan, alias, OVSBridge, OVSBond, OVSPort, OVSIntPort, vnet, fabric, unknown. */
    type: pveStr,
    method: optStr,
    method6: optStr,
    families: opt(z.array(z.string())),
    active: optBool,
    autostart: optBool,
    /** Sometimes null on VLAN entries. */
    exists: optBool,
    priority: optNum,
    address: optStr,
    netmask: optStr,
    cidr: optStr,
    gateway: optStr,
    address6: optStr,
    netmask6: optStr,
    cidr6: optStr,
    gateway6: optStr,
    /** Space-separated. */
    bridge_ports: optStr,
    bridge_stp: optStr,
    bridge_fd: optNum,
    bridge_vlan_aware: optBool,
    bridge_vids: optStr,
    slaves: optStr,
    bond_mode: optStr,
    'bond-primary': optStr,
    'vlan-id': optNum,
    'vlan-raw-device': optStr,
    mtu: optNum,
    /** Keeps its trailing newline. */
    comments: optStr,
    comments6: optStr,
    options: opt(z.array(z.string())),
    options6: opt(z.array(z.string())),
    ovs_type: optStr,
    ovs_bridge: optStr,
    ovs_ports: optStr,
    ovs_bonds: optStr,
    ovs_tag: optNum,
    ovs_options: optStr,
  })
  .loose();
/** One entry of GET /nodes/{node}/network. */
export const pveNetworkInterfaceSchema = pveNetworkInterfaceDetailSchema.extend({ iface: pveStr });
export const pveNetworkInterfaceListSchema = z.array(pveNetworkInterfaceSchema);
export type PveNetworkInterfaceDetail = z.infer<typeof pveNetworkInterfaceDetailSchema>;
export type PveNetworkInterface = z.infer<typeof pveNetworkInterfaceSchema>;
