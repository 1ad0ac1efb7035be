// The local inventory as the NetBox objects the push wants: Proxmox-synced clusters, node devices
// with their interfaces, guests with interfaces, MACs, addresses and disks, and the shared
// objects they hang on (tag, custom field definitions, manufacturer, device type, site, roles,
// cluster and VM types). Only what the sync owns locally is pushed; hand-made local rows are not.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import {
  clusterTypes,
  clusters,
  deviceRoles,
  deviceTypes,
  devices,
  interfaces,
  ipAddresses,
  manufacturers,
  proxboxPluginSettings,
  proxmoxClusters,
  proxmoxEndpoints,
  proxmoxNodes,
  sites,
  taggedItems,
  tags,
  virtualDisks,
  virtualMachineTypes,
  virtualMachines,
  vmInterfaces,
  type ProxboxPluginSettings,
} from '@/db/schema';
import type { OverwriteFlag } from '@/db/schema/choices';
import { proxmoxLink } from '@/lib/api/custom-fields';
import { effectiveOverwrites } from '@/lib/sync/context';
import { slugify } from '@/lib/sync/write/ensure';
import { diskSize, type NetboxFeatures } from '../version';
import type { Desired, FieldValue } from './model';
import type { JsonValue } from './types';

export const OWNER_TAG = 'proxbox';
export const STALE_TAG = 'proxbox-stale';
/** Proxmox guest tags become NetBox tags in their own namespace, so hand-made tags are never taken for them. */
export const PVE_TAG_PREFIX = 'pve-';

const VM_OT = 'virtualization.virtualmachine';
const DEVICE_OT = 'dcim.device';

/** The Proxmox identity custom fields (the ones the local API shows), with their NetBox types. */
export const IDENTITY_FIELDS: { name: string; type: string; label: string; objectTypes: string[] }[] = [
  { name: 'proxmox_vm_id', type: 'integer', label: 'Proxmox VM ID', objectTypes: [VM_OT] },
  { name: 'proxmox_vm_type', type: 'text', label: 'Proxmox guest type', objectTypes: [VM_OT] },
  { name: 'proxmox_node', type: 'text', label: 'Proxmox node', objectTypes: [DEVICE_OT, VM_OT] },
  { name: 'proxmox_cluster', type: 'text', label: 'Proxmox cluster', objectTypes: [DEVICE_OT, VM_OT] },
  { name: 'proxmox_status', type: 'text', label: 'Proxmox status', objectTypes: [VM_OT] },
  { name: 'proxmox_start_at_boot', type: 'boolean', label: 'Proxmox start at boot', objectTypes: [VM_OT] },
  { name: 'proxmox_qemu_agent', type: 'boolean', label: 'Proxmox QEMU agent', objectTypes: [VM_OT] },
  {
    name: 'proxmox_unprivileged_container',
    type: 'boolean',
    label: 'Proxmox unprivileged container',
    objectTypes: [VM_OT],
  },
  { name: 'proxmox_search_domain', type: 'text', label: 'Proxmox search domain', objectTypes: [VM_OT] },
  { name: 'proxmox_link', type: 'url', label: 'Proxmox link', objectTypes: [DEVICE_OT, VM_OT] },
];

const ref = (key: string): FieldValue => ({ $ref: key });
const gate = (pairs: [boolean, string][], always: string[]): string[] => [
  ...always,
  ...pairs.filter(([on]) => on).map(([, f]) => f),
];

export interface LocalInventory {
  desired: Desired[];
  /** Tag slugs the push manages on each object type (removed when no longer wanted). */
  managedTags: Set<string>;
  settings: ProxboxPluginSettings;
}

function shared(
  type: Desired['type'],
  key: string,
  label: string,
  natural: string,
  fields: Record<string, FieldValue>,
  withTag = true,
): Desired {
  return {
    type,
    key,
    label,
    localModel: 'push',
    localId: null,
    natural,
    fields,
    updatable: [],
    deferred: [],
    tags: withTag ? [OWNER_TAG] : [],
    tagsOnUpdate: false,
    customFields: {},
    customFieldsOnUpdate: false,
    shared: true,
  };
}

