import { eq, sql } from 'drizzle-orm';
import { anyOf, anyText } from '@/db/array-param';
import { interfaces, devices, ipAddresses, virtualMachines, vmInterfaces } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { isGuestAgentUnavailable } from '@/lib/proxmox/errors';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { coversNode } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';
import { loadGuestConfigs, reportConfigErrors, type GuestConfig } from './guest-configs';
import { isIpConfigKey } from '@/lib/proxmox/config';
import { guestAddresses, guestDnsName, splitCidr, type WantedAddress } from './ip-sources';
import { choosePrimaryIps } from './primary-ip';
import { loadVmIds, tagId } from './scope';
import { takeTurn, turnDue } from '../turns';
import { selectRows } from '@/db/select-rows';

const STAGE = 'ip-addresses' as const;
const SHARED_ROLES = new Set(['anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp']);
const objKey = (type: string, id: unknown) => `${type}:${id}`;
const hostOf = (address: unknown) => String(address).split('/')[0].toLowerCase();

/**
 * The DNS name of a guest's addresses: for QEMU the guest agent's host name (only when its
 * addresses were read from the agent), for LXC the config's `hostname`; with the search domain.
 * Unknown this run (agent down) → null, and stored names stay.
 */
async function dnsNameOf(ctx: SyncContext, cfg: GuestConfig, agentAnswered: boolean): Promise<string | null> {
  const searchDomain = typeof cfg.config.searchdomain === 'string' ? cfg.config.searchdomain : null;
  if (cfg.guest.type === 'lxc')
    return guestDnsName(typeof cfg.config.hostname === 'string' ? cfg.config.hostname : null, searchDomain);
  if (!agentAnswered) return null;
  const host = await ctx.fetcher.hostName(cfg.guest);
  return host.ok ? guestDnsName(host.value, searchDomain) : null;
}

/**
 * Stage `ip-addresses`: guest addresses (guest agent, LXC interfaces, static config) and node
 * interface addresses, each assigned to its interface. An address that already belongs to
 * something Proxbox did not create is never taken over: the clash is recorded instead.
 */
