// `npm run bench:sync -- --guests 5000 --latency-ms 20`: a first sync and a no-change re-sync
// against the simulator over HTTPS (3 clusters x 5 nodes, concurrency 8 per endpoint), into a
// scratch PostgreSQL database on the server of DATABASE_URL when it is set, else the embedded
// database. Prints requests, the floor (requests / total concurrency x latency), wall time, their
// ratio, rows written and the peak RSS; the last line is one JSON object.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { count } from 'drizzle-orm';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/db/client';
import { objectChanges, proxboxPluginSettings } from '@/db/schema';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { runSync, type SyncOutcome } from '@/lib/sync/engine';
import { registerEndpoints, type EndpointAccess } from '@/lib/sync/write/register-endpoints';
import { createScratchDatabase, type ScratchDatabase } from './lib/pg-database';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const guests = arg('guests', 5000);
const latencyMs = arg('latency-ms', 20);
const clusters = arg('clusters', 3);
const nodes = arg('nodes', 5);
const concurrency = arg('concurrency', 8);

async function startSimulatorProcess(): Promise<{ accesses: EndpointAccess[]; guests: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/bench/sim-child.ts',
      JSON.stringify({ seed: 42, clusters, nodesPerCluster: nodes, guests, latencyMs, tls: true }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const parsed = JSON.parse(line) as { clusters: EndpointAccess[]; guests: number };
  return { accesses: parsed.clusters, guests: parsed.guests, stop: () => child.kill('SIGTERM') };
}

async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; scratch: ScratchDatabase | null }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { handle: await openDatabase({ dataDir: 'memory://', migrate: true }), scratch: null };
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const scratch = await createScratchDatabase(admin.toString(), 'proxbox_bench_sync');
  return { handle: await openDatabase({ url: scratch.url, migrate: true }), scratch };
}

async function changeCount(handle: DatabaseHandle): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(objectChanges);
  return Number(n);
}

async function measure(handle: DatabaseHandle, label: string) {
  const before = await changeCount(handle);
  const started = performance.now();
  const stageMs = new Map<string, number>();
  const outcome: SyncOutcome = await runSync(handle.db, {
    requestedBy: 'bench',
    onEvent: (e) => {
      if (e.event === 'phase_summary') stageMs.set(e.phase, Math.max(stageMs.get(e.phase) ?? 0, e.timing.elapsed_ms));
    },
  });
  const wall = (performance.now() - started) / 1000;
  const rows = (await changeCount(handle)) - before;
  const floor = (outcome.proxmoxRequests / (concurrency * clusters)) * (latencyMs / 1000);
  const errors = outcome.issues.filter((i) => i.severity === 'error').length;
  console.log(`  slowest endpoint per stage (ms): ${[...stageMs].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(
    `${label}: ${outcome.status}, ${outcome.proxmoxRequests} requests, floor ${floor.toFixed(2)} s, wall ${wall.toFixed(2)} s (x${(wall / floor).toFixed(2)}), ${rows} rows written, ${errors} errors`,
  );
  return {
    requests: outcome.proxmoxRequests,
    floor_s: Number(floor.toFixed(3)),
    wall_s: Number(wall.toFixed(3)),
    ratio: Number((wall / floor).toFixed(3)),
    rows_written: rows,
  };
}

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const { handle, scratch } = await openBenchDatabase();
  setDatabase(handle);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    await ensureSettings(handle.db);
    await handle.db.update(proxboxPluginSettings).set({ proxboxFetchMaxConcurrency: concurrency });
    await registerEndpoints(handle.db, { kind: 'system' }, sim.accesses);
    console.log(
      `bench:sync: ${sim.guests} guests, ${clusters} clusters x ${nodes} nodes, ${latencyMs} ms latency, concurrency ${concurrency} per endpoint, ${scratch ? 'PostgreSQL' : 'PGlite'}`,
    );
    const first = await measure(handle, 'first sync');
    const resync = await measure(handle, 're-sync');
    clearInterval(sampler);
    const peakMb = Math.round(peak / 1048576);
    console.log(`peak RSS ${peakMb} MB (the sync process; the simulator runs in its own process)`);
    console.log(
      JSON.stringify({ guests: sim.guests, latency_ms: latencyMs, concurrency, first, resync, peak_rss_mb: peakMb }),
    );
  } finally {
    clearInterval(sampler);
    sim.stop();
    await handle.close();
    await scratch?.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
