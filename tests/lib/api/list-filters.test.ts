import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';
import { callJson, listIds, setupApi, teardownApi, type ApiEnv } from './helpers';
import { seedInventory, type Seeded } from './seed';

// Filters by API name with NetBox's lookups, repeats (OR), FKs by id and by name, tags, q,
// custom fields (derived Proxmox ones and stored ones) and ordering — with exact expected ids.

let env: ApiEnv;
let s: Seeded;
const VMS = '/api/virtualization/virtual-machines/';

beforeAll(async () => {
  env = await setupApi();
  s = await seedInventory();
});
afterAll(() => teardownApi(env));

describe(`list filters on ${testDriver}`, () => {
  it('filters by field with NetBox lookups; a repeated parameter is OR, different ones AND', async () => {
    const { a, b, c, web1, web10 } = s.vms;
    const cases: [string, number[]][] = [
      ['status=active', [a, c, web10]],
      ['status=active&status=planned', [a, c, web1, web10]],
      ['status__n=active', [b, web1]],
      ['name__ic=WEB', [web1, web10]],
      ['name__isw=vm', [a, b, c]],
      ['name__nic=vm', [web1, web10]],
      ['name__ie=VM-A', [a]],
      ['name__iew=-10', [web10]],
      ['name__nisw=web', [a, b, c]],
      ['name__regex=^vm-[ab]$', [a, b]],
      ['name__iregex=^WEB', [web1, web10]],
      ['name=vm-a&name=web-1', [a, web1]],
      ['vcpus__gte=4', [b, c, web10]],
      ['vcpus__lt=4', [a, web1]],
      ['vcpus__gt=4&vcpus__lte=8', [c]],
      ['memory__gte=1024&memory__lte=2048', [a, web1]],
      ['description__empty=false', [web1]],
      ['vmid__empty=true', [c, web1, web10]],
      [`id=${a}&id=${b}`, [a, b]],
      ['foo=bar&limit=50', [a, b, c, web1, web10]],
    ];
    for (const [query, expected] of cases) expect(await listIds(env, `${VMS}?${query}`), query).toEqual(expected);
  });

  it('filters foreign keys by id (`cluster_id`) and by name or slug (`cluster`, `tenant`)', async () => {
    const { a, b, c, web1, web10 } = s.vms;
    expect(await listIds(env, `${VMS}?cluster_id=${s.prod}`)).toEqual([a, b, web10]);
    expect(await listIds(env, `${VMS}?cluster=prod`)).toEqual([a, b, web10]);
    expect(await listIds(env, `${VMS}?cluster=prod&cluster=lab`)).toEqual([a, b, c, web1, web10]);
    expect(await listIds(env, `${VMS}?cluster__n=prod`)).toEqual([c, web1]);
    expect(await listIds(env, `${VMS}?cluster_id__n=${s.lab}`)).toEqual([a, b, web10]);
    expect(await listIds(env, `${VMS}?tenant=acme`)).toEqual([c]);
    expect(await listIds(env, `${VMS}?tenant_id=null`)).toEqual([a, b, web1, web10]);
    expect(await listIds(env, '/api/virtualization/clusters/?type=proxmox&site=dc1')).toEqual([s.prod]);
    expect(await listIds(env, `/api/ipam/ip-addresses/?virtual_machine_id=${a}`)).toEqual([s.ip]);
    expect(await listIds(env, '/api/ipam/ip-addresses/?virtual_machine=vm-a')).toEqual([s.ip]);
    expect(await listIds(env, `/api/ipam/ip-addresses/?virtual_machine_id=${b}`)).toEqual([]);
    expect(await listIds(env, '/api/virtualization/interfaces/?virtual_machine=vm-a&name=net0')).toEqual([
      s.vmInterface,
    ]);
  });

  it('answers 400 for invalid values of known filters, keyed by the parameter', async () => {
    expect(await callJson(env, 'GET', `${VMS}?cluster=nope`)).toMatchObject({
      status: 400,
      body: { cluster: ['Select a valid choice. nope is not one of the available choices.'] },
    });
    expect(await callJson(env, 'GET', `${VMS}?status=bogus`)).toMatchObject({
      status: 400,
      body: { status: ['Select a valid choice. bogus is not one of the available choices.'] },
    });
    expect((await callJson(env, 'GET', `${VMS}?vcpus__gte=many`)).body).toEqual({
      vcpus__gte: ['"many" is not a valid number.'],
    });
    expect((await callJson(env, 'GET', `${VMS}?cluster_id=x`)).body).toEqual({
      cluster_id: ['"x" is not a valid whole number.'],
    });
    expect((await callJson(env, 'GET', `${VMS}?memory__lt=lots`)).body).toEqual({
      memory__lt: ['Enter a number or date.'],
    });
    expect((await callJson(env, 'GET', `${VMS}?tag=nope`)).body).toEqual({
      tag: ['Select a valid choice. nope is not one of the available choices.'],
    });
    expect((await callJson(env, 'GET', `${VMS}?name__regex=(`)).status).toBe(400);
  });

  it('tag= requires every tag, tag__n excludes', async () => {
    const { a, b, c, web1, web10 } = s.vms;
    expect(await listIds(env, `${VMS}?tag=gold`)).toEqual([a, b]);
    expect(await listIds(env, `${VMS}?tag=gold&tag=silver`)).toEqual([b]);
    expect(await listIds(env, `${VMS}?tag=silver`)).toEqual([b, web10]);
    expect(await listIds(env, `${VMS}?tag__n=gold`)).toEqual([c, web1, web10]);
    expect(await listIds(env, `${VMS}?tag=silver&status=active`)).toEqual([web10]);
  });

  it('q searches name, description and vmid', async () => {
    const { a, web1, web10 } = s.vms;
    expect(await listIds(env, `${VMS}?q=web`)).toEqual([web1, web10]);
    expect(await listIds(env, `${VMS}?q=FRONTEND`)).toEqual([web1]);
    expect(await listIds(env, `${VMS}?q=100`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?q=web&status=planned`)).toEqual([web1]);
  });

  it('cf_ filters: derived Proxmox fields map to the columns, others filter stored values', async () => {
    const { a, b, c } = s.vms;
    expect(await listIds(env, `${VMS}?cf_proxmox_vm_id=100`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?cf_proxmox_vm_id=100&cf_proxmox_vm_id=101`)).toEqual([a, b]);
    expect(await listIds(env, `${VMS}?cf_proxmox_vm_id__gte=101`)).toEqual([b]);
    expect(await listIds(env, `${VMS}?cf_proxmox_vm_id=100&cluster_id=${s.prod}`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?cf_proxmox_node=pve1`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?cf_proxmox_vm_type=lxc`)).toEqual([b]);
    expect(await listIds(env, `${VMS}?cf_proxmox_cluster=pve-cluster`)).toEqual([a, b]);
    expect(await listIds(env, `${VMS}?cf_proxmox_start_at_boot=true`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?cf_proxmox_qemu_agent=true`)).toEqual([a]);
    expect(await listIds(env, `${VMS}?cf_owner=ops`)).toEqual([c]);
    expect(await listIds(env, `${VMS}?cf_owner=nobody`)).toEqual([]);
    expect(await listIds(env, '/api/dcim/devices/?cf_proxmox_node=pve1')).toEqual([s.device]);
    expect(await listIds(env, '/api/dcim/devices/?cf_proxmox_cluster=pve')).toEqual([s.device]);
    expect(await listIds(env, '/api/dcim/devices/?cf_proxmox_cluster=other')).toEqual([]);
  });

  it('orders by API names, descending with "-", several terms, unknown terms ignored', async () => {
    const { a, b, c, web1, web10 } = s.vms;
    expect(await listIds(env, `${VMS}`)).toEqual([a, b, c, web1, web10]);
    expect(await listIds(env, `${VMS}?ordering=-vcpus`)).toEqual([web10, c, b, a, web1]);
    expect(await listIds(env, `${VMS}?ordering=status,-memory`)).toEqual([web10, c, a, b, web1]);
    expect(await listIds(env, `${VMS}?ordering=bogus`)).toEqual([a, b, c, web1, web10]);
    expect(await listIds(env, `${VMS}?ordering=bogus,-memory`)).toEqual([web10, c, b, a, web1]);
    expect(await listIds(env, `${VMS}?ordering=-cluster,name`)).toEqual([c, web1, a, b, web10]);
  });
});
