import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';
import { callJson, make, setupApi, teardownApi, type ApiEnv, type ListBody } from './helpers';
import { loadNetBoxSpec, responseSchema, validate, type OpenApiDoc } from './openapi-validator';
import { seedInventory, type Seeded } from './seed';

// Our list and detail responses for NetBox's core objects, validated against NetBox's own
// OpenAPI schemas (tests/fixtures/netbox, 4.2.2 subset + 4.6.8 excerpt, README relaxations).

let env: ApiEnv;
let spec: OpenApiDoc;
let seeded: Seeded;

beforeAll(async () => {
  env = await setupApi();
  spec = loadNetBoxSpec();
  seeded = await seedInventory();
  const platform = await make('platforms', { name: 'Debian', slug: 'debian' });
  await make('cluster-groups', { name: 'Europe', slug: 'europe' });
  await make('virtual-machine-types', { name: 'QEMU', slug: 'qemu', defaultPlatformId: platform });
  const ip6 = await make('ip-addresses', {
    address: '2001:db8::5/64',
    assignedObjectType: 'virtualization.vminterface',
    assignedObjectId: seeded.vmInterface,
    role: 'vip',
  });
  const patchA = await callJson(env, 'PATCH', `/api/virtualization/virtual-machines/${seeded.vms.a}/`, {
    body: { platform, primary_ip4: seeded.ip, primary_ip6: ip6, site: seeded.site, role: { slug: 'hypervisor' } },
  });
  expect(patchA.status).toBe(200);
  const patchC = await callJson(env, 'PATCH', `/api/virtualization/virtual-machines/${seeded.vms.c}/`, {
    body: { virtual_machine_type: { slug: 'qemu' }, local_context_data: { ntp: ['10.0.0.1'] } },
  });
  expect(patchC.status).toBe(200);
  const parent = await make('interfaces', { deviceId: seeded.device, name: 'bond0', type: 'lag' });
  await make('interfaces', {
    deviceId: seeded.device,
    name: 'eno1',
    type: '1000base-t',
    lagId: parent,
    macAddress: 'BC:24:11:00:00:AA',
  });
  await make('vlans', { vid: 10, name: 'servers', siteId: seeded.site });
  await make('journal-entries', {
    assignedObjectType: 'virtualization.virtualmachine',
    assignedObjectId: seeded.vms.a,
    kind: 'warning',
    comments: 'Disk almost full',
  });
});
afterAll(() => teardownApi(env));

const CORE_PATHS = [
  '/api/dcim/sites/',
  '/api/dcim/manufacturers/',
  '/api/dcim/device-types/',
  '/api/dcim/device-roles/',
  '/api/dcim/platforms/',
  '/api/dcim/devices/',
  '/api/dcim/interfaces/',
  '/api/virtualization/cluster-types/',
  '/api/virtualization/cluster-groups/',
  '/api/virtualization/clusters/',
  '/api/virtualization/virtual-machines/',
  '/api/virtualization/interfaces/',
  '/api/virtualization/virtual-disks/',
  '/api/ipam/ip-addresses/',
  '/api/extras/tags/',
  '/api/extras/journal-entries/',
  '/api/core/object-changes/',
  '/api/tenancy/tenants/',
];

describe(`responses match NetBox's OpenAPI schemas on ${testDriver}`, () => {
  it.each(CORE_PATHS)('%s list and detail', async (path) => {
    const list = await callJson<ListBody>(env, 'GET', path);
    expect(list.status).toBe(200);
    expect(list.body.count).toBeGreaterThan(0);
    expect(validate(spec, responseSchema(spec, path), list.body)).toEqual([]);
    for (const item of list.body.results.slice(0, 3)) {
      const detail = await callJson(env, 'GET', `${path}${item.id}/`);
      expect(detail.status).toBe(200);
      expect(validate(spec, responseSchema(spec, `${path}{id}/`), detail.body)).toEqual([]);
    }
  });

  it.each([
    ['/api/virtualization/virtual-machine-types/', 'VirtualMachineType'],
    ['/api/ipam/vlans/', 'VLAN'],
  ])('%s matches %s (schemas without a path in the subset)', async (path, name) => {
    const list = await callJson<ListBody>(env, 'GET', path);
    expect(list.body.results.length).toBeGreaterThan(0);
    for (const item of list.body.results)
      expect(validate(spec, { $ref: `#/components/schemas/${name}` }, item)).toEqual([]);
  });

  it.each([
    ['/api/virtualization/clusters/?brief=1', 'BriefCluster'],
    ['/api/virtualization/virtual-machines/?brief=1', 'BriefVirtualMachine'],
    ['/api/dcim/device-types/?brief=1', 'BriefDeviceType'],
    ['/api/dcim/platforms/?brief=1', 'BriefPlatform'],
    ['/api/ipam/ip-addresses/?brief=1', 'BriefIPAddress'],
    ['/api/tenancy/tenants/?brief=1', 'BriefTenant'],
  ])('%s items match %s', async (path, name) => {
    const list = await callJson<ListBody>(env, 'GET', path);
    for (const item of list.body.results)
      expect(validate(spec, { $ref: `#/components/schemas/${name}` }, item)).toEqual([]);
  });

  it('the validator rejects what NetBox would not send', () => {
    const vm = responseSchema(spec, '/api/virtualization/virtual-machines/{id}/');
    expect(
      validate(spec, vm, {
        id: 1,
        url: 'http://x/api/1/',
        display: 'x',
        name: 'x',
        status: { value: 'running', label: 'Running' },
      }),
    ).toEqual([
      '$: missing required "config_context"',
      '$: missing required "created"',
      '$: missing required "display_url"',
      '$: missing required "interface_count"',
      '$: missing required "last_updated"',
      '$: missing required "primary_ip"',
      '$: missing required "virtual_disk_count"',
      '$.status.value: "running" not in enum ["offline","active","planned","staged","failed","decommissioning","paused"]',
      '$.status.label: "Running" not in enum ["Offline","Active","Planned","Staged","Failed","Decommissioning","Paused"]',
    ]);
  });
});
