// IP addresses, with NetBox's global uniqueness (ENFORCE_GLOBAL_UNIQUE, on by default).
import { comments, computed, description, fk, owner, str } from './common';
import { IP_ENDPOINT, parseIp } from './ip';
import { addError, type ModelSpec, type Row } from './types';

/** Roles that may share an address (`IPADDRESS_ROLES_NONUNIQUE`). */
const NON_UNIQUE_ROLES = new Set(['anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp']);
const ROLES = ['loopback', 'secondary', 'anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp'];
const ROLE_LABELS: Record<string, string> = {
  loopback: 'Loopback',
  secondary: 'Secondary',
  anycast: 'Anycast',
  vip: 'VIP',
  vrrp: 'VRRP',
  hsrp: 'HSRP',
  glbp: 'GLBP',
  carp: 'CARP',
};
const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  reserved: 'Reserved',
  deprecated: 'Deprecated',
  dhcp: 'DHCP',
  slaac: 'SLAAC',
};
const TARGETS: Record<string, string> = {
  'dcim.interface': 'dcim/interfaces',
  'virtualization.vminterface': 'virtualization/interfaces',
};

export const ipAddresses: ModelSpec = {
  endpoint: IP_ENDPOINT,
  contentType: 'ipam.ipaddress',
  className: 'IPAddress',
  verbose: 'IP address',
  fields: [
    ['family', computed((r) => ({ value: r._family, label: `IPv${String(r._family)}` }))],
    ['address', str(undefined, { required: true })],
    ['vrf', computed(() => null)],
    ['tenant', fk('tenancy/tenants', 'protect')],
    ['status', { kind: 'choice', choices: Object.keys(STATUS_LABELS), labels: STATUS_LABELS, default: 'active' }],
    ['role', { kind: 'choice', choices: ROLES, labels: ROLE_LABELS, default: null, nullable: true }],
    ['assigned_object_type', { kind: 'string', nullable: true, default: null }],
    ['assigned_object_id', { kind: 'int', min: 0, nullable: true, default: null }],
    [
      'assigned_object',
      computed((r, { nested }) =>
        typeof r.assigned_object_type === 'string'
          ? nested(TARGETS[r.assigned_object_type], r.assigned_object_id)
          : null,
      ),
    ],
    ['nat_inside', fk(IP_ENDPOINT, 'null', { render: 'ip' })],
    [
      'nat_outside',
      computed((r, { db, nested }) =>
        [...db.referrers(IP_ENDPOINT, 'nat_inside', r.id)]
          .sort((a, b) => a - b)
          .map((id) => nested(IP_ENDPOINT, id, 'ip')),
      ),
    ],
    ['dns_name', str(255)],
    ['description', description()],
    ['owner', owner()],
    ['comments', comments()],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'family', 'address', 'description'],
  display: (r) => String(r.address),
  order: (a, b) => compareIps(a, b),
  search: ['address', 'dns_name', 'description', 'comments'],
  unique: [
    {
      fields: ['_host'],
      when: (r) => !NON_UNIQUE_ROLES.has(String(r.role)),
      error: (_row, other) => ({ address: [`Duplicate IP address found in global table: ${String(other?.address)}`] }),
    },
  ],
  generic: { typeField: 'assigned_object_type', idField: 'assigned_object_id', targets: TARGETS, onDelete: 'cascade' },
  prepare(row) {
    const ip = typeof row.address === 'string' ? parseIp(row.address) : null;
    if (ip) {
      row.address = ip.text;
      row._host = ip.host;
      row._family = ip.family;
      row._sort = ip.sortKey;
    }
  },
  clean(row: Row, old, db, _p, errors) {
    const ip = typeof row.address === 'string' ? parseIp(row.address) : null;
    if (!ip) {
      addError(errors, 'address', `Invalid IP address format: ${String(row.address)}`);
      return;
    }
    if (ip.prefix === 0) addError(errors, 'address', 'Cannot create IP address with /0 mask.');
    if (
      typeof row.dns_name === 'string' &&
      row.dns_name !== '' &&
      !/^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$/.test(row.dns_name)
    ) {
      addError(
        errors,
        'dns_name',
        'Only alphanumeric characters, asterisks, hyphens, periods, and underscores are allowed in DNS names',
      );
    }
    // An exempt role may share an address only with other exempt roles.
    if (NON_UNIQUE_ROLES.has(String(row.role))) {
      for (const other of db.all(IP_ENDPOINT)) {
        if (other.id !== row.id && other._host === ip.host && !NON_UNIQUE_ROLES.has(String(other.role))) {
          addError(errors, 'address', `Duplicate IP address found in global table: ${String(other.address)}`);
          break;
        }
      }
    }
    if (
      old &&
      typeof old.assigned_object_id === 'number' &&
      (old.assigned_object_type !== row.assigned_object_type || old.assigned_object_id !== row.assigned_object_id)
    ) {
      const ep = old.assigned_object_type === 'dcim.interface' ? 'dcim/interfaces' : 'virtualization/interfaces';
      const parentEp = ep === 'dcim/interfaces' ? 'dcim/devices' : 'virtualization/virtual-machines';
      const iface = db.get(ep, old.assigned_object_id);
      const parent = iface ? db.get(parentEp, (iface.device ?? iface.virtual_machine) as number) : undefined;
      if (parent && (parent.primary_ip4 === row.id || parent.primary_ip6 === row.id)) {
        addError(
          errors,
          'assigned_object',
          'Cannot reassign IP address while it is designated as the primary IP for the parent object',
        );
      }
    }
  },
};

function compareIps(a: Row, b: Row): number {
  const ka = String(a._sort ?? '');
  const kb = String(b._sort ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
