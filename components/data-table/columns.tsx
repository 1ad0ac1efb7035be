import Link from 'next/link';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { ModelMeta, RecordDTO } from '@/lib/models/types';
import { isSortable } from '@/lib/query/list-query';
import type { ListFeatures } from './features';
import { FieldValue } from './field-value';
import { displayLabel, linkText } from './format';
import { columnFields } from '@/lib/query/visible-columns';

const helper = createColumnHelper<ListFeatures, RecordDTO>();
/**
 * One column per field that can be shown: the visible ones first, in the user's order. The first
 * visible column links to the object's detail page, as NetBox's `linkify=True` does.
 */
export function buildColumns(meta: ModelMeta, visible: string[]): ColumnDef<ListFeatures, RecordDTO, unknown>[] {
  const linkKey = visible[0];
  const fields = columnFields(meta);
  const rank = (key: string) => (visible.includes(key) ? visible.indexOf(key) : visible.length);
  const ordered = fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.key) - rank(b.f.key) || a.i - b.i)
    .map(({ f }) => f);
  return ordered.map((field) =>
    helper.accessor((row) => row[field.key], {
      id: field.key,
      header: displayLabel(field),
      enableSorting: isSortable(field),
      enableHiding: true,
      meta: { field },
      cell: ({ row }) =>
        field.key === linkKey ? (
          <Link href={`/${meta.key}/${row.original.id}`} className="link font-medium">
            {linkText(field, row.original)}
          </Link>
        ) : (
          <FieldValue field={field} record={row.original} />
        ),
    }),
  );
}
