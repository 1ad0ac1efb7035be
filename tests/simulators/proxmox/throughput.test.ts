// The simulator in its own process (scripts/simulator.ts), on the sync benchmark's estate
// (5,000 guests, 3 clusters x 5 nodes), as the benchmarks run it: the estate is split across the
// clusters and every guest the resource list names answers its config GET. How fast it answers is
// measured by `npm run bench:simulator`, not asserted here (it depends on the machine).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorCluster } from '@/simulators/proxmox';

let child: ChildProcess;
let clusters: SimulatorCluster[];

/** GET over one keep-alive agent: the status and the parsed `data`. */
async function get<T>(agent: http.Agent, c: SimulatorCluster, p: string): Promise<{ status: number; data: T }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        `${c.url}/api2/json${p}`,
        { agent, headers: { Authorization: `PVEAPIToken=${c.tokenId}=${c.tokenSecret}` } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, data: (JSON.parse(body) as { data: T }).data }));
        },
      )
      .on('error', reject);
  });
}

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve('scripts/simulator.ts'),
      '--clusters',
      '3',
      '--nodes',
      '5',
      '--guests',
      '5000',
      '--port-base',
      '0',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  clusters = JSON.parse(line).clusters;
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('the simulator process on the 5,000-guest benchmark estate', () => {
  it('splits the guests over three clusters of five nodes, and every listed guest answers its config with its name', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      type Resource = { node: string; type: 'qemu' | 'lxc'; vmid: number; name: string };
      const lists = await Promise.all(clusters.map((c) => get<Resource[]>(agent, c, '/cluster/resources?type=vm')));
      expect(lists.map((l) => l.status)).toEqual([200, 200, 200]);
      expect(lists.map((l) => l.data.length)).toEqual([1667, 1667, 1666]);
      const nodes = await Promise.all(clusters.map((c) => get<{ node: string }[]>(agent, c, '/nodes')));
      expect(nodes.map((n) => n.data.length)).toEqual([5, 5, 5]);
      const c = clusters[0];
      const vms = lists[0].data;
      const mismatches: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < vms.length) {
            const g = vms[next++];
            const { status, data } = await get<{ name?: string; hostname?: string }>(
              agent,
              c,
              `/nodes/${g.node}/${g.type}/${g.vmid}/config`,
            );
            const name = g.type === 'qemu' ? data.name : data.hostname;
            if (status !== 200 || name !== g.name)
              mismatches.push(`${g.type}/${g.vmid}: HTTP ${status}, name ${name} (listed as ${g.name})`);
          }
        }),
      );
      expect(mismatches).toEqual([]);
    } finally {
      agent.destroy();
    }
  }, 120_000);
});