export async function syncIpAddresses(ctx: SyncContext): Promise<void> {
  const loaded = await loadGuestConfigs(ctx);
  if (!loaded.ok) return recordIssue(ctx, STAGE, 'cluster resources', loaded.error);
  reportConfigErrors(ctx, STAGE, loaded.configs, isIpConfigKey);
  const topology = await ctx.fetcher.topology();
  const keepLinkLocal = !ctx.settings.ignoreIpv6LinkLocalAddresses;

  const db = ctx.db;
  const vmIds = await loadVmIds(db, ctx);
  // A per-object run loads only its guests' rows: one VM's sync stays small in a 5,000-guest estate.
  const rowIds = ctx.scope
    ? [...new Set(loaded.configs.flatMap((c) => vmIds.get(c.guest.vmid) ?? []))]
    : [...vmIds.values()];
  const vmRows = rowIds.length ? await selectRows(db, virtualMachines, anyOf(virtualMachines.id, rowIds)) : [];
  const vmById = new Map(vmRows.map((v) => [v.id, v]));
  // Static addresses are matched by config key (net0), which the interface keeps whatever its name.
  const nicRows = (
    rowIds.length
      ? await db
          .select({
            id: vmInterfaces.id,
            vm: vmInterfaces.virtualMachineId,
            name: vmInterfaces.name,
            key: vmInterfaces.proxmoxKey,
            mac: vmInterfaces.macAddress,
          })
          .from(vmInterfaces)
          .where(anyOf(vmInterfaces.virtualMachineId, rowIds))
      : []
  ).map((n) => ({ id: n.id, vm: n.vm, name: n.key ?? n.name, mac: n.mac }));
  const nicsByVm = new Map<number, { id: number; name: string; mac: string | null }[]>();
  for (const n of nicRows) nicsByVm.set(n.vm, [...(nicsByVm.get(n.vm) ?? []), n]);

  // With overwrite_ip_address_dns_name off, only addresses not stored yet take a DNS name.
  const storedHosts = ctx.overwrite.overwriteIpAddressDnsName
    ? null
    : new Set(
        (
          await db
            .select({ address: ipAddresses.address })
            .from(ipAddresses)
            .where(eq(ipAddresses.proxmoxEndpointId, ctx.endpoint.id))
        ).map((r) => hostOf(r.address)),
      );
  const wanted: WantedAddress[] = [];
  const read = new Set<string>();
  await Promise.all(
    loaded.configs.map(async (cfg) => {
      const vmId = vmIds.get(cfg.guest.vmid);
      if (vmId === undefined) return;
      const nics = nicsByVm.get(vmId) ?? [];
      const wantsRuntime =
        cfg.guest.status === 'running' && (cfg.guest.type === 'lxc' || vmById.get(vmId)?.qemuAgent === true);
      const runtime = wantsRuntime ? await ctx.fetcher.addresses(cfg.guest) : null;
      // A guest whose agent does not answer is a guest-side condition: warn, keep its stored runtime addresses.
      if (runtime && !runtime.ok)
        recordIssue(
          ctx,
          STAGE,
          `${cfg.guest.type}/${cfg.guest.vmid} addresses`,
          runtime.error,
          isGuestAgentUnavailable(runtime.error) ? 'warning' : 'error',
        );
      else for (const n of nics) read.add(objKey('virtualization.vminterface', n.id));
      const addresses = guestAddresses(cfg, runtime?.ok ? runtime.value : null, nics, keepLinkLocal);
      // A DNS name is written on new addresses, and on stored ones only while the overwrite flag
      // is on: the agent is asked for the host name only when some address will take it.
      const named = ctx.overwrite.overwriteIpAddressDnsName
        ? addresses
        : addresses.filter((w) => !storedHosts?.has(w.host));
      const dnsName = named.length ? await dnsNameOf(ctx, cfg, runtime?.ok === true) : null;
      wanted.push(...addresses.map((w) => (dnsName ? { ...w, dnsName } : w)));
    }),
  );
  if (!topology.ok) recordIssue(ctx, STAGE, 'cluster status', topology.error);
  else {
    const nodeDevices = await db
      .select({ id: devices.id, node: devices.proxmoxNode })
      .from(devices)
      .where(eq(devices.proxmoxEndpointId, ctx.endpoint.id));
    const ifaceRows = nodeDevices.length
      ? await db
          .select({ id: interfaces.id, device: interfaces.deviceId, name: interfaces.name })
          .from(interfaces)
          .where(
            anyOf(
              interfaces.deviceId,
              nodeDevices.map((d) => d.id),
            ),
          )
      : [];
    for (const node of topology.value.nodes.filter((n) => coversNode(ctx.scope, n.name))) {
      const device = nodeDevices.find((d) => d.node === node.name);
      if (!device) continue;
      const network = await ctx.fetcher.network(node.name);
      if (!network.ok) {
        recordIssue(ctx, STAGE, `node ${node.name} interfaces`, network.error);
        continue;
      }
      for (const n of network.value) {
        const iface = ifaceRows.find((i) => i.device === device.id && i.name === n.iface);
        if (!iface) continue;
        read.add(objKey('dcim.interface', iface.id));
        for (const parts of [splitCidr(n.cidr), splitCidr(n.cidr6)]) {
          if (parts)
            wanted.push({
              ...parts,
              address: `${parts.host}/${parts.prefix}`,
              assignedObjectType: 'dcim.interface',
              assignedObjectId: iface.id,
            });
        }
      }
    }
  }

  await db.transaction(async (tx) => {
    const proxbox = await tagId(tx, 'proxbox');
    const owned = await selectRows(tx, ipAddresses, eq(ipAddresses.proxmoxEndpointId, ctx.endpoint.id));
    const ownedHosts = new Set(owned.map((r) => hostOf(r.address)));
    const foreignHosts = [...new Set(wanted.map((w) => w.host).filter((h) => !ownedHosts.has(h)))];
    const foreign = new Set<string>();
    for (let i = 0; i < foreignHosts.length; i += 1000) {
      const rows = await tx
        .select({ address: ipAddresses.address, role: ipAddresses.role })
        .from(ipAddresses)
        .where(anyText(sql`lower(split_part(${ipAddresses.address}, '/', 1))`, foreignHosts.slice(i, i + 1000)));
      for (const r of rows) if (!SHARED_ROLES.has(String(r.role))) foreign.add(r.address.split('/')[0].toLowerCase());
    }
    const desired: (typeof ipAddresses.$inferInsert)[] = [];
    const claimed = new Map<string, string>();
    for (const w of wanted) {
      if (turnDue()) await takeTurn();
      const owner = objKey(w.assignedObjectType, w.assignedObjectId);
      // The same address from two sources of one interface (agent and static config) is one address.
      if (claimed.get(w.host) === owner) continue;
      if (foreign.has(w.host) || claimed.has(w.host)) {
        recordIssue(ctx, STAGE, w.address, {
          category: 'conflict',
          message: `${w.address} already belongs to another object; it was not taken over.`,
          suggestion: 'Remove or reassign the existing address in the inventory if Proxmox is right.',
        });
        continue;
      }
      claimed.set(w.host, owner);
      desired.push({
        address: w.address,
        status: 'active',
        assignedObjectType: w.assignedObjectType,
        assignedObjectId: w.assignedObjectId,
        proxmoxEndpointId: ctx.endpoint.id,
        ...(w.dnsName ? { dnsName: w.dnsName } : {}),
      });
    }
    const updatable: (keyof typeof ipAddresses.$inferInsert)[] = ['address', 'assignedObjectType', 'assignedObjectId'];
    if (ctx.overwrite.overwriteIpStatus) updatable.push('status');
    // Off: a DNS name is written on new addresses only; one a user typed is never replaced.
    if (ctx.overwrite.overwriteIpAddressDnsName) updatable.push('dnsName');
    const result = await applyPlan(
      tx,
      ctx,
      getModel('ip-addresses')!,
      await reconcile({
        existing: owned,
        desired,
        key: (r) => hostOf(r.address),
        updatable,
        // An unassigned address belongs to no object, so only a run over everything may remove it.
        removable: (r) =>
          (!ctx.scope && r.assignedObjectId === null) ||
          read.has(objKey(String(r.assignedObjectType), r.assignedObjectId)),
      }),
      { removal: 'delete', tagIds: proxbox ? [proxbox] : [], retag: ctx.overwrite.overwriteIpTags },
    );
    addCounts(ctx, STAGE, result);
    await choosePrimaryIps(tx, ctx, [...result.created, ...result.updated, ...result.unchanged], nicRows, vmRows);
  });
}
