import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { tags, taggedItems } from '@/db/schema';
import type { Database } from '@/db/client';
import type { ModelDefinition } from '@/lib/models/define-model';
import { multiIds, multiRefsKey } from '@/lib/models/multi-value';
import { getModel } from '@/lib/models/registry';
import type { BriefRef, FieldMeta, RecordDTO } from '@/lib/models/types';

type Row = Record<string, unknown>;
export interface TagRef {
  id: number;
  name: string;
  slug: string;
  color: string;
}

/**
 * A row as the change log stores it: plain JSON, secrets reduced to whether they are set, so that
 * pre/post data can be shown and diffed without ever holding a credential.
 */
export function snapshotRow(model: ModelDefinition, row: Row, tagSlugs?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of model.meta.fields) {
    const value = row[field.key];
    if (field.kind === 'secret') out[`${field.key}Set`] = value !== null && value !== undefined && value !== '';
    else out[field.key] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  if (tagSlugs) out.tags = tagSlugs;
  return out;
}

/** Batch-loads brief references for every foreign key (and multiFk id set) of `fields` in `rows` (one query per field). */
async function loadRefs(db: Database, fields: FieldMeta[], rows: Row[]): Promise<Map<string, Map<number, BriefRef>>> {
  const result = new Map<string, Map<number, BriefRef>>();
  for (const field of fields) {
    const targetKey = field.kind === 'fk' ? field.fk : field.multiFk;
    if (!targetKey) continue;
    const target = getModel(targetKey)!;
    const values = field.multiFk ? rows.flatMap((r) => multiIds(r[field.key])) : rows.map((r) => r[field.key]);
    const ids = [...new Set(values.filter((v): v is number => typeof v === 'number'))];
    const refs = new Map<number, BriefRef>();
    if (ids.length > 0) {
      const idColumn = (target.table as unknown as Record<string, PgColumn>).id;
      const targetRows = await db
        .select()
        .from(target.table as PgTable)
        .where(inArray(idColumn, ids));
      for (const t of targetRows)
        refs.set(t.id as number, { id: t.id as number, display: target.display(t), model: target.meta.key });
    }
    result.set(field.key, refs);
  }
  return result;
}

/** Tags of many objects of one type, in one query. */
export async function loadTags(db: Database, objectType: string, ids: number[]): Promise<Map<number, TagRef[]>> {
  const map = new Map<number, TagRef[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .select({ objectId: taggedItems.objectId, id: tags.id, name: tags.name, slug: tags.slug, color: tags.color })
    .from(taggedItems)
    .innerJoin(tags, eq(tags.id, taggedItems.tagId))
    .where(and(eq(taggedItems.objectType, objectType), inArray(taggedItems.objectId, ids)));
  for (const r of rows) {
    if (!map.has(r.objectId)) map.set(r.objectId, []);
    map.get(r.objectId)!.push({ id: r.id, name: r.name, slug: r.slug, color: r.color });
  }
  return map;
}

/** Rows → DTOs (of every field, or of `only`): secrets replaced by `<key>Set`, foreign keys by brief refs (multiFk: `<key>Refs` beside the text), dates as ISO strings. */
export async function toDTOs(
  db: Database,
  model: ModelDefinition,
  rows: Row[],
  only?: readonly string[],
): Promise<RecordDTO[]> {
  // `only`: DTOs of just these fields (an export of the visible columns), so references of the
  // other foreign keys are never read.
  const fields = only ? model.meta.fields.filter((f) => only.includes(f.key)) : model.meta.fields;
  const refs = await loadRefs(db, fields, rows);
  const tagMap =
    model.meta.taggable && (!only || only.includes('tags'))
      ? await loadTags(
          db,
          model.meta.objectType,
          rows.map((r) => r.id as number),
        )
      : null;
  return rows.map((row) => {
    const dto: Record<string, unknown> = { id: row.id, display: model.display(row) };
    for (const field of fields) {
      const value = row[field.key];
      if (field.kind === 'secret') dto[`${field.key}Set`] = value !== null && value !== undefined && value !== '';
      else if (field.kind === 'fk')
        dto[field.key] = typeof value === 'number' ? (refs.get(field.key)?.get(value) ?? null) : null;
      else dto[field.key] = value instanceof Date ? value.toISOString() : (value ?? null);
      if (field.multiFk)
        dto[multiRefsKey(field.key)] = multiIds(value).flatMap((id) => refs.get(field.key)?.get(id) ?? []);
    }
    if (tagMap) dto.tags = tagMap.get(row.id as number) ?? [];
    return dto as RecordDTO;
  });
}
