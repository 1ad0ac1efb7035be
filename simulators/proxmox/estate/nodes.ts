// Cluster members: identity, hardware figures and host networking (`/nodes/{node}/network`).
import { gib } from '../format';
import { rng, type Rng } from '../prng';
import { CPU_MODELS } from './names';
import type { EstateNode, HostInterface } from './types';

/** Node naming scheme: `pve<cluster>-node<n>`, both 1-based (`pve1-node1`, `pve2-node3`). */
export function nodeName(clusterIndex: number, nodeIndex: number): string {
  return `pve${clusterIndex + 1}-node${nodeIndex + 1}`;
}

/** Management subnet of a cluster: `192.168.<10 + cluster>.0/24`, nodes at .11, .12, … */
export function nodeIp(clusterIndex: number, nodeIndex: number): string {
  return `192.168.${10 + clusterIndex}.${11 + nodeIndex}`;
}

function fingerprint(r: Rng): string {
  return r.hex(32).toUpperCase().match(/../g)!.join(':');
}

/** eno1 + vmbr0 always; a bond, a second bridge, a storage VLAN and IPv6 on some nodes. */
function hostNetwork(r: Rng, clusterIndex: number, nodeIndex: number): HostInterface[] {
  const ip = nodeIp(clusterIndex, nodeIndex);
  const gateway = `192.168.${10 + clusterIndex}.1`;
  const bonded = r.chance(0.5);
  const vlanAware = r.chance(0.6);
  const list: HostInterface[] = [
    { iface: 'eno1', type: 'eth', method: 'manual', method6: 'manual', priority: 3 },
    { iface: 'eno2', type: 'eth', method: 'manual', method6: 'manual', priority: 4 },
  ];
  const vmbr0: HostInterface = {
    iface: 'vmbr0',
    type: 'bridge',
    method: 'static',
    method6: 'manual',
    address: ip,
    prefix: 24,
    gateway,
    bridgePorts: 'eno1',
    bridgeVlanAware: vlanAware || undefined,
    priority: 7,
  };
  if (r.chance(0.4)) {
    vmbr0.method6 = 'static';
    vmbr0.address6 = `fd00:${(10 + clusterIndex).toString(16)}::${(11 + nodeIndex).toString(16)}`;
    vmbr0.prefix6 = 64;
  }
  list.push(vmbr0);
  if (bonded) {
    list.push(
      { iface: 'eno3', type: 'eth', method: 'manual', method6: 'manual', priority: 5 },
      {
        iface: 'bond0',
        type: 'bond',
        method: 'manual',
        method6: 'manual',
        slaves: 'eno2 eno3',
        bondMode: '802.3ad',
        mtu: 9000,
        priority: 6,
      },
      {
        iface: 'vmbr1',
        type: 'bridge',
        method: 'manual',
        method6: 'manual',
        bridgePorts: 'bond0',
        bridgeVlanAware: true,
        mtu: 9000,
        comments: 'guest trunk\n',
        priority: 8,
      },
    );
  }
  if (r.chance(0.5)) {
    list.push({
      iface: 'vmbr0.50',
      type: 'vlan',
      method: 'static',
      method6: 'manual',
      address: `10.50.${clusterIndex}.${11 + nodeIndex}`,
      prefix: 24,
      vlanId: 50,
      vlanRawDevice: 'vmbr0',
      comments: 'storage network\n',
      priority: 9,
    });
  }
  return list;
}

/** Generates node `nodeIndex` of cluster `clusterIndex`; guests and tasks are attached later. */
export function buildNode(seed: number, clusterIndex: number, nodeIndex: number, standalone: boolean): EstateNode {
  const r = rng(seed, 'node', clusterIndex, nodeIndex);
  const cpu = r.pick(CPU_MODELS);
  const sockets = cpu.cores >= 32 ? 1 : r.pick([1, 2]);
  const memTotal = gib(r.pick([128, 256, 384, 512])) - r.int(300, 900) * 1024 * 1024;
  const rootTotal = r.pick([100861726720, 236223201280, 467675389952]);
  const rootUsed = Math.round(rootTotal * (0.05 + r.next() * 0.2));
  const lvmTotal = r.pick([1836679020544, 3670950543360, 7341901086720]);
  const zfsTotal = r.pick([1888991318016, 3777982636032]);
  return {
    name: nodeName(clusterIndex, nodeIndex),
    nodeid: standalone ? 0 : nodeIndex + 1,
    ip: nodeIp(clusterIndex, nodeIndex),
    online: true,
    level: r.pick(['', 'c', 'c', 'b', 's', 'p']),
    sslFingerprint: fingerprint(r),
    cpuModel: cpu.model,
    sockets,
    cores: cpu.cores,
    cpus: sockets * cpu.cores * 2,
    mhz: cpu.mhz,
    memTotal,
    memUsed: Math.round(memTotal * (0.2 + r.next() * 0.5)),
    swapTotal: r.chance(0.5) ? 8589930496 : 0,
    swapUsed: 0,
    rootTotal,
    rootUsed,
    cpuLoad: Math.round(r.next() * 0.4 * 1e6) / 1e6 + 0.001,
    uptime: r.int(2, 120) * 86400 + r.int(0, 86399),
    efi: r.chance(0.7),
    network: hostNetwork(r, clusterIndex, nodeIndex),
    localStorage: {
      local: { total: rootTotal, used: rootUsed },
      'local-lvm': { total: lvmTotal, used: Math.round(lvmTotal * (0.1 + r.next() * 0.5)) },
      'local-zfs': { total: zfsTotal, used: Math.round(zfsTotal * (0.05 + r.next() * 0.4)) },
    },
    tasks: [],
  };
}
