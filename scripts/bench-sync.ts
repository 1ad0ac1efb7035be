// `npm run bench:sync -- --guests 5000 --latency-ms 20`: a first sync and a no-change re-sync
// against the simulator over HTTPS (3 clusters x 5 nodes, concurrency 8 per endpoint), into a
// scratch PostgreSQL database on the server of DATABASE_URL when it is set, else the embedded
// database in a scratch data directory on disk. Prints requests, the floor (the busiest endpoint's requests / its concurrency x
// latency: endpoints run in parallel, so the run can end no sooner), wall time, their ratio, rows
// written, the errors and the peak RSS of this process (the sync, and on the embedded database the
// database too; the simulator runs in its own process); the last line is one JSON object.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { count, sql } from 'drizzle-orm';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/db/client';
import { objectChanges, proxboxPluginSettings, type ProxmoxEndpoint } from '@/db/schema';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { runSync, type SyncOutcome } from '@/lib/sync/engine';
import { processMetrics } from '@/lib/metrics/registry';
import { createEndpointReaderFactory } from '@/lib/sync/read/endpoint-client';
import type { ProxmoxReader } from '@/lib/sync/read/fetch';
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
// `--trace FILE`: one line per Proxmox call (run, endpoint, start ms, end ms, path), to see which
// requests were in flight when.
const traceFile = process.argv.includes('--trace') ? process.argv[process.argv.indexOf('--trace') + 1] : null;
const trace: string[] | null = traceFile ? [] : null;

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

async function openBenchDatabase(): Promise<{
  handle: DatabaseHandle;
  scratch: ScratchDatabase | null;
  drop?: () => void;
}> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    // A data directory on disk, as the app's embedded database has: `memory://` would keep the
    // whole database and its write-ahead log in this process's memory and inflate its RSS.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-sync-'));
    const handle = await openDatabase({ dataDir: dir, migrate: true });
    return { handle, scratch: null, drop: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const scratch = await createScratchDatabase(admin.toString(), 'proxbox_bench_sync');
  return { handle: await openDatabase({ url: scratch.url, migrate: true }), scratch };
}

/** The database's size and its write-ahead log's, in MB: on the embedded database both live in this process's memory. */
async function storageMb(handle: DatabaseHandle): Promise<{ database: number; wal: number | null }> {
  const mb = (n: unknown) => Math.round(Number(n) / 1048576);
  const [db] = await handle.db.select({ n: sql`pg_database_size(current_database())` }).from(sql`(select 1) as one`);
  // pg_ls_waldir needs a superuser (or pg_monitor); the figure is left out without one.
  const wal = await handle.db
    .select({ n: sql`coalesce(sum(size), 0)` })
    .from(sql`pg_ls_waldir()`)
    .then(([r]) => mb(r.n))
    .catch(() => null);
  return { database: mb(db.n), wal };
}

async function changeCount(handle: DatabaseHandle): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(objectChanges);
  return Number(n);
}

/** Requests sent so far per endpoint, from the process metrics the sync keeps. */
function requestsByEndpoint(): Map<string, number> {
  const samples = processMetrics().proxmoxRequests.family().samples;
  return new Map(samples.map((s) => [String(s.labels.endpoint), s.value]));
}

/** Errors grouped by stage and message (ids and numbers blanked), most frequent first. */
function errorSummary(outcome: SyncOutcome): string[] {
  const groups = new Map<string, number>();
  for (const i of outcome.issues.filter((x) => x.severity === 'error')) {
    const key = `${i.stage}: ${i.category}: ${i.message.replace(/\d+/g, 'N').slice(0, 160)}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} x ${k}`);
}