/** Reads the local inventory and returns the NetBox objects it should become, in no particular order. */
export async function loadLocalInventory(db: Database, features: NetboxFeatures): Promise<LocalInventory> {
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  const endpointRows = await db.select().from(proxmoxEndpoints);
  const endpointById = new Map(endpointRows.map((e) => [e.id, e]));
  const flagsCache = new Map<number | null, Record<OverwriteFlag, boolean>>();
  const flags = (endpointId: number | null): Record<OverwriteFlag, boolean> => {
    if (!flagsCache.has(endpointId)) {
      const ep = endpointId === null ? undefined : endpointById.get(endpointId);
      flagsCache.set(
        endpointId,
        ep
          ? effectiveOverwrites(ep, settings)
          : (Object.fromEntries(Object.entries(settings).filter(([k]) => k.startsWith('overwrite'))) as Record<
              OverwriteFlag,
              boolean
            >),
      );
    }
    return flagsCache.get(endpointId)!;
  };
  const epIps = await (async () => {
    const ids = endpointRows.map((e) => e.ipAddressId).filter((x): x is number => x !== null);
    const rows = ids.length
      ? await db
          .select({ id: ipAddresses.id, address: ipAddresses.address })
          .from(ipAddresses)
          .where(inArray(ipAddresses.id, ids))
      : [];
    return new Map(rows.map((r) => [r.id, r]));
  })();
  const link = (endpointId: number | null, target: string) => {
    const ep = endpointId === null ? undefined : endpointById.get(endpointId);
    return proxmoxLink(
      ep as Record<string, unknown> | undefined,
      ep?.ipAddressId ? (epIps.get(ep.ipAddressId) as Record<string, unknown> | undefined) : undefined,
      target,
    );
  };

  const vmRows = await db.select().from(virtualMachines).where(isNotNull(virtualMachines.vmid));
  const deviceRows = await db.select().from(devices).where(isNotNull(devices.proxmoxNode));
  const clusterIds = new Set<number>(
    [...vmRows.map((v) => v.clusterId), ...deviceRows.map((d) => d.clusterId)].filter((x): x is number => x !== null),
  );
  const clusterRows = (await db.select().from(clusters)).filter(
    (c) => c.proxmoxEndpointId !== null || clusterIds.has(c.id),
  );
  const pveClusters = new Map(
    (await db.select({ id: proxmoxClusters.id, name: proxmoxClusters.name }).from(proxmoxClusters)).map((c) => [
      c.id,
      c.name,
    ]),
  );
  const nodeClusters = await db
    .select({ deviceId: proxmoxNodes.netboxDeviceId, cluster: proxmoxNodes.proxmoxClusterId })
    .from(proxmoxNodes)
    .where(isNotNull(proxmoxNodes.netboxDeviceId));
  const nodeClusterOf = new Map(
    nodeClusters.map((n) => [n.deviceId!, n.cluster === null ? null : (pveClusters.get(n.cluster) ?? null)]),
  );

  const vmIds = vmRows.map((v) => v.id);
  const deviceIds = deviceRows.map((d) => d.id);
  const guestVm = db.select({ id: virtualMachines.id }).from(virtualMachines).where(isNotNull(virtualMachines.vmid));
  const nodeDevice = db.select({ id: devices.id }).from(devices).where(isNotNull(devices.proxmoxNode));
  const vmIfRows = vmIds.length
    ? await db.select().from(vmInterfaces).where(inArray(vmInterfaces.virtualMachineId, guestVm))
    : [];
  const ifRows = deviceIds.length
    ? await db.select().from(interfaces).where(inArray(interfaces.deviceId, nodeDevice))
    : [];
  const diskRows = vmIds.length
    ? await db.select().from(virtualDisks).where(inArray(virtualDisks.virtualMachineId, guestVm))
    : [];
  const vmIfIds = new Set(vmIfRows.map((i) => i.id));
  const ifIds = new Set(ifRows.map((i) => i.id));
  const ipRows = (await db.select().from(ipAddresses).where(isNotNull(ipAddresses.assignedObjectId))).filter(
    (ip) =>
      (ip.assignedObjectType === 'virtualization.vminterface' && vmIfIds.has(ip.assignedObjectId!)) ||
      (ip.assignedObjectType === 'dcim.interface' && ifIds.has(ip.assignedObjectId!)),
  );
  const staleTag = (await db.select({ id: tags.id }).from(tags).where(eq(tags.slug, STALE_TAG)))[0];
  const staleVms = new Set(
    staleTag
      ? (
          await db
            .select({ id: taggedItems.objectId })
            .from(taggedItems)
            .where(and(eq(taggedItems.tagId, staleTag.id), eq(taggedItems.objectType, VM_OT)))
        ).map((r) => r.id)
      : [],
  );

  const byIds = async <T extends { id: number }>(rows: T[], ids: (number | null)[]) => {
    const want = new Set(ids.filter((x): x is number => x !== null));
    return rows.filter((r) => want.has(r.id));
  };
  const siteRows = await byIds(
    await db.select().from(sites),
    deviceRows.map((d) => d.siteId),
  );
  const roleRows = await byIds(await db.select().from(deviceRoles), [
    ...deviceRows.map((d) => d.roleId),
    ...vmRows.map((v) => v.roleId),
  ]);
  const dtRows = await byIds(
    await db.select().from(deviceTypes),
    deviceRows.map((d) => d.deviceTypeId),
  );
  const mfRows = await byIds(
    await db.select().from(manufacturers),
    dtRows.map((t) => t.manufacturerId),
  );
  const ctRows = await byIds(
    await db.select().from(clusterTypes),
    clusterRows.map((c) => c.typeId),
  );
  const vtRows = features.vmType
    ? await byIds(
        await db.select().from(virtualMachineTypes),
        vmRows.map((v) => v.virtualMachineTypeId),
      )
    : [];

  const desired: Desired[] = [];
  const managedTags = new Set<string>([OWNER_TAG, STALE_TAG]);
  const pveTags = new Map<string, string>();
  const pveTagsOf = (raw: string | null) =>
    (raw ?? '')
      .split(/[;,\s]+/)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => {
        const slug = `${PVE_TAG_PREFIX}${slugify(t)}`.slice(0, 100);
        pveTags.set(slug, t);
        return slug;
      });

  // Tags and custom field definitions: adopted when they exist, created otherwise, never deleted.
  desired.push(
    shared(
      'extras/tags',
      `tag:${OWNER_TAG}`,
      'Proxbox',
      OWNER_TAG,
      {
        name: 'Proxbox',
        slug: OWNER_TAG,
        color: 'ff5722',
        description: 'Proxbox Identifier (used to identify the items the plugin created)',
      },
      false,
    ),
  );
  desired.push(
    shared(
      'extras/tags',
      `tag:${STALE_TAG}`,
      'Proxbox stale',
      STALE_TAG,
      {
        name: 'Proxbox stale',
        slug: STALE_TAG,
        color: '9e9e9e',
        description: 'Gone from Proxmox; kept by the deletion policy',
      },
      false,
    ),
  );
  for (const cf of IDENTITY_FIELDS) {
    const d = shared(
      'extras/custom-fields',
      `cf:${cf.name}`,
      cf.name,
      cf.name,
      {
        name: cf.name,
        type: cf.type,
        label: cf.label,
        object_types: cf.objectTypes,
        description: 'Set by Proxbox from Proxmox.',
      },
      false,
    );
    d.updatable = ['object_types'];
    desired.push(d);
  }
  for (const m of mfRows)
    desired.push(shared('dcim/manufacturers', `manufacturer:${m.id}`, m.name, m.slug, { name: m.name, slug: m.slug }));
  // A device type's slug is unique per manufacturer only.
  for (const t of dtRows)
    desired.push(
      shared('dcim/device-types', `device-type:${t.id}`, t.model, `${t.slug}|#manufacturer:${t.manufacturerId}`, {
        manufacturer: ref(`manufacturer:${t.manufacturerId}`),
        model: t.model,
        slug: t.slug,
        u_height: t.uHeight,
      }),
    );
  for (const s of siteRows)
    desired.push(
      shared('dcim/sites', `site:${s.id}`, s.name, s.slug, { name: s.name, slug: s.slug, status: s.status }),
    );
  for (const r of roleRows)
    desired.push(
      shared('dcim/device-roles', `role:${r.id}`, r.name, r.slug, {
        name: r.name,
        slug: r.slug,
        color: r.color,
        vm_role: r.vmRole,
      }),
    );
  for (const t of ctRows)
    desired.push(
      shared('virtualization/cluster-types', `cluster-type:${t.id}`, t.name, t.slug, { name: t.name, slug: t.slug }),
    );
  for (const t of vtRows)
    desired.push(
      shared('virtualization/virtual-machine-types', `vm-type:${t.id}`, t.name, t.slug, { name: t.name, slug: t.slug }),
    );

  for (const c of clusterRows) {
    const f = flags(c.proxmoxEndpointId);
    desired.push({
      type: 'virtualization/clusters',
      key: `cluster:${c.id}`,
      label: c.name,
      localModel: 'clusters',
      localId: c.id,
      natural: c.name.toLowerCase(),
      fields: { name: c.name, type: ref(`cluster-type:${c.typeId}`), status: c.status, description: c.description },
      updatable: gate([[f.overwriteClusterDescription, 'description']], ['name', 'type', 'status']),
      deferred: [],
      tags: [OWNER_TAG],
      tagsOnUpdate: f.overwriteClusterTags,
      customFields: {},
      customFieldsOnUpdate: false,
    });
  }
  const clusterKeys = new Set(clusterRows.map((c) => c.id));
  const ipById = new Map(ipRows.map((ip) => [ip.id, ip]));
  const ownIpOf = (ipId: number | null, ifaceIds: Set<number>, ot: string) => {
    if (ipId === null) return null;
    const ip = ipById.get(ipId);
    // A primary IP is only ever an address on the object's own interfaces.
    return ip && ip.assignedObjectType === ot && ifaceIds.has(ip.assignedObjectId!) ? ref(`ip:${ipId}`) : null;
  };
  /** Sets the primary addresses in `fields`; returns them as deferred (written once the addresses exist). */
  const primaryIps = (
    fields: Record<string, FieldValue>,
    ip4: number | null,
    ip6: number | null,
    ifaceIds: Set<number> | undefined,
    ot: string,
  ): string[] => {
    const deferred: string[] = [];
    for (const [field, ipId] of [
      ['primary_ip4', ip4],
      ['primary_ip6', ip6],
    ] as const) {
      const own = ownIpOf(ipId, ifaceIds ?? new Set(), ot);
      if (own) {
        fields[field] = own;
        deferred.push(field);
      }
    }
    return deferred;
  };

  const ifByDevice = new Map<number, Set<number>>();
  for (const i of ifRows)
    (ifByDevice.get(i.deviceId) ?? ifByDevice.set(i.deviceId, new Set()).get(i.deviceId)!).add(i.id);
  for (const d of deviceRows) {
    const f = flags(d.proxmoxEndpointId);
    const name = d.name ?? d.proxmoxNode!;
    const fields: Record<string, FieldValue> = {
      name,
      device_type: ref(`device-type:${d.deviceTypeId}`),
      role: ref(`role:${d.roleId}`),
      site: ref(`site:${d.siteId}`),
      cluster: d.clusterId !== null && clusterKeys.has(d.clusterId) ? ref(`cluster:${d.clusterId}`) : null,
      status: d.status,
      description: d.description,
    };
    const deferred = primaryIps(fields, d.primaryIp4Id, d.primaryIp6Id, ifByDevice.get(d.id), 'dcim.interface');
    const cluster = nodeClusterOf.get(d.id) ?? null;
    desired.push({
      type: 'dcim/devices',
      key: `device:${d.id}`,
      label: name,
      localModel: 'devices',
      localId: d.id,
      natural: `${name.toLowerCase()}|#site:${d.siteId}`,
      fields,
      deferred,
      updatable: gate(
        [
          [f.overwriteDeviceRole, 'role'],
          [f.overwriteDeviceType, 'device_type'],
          [f.overwriteDeviceStatus, 'status'],
          [f.overwriteDeviceDescription, 'description'],
        ],
        ['name', 'site', 'cluster', ...deferred],
      ),
      tags: [OWNER_TAG],
      tagsOnUpdate: f.overwriteDeviceTags,
      customFields: {
        proxmox_node: d.proxmoxNode,
        proxmox_cluster: cluster,
        proxmox_link: link(d.proxmoxEndpointId, `node/${d.proxmoxNode}`),
      },
      customFieldsOnUpdate: f.overwriteDeviceCustomFields,
      identity: {
        fields: { proxmox_node: d.proxmoxNode, ...(cluster ? { proxmox_cluster: cluster } : {}) },
        describe: `node ${d.proxmoxNode}${cluster ? ` of cluster ${cluster}` : ''}`,
      },
    });
  }
  const deviceOf = new Map(deviceRows.map((d) => [d.id, d]));
  for (const i of ifRows) {
    const f = flags(deviceOf.get(i.deviceId)!.proxmoxEndpointId);
    desired.push(
      ...ifaceDesired(
        'dcim/interfaces',
        `iface:${i.id}`,
        'interfaces',
        i.id,
        `${deviceOf.get(i.deviceId)!.name ?? ''} ${i.name}`,
        ref(`device:${i.deviceId}`),
        'device',
        `#device:${i.deviceId}`,
        i,
        { type: i.type },
        f.overwriteNodeInterfaceTags,
        features,
        'dcim.interface',
      ),
    );
  }

  const disksByVm = new Map<number, number>();
  for (const d of diskRows) disksByVm.set(d.virtualMachineId, (disksByVm.get(d.virtualMachineId) ?? 0) + 1);
  const ifByVm = new Map<number, Set<number>>();
  for (const i of vmIfRows)
    (ifByVm.get(i.virtualMachineId) ?? ifByVm.set(i.virtualMachineId, new Set()).get(i.virtualMachineId)!).add(i.id);
  for (const v of vmRows) {
    const f = flags(v.proxmoxEndpointId);
    const fields: Record<string, FieldValue> = {
      name: v.name,
      cluster: v.clusterId !== null && clusterKeys.has(v.clusterId) ? ref(`cluster:${v.clusterId}`) : null,
      device: v.deviceId !== null && deviceOf.has(v.deviceId) ? ref(`device:${v.deviceId}`) : null,
      role: v.roleId !== null ? ref(`role:${v.roleId}`) : null,
      status: v.status === 'paused' && !features.pausedStatus ? 'active' : v.status,
      vcpus: v.vcpus,
      memory: v.memory,
      description: v.description,
    };
    // With virtual disks NetBox keeps `disk` equal to their sum itself (and refuses another value).
    if (!disksByVm.has(v.id) && v.disk !== null) fields.disk = diskSize(v.disk, features);
    if (features.startOnBoot) fields.start_on_boot = v.startOnBoot;
    if (features.vmType)
      fields.virtual_machine_type = v.virtualMachineTypeId !== null ? ref(`vm-type:${v.virtualMachineTypeId}`) : null;
    const deferred = primaryIps(fields, v.primaryIp4Id, v.primaryIp6Id, ifByVm.get(v.id), 'virtualization.vminterface');
    const cluster = v.proxmoxClusterId === null ? null : (pveClusters.get(v.proxmoxClusterId) ?? null);
    const wantedTags = [OWNER_TAG, ...(staleVms.has(v.id) ? [STALE_TAG] : [])];
    const pve = pveTagsOf(v.proxmoxTags);
    desired.push({
      type: 'virtualization/virtual-machines',
      key: `vm:${v.id}`,
      label: v.name,
      localModel: 'virtual-machines',
      localId: v.id,
      natural: `${v.name.toLowerCase()}|${v.clusterId !== null && clusterKeys.has(v.clusterId) ? `#cluster:${v.clusterId}` : ''}`,
      fields,
      deferred,
      updatable: gate(
        [
          [f.overwriteVmRole, 'role'],
          [f.overwriteVmType, 'virtual_machine_type'],
          [f.overwriteVmDescription, 'description'],
        ],
        ['name', 'cluster', 'device', 'status', 'vcpus', 'memory', 'disk', 'start_on_boot', ...deferred].filter(
          (k) => k in fields,
        ),
      ),
      tags: [...wantedTags, ...pve],
      tagsOnUpdate: f.overwriteVmTags,
      customFields: {
        proxmox_vm_id: v.vmid,
        proxmox_vm_type: v.guestType,
        proxmox_node: v.proxmoxNode,
        proxmox_cluster: cluster,
        proxmox_status: v.proxmoxStatus,
        proxmox_start_at_boot: v.startOnBoot === 'on',
        proxmox_qemu_agent: v.qemuAgent,
        proxmox_unprivileged_container: v.unprivileged,
        proxmox_search_domain: v.searchDomain,
        proxmox_link: v.vmid === null ? null : link(v.proxmoxEndpointId, `${v.guestType ?? 'qemu'}/${v.vmid}`),
      },
      customFieldsOnUpdate: f.overwriteVmCustomFields,
      pveTagsOnUpdate: f.overwriteVmProxmoxTags,
      identity: {
        fields: {
          proxmox_vm_id: v.vmid,
          ...(v.guestType ? { proxmox_vm_type: v.guestType } : {}),
          ...(cluster ? { proxmox_cluster: cluster } : {}),
        },
        describe: `${v.guestType ?? 'guest'} ${v.vmid}${cluster ? ` of cluster ${cluster}` : ''}`,
      },
    });
  }
  for (const [slug, name] of pveTags) {
    managedTags.add(slug);
    desired.push(
      shared(
        'extras/tags',
        `tag:${slug}`,
        `pve:${name}`,
        slug,
        {
          name: `pve:${name}`.slice(0, 100),
          slug,
          color: 'e57000',
          description: 'A Proxmox guest tag, set by Proxbox.',
        },
        false,
      ),
    );
  }
  const vmOf = new Map(vmRows.map((v) => [v.id, v]));
  for (const i of vmIfRows) {
    const vm = vmOf.get(i.virtualMachineId)!;
    const f = flags(vm.proxmoxEndpointId);
    desired.push(
      ...ifaceDesired(
        'virtualization/interfaces',
        `vmif:${i.id}`,
        'vm-interfaces',
        i.id,
        `${vm.name} ${i.name}`,
        ref(`vm:${i.virtualMachineId}`),
        'virtual_machine',
        `#vm:${i.virtualMachineId}`,
        i,
        {},
        f.overwriteVmInterfaceTags,
        features,
        'virtualization.vminterface',
      ),
    );
  }
  for (const d of diskRows) {
    const vm = vmOf.get(d.virtualMachineId)!;
    desired.push({
      type: 'virtualization/virtual-disks',
      key: `disk:${d.id}`,
      label: `${vm.name} ${d.name}`,
      localModel: 'virtual-disks',
      localId: d.id,
      natural: `#vm:${d.virtualMachineId}|${d.name}`,
      fields: {
        virtual_machine: ref(`vm:${d.virtualMachineId}`),
        name: d.name,
        size: diskSize(d.size, features),
        description: d.description,
      },
      updatable: ['size', 'description'],
      deferred: [],
      tags: [OWNER_TAG],
      tagsOnUpdate: flags(vm.proxmoxEndpointId).overwriteVmTags,
      customFields: {},
      customFieldsOnUpdate: false,
    });
  }
  const vmIfOf = new Map(vmIfRows.map((i) => [i.id, i]));
  const ifOf = new Map(ifRows.map((i) => [i.id, i]));
  for (const ip of ipRows) {
    const onVm = ip.assignedObjectType === 'virtualization.vminterface';
    const owner = onVm
      ? vmOf.get(vmIfOf.get(ip.assignedObjectId!)!.virtualMachineId)!.proxmoxEndpointId
      : deviceOf.get(ifOf.get(ip.assignedObjectId!)!.deviceId)!.proxmoxEndpointId;
    const f = flags(owner);
    const ifaceKey = `${onVm ? 'vmif' : 'iface'}:${ip.assignedObjectId}`;
    desired.push({
      type: 'ipam/ip-addresses',
      key: `ip:${ip.id}`,
      label: ip.address,
      localModel: 'ip-addresses',
      localId: ip.id,
      natural: ip.address.split('/')[0].toLowerCase(),
      fields: {
        address: ip.address,
        status: ip.status,
        dns_name: ip.dnsName,
        description: ip.description,
        assigned_object_type: ip.assignedObjectType,
        assigned_object_id: ref(ifaceKey),
      },
      updatable: gate(
        [
          [f.overwriteIpStatus, 'status'],
          [f.overwriteIpAddressDnsName, 'dns_name'],
        ],
        ['address', 'assigned_object_type', 'assigned_object_id'],
      ),
      deferred: [],
      tags: [OWNER_TAG],
      tagsOnUpdate: f.overwriteIpTags,
      customFields: {},
      customFieldsOnUpdate: false,
    });
  }
  return { desired, managedTags, settings };
}

