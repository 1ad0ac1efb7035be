import { asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { proxmoxEndpoints, proxmoxNodes, virtualMachines } from '../../db/schema';
import { formatCount } from '../../components/data-table/format';
import { searchCases } from './search-cases';

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
  const rows = await db
    .select({ name: virtualMachines.name })
    .from(virtualMachines)
    .where(where)
    .orderBy(asc(virtualMachines.name), asc(virtualMachines.id))
    .limit(limit);
  return rows.map((row) => row.name);
}

/**
 * What the dashboard must show for the seeded estate: its first endpoint, the "VMs running"
 * figure (running / all QEMU guests, as EstateTotals formats it) and the per-node chart.
 */
async function dashboardExpectations(db: Database): Promise<string[]> {
  const [endpoint] = await db
    .select({ name: proxmoxEndpoints.name })
    .from(proxmoxEndpoints)
    .orderBy(asc(proxmoxEndpoints.name))
    .limit(1);
  const [qemu] = await db
    .select({
      running: sql<string>`count(*) filter (where ${virtualMachines.proxmoxStatus} = 'running')`,
      all: sql<string>`count(*)`,
    })
    .from(virtualMachines)
    .where(sql`${virtualMachines.proxmoxEndpointId} is not null and ${virtualMachines.guestType} = 'qemu'`);
  if (!endpoint) throw new Error('the seeded database has no Proxmox endpoint for the dashboard case');
  return [endpoint.name, `${formatCount(Number(qemu.running))} / ${formatCount(Number(qemu.all))}`, 'Guests per node'];
}

/**
 * The relationship explorer expanding the guests of the node that has the most (a page of 50 and
 * the exact count): the answer must hold that count and the node's first guest in list order.
 */
async function explorerExpandCase(db: Database): Promise<BenchCase> {
  const guests = sql<string>`count(${virtualMachines.id})`;
  const [node] = await db
    .select({ id: proxmoxNodes.id, deviceId: proxmoxNodes.netboxDeviceId, guests })
    .from(proxmoxNodes)
    .innerJoin(virtualMachines, eq(virtualMachines.deviceId, proxmoxNodes.netboxDeviceId))
    .groupBy(proxmoxNodes.id)
    .orderBy(desc(guests), asc(proxmoxNodes.id))
    .limit(1);
  if (!node?.deviceId) throw new Error('the seeded database has no Proxmox node with guests for the explorer case');
  const [first] = await namesByName(db, eq(virtualMachines.deviceId, node.deviceId), 1);
  const relation = encodeURIComponent('child:virtual-machines:proxmoxNodeId');
  return {
    name: 'explorer_expand_node',
    path: () => `/api/explorer/proxmox-nodes/${node.id}?relation=${relation}&limit=50`,
    expected: () => [`"count":${Number(node.guests)}`, `"display":${JSON.stringify(first)}`],
  };
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
    throw new Error(
      `the seeded database lacks the rows the cases need (is there a guest named like "${SEARCH_TERM}"?); seed more guests`,
    );
  }
  const dashboardTexts = await dashboardExpectations(db);
  const list = `/virtual-machines?`;
  return [
    { name: 'vm_list_sorted', path: () => `${list}sort=name&per_page=${PER_PAGE}`, expected: () => [firstOverall] },
    {
      name: 'vm_list_cluster_filter',
      path: () => `${list}sort=name&per_page=${PER_PAGE}&clusterId=${clusterId}`,
      expected: () => [clusterPage[0], clusterPage[clusterPage.length - 1]],
    },
    {
      name: 'vm_list_search',
      path: () => `${list}q=${encodeURIComponent(SEARCH_TERM)}&per_page=${PER_PAGE}`,
      expected: () => [firstMatch],
    },
    {
      name: 'vm_detail',
      path: (i) => `/virtual-machines/${details[i % details.length].id}`,
      expected: (i) => [details[i % details.length].name],
    },
    { name: 'dashboard', path: () => '/', expected: () => dashboardTexts },
    await explorerExpandCase(db),
    ...(await searchCases(db, SEARCH_TERM)),
  ];
}
