// `npm run bench:pages [-- --guests N --requests M --warmup W --seed S --bulk-rows B --keep]`
// Seeds N guests (default 100,000) into a fresh PostgreSQL database on PG_ADMIN_URL's server,
// serves the production build against it, signs in over HTTP like a browser and times
// sequential page requests (target: list pages under 150 ms p95). The last line of output is
// the JSON summary. Then, once each: a CSV export of every VM (time to last byte, server peak
// RSS) and a bulk edit of --bulk-rows ticked VMs (default 10,000). The database is dropped at the
// end unless --keep.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countVms, measureBulkEdit, measureExport } from './bench/admin-cases';
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
async function runCase(
  session: HttpSession,
  benchCase: BenchCase,
  warmup: number,
  requests: number,
): Promise<CaseStats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + requests; i++) {
    const path = benchCase.path(i);
    const res = await session.get(path);
    if (res.status !== 200)
      throw new Error(`${benchCase.name}: GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    const missing = benchCase.expected(i).filter((text) => !res.body.includes(text));
    if (missing.length > 0)
      throw new Error(`${benchCase.name}: GET ${path} lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    if (i >= warmup) samples.push(res.ms);
  }
  return summarize(samples);
}

async function main(): Promise<number> {
  const opts = parseBenchOptions({ 'bulk-rows': { default: '10000', min: 1 } });
  return withSeededApp(
    root,
    'bench:pages',
    opts,
    (db, seeded) => buildCases(db, seeded.clusters[0].netboxClusterId, opts.seed),
    async ({ server, database, adminPassword, seedSeconds, prepared: cases }) => {
      const session = await login(server.baseUrl, ADMIN_USERNAME, adminPassword);
      const results: [string, CaseStats][] = [];
      for (const benchCase of cases) {
        results.push([benchCase.name, await runCase(session, benchCase, opts.warmup, opts.requests)]);
        console.log(`  ${benchCase.name} done`);
      }
      // Once each: an export of every VM and a bulk edit (these are single long operations, not p95s).
      const exported = await measureExport(session, server.pid, await countVms(database.url));
      console.log('  export_csv_100k done');
      const bulkRows = Math.min(opts.extra['bulk-rows'], await countVms(database.url));
      const bulk = await measureBulkEdit(database.url, bulkRows);
      console.log('  bulk_edit_10k done');
      console.log(
        `\nPage benchmark: ${opts.guests} guests on PostgreSQL, ${opts.requests} sequential requests per case after ${opts.warmup} warm-up`,
      );
      console.log(formatTable(results));
      for (const [name, s] of results) {
        const target = p95TargetMs(name);
        if (target !== null)
          console.log(
            `${name}: p95 ${s.p95.toFixed(1)} ms ${s.p95 < target ? 'under' : 'OVER'} its ${target} ms target`,
          );
      }
      console.log(`Seed: ${opts.guests} guests in ${seedSeconds.toFixed(1)} s`);
      console.log(
        `export_csv_100k: ${exported.rows} rows, ${(exported.bytes / 1024 / 1024).toFixed(1)} MiB, last byte after ${exported.last_byte_ms} ms; server RSS ${exported.server_rss_before_mib} MiB before, peak ${exported.server_rss_peak_mib} MiB`,
      );
      console.log(
        `bulk_edit_10k: tag added to ${bulk.changed} of ${bulk.selected} VMs in ${bulk.ms} ms (one transaction)`,
      );
      const summary = JSON.parse(summaryLine(opts.guests, results)) as Record<string, unknown>;
      console.log(JSON.stringify({ ...summary, export_csv_100k: exported, bulk_edit_10k: bulk }));
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
