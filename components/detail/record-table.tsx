import Link from 'next/link';
import { linkText } from '@/components/data-table/format';
import { FieldValue } from '@/components/data-table/field-value';
import type { FieldMeta, ModelMeta, RecordDTO } from '@/lib/models/types';

interface RecordTableProps {
  meta: ModelMeta;
  rows: RecordDTO[];
  /** Field keys to show, in order; the first links to each row's detail page. */
  columns: string[];
  caption: string;
}

/** A compact read-only table of records (related objects, change history). */
export function RecordTable({ meta, rows, columns, caption }: RecordTableProps) {
  const fields = columns
    .map((key) => meta.fields.find((f) => f.key === key))
    .filter((f): f is FieldMeta => f !== undefined);
  return (
    <div className="overflow-x-auto">
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {fields.map((field) => (
              <th key={field.key} scope="col">
                {field.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {fields.map((field, index) => (
                <td key={field.key}>
                  {index === 0 ? (
                    <Link href={`/${meta.key}/${row.id}`} className="link font-medium">
                      {linkText(field, row)}
                    </Link>
                  ) : (
                    <FieldValue field={field} record={row} />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
