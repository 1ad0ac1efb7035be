import { and, eq } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import type { Database } from '@/db/client';
import { taggedItems } from '@/db/schema';

/**
 * Ids among `ids` that carry the Proxbox tag, i.e. objects the sync created. Tables without an
 * owner column rely on it so that a sync never deletes what a user made (docs/design-decisions.md).
 */
export async function taggedWith(
  tx: Database,
  tagId: number | null,
  objectType: string,
  ids: number[],
): Promise<Set<number>> {
  const out = new Set<number>();
  if (tagId === null) return out;
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await tx
      .select({ id: taggedItems.objectId })
      .from(taggedItems)
      .where(
        and(
          eq(taggedItems.tagId, tagId),
          eq(taggedItems.objectType, objectType),
          anyOf(taggedItems.objectId, ids.slice(i, i + 1000)),
        ),
      );
    for (const r of rows) out.add(r.id);
  }
  return out;
}
