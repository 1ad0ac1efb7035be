import { and, eq, like, ne, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ipAddresses } from '@/db/schema';
import type { ModelDefinition } from '@/lib/models/define-model';
import { parseIpWithPrefix } from './field-schemas';
import { validationError } from './errors';

/** Roles that may share an address (NetBox's IPADDRESS_ROLES_NONUNIQUE). */
const NON_UNIQUE_ROLES = new Set(['anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp']);

/**
 * NetBox's ENFORCE_GLOBAL_UNIQUE: an address may exist once in the global table whatever its
 * prefix length, unless its role allows duplicates. Checked inside the write transaction.
 */
async function checkIpAddressUnique(tx: Database, values: Record<string, unknown>, id: number | null): Promise<void> {
  const parsed = typeof values.address === 'string' ? parseIpWithPrefix(values.address) : null;
  if (!parsed || NON_UNIQUE_ROLES.has(String(values.role ?? ''))) return;
  const sameHost = or(eq(ipAddresses.address, parsed.host), like(ipAddresses.address, `${parsed.host}/%`));
  const clash = await tx
    .select({ id: ipAddresses.id, address: ipAddresses.address, role: ipAddresses.role })
    .from(ipAddresses)
    .where(id === null ? sameHost : and(sameHost, ne(ipAddresses.id, id)))
    .limit(5);
  const existing = clash.find((c) => !NON_UNIQUE_ROLES.has(String(c.role ?? '')));
  if (existing) throw validationError({ address: [`Duplicate IP address found in global table: ${existing.address}`] });
}

/** Rules that need the database (run in the write's transaction), keyed by model. */
const RULES: Record<string, (tx: Database, values: Record<string, unknown>, id: number | null) => Promise<void>> = {
  'ip-addresses': checkIpAddressUnique,
};

export async function runWriteRules(tx: Database, model: ModelDefinition, values: Record<string, unknown>, id: number | null): Promise<void> {
  await RULES[model.meta.key]?.(tx, values, id);
}
