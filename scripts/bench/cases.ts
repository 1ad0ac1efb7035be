import { asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { virtualMachines } from '../../db/schema';

// The measured pages and what each response must contain. Expectations come from the database
// itself, so a page that renders fast but wrong (empty list, login page, error page) fails.

export interface BenchCase {
  name: string;
  /** The i-th request's path (detail pages rotate over several VMs). */
  path(i: number): string;
  /** Text the i-th response must contain. */
  expected(i: number): string[];
}

export const SEARCH_TERM = 'web-01';
const PER_PAGE = 50;
const DETAIL_VMS = 60;

async function namesByName(db: Database, where: SQL | undefined, limit: number): Promise<string[]> {
  const rows = await db.select({ name: virtualMachines.name }).from(virtualMachines).where(where).orderBy(asc(virtualMachines.name), asc(virtualMachines.id)).limit(limit);
  return rows.map((row) => row.name);
}

/** Builds the four cases against a seeded database; `clusterId` is a NetBox cluster id. */
export async function buildCases(db: Database, clusterId: number, seed: number): Promise<BenchCase[]> {
  const [firstOverall] = await namesByName(db, undefined, 1);
  // Names are unique per cluster, so the filtered page is well defined: its first and last row
  // must both be there, and the last one lies beyond what an unfiltered page would reach.
  const clusterPage = await namesByName(db, eq(virtualMachines.clusterId, clusterId), PER_PAGE);
  const [firstMatch] = await namesByName(db, ilike(virtualMachines.name, `%${SEARCH_TERM}%`), 1);
  // A fixed pseudo-random sample (md5 of id and seed), the same for every run of one seed.
  const details = await db
    .select({ id: virtualMachines.id, name: virtualMachines.name })
    .from(virtualMachines)
    .orderBy(sql`md5(${virtualMachines.id}::text || ${String(seed)})`)
    .limit(DETAIL_VMS);
  if (!firstOverall || clusterPage.length === 0 || !firstMatch || details.length === 0) {
    throw new Error(`the seeded database lacks the rows the cases need (is there a guest named like "${SEARCH_TERM}"?); seed more guests`);
  }
  const list = `/virtual-machines?`;
  return [
    { name: 'vm_list_sorted', path: () => `${list}sort=name&per_page=${PER_PAGE}`, expected: () => [firstOverall] },
    {
      name: 'vm_list_cluster_filter',
      path: () => `${list}sort=name&per_page=${PER_PAGE}&clusterId=${clusterId}`,
      expected: () => [clusterPage[0], clusterPage[clusterPage.length - 1]],
    },
    { name: 'vm_list_search', path: () => `${list}q=${encodeURIComponent(SEARCH_TERM)}&per_page=${PER_PAGE}`, expected: () => [firstMatch] },
    {
      name: 'vm_detail',
      path: (i) => `/virtual-machines/${details[i % details.length].id}`,
      expected: (i) => [details[i % details.length].name],
    },
  ];
}
