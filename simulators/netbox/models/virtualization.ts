// Cluster types, groups and clusters, virtual machines (and 4.6 VM types), their interfaces and
// virtual disks.
import {
  before42,
  byName,
  collator,
  comments,
  computed,
  count,
  description,
  fk,
  macObjects,
  organizational,
  owner,
  since45,
  since46,
  slug,
  str,
  uniqueConstraint,
  uniqueField,
  uniqueTogether,
} from './common';
import {
  checkPrimaryMac,
  checkSiblings,
  INTERFACE_MODES,
  INTERFACE_MODES_42,
  macList,
  MODE_LABELS,
  primaryMacString,
} from './dcim';
import { checkPrimaryIps, IP_ENDPOINT } from './ip';
import { addError, type Db, type FieldSpec, type ModelSpec, type Row } from './types';

const VM = 'virtualization/virtual-machines';
const CLUSTER_STATUS = ['planned', 'staging', 'active', 'decommissioning', 'offline'];
const VM_STATUS = ['offline', 'active', 'planned', 'staged', 'failed', 'decommissioning'];
const nil = (when?: FieldSpec['when']) => computed(() => null, when);

function orgWithCount(endpoint: string, contentType: string, className: string, verbose: string): ModelSpec {
  const org = organizational(verbose);
  return {
    endpoint,
    contentType,
    className,
    verbose,
    fields: [
      ...org.fields,
      ['owner', owner()],
      ['comments', comments(since45)],
      ['cluster_count', count('virtualization/clusters', className === 'ClusterType' ? 'type' : 'group')],
    ],
    tagged: true,
    customFields: true,
    brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'cluster_count'],
    display: (r) => String(r.name),
    order: byName(),
    search: ['name', 'slug', 'description'],
    unique: org.unique,
  };
}

export const clusterTypes = orgWithCount(
  'virtualization/cluster-types',
  'virtualization.clustertype',
  'ClusterType',
  'cluster type',
);
export const clusterGroups = orgWithCount(
  'virtualization/cluster-groups',
  'virtualization.clustergroup',
  'ClusterGroup',
  'cluster group',
);

/** The site a cluster belongs to: its `site` before 4.2, its scope when that is a site after. */
export function clusterSite(db: Db, clusterId: unknown): number | null {
  if (typeof clusterId !== 'number') return null;
  const c = db.get('virtualization/clusters', clusterId);
  if (!c) return null;
  return (typeof c.site === 'number' ? c.site : typeof c._site === 'number' ? c._site : null) as number | null;
}

function sumOf(db: Db, ids: Iterable<number>, field: string): number {
  let total = 0;
  for (const id of ids) total += Number(db.get(VM, id)?.[field] ?? 0);
  return total;
}

export const clusters: ModelSpec = {
  endpoint: 'virtualization/clusters',
  contentType: 'virtualization.cluster',
  className: 'Cluster',
  verbose: 'cluster',
  fields: [
    ['name', str(100, { required: true })],
    ['type', fk('virtualization/cluster-types', 'protect', { required: true })],
    ['group', fk('virtualization/cluster-groups', 'protect')],
    ['status', { kind: 'choice', choices: CLUSTER_STATUS, default: 'active' }],
    ['tenant', fk('tenancy/tenants', 'protect')],
    ['site', { ...fk('dcim/sites', 'protect'), when: before42 }],
    ['scope_type', { kind: 'string', nullable: true, default: null, when: macObjects }],
    ['scope_id', { kind: 'int', min: 0, nullable: true, default: null, when: macObjects }],
    [
      'scope',
      computed((r, { nested }) => (r.scope_type === 'dcim.site' ? nested('dcim/sites', r.scope_id) : null), macObjects),
    ],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments()],
    ['device_count', count('dcim/devices', 'cluster')],
    ['virtualmachine_count', count(VM, 'cluster')],
    ['allocated_vcpus', computed((r, { db }) => sumOf(db, db.referrers(VM, 'cluster', r.id), 'vcpus'), macObjects)],
    ['allocated_memory', computed((r, { db }) => sumOf(db, db.referrers(VM, 'cluster', r.id), 'memory'), macObjects)],
    ['allocated_disk', computed((r, { db }) => sumOf(db, db.referrers(VM, 'cluster', r.id), 'disk'), macObjects)],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'description', 'virtualmachine_count'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'description', 'comments'],
  unique: [
    uniqueTogether(['group', 'name']),
    uniqueTogether(['site', 'name'], { gate: before42 }),
    uniqueConstraint(['_site', 'name'], 'A cluster with this name already exists in this site.', { gate: macObjects }),
  ],
  generic: {
    typeField: 'scope_type',
    idField: 'scope_id',
    targets: { 'dcim.site': 'dcim/sites' },
    onDelete: 'cascade',
  },
  prepare(row) {
    row._site = row.scope_type === 'dcim.site' ? row.scope_id : null;
  },
  clean(row, _old, _db, p, errors) {
    if (!p.clusterScope) return;
    if (row.scope_type && row.scope_id === null) addError(errors, 'non_field_errors', 'Please select a site.');
  },
};

