// Throughput on the benchmark estate (5,000 guests, 3 clusters x 5 nodes): the simulator runs in
// its own process via scripts/simulator.ts, as the benchmarks run it. Numbers are printed, not
// asserted: they depend on the machine. Every request must still succeed (HTTP 200).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorCluster } from '@/lib/proxmox/simulator';

let child: ChildProcess;
let clusters: SimulatorCluster[];
let startupMs = 0;

/** Resident memory of a process in MiB (Linux /proc; undefined elsewhere). */
function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `total` GETs with `concurrency` keep-alive connections; returns requests/s and bytes. */
async function load(c: SimulatorCluster, paths: string[], total: number, concurrency: number): Promise<{ rps: number; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { Authorization: `PVEAPIToken=${c.tokenId}=${c.tokenSecret}` };
  let next = 0;
  let bytes = 0;
  const one = (p: string) =>
    new Promise<void>((resolve, reject) => {
      http.get(`${c.url}/api2/json${p}`, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${p}: HTTP ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', resolve);
      }).on('error', reject);
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await one(paths[next++ % paths.length]);
  }));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { rps: Math.round(total / seconds), bytes };
}

beforeAll(async () => {
  const t0 = performance.now();
  child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/simulator.ts'), '--clusters', '3', '--nodes', '5', '--guests', '5000', '--port-base', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  startupMs = Math.round(performance.now() - t0);
  clusters = JSON.parse(line).clusters;
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('throughput on a 5,000-guest estate', () => {
  it('serves /cluster/resources and config GETs fast enough for the sync benchmark', async () => {
    const c = clusters[0];
    const vmList = await new Promise<{ node: string; type: string; vmid: number }[]>((resolve, reject) => {
      http.get(`${c.url}/api2/json/cluster/resources?type=vm`, { headers: { Authorization: `PVEAPIToken=${c.tokenId}=${c.tokenSecret}` } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => resolve(JSON.parse(body).data));
      }).on('error', reject);
    });
    const configPaths = vmList.map((g) => `/nodes/${g.node}/${g.type}/${g.vmid}/config`);
    await load(c, configPaths, 500, 8);
    const resources = await load(c, ['/cluster/resources'], 300, 8);
    const configs = await load(c, configPaths, 6000, 8);
    const configs16 = await load(c, configPaths, 6000, 16);
    const rss = rssMiB(child.pid!);
    console.log(
      `[throughput] startup ${startupMs} ms (3 clusters x 5 nodes, 5000 guests, ${vmList.length} in cluster 1); ` +
        `/cluster/resources ${resources.rps} req/s (${Math.round(resources.bytes / 300 / 1024)} KiB each, concurrency 8); ` +
        `config GET ${configs.rps} req/s (concurrency 8), ${configs16.rps} req/s (concurrency 16); simulator RSS ${rss ?? '?'} MiB`,
    );
    expect(configs.rps + configs16.rps + resources.rps).toBeGreaterThan(0);
  }, 120_000);
});
