// `npm run bench:pages [-- --guests N --requests M --warmup W --seed S --keep]`
// Seeds N guests (default 100,000) into a fresh PostgreSQL database on PG_ADMIN_URL's server,
// serves the production build against it, signs in over HTTP like a browser and times
// sequential page requests (DESIGN 7: list pages under 150 ms p95). The last line of output is
// the JSON summary. The database is dropped at the end unless --keep.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { seedInventory } from '../db/seed/inventory';
import { buildCases, type BenchCase } from './bench/cases';
import { login, type HttpSession } from './bench/http-session';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from './lib/pg-database';
import { startNextServer, type RunningServer } from './bench/server';
import { formatTable, summarize, summaryLine, type CaseStats } from './bench/stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_USERNAME = 'admin';

function options() {
  const { values } = parseArgs({
    options: {
      guests: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
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
    keep: values.keep,
  };
}

/** Runs one case: `warmup` unmeasured requests, then `requests` timed ones, each checked. */
async function runCase(session: HttpSession, benchCase: BenchCase, warmup: number, requests: number): Promise<CaseStats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const path = benchCase.path(i);
    const res = await session.get(path);
    if (res.status !== 200) throw new Error(`${benchCase.name}: GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    const missing = benchCase.expected(i).filter((text) => !res.body.includes(text));
    if (missing.length > 0) throw new Error(`${benchCase.name}: GET ${path} lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    if (i >= warmup) samples.push(res.ms);
  }
  return summarize(samples);
}

async function main(): Promise<number> {
  const opts = options();
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error('bench:pages: no production build (.next/BUILD_ID): run npm run build first');
    return 1;
  }
  const adminUrl = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  // One data directory and secret key for the seed (which encrypts endpoint tokens) and the server.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-bench-'));
  process.env.PROXBOX_DATA_DIR = dataDir;
  process.env.PROXBOX_SECRET_KEY = randomBytes(32).toString('hex');
  const adminPassword = randomBytes(18).toString('base64url');

  let database: ScratchDatabase | null = null;
  let server: RunningServer | null = null;
  const cleanup = async () => {
    await server?.stop();
    server = null;
    if (database && !opts.keep) await database.drop().catch((err: Error) => console.error(`bench:pages: could not drop ${database?.name}: ${err.message}`));
    else if (database) console.error(`bench:pages: kept ${redactUrl(database.url)}`);
    database = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  try {
    database = await createScratchDatabase(adminUrl, 'proxbox_bench');
    console.log(`bench:pages: database ${database.name}; seeding ${opts.guests} guests`);
    const handle = await openDatabase({ url: database.url, migrate: true });
    let seedSeconds: number;
    let cases: BenchCase[];
    try {
      const seeded = await seedInventory(handle.db, { guests: opts.guests, seed: opts.seed, concurrency: 2 }, ({ guestsDone, guestsTotal }) => {
        if (guestsDone % 20_000 === 0 || guestsDone === guestsTotal) console.log(`  seeded ${guestsDone}/${guestsTotal}`);
      });
      seedSeconds = seeded.elapsedMs / 1000;
      cases = await buildCases(handle.db, seeded.clusters[0].netboxClusterId, opts.seed);
    } finally {
      await handle.close();
    }

    server = await startNextServer(root, { DATABASE_URL: database.url, PROXBOX_DATA_DIR: dataDir, PROXBOX_ADMIN_PASSWORD: adminPassword });
    const session = await login(server.baseUrl, ADMIN_USERNAME, adminPassword);
    const results: [string, CaseStats][] = [];
    for (const benchCase of cases) {
      results.push([benchCase.name, await runCase(session, benchCase, opts.warmup, opts.requests)]);
      console.log(`  ${benchCase.name} done`);
    }
    await cleanup();

    console.log(`\nPage benchmark: ${opts.guests} guests on PostgreSQL, ${opts.requests} sequential requests per case after ${opts.warmup} warm-up`);
    console.log(formatTable(results));
    const slow = results.filter(([name, s]) => name.startsWith('vm_list') && s.p95 >= 150);
    console.log(slow.length ? `Over the 150 ms p95 target (DESIGN 7): ${slow.map(([name]) => name).join(', ')}` : 'All list pages under the 150 ms p95 target (DESIGN 7).');
    console.log(`Seed: ${opts.guests} guests in ${seedSeconds.toFixed(1)} s`);
    console.log(summaryLine(opts.guests, results));
    return 0;
  } catch (err) {
    const serverLog = server?.log();
    console.error(`bench:pages failed: ${err instanceof Error ? err.message : String(err)}`);
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
