import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetboxVersion } from '@/simulators/netbox';
import { buildEstate } from './estate';
import { results, specFor, startClient, violations, type Client, type Obj } from './helpers';
import type { OpenApiDoc } from '../../lib/api/openapi-validator';

// Every endpoint's list, detail and brief responses, per release, against NetBox's own schemas.
// The third column names the brief schema, or lists the brief keys where the fixtures have no
// Brief schema for the model.
const ENDPOINTS: [string, string, string | string[]][] = [
  ['extras/tags', 'Tag', 'NestedTag'],
  ['extras/custom-fields', 'CustomField', ['id', 'url', 'display', 'name', 'description']],
  ['tenancy/tenants', 'Tenant', 'BriefTenant'],
  ['dcim/sites', 'Site', 'BriefSite'],
  ['dcim/manufacturers', 'Manufacturer', 'BriefManufacturer'],
  ['dcim/device-types', 'DeviceType', 'BriefDeviceType'],
  ['dcim/device-roles', 'DeviceRole', 'BriefDeviceRole'],
  ['dcim/platforms', 'Platform', 'BriefPlatform'],
  ['dcim/devices', 'DeviceWithConfigContext', 'BriefDevice'],
  ['dcim/interfaces', 'Interface', 'NestedInterface'],
  ['virtualization/cluster-types', 'ClusterType', 'BriefClusterType'],
  ['virtualization/cluster-groups', 'ClusterGroup', 'BriefClusterGroup'],
  ['virtualization/clusters', 'Cluster', 'BriefCluster'],
  ['virtualization/virtual-machines', 'VirtualMachineWithConfigContext', 'BriefVirtualMachine'],
  ['virtualization/interfaces', 'VMInterface', 'NestedVMInterface'],
  [
    'virtualization/virtual-disks',
    'VirtualDisk',
    ['id', 'url', 'display', 'virtual_machine', 'name', 'description', 'size'],
  ],
  ['ipam/ip-addresses', 'IPAddress', 'BriefIPAddress'],
];

describe.each(['4.0', '4.2', '4.6'] as NetboxVersion[])(
  'NetBox %s responses validate against the OpenAPI schema',
  (version) => {
    let c: Client;
    let spec: OpenApiDoc;
    let estate: Record<string, Obj>;
    beforeAll(async () => {
      c = await startClient({ version });
      spec = specFor(version);
      estate = await buildEstate(c, version);
    });
    afterAll(() => c.sim.stop());

    it.each(ENDPOINTS)('%s list, detail and brief', async (endpoint, component, brief) => {
      const list = await c.get(`/api/${endpoint}/`);
      expect(list.status).toBe(200);
      const items = results(list);
      expect(items.length).toBeGreaterThan(0);
      // NetBox 4.0 had no allocated_* counters on clusters (added in 4.2); it is checked against 4.2.2.
      const absentIn40 = version === '4.0' ? /missing required "allocated_(vcpus|memory|disk)"/ : /^$/;
      for (const item of items)
        expect(violations(spec, component, item).filter((v) => !absentIn40.test(v))).toEqual([]);
      const detail = await c.get(`/api/${endpoint}/${String(items[0].id)}/`);
      expect(detail.body).toEqual(items[0]);
      const briefList = results(await c.get(`/api/${endpoint}/?brief=1`));
      for (const item of briefList) {
        if (Array.isArray(brief)) expect(Object.keys(item)).toEqual(brief);
        else expect(violations(spec, brief, item)).toEqual([]);
      }
      expect(Object.keys(briefList[0]).length).toBeLessThan(Object.keys(items[0]).length);
    });

    it('the paginated envelope matches the list schema', async () => {
      const r = await c.get('/api/virtualization/virtual-machines/');
      expect(violations(spec, 'PaginatedVirtualMachineWithConfigContextList', r.body)).toEqual([]);
    });

    it('renders a VM with nested brief objects, choices, tags, custom fields and timestamps', () => {
      const vm = estate.vm;
      const base = c.sim.url;
      expect(vm.url).toBe(`${base}/api/virtualization/virtual-machines/${String(vm.id)}/`);
      expect(vm.display_url).toBe(`${base}/virtualization/virtual-machines/${String(vm.id)}/`);
      expect(vm.display).toBe('web01');
      expect(vm.status).toEqual({ value: 'active', label: 'Active' });
      expect(vm.cluster).toEqual({
        id: estate.cluster.id,
        url: `${base}/api/virtualization/clusters/${String(estate.cluster.id)}/`,
        display: 'cluster1',
        name: 'cluster1',
        description: '',
      });
      expect(vm.site).toMatchObject({ id: estate.site.id, slug: 'dc1' });
      expect(vm.tags).toEqual([
        {
          id: estate.tag.id,
          url: `${base}/api/extras/tags/${String(estate.tag.id)}/`,
          display_url: `${base}/extras/tags/${String(estate.tag.id)}/`,
          display: 'proxbox',
          name: 'proxbox',
          slug: 'proxbox',
          color: 'ff5722',
        },
      ]);
      expect(vm.custom_fields).toEqual({ proxmox_node: 'pve1', proxmox_vm_id: 100 });
      expect(vm.created).toBe('2026-03-01T12:00:00.123000Z');
      expect(vm.disk).toBe(32000);
      expect(vm.interface_count).toBe(1);
      expect(vm.virtual_disk_count).toBe(1);
      expect((vm.primary_ip as Obj).address).toBe('fd00::10/64');
      expect((vm.primary_ip4 as Obj).family).toEqual({ value: 4, label: 'IPv4' });
      if (version === '4.6') {
        expect(vm.start_on_boot).toEqual({ value: 'on', label: 'On' });
        expect(vm.virtual_machine_type).toMatchObject({ id: estate.vmType.id, slug: 'small' });
        expect(vm.owner).toBeNull();
      } else {
        expect(vm).not.toHaveProperty('start_on_boot');
        expect(vm).not.toHaveProperty('virtual_machine_type');
        expect(vm).not.toHaveProperty('owner');
      }
    });

    it('MAC addresses are objects from 4.2, a plain interface field before', async () => {
      const iface = (await c.get(`/api/virtualization/interfaces/${String(estate.vmIface.id)}/`)).body as Obj;
      expect(iface.mac_address).toBe('BC:24:11:AA:00:01');
      if (version === '4.0') {
        expect(iface).not.toHaveProperty('primary_mac_address');
        expect((await c.get('/api/dcim/mac-addresses/')).status).toBe(404);
      } else {
        expect(iface.primary_mac_address).toMatchObject({ id: estate.mac.id, mac_address: 'BC:24:11:AA:00:01' });
        expect(violations(spec, 'BriefMACAddress', iface.primary_mac_address)).toEqual([]);
        expect(iface.mac_addresses).toEqual([iface.primary_mac_address]);
      }
    });

    it('the device and the cluster render their relations and counters', async () => {
      const cluster = (await c.get(`/api/virtualization/clusters/${String(estate.cluster.id)}/`)).body as Obj;
      expect(cluster.virtualmachine_count).toBe(1);
      expect(cluster.device_count).toBe(1);
      if (version === '4.0') expect(cluster.site).toMatchObject({ slug: 'dc1' });
      else {
        expect(cluster.scope_type).toBe('dcim.site');
        expect(cluster.scope).toMatchObject({ id: estate.site.id, slug: 'dc1' });
        expect(cluster.allocated_memory).toBe(4096);
      }
      expect(estate.device.primary_ip4).toMatchObject({ address: '192.168.10.11/24' });
      expect(estate.device.custom_fields).toEqual({ proxmox_node: 'pve1' });
    });
  },
);
