// Sites, manufacturers, device types and roles, platforms, devices, their interfaces and (4.2+)
// MAC address objects.
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
  since46,
  slug,
  str,
  uniqueConstraint,
  uniqueField,
  uniqueTogether,
  zero,
} from './common';
import { INTERFACE_TYPES } from './interface-types';
import { checkPrimaryIps, IP_ENDPOINT } from './ip';
import { addError, type FieldSpec, type ModelSpec, type Row } from './types';

const SITE_STATUS = ['planned', 'staging', 'active', 'decommissioning', 'retired'];
const DEVICE_STATUS = ['offline', 'active', 'planned', 'staged', 'failed', 'inventory', 'decommissioning'];
const AIRFLOW = [
  'front-to-rear',
  'rear-to-front',
  'left-to-right',
  'right-to-left',
  'side-to-rear',
  'rear-to-side',
  'bottom-to-top',
  'top-to-bottom',
  'passive',
  'mixed',
];
export const INTERFACE_MODES = ['access', 'tagged', 'tagged-all'];
export const INTERFACE_MODES_42 = [...INTERFACE_MODES, 'q-in-q'];
export const MODE_LABELS: Record<string, string> = {
  access: 'Access',
  tagged: 'Tagged',
  'tagged-all': 'Tagged (All)',
  'q-in-q': 'Q-in-Q (802.1ad)',
};

const nil = (when?: FieldSpec['when']) => computed(() => null, when);
const empty = (when?: FieldSpec['when']) => computed(() => [], when);

export const sites: ModelSpec = {
  endpoint: 'dcim/sites',
  contentType: 'dcim.site',
  className: 'Site',
  verbose: 'site',
  fields: [
    ['name', str(100, { required: true })],
    ['slug', slug()],
    ['status', { kind: 'choice', choices: SITE_STATUS, default: 'active' }],
    ['region', nil()],
    ['group', nil()],
    ['tenant', fk('tenancy/tenants', 'protect')],
    ['facility', str(50)],
    ['time_zone', { kind: 'string', nullable: true, default: null }],
    ['description', description()],
    ['physical_address', str(200)],
    ['shipping_address', str(200)],
    ['latitude', { kind: 'decimal', min: -90, max: 90, nullable: true, default: null }],
    ['longitude', { kind: 'decimal', min: -180, max: 180, nullable: true, default: null }],
    ['owner', owner()],
    ['comments', comments()],
    ['asns', empty()],
    ['circuit_count', zero()],
    ['device_count', count('dcim/devices', 'site')],
    ['prefix_count', zero()],
    ['rack_count', zero()],
    ['virtualmachine_count', count('virtualization/virtual-machines', 'site')],
    ['vlan_count', zero()],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'facility', 'description', 'physical_address', 'shipping_address', 'comments'],
  unique: [uniqueField('site', 'name'), uniqueField('site', 'slug')],
};

const manufacturerOrg = organizational('manufacturer');
export const manufacturers: ModelSpec = {
  endpoint: 'dcim/manufacturers',
  contentType: 'dcim.manufacturer',
  className: 'Manufacturer',
  verbose: 'manufacturer',
  fields: [
    ...manufacturerOrg.fields,
    ['owner', owner()],
    ['comments', comments((p) => p.v45)],
    ['devicetype_count', count('dcim/device-types', 'manufacturer')],
    ['moduletype_count', zero((p) => p.v45)],
    ['inventoryitem_count', zero()],
    ['platform_count', count('dcim/platforms', 'manufacturer')],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'devicetype_count'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'description'],
  unique: manufacturerOrg.unique,
};

const TEMPLATE_COUNTS = [
  'console_port',
  'console_server_port',
  'power_port',
  'power_outlet',
  'interface',
  'front_port',
  'rear_port',
  'device_bay',
  'module_bay',
  'inventory_item',
];