export const virtualMachineTypes: ModelSpec = {
  endpoint: 'virtualization/virtual-machine-types',
  contentType: 'virtualization.virtualmachinetype',
  className: 'VirtualMachineType',
  verbose: 'virtual machine type',
  when: since46,
  fields: [
    ['name', str(100, { required: true })],
    ['slug', slug()],
    ['default_platform', fk('dcim/platforms', 'null')],
    ['default_vcpus', { kind: 'decimal', min: 0.01, max: 10000, nullable: true, default: null }],
    ['default_memory', { kind: 'int', min: 0, max: 2147483647, nullable: true, default: null }],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments()],
    ['virtual_machine_count', count(VM, 'virtual_machine_type')],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'description', 'comments'],
  unique: [uniqueField('virtual machine type', 'name', true), uniqueField('virtual machine type', 'slug')],
};

function diskTotal(db: Db, vmId: number): number | null {
  const ids = db.referrers('virtualization/virtual-disks', 'virtual_machine', vmId);
  if (ids.size === 0) return null;
  let total = 0;
  for (const id of ids) total += Number(db.get('virtualization/virtual-disks', id)?.size ?? 0);
  return total;
}

export const virtualMachines: ModelSpec = {
  endpoint: VM,
  contentType: 'virtualization.virtualmachine',
  className: 'VirtualMachine',
  verbose: 'virtual machine',
  fields: [
    ['name', str(64, { required: true })],
    ['virtual_machine_type', { ...fk('virtualization/virtual-machine-types', 'null'), when: since46 }],
    ['status', { kind: 'choice', choices: VM_STATUS, default: 'active', when: (p) => !p.v46 }],
    ['status', { kind: 'choice', choices: [...VM_STATUS, 'paused'], default: 'active', when: since46 }],
    [
      'start_on_boot',
      {
        kind: 'choice',
        choices: ['on', 'off', 'laststate'],
        labels: { on: 'On', off: 'Off', laststate: 'Last State' },
        default: 'off',
        when: since45,
      },
    ],
    ['site', fk('dcim/sites', 'protect')],
    ['cluster', fk('virtualization/clusters', 'protect')],
    ['device', fk('dcim/devices', 'null')],
    ['role', fk('dcim/device-roles', 'null')],
    ['tenant', fk('tenancy/tenants', 'protect')],
    ['platform', fk('dcim/platforms', 'null')],
    ['primary_ip', computed((r, ctx) => ctx.nested(IP_ENDPOINT, r.primary_ip6 ?? r.primary_ip4, 'ip'))],
    ['primary_ip4', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    ['primary_ip6', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    ['vcpus', { kind: 'decimal', min: 0.01, max: 10000, nullable: true, default: null }],
    ['memory', { kind: 'int', min: 0, max: 2147483647, nullable: true, default: null }],
    ['disk', { kind: 'int', min: 0, max: 2147483647, nullable: true, default: null }],
    ['description', description()],
    ['serial', str(50)],
    ['owner', owner()],
    ['comments', comments()],
    ['config_template', nil()],
    ['local_context_data', { kind: 'json', default: null }],
    ['config_context', computed(() => ({}))],
    ['interface_count', count('virtualization/interfaces', 'virtual_machine')],
    ['virtual_disk_count', count('virtualization/virtual-disks', 'virtual_machine')],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'description', 'comments', 'serial'],
  unique: [
    uniqueConstraint(['name', 'cluster', 'tenant'], 'Virtual machine name must be unique per cluster and tenant.', {
      ci: ['name'],
    }),
    uniqueConstraint(['name', 'cluster'], 'Virtual machine name must be unique per cluster.', {
      ci: ['name'],
      when: (r) => r.tenant == null,
    }),
    uniqueConstraint(['name', 'device', 'tenant'], 'Virtual machine name must be unique per device and tenant.', {
      ci: ['name'],
      gate: since46,
      when: (r) => r.cluster == null,
    }),
    uniqueConstraint(['name', 'device'], 'Virtual machine name must be unique per device.', {
      ci: ['name'],
      gate: since46,
      when: (r) => r.cluster == null && r.tenant == null,
    }),
  ],
  prepare(row, old, db, p) {
    if (p.v46 && !old && typeof row.virtual_machine_type === 'number') {
      const type = db.get('virtualization/virtual-machine-types', row.virtual_machine_type);
      if (type) {
        if (row.platform == null) row.platform = type.default_platform ?? null;
        if (row.vcpus == null) row.vcpus = type.default_vcpus ?? null;
        if (row.memory == null) row.memory = type.default_memory ?? null;
      }
    }
    if (row.site == null) {
      const fromCluster = clusterSite(db, row.cluster);
      const device = typeof row.device === 'number' ? db.get('dcim/devices', row.device) : undefined;
      row.site = fromCluster ?? (device?.site as number | undefined) ?? null;
    }
    const total = old ? diskTotal(db, row.id) : null;
    if (total !== null && row.disk == null) row.disk = total;
  },
  clean(row: Row, old, db, p, errors) {
    if (row.site == null && row.cluster == null && row.device == null) {
      addError(
        errors,
        'non_field_errors',
        p.v46
          ? 'A virtual machine must be assigned to a site, cluster, or device.'
          : 'A virtual machine must be assigned to a site and/or cluster.',
      );
    }
    const cSite = clusterSite(db, row.cluster);
    if (row.cluster != null && row.site != null && cSite !== null && cSite !== row.site) {
      const c = db.get('virtualization/clusters', row.cluster as number);
      const s = db.get('dcim/sites', row.site as number);
      addError(
        errors,
        'cluster',
        `The selected cluster (${String(c?.name)}) is not assigned to this site (${String(s?.name)}).`,
      );
    }
    if (row.device != null) {
      const device = db.get('dcim/devices', row.device as number);
      if (row.cluster == null && !p.v46)
        addError(errors, 'device', 'Must specify a cluster when assigning a host device.');
      else if (row.cluster != null && device?.cluster !== row.cluster) {
        const c = db.get('virtualization/clusters', row.cluster as number);
        addError(
          errors,
          'device',
          `The selected device (${String(device?.name)}) is not assigned to this cluster (${String(c?.name)}).`,
        );
      }
    }
    if (typeof row.role === 'number' && db.get('dcim/device-roles', row.role)?.vm_role === false) {
      addError(errors, 'role', `Related object not found using the provided numeric ID: ${row.role}`);
    }
    const total = old ? diskTotal(db, row.id) : null;
    if (total !== null && row.disk !== total) {
      addError(
        errors,
        'disk',
        `The specified disk size (${String(row.disk)}) must match the aggregate size of assigned virtual disks (${total}).`,
      );
    }
    checkPrimaryIps(row, db, errors, {
      interfaceType: 'virtualization.vminterface',
      interfaces: 'virtualization/interfaces',
      parentField: 'virtual_machine',
      noun: 'VM',
      fields: ['primary_ip4', 'primary_ip6'],
    });
  },
};

export const vmInterfaces: ModelSpec = {
  endpoint: 'virtualization/interfaces',
  contentType: 'virtualization.vminterface',
  className: 'VMInterface',
  verbose: 'interface',
  fields: [
    ['virtual_machine', fk(VM, 'cascade', { required: true })],
    ['name', str(64, { required: true })],
    ['enabled', { kind: 'bool', default: true }],
    ['parent', fk('virtualization/interfaces', 'null')],
    ['bridge', fk('virtualization/interfaces', 'null')],
    ['mtu', { kind: 'int', min: 1, max: 65536, nullable: true, default: null }],
    ['mac_address', { kind: 'string', mac: true, nullable: true, default: null, when: before42 }],
    ['mac_address', primaryMacString],
    ['primary_mac_address', { ...fk('dcim/mac-addresses', 'null'), when: macObjects }],
    ['mac_addresses', macList('virtualization.vminterface')],
    ['description', description()],
    [
      'mode',
      { kind: 'choice', choices: INTERFACE_MODES, labels: MODE_LABELS, default: null, nullable: true, when: before42 },
    ],
    [
      'mode',
      {
        kind: 'choice',
        choices: INTERFACE_MODES_42,
        labels: MODE_LABELS,
        default: null,
        nullable: true,
        when: macObjects,
      },
    ],
    ['untagged_vlan', nil()],
    ['tagged_vlans', computed(() => [])],
    ['qinq_svlan', nil(macObjects)],
    ['vlan_translation_policy', nil(macObjects)],
    ['vrf', nil()],
    ['l2vpn_termination', nil()],
    ['owner', owner()],
    [
      'count_ipaddresses',
      computed(
        (r, { db }) => db.referrers(IP_ENDPOINT, 'assigned_object_type', `virtualization.vminterface:${r.id}`).size,
      ),
    ],
    ['count_fhrp_groups', computed(() => 0)],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'virtual_machine', 'name', 'description'],
  display: (r) => String(r.name),
  order: (a, b, db) =>
    collator.compare(
      String(db.get(VM, a.virtual_machine as number)?.name ?? ''),
      String(db.get(VM, b.virtual_machine as number)?.name ?? ''),
    ) || byName()(a, b),
  search: ['name', 'description'],
  unique: [uniqueTogether(['virtual_machine', 'name'])],
  clean(row, _old, db, p, errors) {
    checkSiblings(row, db, 'virtualization/interfaces', 'virtual_machine', ['parent', 'bridge'], errors);
    if (p.macObjects) checkPrimaryMac(row, db, 'virtualization.vminterface', errors);
  },
};

export const virtualDisks: ModelSpec = {
  endpoint: 'virtualization/virtual-disks',
  contentType: 'virtualization.virtualdisk',
  className: 'VirtualDisk',
  verbose: 'virtual disk',
  fields: [
    ['virtual_machine', fk(VM, 'cascade', { required: true })],
    ['name', str(64, { required: true })],
    ['description', description()],
    ['size', { kind: 'int', min: 0, max: 2147483647, required: true }],
    ['owner', owner()],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'virtual_machine', 'name', 'description', 'size'],
  display: (r) => String(r.name),
  order: (a, b, db) =>
    collator.compare(
      String(db.get(VM, a.virtual_machine as number)?.name ?? ''),
      String(db.get(VM, b.virtual_machine as number)?.name ?? ''),
    ) || byName()(a, b),
  search: ['name', 'description'],
  unique: [uniqueTogether(['virtual_machine', 'name'])],
  // The VM's `disk` is the sum of its virtual disks (null when it has none), kept by NetBox's
  // signal on every save and delete of a disk.
  after(db, row, old) {
    for (const vmId of new Set([row?.virtual_machine, old?.virtual_machine])) {
      if (typeof vmId === 'number' && db.get(VM, vmId)) db.patch(VM, vmId, { disk: diskTotal(db, vmId) });
    }
  },
};
