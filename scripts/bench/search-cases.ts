import { asc, ilike, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { virtualMachines, vmInterfaces } from '../../db/schema';
import type { BenchCase } from './cases';

/**
 * Global search (lib/search) on the seeded estate: the /search page for a name fragment, and the
 * palette's JSON route for a MAC typed in lower case and for a vmid (both exact matches). The
 * expectations come from the database: the first VM by name containing the term, the MAC's
 * stored spelling in the hit's context, and the name of the first VM with that vmid.
 */
export async function searchCases(db: Database, term: string): Promise<BenchCase[]> {
  const [firstMatch] = await db
    .select({ name: virtualMachines.name })
    .from(virtualMachines)
    .where(ilike(virtualMachines.name, `%${term}%`))
    .orderBy(asc(virtualMachines.name), asc(virtualMachines.id))
    .limit(1);
  const [nic] = await db
    .select({ mac: vmInterfaces.macAddress })
    .from(vmInterfaces)
    .where(isNotNull(vmInterfaces.macAddress))
    .orderBy(asc(vmInterfaces.id))
    .limit(1);
  const [guest] = await db
    .select({ name: virtualMachines.name, vmid: virtualMachines.vmid })
    .from(virtualMachines)
    .where(sql`${virtualMachines.vmid} is not null`)
    .orderBy(asc(virtualMachines.name), asc(virtualMachines.id))
    .limit(1);
  if (!firstMatch || !nic?.mac || !guest?.vmid)
    throw new Error('the seeded database lacks the VMs and interfaces the search cases need');
  const mac = nic.mac;
  return [
    {
      name: 'search_page',
      path: () => `/search?q=${encodeURIComponent(term)}`,
      expected: () => [firstMatch.name, 'Virtual machines'],
    },
    {
      name: 'search_api_mac',
      path: () => `/api/search/?q=${encodeURIComponent(mac.toLowerCase())}&limit=4`,
      expected: () => [`"context":"MAC address: ${mac}"`, '"exact":true'],
    },
    {
      name: 'search_api_vmid',
      path: () => `/api/search/?q=${guest.vmid}&limit=4`,
      expected: () => ['"model":"virtual-machines"', `"context":"VMID: ${guest.vmid}"`],
    },
  ];
}