export const deviceTypes: ModelSpec = {
  endpoint: 'dcim/device-types',
  contentType: 'dcim.devicetype',
  className: 'DeviceType',
  verbose: 'device type',
  fields: [
    ['manufacturer', fk('dcim/manufacturers', 'protect', { required: true })],
    ['default_platform', fk('dcim/platforms', 'null')],
    ['model', str(100, { required: true })],
    ['slug', slug()],
    ['part_number', str(50)],
    ['u_height', { kind: 'decimal', min: 0, max: 1000, default: 1 }],
    ['exclude_from_utilization', { kind: 'bool', default: false }],
    ['is_full_depth', { kind: 'bool', default: true }],
    ['subdevice_role', { kind: 'choice', choices: ['parent', 'child'], default: null, nullable: true }],
    ['airflow', { kind: 'choice', choices: AIRFLOW, default: null, nullable: true }],
    ['weight', { kind: 'decimal', nullable: true, default: null }],
    ['weight_unit', { kind: 'choice', choices: ['kg', 'g', 'lb', 'oz'], default: null, nullable: true }],
    ['front_image', nil()],
    ['rear_image', nil()],
    ['description', description()],
    ['comments', comments()],
    ['owner', owner()],
    ['device_count', count('dcim/devices', 'device_type')],
    ...TEMPLATE_COUNTS.map((c): [string, FieldSpec] => [`${c}_template_count`, zero()]),
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'manufacturer', 'model', 'slug', 'description', 'device_count'],
  display: (r) => String(r.model),
  order: (a, b, db) =>
    collator.compare(
      String(db.get('dcim/manufacturers', a.manufacturer as number)?.name),
      String(db.get('dcim/manufacturers', b.manufacturer as number)?.name),
    ) || byName('model')(a, b),
  search: ['model', 'slug', 'part_number', 'description', 'comments'],
  unique: [uniqueTogether(['manufacturer', 'model']), uniqueTogether(['manufacturer', 'slug'])],
};

export const deviceRoles: ModelSpec = {
  endpoint: 'dcim/device-roles',
  contentType: 'dcim.devicerole',
  className: 'DeviceRole',
  verbose: 'device role',
  fields: [
    ['name', str(100, { required: true })],
    ['slug', slug()],
    ['color', { kind: 'string', max: 6, default: '9e9e9e' }],
    ['vm_role', { kind: 'bool', default: true }],
    ['config_template', nil()],
    ['parent', nil(since46)],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments(since46)],
    ['device_count', count('dcim/devices', 'role')],
    ['virtualmachine_count', count('virtualization/virtual-machines', 'role')],
    ['_depth', computed(() => 0, since46)],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'device_count', 'virtualmachine_count', '_depth'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'description'],
  unique: [
    { ...uniqueField('device role', 'name'), gate: (p) => !p.v46 },
    { ...uniqueField('device role', 'slug'), gate: (p) => !p.v46 },
    // Roles are a tree since 4.3; the simulator keeps them top-level, where these constraints apply.
    uniqueConstraint(['name'], 'A top-level device role with this name already exists.', { gate: since46 }),
    uniqueConstraint(['slug'], 'A top-level device role with this slug already exists.', { gate: since46 }),
  ],
  clean(row, _old, _db, _p, errors) {
    if (typeof row.color === 'string' && !/^[0-9a-f]{6}$/.test(row.color))
      errors.color = ['Enter a valid hexadecimal RGB color code.'];
  },
};

export const platforms: ModelSpec = {
  endpoint: 'dcim/platforms',
  contentType: 'dcim.platform',
  className: 'Platform',
  verbose: 'platform',
  fields: [
    ['name', str(100, { required: true })],
    ['slug', slug()],
    ['parent', nil(since46)],
    ['manufacturer', fk('dcim/manufacturers', 'protect')],
    ['config_template', nil()],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments(since46)],
    ['device_count', count('dcim/devices', 'platform')],
    ['virtualmachine_count', count('virtualization/virtual-machines', 'platform')],
    ['_depth', computed(() => 0, since46)],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description', 'device_count', 'virtualmachine_count', '_depth'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'description'],
  unique: [uniqueField('platform', 'name'), uniqueField('platform', 'slug')],
};

const COMPONENT_COUNTS = [
  'console_port',
  'console_server_port',
  'power_port',
  'power_outlet',
  'front_port',
  'rear_port',
  'device_bay',
  'module_bay',
  'inventory_item',
];

