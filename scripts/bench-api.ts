// `npm run bench:api [-- --guests N --requests M --warmup W --seed S --walk-limit L --keep]`
// Seeds N guests (default 100,000) into a fresh PostgreSQL database on PG_ADMIN_URL's server the
// way bench:pages does, serves the production build against it, creates an API key with
// scripts/keys.ts in the server's data directory, and times sequential API requests with
// `Authorization: Token <key>` (target: list requests under 50 ms p95). Then pynetbox
// (/usr/bin/python3) walks every VM with filter(limit=L). The last line of output is the JSON
// summary: {"vms": N, "cases": {name: {"p50_ms", "p95_ms"}}, "walk_all_s": x}. The database is
// dropped at the end unless --keep.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApiCases, pynetboxWalk, type ApiCase, type WalkResult } from './bench/api-cases';
import { apiGet, createApiKey } from './bench/api-client';
import { parseBenchOptions, withSeededApp } from './bench/seeded-app';
import { formatTable, summarize, type CaseStats } from './bench/stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIST_TARGET_P95_MS = 50;

/** Runs one case: `warmup` unmeasured requests, then `requests` timed ones, each checked. */
async function runCase(
  baseUrl: string,
  token: string,
  apiCase: ApiCase,
  warmup: number,
  requests: number,
): Promise<CaseStats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const target = apiCase.path(i);
    const res = await apiGet(baseUrl, token, target);
    if (res.status !== 200)
      throw new Error(`${apiCase.name}: GET ${target} answered ${res.status}: ${res.body.slice(0, 300)}`);
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
  const opts = parseBenchOptions({ 'walk-limit': { default: '1000', min: 1 } });
  const walkLimit = opts.extra['walk-limit'];
  return withSeededApp(
    root,
    'bench:api',
    opts,
    (db, seeded) => buildApiCases(db, seeded.clusters[0].netboxClusterId, opts.seed),
    async ({ server, env, seedSeconds, prepared: { cases, total } }) => {
      const token = await createApiKey(root, { ...process.env, ...env }, 'bench:api');
      const results: [string, CaseStats][] = [];
      for (const apiCase of cases) {
        results.push([apiCase.name, await runCase(server.baseUrl, token, apiCase, opts.warmup, opts.requests)]);
        console.log(`  ${apiCase.name} done`);
      }
      console.log(`  pynetbox walk over ${total} VMs (limit=${walkLimit})…`);
      const walk: WalkResult = await pynetboxWalk(server.baseUrl, token, walkLimit);
      if (walk.seen !== total || walk.distinct !== total)
        throw new Error(`the pynetbox walk saw ${walk.seen} VMs (${walk.distinct} distinct), expected ${total}`);
      console.log(
        `\nAPI benchmark: ${total} VMs on PostgreSQL, ${opts.requests} sequential requests per case after ${opts.warmup} warm-up, API key auth`,
      );
      console.log(formatTable(results));
      console.log(`pynetbox walk: ${walk.seen} VMs with filter(limit=${walkLimit}) in ${walk.seconds.toFixed(2)} s`);
      const slow = results.filter(([name, s]) => name.startsWith('vms_') && s.p95 >= LIST_TARGET_P95_MS);
      console.log(
        slow.length
          ? `Over the ${LIST_TARGET_P95_MS} ms p95 list target: ${slow.map(([name]) => name).join(', ')}`
          : `All list requests under the ${LIST_TARGET_P95_MS} ms p95 target.`,
      );
      console.log(`Seed: ${opts.guests} guests in ${seedSeconds.toFixed(1)} s`);
      console.log(summaryLine(total, results, walk.seconds));
    },
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
