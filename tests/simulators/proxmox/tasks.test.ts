// Task history paging and filters: newest first, `total` past the page, filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeClients, get } from './http-client';

let sim: Simulator;
let node: string;
type Task = {
  upid: string;
  starttime: number;
  type: string;
  id: string;
  status?: string;
  user: string;
  tokenid?: string;
};
const page = async (query: string) =>
  (await get(sim.clusters[0], `/nodes/${node}/tasks${query}`)).json<{ data: Task[]; total?: number }>();

beforeAll(async () => {
  sim = await startSimulator({ seed: 4, guests: 90, nodesPerCluster: 2 });
  node = sim.estate.clusters[0].nodes[0].name;
});

afterAll(async () => {
  closeClients();
  await sim?.stop();
});

describe('/nodes/{node}/tasks', () => {
  it('defaults to 50 newest finished tasks with the total of all matches', async () => {
    const finished = sim.estate.clusters[0].nodes[0].tasks.filter((t) => t.status !== undefined);
    const { data, total } = await page('');
    expect(data).toHaveLength(50);
    expect(total).toBe(finished.length);
    const times = data.map((t) => t.starttime);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(data.every((t) => t.status !== undefined)).toBe(true);
  });

  it('pages with start/limit without gaps or overlaps', async () => {
    const all = await page('?limit=100000');
    const pieces: Task[] = [];
    for (let start = 0; start < all.total!; start += 37) {
      const p = await page(`?start=${start}&limit=37`);
      expect(p.total).toBe(all.total);
      pieces.push(...p.data);
    }
    expect(pieces.map((t) => t.upid)).toEqual(all.data.map((t) => t.upid));
    const zero = await page('?limit=0');
    expect([zero.data, zero.total]).toEqual([[], all.total]);
  });

  it('filters by since/until, vmid, typefilter, errors, statusfilter and userfilter', async () => {
    const all = (await page('?limit=100000')).data;
    const mid = all[Math.floor(all.length / 2)].starttime;
    const since = await page(`?since=${mid}&limit=100000`);
    expect(since.data.every((t) => t.starttime >= mid)).toBe(true);
    expect(since.total).toBe(all.filter((t) => t.starttime >= mid).length);
    const until = await page(`?until=${mid}&limit=100000`);
    expect(until.total).toBe(all.filter((t) => t.starttime <= mid).length);
    const withId = all.find((t) => /^\d+$/.test(t.id))!;
    // Each filter returns exactly the matching part of the full list (and that part is not empty).
    const upids = (tasks: Task[]) => tasks.map((t) => t.upid);
    const expectSubset = (got: Task[], want: Task[]) => {
      expect(want.length).toBeGreaterThan(0);
      expect(upids(got)).toEqual(upids(want));
    };
    expectSubset(
      (await page(`?vmid=${withId.id}&limit=100000`)).data,
      all.filter((t) => t.id === withId.id),
    );
    expectSubset(
      (await page('?typefilter=aptupdate&limit=100000')).data,
      all.filter((t) => t.type === 'aptupdate'),
    );
    const errors = await page('?errors=1&limit=100000');
    expectSubset(
      errors.data,
      all.filter((t) => t.status !== 'OK'),
    );
    const ok = await page('?statusfilter=ok&limit=100000');
    expectSubset(
      ok.data,
      all.filter((t) => t.status === 'OK'),
    );
    expect(ok.total! + errors.total!).toBe(all.length);
    expectSubset(
      (await page('?userfilter=proxbox&limit=100000')).data,
      all.filter((t) => t.user === 'root@pam' && t.tokenid === 'proxbox'),
    );
  });

  it('omits `total` when nothing matches, and shows running tasks only with source=active|all', async () => {
    const none = await get(sim.clusters[0], `/nodes/${node}/tasks?vmid=999999`);
    expect(none.body).toBe('{"data":[]}');
    const active = await page('?source=active');
    expect(active.data.length).toBeGreaterThan(0);
    expect(active.data.every((t) => t.status === undefined)).toBe(true);
  });

  it('answers task status for known UPIDs (encoded or not) and 400 for unknown ones', async () => {
    const [t] = (await page('?limit=1')).data;
    const plain = await get(sim.clusters[0], `/nodes/${node}/tasks/${t.upid}/status`);
    expect(plain.json().data).toMatchObject({ upid: t.upid, status: 'stopped', exitstatus: t.status });
    const encoded = await get(sim.clusters[0], `/nodes/${node}/tasks/${encodeURIComponent(t.upid)}/status`);
    expect(encoded.body).toBe(plain.body);
    const other = sim.estate.clusters[0].nodes[1].name;
    expect((await get(sim.clusters[0], `/nodes/${other}/tasks/${t.upid}/status`)).json().errors).toEqual({
      upid: 'no such task',
    });
    expect((await get(sim.clusters[0], `/nodes/${node}/tasks/nonsense/status`)).json().errors).toEqual({
      upid: 'unable to parse worker upid',
    });
    const log = (await get(sim.clusters[0], `/nodes/${node}/tasks/${t.upid}/log`)).json<{
      data: { n: number; t: string }[];
      total: number;
    }>();
    expect(log.total).toBe(log.data.length);
  });
});
