// `npm run bench:push -- --guests 5000 --latency-ms 20`: syncs an estate from the Proxmox
// simulator into a scratch database (PostgreSQL on the server of DATABASE_URL when it is set, else
// the embedded one), then pushes it into the NetBox simulator (4.2, its own process, with that
// latency on every request) on the default settings: a first push and a no-change re-push.
// Prints requests, writes, objects written, the floor (requests / concurrency x latency), wall
// time, their ratio and the peak RSS; the last line is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { openDatabase, setDatabase, type DatabaseHandle } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { createRecord } from '@/lib/data/records';
import { applyNetboxPush } from '@/lib/netbox/push';
import type { EndpointAccess } from '@/lib/sync/write/register-endpoints';
import { createScratchDatabase, type ScratchDatabase } from './lib/pg-database';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const guests = arg('guests', 5000);
const latencyMs = arg('latency-ms', 20);
const clusters = arg('clusters', 3);
const nodes = arg('nodes', 5);
const system = { kind: 'system' } as const;

/** Starts a child that prints one JSON line when ready; resolves with it and the child. */
async function startChild<T>(
  script: string,
  options: unknown,
  ipc: boolean,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, ready: JSON.parse(line) as T };
}

/** Sends `message` to the NetBox simulator's process and waits for its answer. */
function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as T));
    child.send(message);
  });
}

/** A scratch PostgreSQL database on the server of DATABASE_URL, else an embedded one in a temporary directory. */
async function scratchDatabase(): Promise<{
  target: { url: string } | { dataDir: string };
  scratch: ScratchDatabase | null;
  cleanup: () => Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-push-'));
    return {
      target: { dataDir: dir },
      scratch: null,
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const scratch = await createScratchDatabase(admin.toString(), 'proxbox_bench_push');
  return { target: { url: scratch.url }, scratch, cleanup: () => scratch.drop() };
}

/** One push through the push's entry point; requests and writes as the simulator counted them. */
async function push(handle: DatabaseHandle, netbox: ChildProcess, endpointId: number) {
  await ask(netbox, 'reset');
  const started = performance.now();
  const result = await applyNetboxPush(handle.db, endpointId);
  const wall = (performance.now() - started) / 1000;
  const stats = await ask<{ requests: number; writes: number; simMs: number }>(netbox, 'stats');
  const totals = Object.values(result.counts).reduce(
    (t, c) => ({
      written: t.written + c.created + c.updated + c.deleted,
      unchanged: t.unchanged + c.unchanged,
      failed: t.failed + c.failed,
    }),
    { written: 0, unchanged: 0, failed: 0 },
  );
  if (result.failures.length > 0)
    throw new Error(
      `push failed for ${result.failures.length} objects: ${result.failures
        .slice(0, 5)
        .map((f) => `${f.type} ${f.label}: ${f.message}`)
        .join('; ')}`,
    );
  return { ...stats, objects: totals.written, unchanged: totals.unchanged, conflicts: totals.failed, wall };
}

async function main(): Promise<void> {
  const proxmox = await startChild<{ clusters: EndpointAccess[]; guests: number }>(
    'scripts/bench/sim-child.ts',
    { seed: 42, clusters, nodesPerCluster: nodes, guests, latencyMs: 0, tls: true },
    false,
  );
  const token = randomBytes(20).toString('hex');
  const netbox = await startChild<{ url: string; port: number }>(
    'scripts/bench/netbox-sim-child.ts',
    { version: '4.2', tokens: { v1: [token], v2: [] }, latencyMs },
    true,
  );
  const { target, scratch, cleanup } = await scratchDatabase();
  let handle: DatabaseHandle | null = null;
  let peak = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    // The sync runs in its own process (and ends) before this one opens the database.
    const synced = await startChild<{ status: string; errors: string[] }>(
      'scripts/bench/sync-child.ts',
      { ...target, accesses: proxmox.ready.clusters },
      false,
    );
    if (synced.ready.status === 'failed' || synced.ready.errors.length > 0)
      throw new Error(`sync ${synced.ready.status}: ${synced.ready.errors.join('; ')}`);
    await new Promise((resolve) =>
      synced.child.exitCode !== null ? resolve(null) : synced.child.once('exit', resolve),
    );
    handle = await openDatabase({ ...target, migrate: false });
    setDatabase(handle);
    peak = process.memoryUsage().rss;
    sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const [settings] = await handle.db.select().from(proxboxPluginSettings);
    const concurrency = settings.netboxMaxConcurrent;
    const { id: endpointId } = await createRecord(system, 'netbox-endpoints', {
      name: 'bench',
      domain: 'localhost',
      port: netbox.ready.port,
      useHttps: false,
      verifySsl: false,
      tokenVersion: 'v1',
      token,
    });
    console.log(
      `bench:push: ${proxmox.ready.guests} guests synced (${clusters} clusters x ${nodes} nodes), ${latencyMs} ms per NetBox request, concurrency ${concurrency}, batches of ${settings.bulkBatchSize}, ${scratch ? 'PostgreSQL' : 'PGlite'}`,
    );

    const first = await push(handle, netbox.child, endpointId);
    const floor = (first.requests / concurrency) * (latencyMs / 1000);
    console.log(
      `first push: ${first.requests} requests (${first.writes} writes), ${first.objects} objects written, ${first.conflicts} conflicts/refusals (${(first.objects / Math.max(1, first.writes)).toFixed(1)} per write), floor ${floor.toFixed(2)} s, wall ${first.wall.toFixed(2)} s (x${(first.wall / floor).toFixed(2)}), simulator's own time ${(first.simMs / 1000).toFixed(2)} s`,
    );
    const repush = await push(handle, netbox.child, endpointId);
    console.log(
      `re-push: ${repush.requests} requests (${repush.writes} writes), ${repush.unchanged} objects unchanged, wall ${repush.wall.toFixed(2)} s, simulator's own time ${(repush.simMs / 1000).toFixed(2)} s`,
    );
    clearInterval(sampler);
    const peakMb = Math.round(peak / 1048576);
    console.log(
      `peak RSS ${peakMb} MB (the push process; the sync before it and both simulators run in their own processes)`,
    );
    const r3 = (n: number) => Number(n.toFixed(3));
    console.log(
      JSON.stringify({
        guests: proxmox.ready.guests,
        latency_ms: latencyMs,
        concurrency,
        first: {
          requests: first.requests,
          writes: first.writes,
          objects: first.objects,
          floor_s: r3(floor),
          wall_s: r3(first.wall),
          ratio: r3(first.wall / floor),
        },
        repush: { requests: repush.requests, writes: repush.writes, wall_s: r3(repush.wall) },
        peak_rss_mb: peakMb,
      }),
    );
  } finally {
    clearInterval(sampler);
    proxmox.child.kill('SIGTERM');
    netbox.child.kill('SIGTERM');
    await handle?.close();
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