async function measure(handle: DatabaseHandle, label: string) {
  const before = await changeCount(handle);
  const requestsBefore = requestsByEndpoint();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const stageMs = new Map<string, number>();
  const stageEnd = new Map<string, number>();
  const since = () => Math.round(performance.now() - started);
  // The app's own clients, timed: when the last answer came tells whether the stages after it
  // waited for Proxmox or for their own work.
  const [settings] = await handle.db.select().from(proxboxPluginSettings);
  const factory = await createEndpointReaderFactory(handle.db, settings);
  let lastAnswer = 0;
  const timed =
    <A extends [string, ...unknown[]], R>(endpoint: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = since();
      try {
        return await call(...args);
      } finally {
        lastAnswer = since();
        trace?.push(`${label}\t${endpoint}\t${start}\t${lastAnswer}\t${args[0]}`);
      }
    };
  const createReader = async (endpoint: ProxmoxEndpoint): Promise<ProxmoxReader> => {
    const reader = await factory(endpoint);
    return {
      get requestCount() {
        return reader.requestCount;
      },
      get: timed(endpoint.name, reader.get.bind(reader)) as ProxmoxReader['get'],
      getPage: timed(endpoint.name, reader.getPage.bind(reader)) as ProxmoxReader['getPage'],
      close: () => reader.close?.(),
    };
  };
  const outcome: SyncOutcome = await runSync(handle.db, {
    requestedBy: 'bench',
    createReader,
    onEvent: (e) => {
      if (e.event !== 'phase_summary') return;
      stageMs.set(e.phase, Math.max(stageMs.get(e.phase) ?? 0, e.timing.elapsed_ms));
      stageEnd.set(e.phase, since());
    },
  });
  const wall = (performance.now() - started) / 1000;
  // CPU seconds this process spent (user + system): on a shared machine the wall time follows
  // the load of others, this follows the sync's own work.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rows = (await changeCount(handle)) - before;
  const perEndpoint = [...requestsByEndpoint()].map(([name, n]) => n - (requestsBefore.get(name) ?? 0));
  const floor = (Math.max(0, ...perEndpoint) / concurrency) * (latencyMs / 1000);
  const errors = outcome.issues.filter((i) => i.severity === 'error').length;
  console.log(`  slowest endpoint per stage (ms): ${[...stageMs].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(
    `  last stage end per stage (ms from start): ${[...stageEnd].map(([k, v]) => `${k} ${v}`).join(', ')}; last Proxmox answer at ${lastAnswer} ms`,
  );
  console.log(`  requests per endpoint: ${perEndpoint.join(', ')}`);
  const changed = Object.entries(outcome.counts).map(([stage, c]) => `${stage} ${c.created}/${c.updated}/${c.deleted}`);
  console.log(`  created/updated/deleted per stage: ${changed.join(', ')}`);
  for (const line of errorSummary(outcome).slice(0, 10)) console.log(`  error: ${line}`);
  console.log(
    `${label}: ${outcome.status}, ${outcome.proxmoxRequests} requests, floor ${floor.toFixed(2)} s, wall ${wall.toFixed(2)} s (x${(wall / floor).toFixed(2)}), CPU ${cpuS.toFixed(2)} s, ${rows} rows written, ${errors} errors`,
  );
  return {
    requests: outcome.proxmoxRequests,
    floor_s: Number(floor.toFixed(3)),
    wall_s: Number(wall.toFixed(3)),
    ratio: Number((wall / floor).toFixed(3)),
    cpu_s: Number(cpuS.toFixed(3)),
    last_answer_s: lastAnswer / 1000,
    rows_written: rows,
  };
}

async function main(): Promise<void> {
  let result = '';
  const sim = await startSimulatorProcess();
  const { handle, scratch, drop } = await openBenchDatabase();
  setDatabase(handle);
  try {
    await ensureSettings(handle.db);
    await handle.db.update(proxboxPluginSettings).set({ proxboxFetchMaxConcurrency: concurrency });
    await registerEndpoints(handle.db, { kind: 'system' }, sim.accesses);
    console.log(
      `bench:sync: ${sim.guests} guests, ${clusters} clusters x ${nodes} nodes, ${latencyMs} ms latency, concurrency ${concurrency} per endpoint, ${scratch ? 'PostgreSQL' : 'PGlite'}`,
    );
    const first = await measure(handle, 'first sync');
    const resync = await measure(handle, 're-sync');
    // The kernel's high-water mark (KiB): a sampling timer would miss peaks while the event loop is
    // busy, which is when they happen (the embedded database runs on this thread).
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const mem = process.memoryUsage();
    const heapMb = Math.round(mem.heapTotal / 1048576);
    const storage = await storageMb(handle);
    // The embedded database's WebAssembly memory (PGlite's module heap: shared buffers, caches,
    // query buffers); it grows with the largest need and is never given back.
    const wasm = (handle.db as unknown as { $client?: { mod?: { HEAPU8?: Uint8Array } } }).$client?.mod?.HEAPU8;
    const wasmMb = wasm ? Math.round(wasm.length / 1048576) : null;
    console.log(
      `peak RSS ${peakMb} MB (this process: the sync${scratch ? '' : ' and the embedded database'}; the simulator runs in its own process); now: RSS ${Math.round(mem.rss / 1048576)} MB, JS heap ${heapMb} MB${wasmMb === null ? '' : `, WebAssembly heap ${wasmMb} MB`}; database ${storage.database} MB, WAL ${storage.wal ?? '?'} MB`,
    );
    // Printed once the scratch database is gone: dropping it ends its connections, which the
    // pool reports, and the figures must stay the last line.
    result = JSON.stringify({
      guests: sim.guests,
      latency_ms: latencyMs,
      concurrency,
      database: scratch ? 'postgresql' : 'pglite',
      first,
      resync,
      peak_rss_mb: peakMb,
      heap_mb: heapMb,
      wasm_mb: wasmMb,
      db_mb: storage.database,
      wal_mb: storage.wal,
    });
    if (traceFile && trace) fs.writeFileSync(traceFile, trace.join('\n') + '\n');
  } finally {
    sim.stop();
    await handle.close();
    await scratch?.drop();
    drop?.();
  }
  console.log(result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