export const devices: ModelSpec = {
  endpoint: 'dcim/devices',
  contentType: 'dcim.device',
  className: 'Device',
  verbose: 'device',
  fields: [
    ['name', str(64, { nullable: true })],
    ['device_type', fk('dcim/device-types', 'protect', { required: true })],
    ['role', fk('dcim/device-roles', 'protect', { required: true })],
    ['tenant', fk('tenancy/tenants', 'protect')],
    ['platform', fk('dcim/platforms', 'null')],
    ['serial', str(50)],
    ['asset_tag', { kind: 'string', max: 50, nullable: true, default: null }],
    ['site', fk('dcim/sites', 'protect', { required: true })],
    ['location', nil()],
    ['rack', nil()],
    ['position', nil()],
    ['face', computed(() => null)],
    ['latitude', { kind: 'decimal', min: -90, max: 90, nullable: true, default: null }],
    ['longitude', { kind: 'decimal', min: -180, max: 180, nullable: true, default: null }],
    ['parent_device', nil()],
    ['status', { kind: 'choice', choices: DEVICE_STATUS, default: 'active' }],
    ['airflow', { kind: 'choice', choices: AIRFLOW, default: null, nullable: true }],
    ['primary_ip', computed((r, ctx) => ctx.nested(IP_ENDPOINT, r.primary_ip6 ?? r.primary_ip4, 'ip'))],
    ['primary_ip4', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    ['primary_ip6', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    ['oob_ip', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    ['cluster', fk('virtualization/clusters', 'null')],
    ['virtual_chassis', nil()],
    ['vc_position', nil()],
    ['vc_priority', nil()],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments()],
    ['config_template', nil()],
    ['config_context', computed(() => ({}))],
    ['local_context_data', { kind: 'json', default: null }],
    ...COMPONENT_COUNTS.map((c): [string, FieldSpec] => [`${c}_count`, zero()]),
    ['interface_count', count('dcim/interfaces', 'device')],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'description'],
  display: (r, db) => {
    if (r.name) return String(r.name);
    const type = db.get('dcim/device-types', r.device_type as number);
    const maker = type ? db.get('dcim/manufacturers', type.manufacturer as number) : undefined;
    return `${String(maker?.name ?? '')} ${String(type?.model ?? '')} (${r.id})`;
  },
  order: byName(),
  search: ['name', 'serial', 'asset_tag', 'description', 'comments'],
  unique: [
    uniqueConstraint(['name', 'site', 'tenant'], 'Device name must be unique per site and tenant.', { ci: ['name'] }),
    uniqueConstraint(['name', 'site'], 'Device name must be unique per site.', {
      ci: ['name'],
      when: (r) => r.tenant === null || r.tenant === undefined,
    }),
    uniqueField('device', 'asset_tag'),
  ],
  clean(row, _old, db, _p, errors) {
    checkPrimaryIps(row, db, errors, {
      interfaceType: 'dcim.interface',
      interfaces: 'dcim/interfaces',
      parentField: 'device',
      noun: 'device',
      fields: ['primary_ip4', 'primary_ip6', 'oob_ip'],
    });
  },
};

/** The interface's primary MAC as the read-only string NetBox 4.2+ keeps for older clients. */
export const primaryMacString = computed(
  (r, { db }) =>
    typeof r.primary_mac_address === 'number'
      ? (db.get('dcim/mac-addresses', r.primary_mac_address)?.mac_address ?? null)
      : null,
  macObjects,
);
export const macList = (type: string) =>
  computed(
    (r, { db, nested }) =>
      [...db.referrers('dcim/mac-addresses', 'assigned_object_type', `${type}:${r.id}`)]
        .sort((a, b) => a - b)
        .map((id) => nested('dcim/mac-addresses', id)),
    macObjects,
  );

/** `parent`/`bridge`/`lag` must be interfaces of the same device or VM. */
export function checkSiblings(
  row: Row,
  db: { get(ep: string, id: number): Row | undefined },
  endpoint: string,
  parentField: string,
  fields: string[],
  errors: Parameters<typeof addError>[0],
): void {
  for (const f of fields) {
    if (typeof row[f] !== 'number') continue;
    if (row[f] === row.id) addError(errors, f, `An interface cannot be its own ${f}.`);
    else if (db.get(endpoint, row[f] as number)?.[parentField] !== row[parentField]) {
      addError(
        errors,
        f,
        `The selected ${f} interface (${String(db.get(endpoint, row[f] as number)?.name)}) belongs to a different ${parentField === 'device' ? 'device' : 'virtual machine'}.`,
      );
    }
  }
}

export function checkPrimaryMac(
  row: Row,
  db: { get(ep: string, id: number): Row | undefined },
  type: string,
  errors: Parameters<typeof addError>[0],
): void {
  if (typeof row.primary_mac_address !== 'number') return;
  const mac = db.get('dcim/mac-addresses', row.primary_mac_address);
  if (mac && (mac.assigned_object_type !== type || mac.assigned_object_id !== row.id)) {
    addError(
      errors,
      'primary_mac_address',
      `MAC address ${String(mac.mac_address)} is not assigned to this interface.`,
    );
  }
}

export const interfaces: ModelSpec = {
  endpoint: 'dcim/interfaces',
  contentType: 'dcim.interface',
  className: 'Interface',
  verbose: 'interface',
  fields: [
    ['device', fk('dcim/devices', 'cascade', { required: true })],
    ['vdcs', empty()],
    ['module', nil()],
    ['name', str(64, { required: true })],
    ['label', str(64)],
    [
      'type',
      { kind: 'choice', choices: Object.keys(INTERFACE_TYPES), labels: INTERFACE_TYPES, default: null, required: true },
    ],
    ['enabled', { kind: 'bool', default: true }],
    ['parent', fk('dcim/interfaces', 'null')],
    ['bridge', fk('dcim/interfaces', 'null')],
    ['lag', fk('dcim/interfaces', 'null')],
    ['mtu', { kind: 'int', min: 1, max: 65536, nullable: true, default: null }],
    ['mac_address', { kind: 'string', mac: true, nullable: true, default: null, when: before42 }],
    ['mac_address', primaryMacString],
    ['primary_mac_address', { ...fk('dcim/mac-addresses', 'null'), when: macObjects }],
    ['mac_addresses', macList('dcim.interface')],
    ['speed', { kind: 'int', min: 0, max: 2147483647, nullable: true, default: null }],
    ['duplex', { kind: 'choice', choices: ['half', 'full', 'auto'], default: null, nullable: true }],
    ['wwn', nil()],
    ['mgmt_only', { kind: 'bool', default: false }],
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
    ['rf_role', nil()],
    ['rf_channel', nil()],
    ['poe_mode', nil()],
    ['poe_type', nil()],
    ['rf_channel_frequency', nil()],
    ['rf_channel_width', nil()],
    ['tx_power', nil()],
    ['untagged_vlan', nil()],
    ['tagged_vlans', empty()],
    ['qinq_svlan', nil(macObjects)],
    ['vlan_translation_policy', nil(macObjects)],
    ['mark_connected', { kind: 'bool', default: false }],
    ['cable', nil()],
    ['cable_end', computed(() => '')],
    ['wireless_link', nil()],
    ['link_peers', empty()],
    ['link_peers_type', nil()],
    ['wireless_lans', empty()],
    ['vrf', nil()],
    ['l2vpn_termination', nil()],
    ['connected_endpoints', nil()],
    ['connected_endpoints_type', nil()],
    ['connected_endpoints_reachable', computed(() => false)],
    ['owner', owner()],
    [
      'count_ipaddresses',
      computed((r, { db }) => db.referrers(IP_ENDPOINT, 'assigned_object_type', `dcim.interface:${r.id}`).size),
    ],
    ['count_fhrp_groups', zero()],
    ['_occupied', computed(() => false)],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'device', 'name', 'description', 'cable', '_occupied'],
  display: (r) => String(r.name),
  order: (a, b, db) =>
    collator.compare(
      String(db.get('dcim/devices', a.device as number)?.name ?? ''),
      String(db.get('dcim/devices', b.device as number)?.name ?? ''),
    ) || byName()(a, b),
  search: ['name', 'label', 'description'],
  unique: [uniqueTogether(['device', 'name'])],
  clean(row, _old, db, p, errors) {
    checkSiblings(row, db, 'dcim/interfaces', 'device', ['parent', 'bridge', 'lag'], errors);
    if (p.macObjects) checkPrimaryMac(row, db, 'dcim.interface', errors);
  },
};

export const macAddresses: ModelSpec = {
  endpoint: 'dcim/mac-addresses',
  contentType: 'dcim.macaddress',
  className: 'MACAddress',
  verbose: 'MAC address',
  when: macObjects,
  fields: [
    ['mac_address', { kind: 'string', mac: true, required: true }],
    ['assigned_object_type', { kind: 'string', nullable: true, default: null }],
    ['assigned_object_id', { kind: 'int', min: 0, nullable: true, default: null }],
    [
      'assigned_object',
      computed((r, { nested }) =>
        nested(
          r.assigned_object_type === 'dcim.interface' ? 'dcim/interfaces' : 'virtualization/interfaces',
          r.assigned_object_id,
        ),
      ),
    ],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments()],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'mac_address', 'description'],
  display: (r) => String(r.mac_address),
  order: (a, b) => String(a.mac_address).localeCompare(String(b.mac_address)),
  search: ['mac_address', 'description', 'comments'],
  unique: [],
  generic: {
    typeField: 'assigned_object_type',
    idField: 'assigned_object_id',
    targets: { 'dcim.interface': 'dcim/interfaces', 'virtualization.vminterface': 'virtualization/interfaces' },
    onDelete: 'cascade',
  },
  clean(row, old, db, _p, errors) {
    if (!old) return;
    const moved =
      old.assigned_object_type !== row.assigned_object_type || old.assigned_object_id !== row.assigned_object_id;
    if (!moved || typeof old.assigned_object_id !== 'number') return;
    const ep = old.assigned_object_type === 'dcim.interface' ? 'dcim/interfaces' : 'virtualization/interfaces';
    if (db.get(ep, old.assigned_object_id)?.primary_mac_address === row.id) {
      addError(
        errors,
        'non_field_errors',
        'Cannot unassign MAC Address while it is designated as the primary MAC for an object',
      );
    }
  },
};
