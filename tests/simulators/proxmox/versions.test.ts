// What each release switch changes, seen over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type PveVersion, type Simulator } from '@/simulators/proxmox';
import { closeClients, get } from './http-client';

const sims = {} as Record<PveVersion, Simulator>;

beforeAll(async () => {
  for (const v of ['7.4', '8.2', '9.1'] as const) sims[v] = await startSimulator({ version: v, seed: 5, guests: 60 });
});

afterAll(async () => {
  closeClients();
  await Promise.all(Object.values(sims).map((s) => s.stop()));
});

type Body = { data: Record<string, unknown> & Record<string, unknown>[] };
const body = async (v: PveVersion, path: string) => (await get(sims[v].clusters[0], path)).json<Body>().data;
const first = (v: PveVersion, type: 'qemu' | 'lxc', running?: boolean) =>
  sims[v].estate.clusters[0].guests.find(
    (g) => g.type === type && (running === undefined || (g.status === 'running') === running),
  )!;

describe('release switch', () => {
  it('/version: 7.4-16 with an 8-hex repoid, x.y.z with 16 hex from 8 on', async () => {
    expect(await body('7.4', '/version')).toEqual({ version: '7.4-16', release: '7.4', repoid: '0f39f621' });
    expect(await body('8.2', '/version')).toMatchObject({
      version: '8.2.4',
      release: '8.2',
      repoid: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(await body('9.1', '/version')).toMatchObject({
      version: expect.stringMatching(/^9\.1\.\d+$/),
      release: '9.1',
      repoid: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('qemu config memory: integer on 7.4, string from 8.1 on', async () => {
    for (const [v, type] of [
      ['7.4', 'number'],
      ['8.2', 'string'],
      ['9.1', 'string'],
    ] as const) {
      const g = first(v, 'qemu');
      expect(typeof (await body(v, `/nodes/${g.node}/qemu/${g.vmid}/config`)).memory).toBe(type);
    }
  });

  it('lxc list vmid: string on 7.4, integer after; status/current always an integer', async () => {
    for (const [v, type] of [
      ['7.4', 'string'],
      ['8.2', 'number'],
      ['9.1', 'number'],
    ] as const) {
      const g = first(v, 'lxc');
      const list = await body(v, `/nodes/${g.node}/lxc`);
      for (const item of list) expect(typeof item.vmid).toBe(type);
      expect(typeof (await body(v, `/nodes/${g.node}/lxc/${g.vmid}/status/current`)).vmid).toBe('number');
    }
  });

  it('lxc /interfaces: absent on 7.4, legacy keys on 8.2, + ip-addresses on 9.1, null while stopped', async () => {
    const ct74 = first('7.4', 'lxc', true);
    expect((await get(sims['7.4'].clusters[0], `/nodes/${ct74.node}/lxc/${ct74.vmid}/interfaces`)).status).toBe(501);
    const ct82 = first('8.2', 'lxc', true);
    const legacy = await body('8.2', `/nodes/${ct82.node}/lxc/${ct82.vmid}/interfaces`);
    expect(Object.keys(legacy[1]).sort()).toEqual(['hwaddr', 'inet', 'inet6', 'name']);
    expect(legacy[1].inet6).toMatch(/^fe80::/);
    const ct91 = first('9.1', 'lxc', true);
    const full = await body('9.1', `/nodes/${ct91.node}/lxc/${ct91.vmid}/interfaces`);
    expect(full[1]['ip-addresses']).toEqual(
      expect.arrayContaining([expect.objectContaining({ 'ip-address-type': 'inet', prefix: 24 })]),
    );
    expect(full[1]['hardware-address']).toBe(full[1].hwaddr);
    const stopped = first('9.1', 'lxc', false);
    expect((await get(sims['9.1'].clusters[0], `/nodes/${stopped.node}/lxc/${stopped.vmid}/interfaces`)).body).toBe(
      '{"data":null}',
    );
  });

  it('memhost only on 9.1; boot-info/current-kernel from 8 on; memory.available on 9.1', async () => {
    for (const v of ['7.4', '8.2', '9.1'] as const) {
      const resources = await body(v, '/cluster/resources?type=vm');
      expect(resources.some((r) => 'memhost' in r)).toBe(v === '9.1');
      const node = sims[v].estate.clusters[0].nodes[0].name;
      const status = await body(v, `/nodes/${node}/status`);
      expect('boot-info' in status).toBe(v !== '7.4');
      expect('available' in (status.memory as object)).toBe(v === '9.1');
      expect(status.pveversion).toMatch(new RegExp(`^pve-manager/${v.replace('.', '\\.')}`));
    }
    const all91 = await body('9.1', '/cluster/resources');
    expect(all91.some((r) => r.type === 'network')).toBe(true);
  });
});
