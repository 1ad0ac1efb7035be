import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/explorer/[model]/[id]/route';
import { createRecord } from '@/lib/data/records';
import { ORIGIN, setupApi, system, teardownApi, type ApiEnv } from '../api/helpers';
import { testDriver } from '../../helpers/db';

// The explorer's HTTP endpoint, called as Next calls it: a Request and the route's params.

let env: ApiEnv;
let endpointId: number;
let clusterId: number;

async function get(
  path: string,
  key: string | null = env.key,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`${ORIGIN}${path}`);
  const [, , , model, id] = url.pathname.split('/');
  const headers = key ? { authorization: `Token ${key}` } : undefined;
  const res = await GET(new Request(url, { headers }), { params: Promise.resolve({ model, id }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  env = await setupApi();
  endpointId = (await createRecord(system, 'proxmox-endpoints', { name: 'pve-route', domain: 'pve-route.example.com' }))
    .id;
  clusterId = (await createRecord(system, 'proxmox-clusters', { name: 'route-cluster', proxmoxEndpointId: endpointId }))
    .id;
  for (const name of ['n3', 'n1', 'n2'])
    await createRecord(system, 'proxmox-nodes', {
      name,
      proxmoxEndpointId: endpointId,
      proxmoxClusterId: clusterId,
      ipAddress: '10.0.0.1',
    });
});

afterAll(async () => {
  await teardownApi(env);
});

describe(`GET /api/explorer/{model}/{id} (${testDriver})`, () => {
  it('describes an object with the size of each relation', async () => {
    const { status, body } = await get(`/api/explorer/proxmox-clusters/${clusterId}`);
    expect(status).toBe(200);
    expect(body.object).toEqual({
      model: 'proxmox-clusters',
      modelLabel: 'Proxmox cluster',
      id: clusterId,
      display: 'route-cluster',
      href: `/proxmox-clusters/${clusterId}`,
    });
    const relations = body.relations as { key: string; count: number; listHref: string | null }[];
    expect(relations.find((r) => r.key === 'parent:proxmoxEndpointId')).toMatchObject({ count: 1, listHref: null });
    expect(relations.find((r) => r.key === 'child:proxmox-nodes:proxmoxClusterId')).toMatchObject({
      count: 3,
      listHref: `/proxmox-nodes?proxmoxClusterId=${clusterId}`,
    });
  });

  it('expands one relation a page at a time, in list order', async () => {
    const rel = encodeURIComponent('child:proxmox-nodes:proxmoxClusterId');
    const { status, body } = await get(`/api/explorer/proxmox-clusters/${clusterId}?relation=${rel}&limit=2`);
    expect(status).toBe(200);
    expect((body.items as { display: string }[]).map((i) => i.display)).toEqual(['n1', 'n2']);
    expect(body).toMatchObject({ offset: 0, limit: 2, nextOffset: 2, relation: { count: 3 } });
    const next = await get(`/api/explorer/proxmox-clusters/${clusterId}?relation=${rel}&offset=2&limit=2`);
    expect((next.body.items as { display: string }[]).map((i) => i.display)).toEqual(['n3']);
    expect(next.body.nextOffset).toBeNull();
  });

  it('answers bad requests with clear errors and no data', async () => {
    expect(await get(`/api/explorer/proxmox-clusters/${clusterId}`, null)).toEqual({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(await get('/api/explorer/nope/1')).toEqual({ status: 404, body: { detail: 'Unknown model "nope".' } });
    expect(await get('/api/explorer/proxmox-clusters/999999')).toEqual({
      status: 404,
      body: { detail: 'No proxmox cluster with id 999999 exists.' },
    });
    expect(await get('/api/explorer/proxmox-clusters/abc')).toEqual({
      status: 404,
      body: { detail: '"abc" is not an object id.' },
    });
    expect(await get(`/api/explorer/proxmox-clusters/${clusterId}?relation=child:x:y`)).toEqual({
      status: 400,
      body: { detail: 'Proxmox clusters have no relation "child:x:y".', relation: ['Unknown relation "child:x:y".'] },
    });
    expect(
      await get(`/api/explorer/proxmox-clusters/${clusterId}?relation=parent:proxmoxEndpointId&limit=many`),
    ).toEqual({
      status: 400,
      body: { detail: 'limit must be a whole number.', limit: ['"many" is not a whole number.'] },
    });
  });
});