/** An interface (node or guest) and, from NetBox 4.2, its MAC address object. */
function ifaceDesired(
  type: 'dcim/interfaces' | 'virtualization/interfaces',
  key: string,
  localModel: string,
  localId: number,
  label: string,
  parent: FieldValue,
  parentField: string,
  parentNatural: string,
  row: { name: string; enabled: boolean; mtu: number | null; description: string; macAddress: string | null },
  extra: Record<string, JsonValue>,
  tagsOnUpdate: boolean,
  features: NetboxFeatures,
  objectType: string,
): Desired[] {
  const fields: Record<string, FieldValue> = {
    [parentField]: parent,
    name: row.name,
    enabled: row.enabled,
    mtu: row.mtu,
    description: row.description,
    ...extra,
  };
  const deferred: string[] = [];
  const mac = row.macAddress ? row.macAddress.toUpperCase() : null;
  if (!features.macObjects) fields.mac_address = mac;
  else if (mac) {
    fields.primary_mac_address = ref(`mac:${key}`);
    deferred.push('primary_mac_address');
  }
  const d: Desired = {
    type,
    key,
    label,
    localModel,
    localId,
    natural: `${parentNatural}|${row.name}`,
    fields,
    deferred,
    updatable: [
      'name',
      'enabled',
      'mtu',
      'description',
      ...Object.keys(extra),
      ...(features.macObjects ? deferred : ['mac_address']),
    ],
    tags: [OWNER_TAG],
    tagsOnUpdate,
    customFields: {},
    customFieldsOnUpdate: false,
  };
  if (!features.macObjects || !mac) return [d];
  return [
    d,
    {
      type: 'dcim/mac-addresses',
      key: `mac:${key}`,
      label: `${label} ${mac}`,
      localModel,
      localId,
      natural: `${mac.toLowerCase()}|#${key}`,
      fields: { mac_address: mac, assigned_object_type: objectType, assigned_object_id: { $ref: key } },
      updatable: ['mac_address', 'assigned_object_type', 'assigned_object_id'],
      deferred: [],
      tags: [OWNER_TAG],
      tagsOnUpdate,
      customFields: {},
      customFieldsOnUpdate: false,
    },
  ];
}
