import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';
import { envelope, parsePage } from '@/lib/api/query';
import { call, callJson, ORIGIN, setupApi, teardownApi, type ApiEnv, type ListBody } from './helpers';
import { seedInventory, type Seeded } from './seed';

// The list envelope and pagination, the API root, brief/fields/omit, choices, nested brief
// objects, derived custom fields, 404s and response headers.

let env: ApiEnv;
let s: Seeded;
const VMS = '/api/virtualization/virtual-machines/';

beforeAll(async () => {
  env = await setupApi();
  s = await seedInventory();
});
afterAll(() => teardownApi(env));

describe(`list envelope and pagination on ${testDriver}`, () => {
  it('pages with absolute next/previous URLs that keep every other parameter', async () => {
    const page1 = await callJson<ListBody>(env, 'GET', `${VMS}?status=active&limit=1`);
    expect(page1.body).toMatchObject({
      count: 3,
      next: `${ORIGIN}${VMS}?limit=1&offset=1&status=active`,
      previous: null,
    });
    expect(page1.body.results.map((r) => r.id)).toEqual([s.vms.a]);
    const page2 = await callJson<ListBody>(env, 'GET', `${VMS}?status=active&limit=1&offset=1`);
    expect(page2.body).toMatchObject({
      count: 3,
      next: `${ORIGIN}${VMS}?limit=1&offset=2&status=active`,
      previous: `${ORIGIN}${VMS}?limit=1&status=active`,
    });
    const page3 = await callJson<ListBody>(env, 'GET', `${VMS}?status=active&limit=1&offset=2`);
    expect(page3.body).toMatchObject({
      count: 3,
      next: null,
      previous: `${ORIGIN}${VMS}?limit=1&offset=1&status=active`,
    });
    expect(page3.body.results.map((r) => r.id)).toEqual([s.vms.web10]);
    const beyond = await callJson<ListBody>(env, 'GET', `${VMS}?offset=10`);
    expect(beyond.body).toMatchObject({ count: 5, next: null, results: [] });
    const repeated = await callJson<ListBody>(env, 'GET', `${VMS}?tag=gold&limit=1&status=active&status=offline`);
    expect(repeated.body.next).toBe(`${ORIGIN}${VMS}?limit=1&offset=1&status=active&status=offline&tag=gold`);
  });

  it('defaults to 50, clamps limit to 1000, treats limit=0 as the maximum and ignores bad values', async () => {
    expect(parsePage(new URLSearchParams(''))).toEqual({ limit: 50, offset: 0 });
    expect(parsePage(new URLSearchParams('limit=5000&offset=7'))).toEqual({ limit: 1000, offset: 7 });
    expect(parsePage(new URLSearchParams('limit=0'))).toEqual({ limit: 1000, offset: 0 });
    expect(parsePage(new URLSearchParams('limit=-3&offset=x'))).toEqual({ limit: 50, offset: 0 });
    const url = new URL(`${ORIGIN}${VMS}?limit=5000&q=a`);
    expect(envelope(ORIGIN, url, parsePage(url.searchParams), 2500, [])).toEqual({
      count: 2500,
      next: `${ORIGIN}${VMS}?limit=1000&offset=1000&q=a`,
      previous: null,
      results: [],
    });
    const all = await callJson<ListBody>(env, 'GET', `${VMS}?limit=0`);
    expect(all.body).toMatchObject({ count: 5, next: null, previous: null });
    expect(all.body.results).toHaveLength(5);
    expect((await callJson<ListBody>(env, 'GET', `${VMS}?limit=5000`)).body.results).toHaveLength(5);
  });

  it('supports NetBox 4.6 cursor pagination (start=) with a null count', async () => {
    const { a, b, web1, web10 } = s.vms;
    const first = await callJson<ListBody>(
      env,
      'GET',
      `${VMS}?start=0&limit=2&status=active&status=offline&status=planned`,
    );
    expect(first.body).toMatchObject({
      count: null,
      previous: null,
      next: `${ORIGIN}${VMS}?limit=2&start=${b + 1}&status=active&status=offline&status=planned`,
    });
    expect(first.body.results.map((r) => r.id)).toEqual([a, b]);
    const last = await callJson<ListBody>(env, 'GET', `${VMS}?start=${web1}&limit=3`);
    expect(last.body).toMatchObject({ count: null, next: null });
    expect(last.body.results.map((r) => r.id)).toEqual([web1, web10].sort((x, y) => x - y));
    expect(await callJson(env, 'GET', `${VMS}?start=0&offset=5`)).toMatchObject({
      status: 400,
      body: { detail: "'start' and 'offset' are mutually exclusive." },
    });
    expect(await callJson(env, 'GET', `${VMS}?start=0&ordering=name`)).toMatchObject({
      status: 400,
      body: { detail: 'Ordering cannot be specified in conjunction with cursor-based pagination.' },
    });
    expect((await callJson(env, 'GET', `${VMS}?start=-1`)).status).toBe(400);
  });

  it('serves the API root and app indexes with absolute URLs, with and without trailing slash', async () => {
    expect((await callJson(env, 'GET', '/api/')).body).toEqual({
      core: `${ORIGIN}/api/core/`,
      dcim: `${ORIGIN}/api/dcim/`,
      extras: `${ORIGIN}/api/extras/`,
      ipam: `${ORIGIN}/api/ipam/`,
      plugins: `${ORIGIN}/api/plugins/`,
      status: `${ORIGIN}/api/status/`,
      tenancy: `${ORIGIN}/api/tenancy/`,
      virtualization: `${ORIGIN}/api/virtualization/`,
    });
    expect((await callJson(env, 'GET', '/api/plugins/proxbox/endpoints/')).body).toEqual({
      fastapi: `${ORIGIN}/api/plugins/proxbox/endpoints/fastapi/`,
      netbox: `${ORIGIN}/api/plugins/proxbox/endpoints/netbox/`,
      proxmox: `${ORIGIN}/api/plugins/proxbox/endpoints/proxmox/`,
    });
    expect((await callJson<Record<string, string>>(env, 'GET', '/api/virtualization')).body.interfaces).toBe(
      `${ORIGIN}/api/virtualization/interfaces/`,
    );
    expect((await callJson<ListBody>(env, 'GET', '/api/virtualization/virtual-machines')).body.count).toBe(5);
  });

  it('answers NetBox 404 bodies for unknown paths and objects', async () => {
    expect(await callJson(env, 'GET', `${VMS}999999/`)).toMatchObject({
      status: 404,
      body: { detail: 'No VirtualMachine matches the given query.' },
    });
    expect(await callJson(env, 'GET', `${VMS}abc/`)).toMatchObject({
      status: 404,
      body: { detail: 'No VirtualMachine matches the given query.' },
    });
    expect(await callJson(env, 'GET', '/api/virtualization/interfaces/424242/')).toMatchObject({
      status: 404,
      body: { detail: 'No VMInterface matches the given query.' },
    });
    expect(await callJson(env, 'GET', '/api/dcim/nothing-here/')).toMatchObject({
      status: 404,
      body: { detail: 'Not found.' },
    });
    expect((await callJson(env, 'GET', '/api/dcim/nothing-here/', { key: null })).status).toBe(404);
  });

  it('sends API-Version and X-Request-ID on every response', async () => {
    for (const res of [
      await call(env, 'GET', VMS),
      await call(env, 'GET', `${VMS}0/`),
      await call(env, 'GET', VMS, { key: null }),
    ]) {
      expect(res.headers.get('api-version')).toBe('4.6');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });
});

describe(`representation on ${testDriver}`, () => {
  it('renders ids, absolute urls, choices as {value, label} and FKs as nested brief objects', async () => {
    const { body: vm } = await callJson(env, 'GET', `${VMS}${s.vms.a}/`);
    expect(vm).toMatchObject({
      id: s.vms.a,
      url: `${ORIGIN}${VMS}${s.vms.a}/`,
      display_url: `${ORIGIN}/virtual-machines/${s.vms.a}`,
      display: 'vm-a',
      name: 'vm-a',
      status: { value: 'active', label: 'Active' },
      start_on_boot: { value: 'on', label: 'On' },
      guest_type: { value: 'qemu', label: 'QEMU' },
      interface_count: 1,
      virtual_disk_count: 1,
      config_context: {},
      tenant: null,
    });
    expect(vm.cluster).toEqual({
      id: s.prod,
      url: `${ORIGIN}/api/virtualization/clusters/${s.prod}/`,
      display: 'prod',
      name: 'prod',
      description: '',
    });
    expect(vm.tags).toEqual([
      {
        id: s.tags.gold,
        url: `${ORIGIN}/api/extras/tags/${s.tags.gold}/`,
        display_url: `${ORIGIN}/tags/${s.tags.gold}`,
        display: 'Gold',
        name: 'Gold',
        slug: 'gold',
        color: 'ffd700',
      },
    ]);
    const { body: disk } = await callJson(env, 'GET', `/api/virtualization/virtual-disks/${s.disk}/`);
    expect(disk.virtual_machine).toEqual({
      id: s.vms.a,
      url: `${ORIGIN}${VMS}${s.vms.a}/`,
      display: 'vm-a',
      name: 'vm-a',
      description: '',
    });
    const { body: ip } = await callJson(env, 'GET', `/api/ipam/ip-addresses/${s.ip}/`);
    expect(ip).toMatchObject({
      family: { value: 4, label: 'IPv4' },
      assigned_object_type: 'virtualization.vminterface',
      assigned_object: { id: s.vmInterface, name: 'net0' },
    });
  });

  it('derives the Proxmox custom fields of VMs and node devices from the real columns', async () => {
    const get = async (path: string) => (await callJson(env, 'GET', path)).body.custom_fields;
    expect(await get(`${VMS}${s.vms.a}/`)).toEqual({
      proxmox_vm_id: 100,
      proxmox_vm_type: 'qemu',
      proxmox_node: 'pve1',
      proxmox_cluster: 'pve-cluster',
      proxmox_status: 'running',
      proxmox_start_at_boot: true,
      proxmox_qemu_agent: true,
      proxmox_unprivileged_container: null,
      proxmox_search_domain: null,
      proxmox_link: 'https://pve.example.com:8006/#v1:0:=qemu%2F100',
    });
    expect(await get(`${VMS}${s.vms.b}/`)).toMatchObject({
      proxmox_vm_id: 101,
      proxmox_vm_type: 'lxc',
      proxmox_start_at_boot: false,
      proxmox_unprivileged_container: true,
      proxmox_search_domain: 'lab.local',
      proxmox_link: 'https://pve.example.com:8006/#v1:0:=lxc%2F101',
    });
    expect(await get(`${VMS}${s.vms.c}/`)).toEqual({
      proxmox_vm_id: null,
      proxmox_vm_type: null,
      proxmox_node: null,
      proxmox_cluster: null,
      proxmox_status: null,
      proxmox_start_at_boot: null,
      proxmox_qemu_agent: null,
      proxmox_unprivileged_container: null,
      proxmox_search_domain: null,
      proxmox_link: null,
      owner: 'ops',
    });
    expect(await get(`/api/dcim/devices/${s.device}/`)).toEqual({
      proxmox_node: 'pve1',
      proxmox_cluster: 'pve-cluster',
      proxmox_link: 'https://pve.example.com:8006/#v1:0:=node%2Fpve1',
    });
  });

  it('brief, fields and omit shape the objects', async () => {
    const brief = await callJson<ListBody>(env, 'GET', `${VMS}?brief=1&limit=1`);
    expect(brief.body.results[0]).toEqual({
      id: s.vms.a,
      url: `${ORIGIN}${VMS}${s.vms.a}/`,
      display: 'vm-a',
      name: 'vm-a',
      description: '',
    });
    expect(
      Object.keys((await callJson<ListBody>(env, 'GET', '/api/virtualization/clusters/?brief=true')).body.results[0]),
    ).toEqual(['id', 'url', 'display', 'name', 'description', 'virtualmachine_count']);
    expect(Object.keys((await callJson(env, 'GET', `${VMS}${s.vms.a}/?brief=1`)).body)).toEqual([
      'id',
      'url',
      'display',
      'name',
      'description',
    ]);
    expect(
      (await callJson<ListBody>(env, 'GET', `${VMS}?fields=id,name,status,bogus&limit=1`)).body.results[0],
    ).toEqual({ id: s.vms.a, name: 'vm-a', status: { value: 'active', label: 'Active' } });
    const omitted = (await callJson(env, 'GET', `${VMS}${s.vms.a}/?omit=custom_fields,tags,config_context`)).body;
    expect(omitted).not.toHaveProperty('custom_fields');
    expect(omitted).not.toHaveProperty('tags');
    expect(omitted).toHaveProperty('cluster');
    expect(Object.keys((await callJson(env, 'GET', `${VMS}${s.vms.a}/?fields=id&omit=id`)).body)).toEqual(['id']);
  });
});
