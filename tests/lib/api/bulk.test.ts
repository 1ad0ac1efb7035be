import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';
import { apiModelKeys, apiPathOf } from '@/lib/api/paths';
import { call, callJson, make, setupApi, teardownApi, type ApiEnv, type ListBody } from './helpers';
import { ENDPOINT_SECRET, seedInventory, type Seeded } from './seed';

// Bulk create/update/delete on list URLs (all-or-nothing), and write-only secrets.

let env: ApiEnv;
let s: Seeded;
const TAGS = '/api/extras/tags/';

beforeAll(async () => {
  env = await setupApi();
  s = await seedInventory();
});
afterAll(() => teardownApi(env));

const count = async (path: string) => (await callJson<ListBody>(env, 'GET', `${path}?limit=1`)).body.count;

describe(`bulk writes on ${testDriver}`, () => {
  it('creates a list in request order (201)', async () => {
    const res = await callJson<Record<string, unknown>[]>(env, 'POST', TAGS, {
      body: [
        { name: 'Bulk B', slug: 'bulk-b' },
        { name: 'Bulk A', slug: 'bulk-a', color: '00ff00' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.map((t) => t.slug)).toEqual(['bulk-b', 'bulk-a']);
    expect(res.body[1]).toMatchObject({ color: '00ff00', tagged_items: 0 });
  });

  it('creates nothing when one item is invalid, with one error dict per item', async () => {
    const before = await count(TAGS);
    const res = await callJson(env, 'POST', TAGS, {
      body: [
        { name: 'Ok 1', slug: 'ok-1' },
        { name: 'Bad', slug: 'not a slug!' },
        { name: 'Ok 2', slug: 'ok-2' },
      ],
    });
    expect(res).toMatchObject({
      status: 400,
      body: [{}, { slug: ['Enter a valid slug: letters, numbers, underscores or hyphens.'] }, {}],
    });
    expect(await count(TAGS)).toBe(before);
  });

  it('rolls back the items already written when the database refuses a later one', async () => {
    const before = await count(TAGS);
    const changesBefore = await count('/api/core/object-changes/');
    const res = await callJson<unknown[]>(env, 'POST', TAGS, {
      body: [
        { name: 'Dup 1', slug: 'dup' },
        { name: 'Dup 2', slug: 'dup' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body[0]).toEqual({});
    expect(res.body[1]).toEqual({ slug: ['Tag with this slug already exists.'] });
    expect(await count(TAGS)).toBe(before);
    expect(await listSlugs()).not.toContain('dup');
    // One transaction: the rolled-back create left no change-log entry either.
    expect(await count('/api/core/object-changes/')).toBe(changesBefore);
  });

  it('updates a list with ids (PATCH/PUT 200) and nothing when one item is invalid', async () => {
    const { a, b, c } = s.vms;
    const res = await callJson<Record<string, unknown>[]>(env, 'PATCH', '/api/virtualization/virtual-machines/', {
      body: [
        { id: c, comments: 'one' },
        { id: b, comments: 'two' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.map((v) => [v.id, v.comments])).toEqual([
      [c, 'one'],
      [b, 'two'],
    ]);
    const bad = await callJson(env, 'PATCH', '/api/virtualization/virtual-machines/', {
      body: [
        { id: c, comments: 'three' },
        { id: a, vcpus: 64 },
      ],
    });
    expect(bad).toMatchObject({
      status: 400,
      body: [{}, { vcpus: ['This object is managed by the Proxmox sync; change it in Proxmox instead.'] }],
    });
    expect((await callJson(env, 'GET', `/api/virtualization/virtual-machines/${c}/`)).body.comments).toBe('one');
    expect(
      (await callJson(env, 'PATCH', '/api/virtualization/virtual-machines/', { body: [{ comments: 'no id' }] })).body,
    ).toEqual([{ id: ['This field is required.'] }]);
    expect((await callJson(env, 'PATCH', '/api/virtualization/virtual-machines/', { body: { id: c } })).status).toBe(
      400,
    );
    const put = await callJson<Record<string, unknown>[]>(env, 'PUT', '/api/tenancy/tenants/', {
      body: [{ id: s.tenant, name: 'Acme Corp', slug: 'acme' }],
    });
    expect(put).toMatchObject({ status: 200, body: [{ id: s.tenant, name: 'Acme Corp' }] });
  });

  it('restores updated objects when a later update fails in the database', async () => {
    const one = await make('tags', { name: 'One', slug: 'one' });
    const two = await make('tags', { name: 'Two', slug: 'two' });
    const res = await callJson(env, 'PATCH', TAGS, {
      body: [
        { id: one, name: 'Renamed', description: 'changed' },
        { id: two, slug: 'one' },
      ],
    });
    expect(res.status).toBe(400);
    expect((await callJson(env, 'GET', `${TAGS}${one}/`)).body).toMatchObject({ name: 'One', description: '' });
  });

  it('deletes a list (204), and nothing when one object is blocked (409) or missing (404)', async () => {
    const x = await make('tags', { name: 'X', slug: 'x' });
    const y = await make('tags', { name: 'Y', slug: 'y' });
    expect((await call(env, 'DELETE', TAGS, { body: [{ id: x }, { id: y }] })).status).toBe(204);
    expect(await listSlugs()).not.toContain('x');
    const type = await make('cluster-types', { name: 'Spare', slug: 'spare' });
    const blocked = await callJson(env, 'DELETE', '/api/virtualization/cluster-types/', {
      body: [{ id: type }, { id: s.clusterType }],
    });
    expect(blocked.status).toBe(409);
    expect((await callJson(env, 'GET', `/api/virtualization/cluster-types/${type}/`)).status).toBe(200);
    expect(
      (await callJson(env, 'DELETE', '/api/virtualization/cluster-types/', { body: [{ id: type }, { id: 987654 }] }))
        .status,
    ).toBe(404);
    expect((await callJson(env, 'GET', `/api/virtualization/cluster-types/${type}/`)).status).toBe(200);
  });
});

async function listSlugs(): Promise<string[]> {
  return (await callJson<ListBody>(env, 'GET', `${TAGS}?limit=0`)).body.results.map((t) => t.slug as string);
}

describe(`secrets are write-only on ${testDriver}`, () => {
  it('accepts secret values and never returns them, on any endpoint or in the change log', async () => {
    const secret = 'super-secret-token-value-42';
    const created = await call(env, 'POST', '/api/plugins/proxbox/endpoints/proxmox/', {
      body: {
        name: 'pve-2',
        domain: 'pve2.example.com',
        port: 8006,
        username: 'root@pam',
        token_name: 'api',
        token_value: secret,
        password: `${secret}-pw`,
      },
    });
    const text = await created.text();
    expect(created.status).toBe(201);
    expect(text).not.toContain(secret);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).not.toHaveProperty('token_value');
    expect(body).not.toHaveProperty('password');
    expect(
      (
        await callJson(env, 'PATCH', `/api/plugins/proxbox/endpoints/proxmox/${body.id}/`, {
          body: { token_value: `${secret}-2` },
        })
      ).status,
    ).toBe(200);
    const everything: string[] = [];
    for (const key of apiModelKeys()) {
      const res = await call(env, 'GET', `/api/${apiPathOf(key)}/?limit=0`);
      expect(res.status, key).toBe(200);
      everything.push(await res.text());
    }
    everything.push(await (await call(env, 'GET', '/api/schema/')).text());
    for (const text of everything) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(ENDPOINT_SECRET);
      expect(text).not.toMatch(/enc:v\d:/);
    }
  });
});
