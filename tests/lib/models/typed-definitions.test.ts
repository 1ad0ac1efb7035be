import { describe, expect, it } from 'vitest';
import { pgTable, varchar } from 'drizzle-orm/pg-core';
import { baseColumns } from '@/db/schema/columns';
import { defineModel } from '@/lib/models/define-model';
import { allModels } from '@/lib/models/registry';

// A model definition names its table's columns by key (list layout, search, sort, sync-managed
// and address fields, overrides). defineModel types them as keys of the table, so a misspelled one
// does not compile (the `@ts-expect-error` lines, checked by `npm run typecheck`); the registry test
// below checks the same at run time for every registered model.

const widgets = pgTable('throwaway_widgets', { ...baseColumns, name: varchar({ length: 50 }).notNull() });
const base = {
  key: 'throwaway-widgets',
  label: 'Widget',
  group: 'Other' as const,
  objectType: 'testing.widget',
  table: widgets,
  display: (row: Record<string, unknown>) => String(row.name),
};

describe('typed model definitions', () => {
  it('copies the column lists into the metadata', () => {
    const columns = ['name', 'created'] as const;
    const model = defineModel({
      ...base,
      list: { columns, search: ['name'] },
      syncManaged: { marker: 'name', fields: ['name'] },
    });
    expect(model.meta.list).toEqual({
      columns: ['name', 'created'],
      defaultSort: { key: 'id', desc: false },
      search: ['name'],
    });
    expect(model.meta.syncManaged).toEqual({ marker: 'name', fields: ['name'] });
  });

  it('refuses names that are not columns of the table (checked by npm run typecheck)', () => {
    const empty = { columns: [], search: [] } as const;
    const definitions = [
      // @ts-expect-error `nmae` is not a column of throwaway_widgets
      () => defineModel({ ...base, list: { ...empty, columns: ['nmae'] } }),
      // @ts-expect-error the default sort must be a column
      () => defineModel({ ...base, list: { ...empty, defaultSort: { key: 'title', desc: false } } }),
      // @ts-expect-error a sync-managed field must be a column
      () => defineModel({ ...base, list: empty, syncManaged: { marker: 'name', fields: ['slug'] } }),
      // @ts-expect-error an override must name a column
      () => defineModel({ ...base, list: empty, fields: { titel: { label: 'Title' } } }),
    ];
    // Nothing refuses them at run time: the compiler is the check.
    expect(definitions.map((define) => define().meta.key)).toEqual(Array(4).fill('throwaway-widgets'));
  });

  it('every registered model names only its own fields', () => {
    const stray: string[] = [];
    for (const { meta } of allModels()) {
      const keys = new Set(meta.fields.map((f) => f.key));
      const named = [
        ...meta.list.columns,
        ...meta.list.search,
        meta.list.defaultSort.key,
        ...(meta.syncManaged ? [meta.syncManaged.marker, ...meta.syncManaged.fields] : []),
        ...(meta.addressFields ?? []),
      ];
      for (const key of named) if (!keys.has(key)) stray.push(`${meta.key}.${key}`);
    }
    expect(stray).toEqual([]);
  });
});
