// `/nodes/{node}/status` and `/nodes/{node}/network[/{iface}]`.
import type { HostInterface } from '../estate/types';
import { ApiError, bit, enumParam, pathNode, type ApiResult, type RequestContext } from './context';

const la = (x: number): string => x.toFixed(2);

/** GET /nodes/{node}/status: host figures; `boot-info`/`current-kernel` from 8.x, `memory.available` in 9.x. */
export function getNodeStatus(ctx: RequestContext): ApiResult {
  const n = pathNode(ctx);
  const p = ctx.profile;
  const load = n.cpuLoad * n.cpus;
  const memory: Record<string, number> = { total: n.memTotal, used: n.memUsed, free: n.memTotal - n.memUsed };
  if (p.memAvailable) memory.available = Math.round((n.memTotal - n.memUsed) * 1.08);
  const data: Record<string, unknown> = {
    uptime: n.uptime,
    idle: 0,
    wait: Math.round(n.cpuLoad * 1e4) / 1e6,
    cpu: n.cpuLoad,
    pveversion: p.pveversion,
    kversion: `Linux ${p.kernel.release} ${p.kernel.version}`,
    loadavg: [la(load), la(load * 0.9), la(load * 0.8)],
    cpuinfo: {
      model: n.cpuModel,
      sockets: n.sockets,
      cores: n.cores,
      cpus: n.cpus,
      mhz: n.mhz,
      hvm: '1',
      user_hz: 100,
      flags:
        'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm svm vmx aes avx avx2',
    },
    memory,
    swap: { total: n.swapTotal, used: n.swapUsed, free: n.swapTotal - n.swapUsed },
    rootfs: { total: n.rootTotal, used: n.rootUsed, free: n.rootTotal - n.rootUsed, avail: n.rootTotal - n.rootUsed },
    ksm: { shared: 0 },
  };
  if (p.nodeBootInfo) {
    data['boot-info'] = n.efi ? { mode: 'efi', secureboot: 0 } : { mode: 'legacy-bios' };
    data['current-kernel'] = {
      sysname: 'Linux',
      release: p.kernel.release,
      version: p.kernel.version,
      machine: 'x86_64',
    };
  }
  return { data };
}

/** One network entry; numbers Proxmox reads from /etc/network/interfaces stay strings (netmask, mtu, vlan-id). */
function ifaceEntry(i: HostInterface): Record<string, unknown> {
  const e: Record<string, unknown> = {
    iface: i.iface,
    type: i.type,
    method: i.method,
    method6: i.method6,
    priority: i.priority,
    families: i.address6 ? ['inet', 'inet6'] : ['inet'],
    active: 1,
  };
  if (i.type === 'eth') e.exists = 1;
  else e.autostart = 1;
  if (i.type === 'vlan') e.exists = null;
  if (i.address) Object.assign(e, { address: i.address, netmask: String(i.prefix), cidr: `${i.address}/${i.prefix}` });
  if (i.gateway) e.gateway = i.gateway;
  if (i.address6)
    Object.assign(e, { address6: i.address6, netmask6: String(i.prefix6), cidr6: `${i.address6}/${i.prefix6}` });
  if (i.type === 'bridge') Object.assign(e, { bridge_ports: i.bridgePorts, bridge_stp: 'off', bridge_fd: '0' });
  if (i.bridgeVlanAware) Object.assign(e, { bridge_vlan_aware: 1, bridge_vids: '2-4094' });
  if (i.slaves)
    Object.assign(e, {
      slaves: i.slaves,
      bond_mode: i.bondMode,
      bond_miimon: '100',
      bond_xmit_hash_policy: 'layer3+4',
    });
  if (i.vlanId) Object.assign(e, { 'vlan-id': String(i.vlanId), 'vlan-raw-device': i.vlanRawDevice });
  if (i.mtu) e.mtu = String(i.mtu);
  if (i.comments) e.comments = i.comments;
  return e;
}

const TYPE_FILTERS = [
  'bridge',
  'bond',
  'eth',
  'alias',
  'vlan',
  'fabric',
  'OVSBridge',
  'OVSBond',
  'OVSPort',
  'OVSIntPort',
  'vnet',
  'any_bridge',
  'any_local_bridge',
  'include_sdn',
] as const;

/** GET /nodes/{node}/network[?type=]: `any_bridge` matches Linux and OVS bridges. */
export function getNetwork(ctx: RequestContext): ApiResult {
  const n = pathNode(ctx);
  const type = enumParam(ctx, 'type', TYPE_FILTERS);
  const match = (i: HostInterface) =>
    !type || type === 'include_sdn' || i.type === type || (type.startsWith('any_') && i.type === 'bridge');
  return { data: n.network.filter(match).map(ifaceEntry) };
}

/** GET /nodes/{node}/network/{iface}. */
export function getNetworkIface(ctx: RequestContext): ApiResult {
  const n = pathNode(ctx);
  const i = n.network.find((x) => x.iface === ctx.params.iface);
  if (!i) throw new ApiError(500, `interface '${ctx.params.iface}' does not exist`);
  const { iface: _omit, ...rest } = ifaceEntry(i);
  return { data: { ...rest, active: bit(true) } };
}
