import { asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { virtualMachines } from '../../db/schema';
import { escapeLike } from '../../lib/data/list-filters';
import { describeExit, PYTHON, runProcess } from './api-client';
import { SEARCH_TERM } from './cases';

// The measured API requests of `npm run bench:api` and what each answer must hold. Expectations
// come from the seeded database (counts and the exact ids of the first page, in the API's order:
// the given ordering, then id), so an answer that is fast but wrong fails the run.

export const PAGE_SIZE = 50;
const DETAIL_VMS = 60;
const VMS = '/api/virtualization/virtual-machines/';
const BRIEF_FIELDS = ['description', 'display', 'id', 'name', 'url'];

export interface ApiCase {
  name: string;
  /** The i-th request's path and query (the detail case rotates over several VMs). */
  path(i: number): string;
  /** Checks the parsed body of the i-th answer; returns what is wrong, or null. */
  check(body: unknown, i: number): string | null;
}

interface ListBody {
  count: number;
  next: string | null;
  results: Record<string, unknown>[];
}

const isList = (body: unknown): body is ListBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ListBody).count === 'number' &&
  Array.isArray((body as ListBody).results);

/** A list case: `count` and the ordered ids of the page must match; `extra` checks each row. */
function listCase(
  name: string,
  query: string,
  expected: { count: number; ids: number[] },
  extra?: (row: Record<string, unknown>) => string | null,
): ApiCase {
  return {
    name,
    path: () => `${VMS}?limit=${PAGE_SIZE}${query}`,
    check(body) {
      if (!isList(body)) return `not a list body: ${JSON.stringify(body).slice(0, 200)}`;
      if (body.count !== expected.count) return `count ${body.count}, expected ${expected.count}`;
      const ids = body.results.map((row) => row.id);
      if (ids.join(',') !== expected.ids.join(','))
        return `ids ${ids.slice(0, 5).join(',')}…, expected ${expected.ids.slice(0, 5).join(',')}…`;
      if ((body.next !== null) !== expected.count > PAGE_SIZE) return `next is ${body.next} with count ${body.count}`;
      for (const row of body.results) {
        const problem = extra?.(row);
        if (problem) return problem;
      }
      return null;
    },
  };
}

async function firstPage(
  db: Database,
  where: SQL | undefined,
  order: SQL[],
): Promise<{ count: number; ids: number[] }> {
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: virtualMachines.id })
      .from(virtualMachines)
      .where(where)
      .orderBy(...order)
      .limit(PAGE_SIZE),
    db.select({ n: count() }).from(virtualMachines).where(where),
  ]);
  return { count: Number(total.n), ids: rows.map((row) => row.id) };
}

/** The seven request cases of the benchmark against a seeded database; `clusterId` is a NetBox cluster id. */
export async function buildApiCases(
  db: Database,
  clusterId: number,
  seed: number,
): Promise<{ cases: ApiCase[]; total: number }> {
  const byName = [asc(virtualMachines.name), asc(virtualMachines.id)];
  const pattern = `%${escapeLike(SEARCH_TERM)}%`;
  // The VM quick search (`q`) covers name, vmid and description; a text term cannot match a vmid.
  const [all, cluster, search, active, descending] = await Promise.all([
    firstPage(db, undefined, byName),
    firstPage(db, eq(virtualMachines.clusterId, clusterId), byName),
    firstPage(db, or(ilike(virtualMachines.name, pattern), ilike(virtualMachines.description, pattern)), byName),
    firstPage(db, eq(virtualMachines.status, 'active'), byName),
    firstPage(db, undefined, [desc(virtualMachines.name), asc(virtualMachines.id)]),
  ]);
  // A fixed pseudo-random sample (md5 of id and seed), the same for every run of one seed.
  const details = await db
    .select({ id: virtualMachines.id, name: virtualMachines.name })
    .from(virtualMachines)
    .orderBy(sql`md5(${virtualMachines.id}::text || ${String(seed)})`)
    .limit(DETAIL_VMS);
  if (all.count === 0 || cluster.count === 0 || search.count === 0 || active.count === 0 || details.length === 0) {
    throw new Error(
      `the seeded database lacks the rows the cases need (a guest named like "${SEARCH_TERM}", active guests); seed more guests`,
    );
  }
  const cases: ApiCase[] = [
    listCase('vms_list', '', all),
    listCase('vms_cluster', `&cluster_id=${clusterId}`, cluster, (row) =>
      (row.cluster as { id?: number } | null)?.id === clusterId
        ? null
        : `a row of another cluster: ${JSON.stringify(row.cluster)}`,
    ),
    listCase('vms_q', `&q=${encodeURIComponent(SEARCH_TERM)}`, search),
    listCase('vms_status', '&status=active', active, (row) =>
      (row.status as { value?: string } | null)?.value === 'active' ? null : `status ${JSON.stringify(row.status)}`,
    ),
    listCase('vms_ordering', '&ordering=-name', descending),
    listCase('vms_brief', '&brief=1', all, (row) =>
      Object.keys(row).sort().join(',') === BRIEF_FIELDS.join(',')
        ? null
        : `brief row has ${Object.keys(row).join(',')}`,
    ),
    {
      name: 'vm_detail',
      path: (i) => `${VMS}${details[i % details.length].id}/`,
      check(body, i) {
        const want = details[i % details.length];
        const got = body as { id?: number; name?: string };
        return got?.id === want.id && got.name === want.name
          ? null
          : `got ${JSON.stringify(body).slice(0, 200)}, expected VM ${want.id} ${want.name}`;
      },
    },
  ];
  return { cases, total: all.count };
}

// pynetbox walks every VM the way scripts do: filter(limit=N) asks for the first page, then
// limit=N&offset=N, then follows the `next` links. The Python side times the walk itself
// (interpreter start-up excluded) and reports how many distinct VMs it saw.
const WALK_SCRIPT = `
import json, sys, time
import pynetbox
url, token, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
nb = pynetbox.api(url, token=token)
start = time.perf_counter()
ids = [vm.id for vm in nb.virtualization.virtual_machines.filter(limit=limit)]
seconds = time.perf_counter() - start
print(json.dumps({"seen": len(ids), "distinct": len(set(ids)), "seconds": seconds}))
`;

export interface WalkResult {
  seen: number;
  distinct: number;
  seconds: number;
}

/** Walks all VMs with pynetbox (Debian's /usr/bin/python3) and returns what it saw and how long it took. */
export async function pynetboxWalk(baseUrl: string, token: string, pageSize: number): Promise<WalkResult> {
  const result = await runProcess(PYTHON, ['-c', WALK_SCRIPT, baseUrl, token, String(pageSize)], {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 1_800_000,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.code !== 0 || !line.startsWith('{')) throw new Error(describeExit('the pynetbox walk', result));
  return JSON.parse(line) as WalkResult;
}
