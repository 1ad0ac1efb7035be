// `npm run bench:pages [-- --guests N --requests M --warmup W --seed S --keep]`
// Seeds N guests (default 100,000) into a fresh PostgreSQL database on PG_ADMIN_URL's server,
// serves the production build against it, signs in over HTTP like a browser and times
// sequential page requests (target: list pages under 150 ms p95). The last line of output is
// the JSON summary. The database is dropped at the end unless --keep.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCases, type BenchCase } from './bench/cases';
import { parseBenchOptions, withSeededApp } from './bench/seeded-app';
import { login, type HttpSession } from './bench/http-session';
import { formatTable, summarize, summaryLine, type CaseStats } from './bench/stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_USERNAME = 'admin';

/** p95 targets: list pages, the dashboard and the explorer's node expansion (issue #6). */
function p95TargetMs(name: string): number | null {
  if (name.startsWith('vm_list')) return 150;
  if (name === 'dashboard') return 300;
  if (name === 'explorer_expand_node') return 200;
  return null;
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
  const opts = parseBenchOptions();
  return withSeededApp(root, 'bench:pages', opts, (db, seeded) => buildCases(db, seeded.clusters[0].netboxClusterId, opts.seed), async ({ server, adminPassword, seedSeconds, prepared: cases }) => {
    const session = await login(server.baseUrl, ADMIN_USERNAME, adminPassword);
    const results: [string, CaseStats][] = [];
    for (const benchCase of cases) {
      results.push([benchCase.name, await runCase(session, benchCase, opts.warmup, opts.requests)]);
      console.log(`  ${benchCase.name} done`);
    }
    console.log(`\nPage benchmark: ${opts.guests} guests on PostgreSQL, ${opts.requests} sequential requests per case after ${opts.warmup} warm-up`);
    console.log(formatTable(results));
    for (const [name, s] of results) {
      const target = p95TargetMs(name);
      if (target !== null) console.log(`${name}: p95 ${s.p95.toFixed(1)} ms ${s.p95 < target ? 'under' : 'OVER'} its ${target} ms target`);
    }
    console.log(`Seed: ${opts.guests} guests in ${seedSeconds.toFixed(1)} s`);
    console.log(summaryLine(opts.guests, results));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
