import { and, eq, inArray, like, ne, or } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { ipAddresses } from '@/db/schema';
import type { ModelDefinition, WriteRule } from '@/lib/models/define-model';
import { multiIds } from '@/lib/models/multi-value';
import { getModel } from '@/lib/models/registry';
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

/** Rules that need the database (run in the write's transaction); a model lists its own in `writeRules`. */
const RULES: Record<WriteRule, (tx: Database, values: Record<string, unknown>, id: number | null) => Promise<void>> = {
  'unique-ip-host': checkIpAddressUnique,
};

export async function runWriteRules(
  tx: Database,
  model: ModelDefinition,
  values: Record<string, unknown>,
  id: number | null,
): Promise<void> {
  for (const rule of model.writeRules) await RULES[rule](tx, values, id);
}

/**
 * Every id written to a multiFk field must exist. Only the given values are checked (on update:
 * the changed ones), so an id left behind by a deleted object does not block unrelated edits.
 */
export async function checkMultiReferences(
  tx: Database,
  model: ModelDefinition,
  values: Record<string, unknown>,
): Promise<void> {
  const errors: Record<string, string[]> = {};
  for (const field of model.meta.fields) {
    const ids = field.multiFk && field.key in values ? multiIds(values[field.key]) : [];
    if (ids.length === 0) continue;
    const target = getModel(field.multiFk!)!;
    const idColumn = (target.table as unknown as Record<string, PgColumn>).id;
    const found = new Set(
      (
        await tx
          .select({ id: idColumn })
          .from(target.table as PgTable)
          .where(inArray(idColumn, ids))
      ).map((r) => r.id as number),
    );
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      errors[field.key] = [
        `Select valid choices: no ${target.meta.label.toLowerCase()} with id ${missing.join(', ')}.`,
      ];
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
}
