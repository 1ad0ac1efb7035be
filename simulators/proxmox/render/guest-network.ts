// Guest-side network views: the QEMU agent's `network-get-interfaces` (double-wrapped
// `{"data":{"result":[…]}}`) and the container `/interfaces`.
import type { GuestNic, LxcGuest, QemuGuest } from '../estate/types';
import { linkLocalFromMac, splitCidr } from '../format';
import { ApiError, pathGuest, type ApiResult, type RequestContext } from './context';

type Addr = { 'ip-address': string; 'ip-address-type': string; prefix: number };

const addr = (cidr: string, type: string): Addr => {
  const { address, prefix } = splitCidr(cidr);
  return { 'ip-address': address, 'ip-address-type': type, prefix };
};

/** Addresses of a NIC in the order `ip addr` lists them: IPv4, global IPv6, link-local. */
function nicCidrs(n: GuestNic): { v4: string[]; v6: string[] } {
  return { v4: n.ip4 ? [n.ip4] : [], v6: [...(n.ip6 ? [n.ip6] : []), `${linkLocalFromMac(n.mac)}/64`] };
}

function stats(seed: number): Record<string, number> {
  return {
    'rx-bytes': seed * 7919,
    'rx-packets': seed * 13,
    'rx-errs': 0,
    'rx-dropped': seed % 7,
    'tx-bytes': seed * 5101,
    'tx-packets': seed * 11,
    'tx-errs': 0,
    'tx-dropped': 0,
  };
}

/** What the agent inside the guest reports (Windows lists IPv6 first and a MAC-less loopback). */
export function agentInterfaces(g: QemuGuest): Record<string, unknown>[] {
  const windows = g.ostype.startsWith('win');
  const lo = [addr('127.0.0.1/8', 'ipv4'), addr('::1/128', 'ipv6')];
  const nics = g.nics.map((n) => {
    const { v4, v6 } = nicCidrs(n);
    const list = windows
      ? [...v6.map((c) => addr(c, 'ipv6')), ...v4.map((c) => addr(c, 'ipv4'))]
      : [...v4.map((c) => addr(c, 'ipv4')), ...v6.map((c) => addr(c, 'ipv6'))];
    return {
      name: n.guestName,
      'hardware-address': n.mac.toLowerCase(),
      'ip-addresses': list,
      statistics: stats(g.vmid * 31 + n.index),
    };
  });
  if (windows)
    return [...nics, { name: 'Loopback Pseudo-Interface 1', 'ip-addresses': [lo[1], lo[0]], statistics: stats(1) }];
  const out: Record<string, unknown>[] = [
    { name: 'lo', 'hardware-address': '00:00:00:00:00:00', 'ip-addresses': lo, statistics: stats(g.vmid) },
    ...nics,
  ];
  if (g.docker)
    out.push({
      name: 'docker0',
      'hardware-address': `02:42:${(g.vmid % 256).toString(16).padStart(2, '0')}:5e:0c:11`,
      'ip-addresses': [addr('172.17.0.1/16', 'ipv4')],
      statistics: stats(0),
    });
  return out;
}

/**
 * The agent checks in PVE's order (`assert_agent_available`): configured, VM running, agent
 * answering; then the cluster's agent fault (slow answers, hangs, agent down).
 */
async function agentGuest(ctx: RequestContext): Promise<QemuGuest> {
  const g = pathGuest(ctx, 'qemu');
  if (!g.agent?.enabled) throw new ApiError(500, 'No QEMU guest agent configured');
  if (g.status !== 'running') throw new ApiError(500, `VM ${g.vmid} is not running`);
  if (!g.agent.responding || ctx.agent.mode === 'missing') throw new ApiError(500, 'QEMU guest agent is not running');
  if (ctx.agent.mode === 'slow') await ctx.sleep(ctx.agent.delayMs);
  if (ctx.agent.mode === 'timeout') await new Promise<never>(() => undefined);
  return g;
}

/** GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces. */
export async function getAgentInterfaces(ctx: RequestContext): Promise<ApiResult> {
  return { data: { result: agentInterfaces(await agentGuest(ctx)) } };
}

/** GET /nodes/{node}/qemu/{vmid}/agent/get-host-name. */
export async function getAgentHostName(ctx: RequestContext): Promise<ApiResult> {
  const g = await agentGuest(ctx);
  return { data: { result: { 'host-name': g.name } } };
}

/** GET /nodes/{node}/qemu/{vmid}/agent/get-osinfo. */
export async function getAgentOsInfo(ctx: RequestContext): Promise<ApiResult> {
  const g = await agentGuest(ctx);
  const result = g.ostype.startsWith('win')
    ? {
        id: 'mswindows',
        name: 'Microsoft Windows',
        'pretty-name': 'Windows Server 2022 Standard',
        version: 'Microsoft Windows Server 2022',
        'version-id': '2022',
        'kernel-release': '20348',
        'kernel-version': '10.0',
        machine: 'x86_64',
      }
    : {
        id: 'debian',
        name: 'Debian GNU/Linux',
        'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
        version: '12 (bookworm)',
        'version-id': '12',
        'kernel-release': '6.1.0-25-amd64',
        'kernel-version': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3',
        machine: 'x86_64',
      };
  return { data: { result } };
}

function lxcInterface(name: string, mac: string, v4: string[], v6: string[], full: boolean): Record<string, unknown> {
  const e: Record<string, unknown> = { name, hwaddr: mac };
  if (v4.length) e.inet = v4.at(-1);
  if (v6.length) e.inet6 = v6.at(-1);
  if (full) {
    e['hardware-address'] = mac;
    e['ip-addresses'] = [...v4.map((c) => addr(c, 'inet')), ...v6.map((c) => addr(c, 'inet6'))];
  }
  return e;
}

/** GET /nodes/{node}/lxc/{vmid}/interfaces: `null` while stopped; legacy keys keep the last address per family. */
export function getLxcInterfaces(ctx: RequestContext): ApiResult {
  const g: LxcGuest = pathGuest(ctx, 'lxc');
  if (g.status !== 'running') return { data: null };
  const full = ctx.profile.lxcInterfaces === 'full';
  const list = [lxcInterface('lo', '00:00:00:00:00:00', ['127.0.0.1/8'], ['::1/128'], full)];
  for (const n of g.nics) {
    const { v4, v6 } = nicCidrs(n);
    list.push(lxcInterface(n.guestName, n.mac.toLowerCase(), v4, v6, full));
  }
  return { data: list };
}
