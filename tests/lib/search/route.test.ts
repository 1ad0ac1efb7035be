import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/search/route';
import { createRecord } from '@/lib/data/records';
import { ORIGIN, setupApi, system, teardownApi, type ApiEnv } from '../api/helpers';
import { testDriver } from '../../helpers/db';

let env: ApiEnv;
let endpointId: number;

beforeAll(async () => {
  env = await setupApi();
  endpointId = (
    await createRecord(system, 'proxmox-endpoints', {
      name: 'pve-route-test',
      domain: 'pve-route.example.com',
      port: 8006,
    })
  ).id;
});
afterAll(() => teardownApi(env));

function search(query: string, key: string | null = env.key): Promise<Response> {
  return GET(new Request(`${ORIGIN}/api/search/?${query}`, { headers: key ? { authorization: `Token ${key}` } : {} }));
}

describe(`GET /api/search/ (${testDriver})`, () => {
  it('answers the grouped search as JSON', async () => {
    const res = await search('q=route-TEST&limit=3');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      q: 'route-TEST',
      groups: [
        {
          model: 'proxmox-endpoints',
          label: 'Proxmox endpoints',
          count: 1,
          countCapped: false,
          listHref: '/proxmox-endpoints?q=route-TEST',
          hits: [
            {
              id: endpointId,
              display: 'pve-route-test',
              href: `/proxmox-endpoints/${endpointId}`,
              exact: false,
              context: null,
              parent: null,
            },
          ],
        },
      ],
    });
  });

  it('rejects a one-character search with a field error', async () => {
    const res = await search('q=r');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ q: ['Type at least 2 characters.'] });
  });

  it('refuses anonymous callers', async () => {
    const res = await search('q=route', null);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });
});
