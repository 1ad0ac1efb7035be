// Tenants (tenancy).
import { byName, comments, count, organizational, owner, zero } from './common';
import type { ModelSpec } from './types';

const org = organizational('tenant');

export const tenants: ModelSpec = {
  endpoint: 'tenancy/tenants',
  contentType: 'tenancy.tenant',
  className: 'Tenant',
  verbose: 'tenant',
  fields: [
    ['name', org.fields[0][1]],
    ['slug', org.fields[1][1]],
    ['group', { kind: 'computed', render: () => null }],
    ['description', org.fields[2][1]],
    ['comments', comments()],
    ['owner', owner()],
    ['circuit_count', zero()],
    ['device_count', count('dcim/devices', 'tenant')],
    ['ipaddress_count', count('ipam/ip-addresses', 'tenant')],
    ['prefix_count', zero()],
    ['rack_count', zero()],
    ['site_count', count('dcim/sites', 'tenant')],
    ['virtualmachine_count', count('virtualization/virtual-machines', 'tenant')],
    ['vlan_count', zero()],
    ['vrf_count', zero()],
    ['cluster_count', count('virtualization/clusters', 'tenant')],
  ],
  tagged: true,
  customFields: true,
  brief: ['id', 'url', 'display', 'name', 'slug', 'description'],
  display: (r) => String(r.name),
  order: byName(),
  search: ['name', 'slug', 'description', 'comments'],
  unique: org.unique,
};
