import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';
import { listApiKeys } from '@/lib/auth/api-keys';
import { call, callJson, make, setupApi, teardownApi, type ApiEnv, type ListBody } from './helpers';
import { seedInventory, type Seeded } from './seed';
import { systemActor } from '@/lib/data/actor';

// Single-object writes: 201/200/204, related objects by id or attributes, NetBox's 400 bodies
// keyed by API name, sync-owned fields, derived custom fields, 404/405/409/415, change log.

let env: ApiEnv;
let s: Seeded;
const VMS = '/api/virtualization/virtual-machines/';

beforeAll(async () => {
  env = await setupApi();
  s = await seedInventory();
});
afterAll(() => teardownApi(env));

describe(`single writes on ${testDriver}`, () => {
  it('creates (201) with related objects and tags by attributes, and logs the change under the key', async () => {
    const res = await call(env, 'POST', VMS, {
      body: {
        name: 'api-vm',
        cluster: { name: 'lab' },
        tenant: { slug: 'acme' },
        status: 'staged',
        vcpus: 2,
        tags: [{ slug: 'gold' }, s.tags.silver],
      },
    });
    const vm = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(201);
    expect(vm).toMatchObject({
      name: 'api-vm',
      status: { value: 'staged', label: 'Staged' },
      cluster: { id: s.lab, name: 'lab' },
      tenant: { id: s.tenant, slug: 'acme' },
      vcpus: 2,
    });
    expect((vm.tags as { slug: string }[]).map((t) => t.slug)).toEqual(['gold', 'silver']);
    const changes = await callJson<ListBody>(
      env,
      'GET',
      `/api/core/object-changes/?changed_object_type=virtualization.virtualmachine&changed_object_id=${vm.id}`,
    );
    const keyId = listApiKeys(systemActor).find((k) => k.description === 'tests')!.keyId;
    expect(changes.body.results).toHaveLength(1);
    expect(changes.body.results[0]).toMatchObject({
      action: { value: 'create', label: 'Created' },
      user_name: `api-key:${keyId}`,
      request_id: res.headers.get('x-request-id'),
      user: null,
    });
    expect(changes.body.results[0].postchange_data).toMatchObject({
      name: 'api-vm',
      cluster: s.lab,
      status: 'staged',
      tags: ['gold', 'silver'],
    });
  });

  it('reports related-object, choice and validation errors keyed by API name', async () => {
    const post = (body: unknown) => callJson(env, 'POST', VMS, { body });
    expect((await post({ name: 'x', cluster: 999999 })).body).toEqual({
      cluster: ['Related object not found using the provided numeric ID: 999999'],
    });
    expect((await post({ name: 'x', cluster: { name: 'nope' } })).body).toEqual({
      cluster: ['Related object not found using the provided attributes: {"name":"nope"}'],
    });
    expect((await post({ name: 'x', cluster: s.lab, status: { value: 'active' } })).body).toEqual({
      status: ['Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.'],
    });
    expect(await post({ name: 'x', cluster: s.lab, status: 'running' })).toMatchObject({
      status: 400,
      body: { status: ['"running" is not a valid choice.'] },
    });
    expect(await post({ name: 'x' })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['A virtual machine must be assigned to a site, cluster, or device.'] },
    });
    expect(await post({ name: 'vm-a', cluster: s.prod })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Virtual machine name must be unique per cluster.'] },
    });
    expect((await callJson(env, 'POST', '/api/dcim/sites/', { body: { name: 'No slug' } })).body).toEqual({
      slug: ['This field is required.'],
    });
    await make('virtual-machines', { name: 'dup', clusterId: s.prod });
    await make('virtual-machines', { name: 'dup', clusterId: s.lab });
    expect(
      (
        await callJson(env, 'POST', '/api/virtualization/interfaces/', {
          body: { virtual_machine: { name: 'dup' }, name: 'eth0' },
        })
      ).body,
    ).toEqual({
      virtual_machine: ['Multiple objects match the provided attributes: {"name":"dup"}'],
    });
    const ok = await callJson(env, 'POST', '/api/virtualization/interfaces/', {
      body: { virtual_machine: { name: 'dup', cluster: { name: 'lab' } }, name: 'eth0' },
    });
    expect(ok.status).toBe(201);
  });

  it('PATCH updates (200), merges custom_fields, and refuses sync-owned fields with a 400', async () => {
    const patched = await callJson(env, 'PATCH', `${VMS}${s.vms.c}/`, {
      body: { memory: 12288, description: 'db', custom_fields: { team: 'data' } },
    });
    expect(patched).toMatchObject({ status: 200, body: { memory: 12288, description: 'db' } });
    expect(patched.body.custom_fields).toMatchObject({ owner: 'ops', team: 'data', proxmox_vm_id: null });
    expect(await callJson(env, 'PATCH', `${VMS}${s.vms.a}/`, { body: { vcpus: 32 } })).toMatchObject({
      status: 400,
      body: { vcpus: ['This object is managed by the Proxmox sync; change it in Proxmox instead.'] },
    });
    expect(
      (
        await callJson(env, 'PATCH', `${VMS}${s.vms.a}/`, {
          body: { description: 'users own this', vmid: 100, custom_fields: { proxmox_vm_id: 100 } },
        })
      ).status,
    ).toBe(200);
    expect(
      await callJson(env, 'PATCH', `${VMS}${s.vms.a}/`, { body: { custom_fields: { proxmox_vm_id: 5 } } }),
    ).toMatchObject({
      status: 400,
      body: {
        custom_fields: { proxmox_vm_id: ['This custom field is derived from the Proxmox sync and cannot be changed.'] },
      },
    });
    expect(
      (
        await callJson(env, 'PATCH', `/api/plugins/proxbox/proxmox-clusters/${s.pveCluster}/`, {
          body: { description: 'main' },
        })
      ).body,
    ).toMatchObject({ description: 'main' });
    expect((await callJson(env, 'PATCH', `${VMS}424242/`, { body: { description: 'x' } })).status).toBe(404);
  });

  it('PUT replaces (200) and requires the required fields', async () => {
    const site = await make('sites', { name: 'Old', slug: 'old' });
    expect(
      await callJson(env, 'PUT', `/api/dcim/sites/${site}/`, { body: { name: 'New', slug: 'new', status: 'planned' } }),
    ).toMatchObject({
      status: 200,
      body: { id: site, name: 'New', slug: 'new', status: { value: 'planned', label: 'Planned' } },
    });
    expect(await callJson(env, 'PUT', `/api/dcim/sites/${site}/`, { body: { name: 'Newer' } })).toMatchObject({
      status: 400,
      body: { slug: ['This field is required.'] },
    });
  });

  it('DELETE answers 204, then 404; blocked deletes answer 409', async () => {
    const tag = await make('tags', { name: 'Temp', slug: 'temp' });
    const res = await call(env, 'DELETE', `/api/extras/tags/${tag}/`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await callJson(env, 'GET', `/api/extras/tags/${tag}/`)).toMatchObject({
      status: 404,
      body: { detail: 'No Tag matches the given query.' },
    });
    const blocked = await callJson<{ detail: string }>(env, 'DELETE', `/api/virtualization/clusters/${s.lab}/`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toMatch(/^Unable to delete object\. \d+ dependent objects were found: /);
    expect((await callJson(env, 'GET', `/api/virtualization/clusters/${s.lab}/`)).status).toBe(200);
  });

  it('refuses what a model does not allow (405) and bodies that are not JSON (400/415)', async () => {
    expect(
      await callJson(env, 'POST', '/api/plugins/proxbox/proxmox-clusters/', { body: { name: 'x' } }),
    ).toMatchObject({ status: 405, body: { detail: 'Method "POST" not allowed.' } });
    expect((await call(env, 'PATCH', '/api/core/object-changes/1/', { body: {} })).status).toBe(405);
    expect((await call(env, 'POST', `${VMS}${s.vms.a}/`, { body: {} })).status).toBe(405);
    expect(
      await callJson(env, 'POST', VMS, { raw: 'name=x', headers: { 'content-type': 'text/plain' } }),
    ).toMatchObject({
      status: 415,
      body: { detail: 'Unsupported media type "text/plain" in request.' },
    });
    const broken = await callJson<{ detail: string }>(env, 'POST', VMS, {
      raw: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/^JSON parse error - /);
    expect(await callJson(env, 'POST', VMS, { body: 'just a string' })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Invalid data. Expected a dictionary, but got string.'] },
    });
  });
});
