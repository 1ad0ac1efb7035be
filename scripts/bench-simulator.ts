// `npm run bench:simulator -- --guests 5000`: throughput of the Proxmox simulator on the sync
// benchmark's estate (3 clusters x 5 nodes), run in its own process as the benchmarks run it.
// Reports startup time, /cluster/resources and config GET requests per second (keep-alive,
// concurrency 8 and 16) and the simulator's RSS; the last line is one JSON object. Every request
// must answer 200, otherwise the benchmark fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';
import type { SimulatorCluster } from '@/simulators/proxmox';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const guests = arg('guests', 5000);
const clusters = arg('clusters', 3);
const nodes = arg('nodes', 5);

/** Resident memory of a process in MiB (Linux /proc; null elsewhere). */
function rssMiB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Runs `total` GETs over `concurrency` keep-alive connections; returns requests/s and bytes. */
async function load(
  c: SimulatorCluster,
  paths: string[],
  total: number,
  concurrency: number,
): Promise<{ rps: number; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { Authorization: `PVEAPIToken=${c.tokenId}=${c.tokenSecret}` };
  let next = 0;
  let bytes = 0;
  const one = (p: string) =>
    new Promise<void>((resolve, reject) => {
      http
        .get(`${c.url}/api2/json${p}`, { agent, headers }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`${p}: HTTP ${res.statusCode}`));
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(paths[next++ % paths.length]);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { rps: Math.round(total / seconds), bytes };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/simulator.ts',
      '--clusters',
      String(clusters),
      '--nodes',
      String(nodes),
      '--guests',
      String(guests),
      '--port-base',
      '0',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const startupMs = Math.round(performance.now() - t0);
    const c = (JSON.parse(line) as { clusters: SimulatorCluster[] }).clusters[0];
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get(
          `${c.url}/api2/json/cluster/resources?type=vm`,
          { headers: { Authorization: `PVEAPIToken=${c.tokenId}=${c.tokenSecret}` } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d));
            res.on('end', () => resolve(text));
          },
        )
        .on('error', reject);
    });
    const vmList = (JSON.parse(body) as { data: { node: string; type: string; vmid: number }[] }).data;
    const configPaths = vmList.map((g) => `/nodes/${g.node}/${g.type}/${g.vmid}/config`);
    await load(c, configPaths, 500, 8);
    const resources = await load(c, ['/cluster/resources'], 300, 8);
    const configs8 = await load(c, configPaths, 6000, 8);
    const configs16 = await load(c, configPaths, 6000, 16);
    const result = {
      clusters,
      nodesPerCluster: nodes,
      guests,
      guestsInCluster1: vmList.length,
      startupMs,
      resourcesRps: resources.rps,
      resourcesKiB: Math.round(resources.bytes / 300 / 1024),
      configRpsConcurrency8: configs8.rps,
      configRpsConcurrency16: configs16.rps,
      simulatorRssMiB: rssMiB(child.pid!),
    };
    console.log(
      `startup ${startupMs} ms; /cluster/resources ${resources.rps} req/s (${result.resourcesKiB} KiB each, concurrency 8); config GET ${configs8.rps} req/s (concurrency 8), ${configs16.rps} req/s (concurrency 16); simulator RSS ${result.simulatorRssMiB ?? '?'} MiB`,
    );
    console.log(JSON.stringify(result));
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
