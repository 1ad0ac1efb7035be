// `npm run bench:api [-- --guests N --requests M --warmup W --seed S --walk-limit L --keep]`
// Seeds N guests (default 100,000) into a fresh PostgreSQL database on PG_ADMIN_URL's server the
// way bench:pages does, serves the production build against it, creates an API key with
// scripts/keys.ts in the server's data directory, and times sequential API requests with
// `Authorization: Token <key>` (DESIGN 7: list requests under 50 ms p95). Then pynetbox
// (/usr/bin/python3) walks every VM with filter(limit=L). The last line of output is the JSON
// summary: {"vms": N, "cases": {name: {"p50_ms", "p95_ms"}}, "walk_all_s": x}. The database is
// dropped at the end unless --keep.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { seedInventory } from '../db/seed/inventory';
import { buildApiCases, pynetboxWalk, type ApiCase, type WalkResult } from './bench/api-cases';
import { apiGet, createApiKey } from './bench/api-client';
import { startNextServer, type RunningServer } from './bench/server';
import { formatTable, summarize, type CaseStats } from './bench/stats';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from './lib/pg-database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIST_TARGET_P95_MS = 50;

function options() {
  const { values } = parseArgs({
    options: {
      guests: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      'walk-limit': { type: 'string', default: '1000' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")`);
    return n;
  };
  return {
    guests: int('guests', values.guests, 1),
    requests: int('requests', values.requests, 1),
    warmup: int('warmup', values.warmup, 0),
    seed: int('seed', values.seed, 0),
    walkLimit: int('walk-limit', values['walk-limit'], 1),
    keep: values.keep,
  };
}

/** Runs one case: `warmup` unmeasured requests, then `requests` timed ones, each checked. */
async function runCase(baseUrl: string, token: string, apiCase: ApiCase, warmup: number, requests: number): Promise<CaseStats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const target = apiCase.path(i);
    const res = await apiGet(baseUrl, token, target);
    if (res.status !== 200) throw new Error(`${apiCase.name}: GET ${target} answered ${res.status}: ${res.body.slice(0, 300)}`);
    const problem = apiCase.check(JSON.parse(res.body), i);
    if (problem) throw new Error(`${apiCase.name}: GET ${target}: ${problem}`);
    if (i >= warmup) samples.push(res.ms);
  }
  return summarize(samples);
}

/** `{"vms": N, "cases": {"x": {"p50_ms": a, "p95_ms": b}}, "walk_all_s": s}` */
function summaryLine(vms: number, results: [string, CaseStats][], walkSeconds: number): string {
  const cases = Object.fromEntries(results.map(([name, s]) => [name, { p50_ms: s.p50, p95_ms: s.p95 }]));
  return JSON.stringify({ vms, cases, walk_all_s: Math.round(walkSeconds * 100) / 100 });
}

async function main(): Promise<number> {
  const opts = options();
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error('bench:api: no production build (.next/BUILD_ID): run npm run build first');
    return 1;
  }
  const adminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  // One data directory and secret key for the seed, the server and the key tool.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-api-'));
  process.env.PROXBOX_DATA_DIR = dataDir;
  process.env.PROXBOX_SECRET_KEY = randomBytes(32).toString('hex');
  const adminPassword = randomBytes(18).toString('base64url');

  let database: ScratchDatabase | null = null;
  let server: RunningServer | null = null;
  const cleanup = async () => {
    await server?.stop();
    server = null;
    if (database && !opts.keep) await database.drop().catch((err: Error) => console.error(`bench:api: could not drop ${database?.name}: ${err.message}`));
    else if (database) console.error(`bench:api: kept ${redactUrl(database.url)}`);
    database = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  try {
    database = await createScratchDatabase(adminUrl, 'proxbox_bench_api');
    console.log(`bench:api: database ${database.name}; seeding ${opts.guests} guests`);
    const handle = await openDatabase({ url: database.url, migrate: true });
    let seedSeconds: number;
    let cases: ApiCase[];
    let total: number;
    try {
      const seeded = await seedInventory(handle.db, { guests: opts.guests, seed: opts.seed, concurrency: 2 }, ({ guestsDone, guestsTotal }) => {
        if (guestsDone % 20_000 === 0 || guestsDone === guestsTotal) console.log(`  seeded ${guestsDone}/${guestsTotal}`);
      });
      seedSeconds = seeded.elapsedMs / 1000;
      ({ cases, total } = await buildApiCases(handle.db, seeded.clusters[0].netboxClusterId, opts.seed));
    } finally {
      await handle.close();
    }

    const env = { DATABASE_URL: database.url, PROXBOX_DATA_DIR: dataDir };
    server = await startNextServer(root, { ...env, PROXBOX_ADMIN_PASSWORD: adminPassword });
    const token = await createApiKey(root, { ...process.env, ...env }, 'bench:api');
    const results: [string, CaseStats][] = [];
    for (const apiCase of cases) {
      results.push([apiCase.name, await runCase(server.baseUrl, token, apiCase, opts.warmup, opts.requests)]);
      console.log(`  ${apiCase.name} done`);
    }
    console.log(`  pynetbox walk over ${total} VMs (limit=${opts.walkLimit})…`);
    const walk: WalkResult = await pynetboxWalk(server.baseUrl, token, opts.walkLimit);
    if (walk.seen !== total || walk.distinct !== total) throw new Error(`the pynetbox walk saw ${walk.seen} VMs (${walk.distinct} distinct), expected ${total}`);
    await cleanup();

    console.log(`\nAPI benchmark: ${total} VMs on PostgreSQL, ${opts.requests} sequential requests per case after ${opts.warmup} warm-up, API key auth`);
    console.log(formatTable(results));
    console.log(`pynetbox walk: ${walk.seen} VMs with filter(limit=${opts.walkLimit}) in ${walk.seconds.toFixed(2)} s`);
    const slow = results.filter(([name, s]) => name.startsWith('vms_') && s.p95 >= LIST_TARGET_P95_MS);
    console.log(
      slow.length
        ? `Over the ${LIST_TARGET_P95_MS} ms p95 list target (DESIGN 7): ${slow.map(([name]) => name).join(', ')}`
        : `All list requests under the ${LIST_TARGET_P95_MS} ms p95 target (DESIGN 7).`,
    );
    console.log(`Seed: ${opts.guests} guests in ${seedSeconds.toFixed(1)} s`);
    console.log(summaryLine(total, results, walk.seconds));
    return 0;
  } catch (err) {
    const serverLog = server?.log();
    console.error(`bench:api failed: ${err instanceof Error ? err.message : String(err)}`);
    if (serverLog) console.error(`--- server log (last lines) ---\n${serverLog.split('\n').slice(-40).join('\n')}`);
    await cleanup();
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
