import { FieldValue } from '@/components/data-table/field-value';
import type { ModelMeta, RecordDTO } from '@/lib/models/types';
import { orderFields } from './field-order';

/** Every field of the object, NetBox-style: label on the left, rendered value on the right. */
export function FieldTable({ meta, record }: { meta: ModelMeta; record: RecordDTO }) {
  return (
    <section className="card overflow-hidden" aria-labelledby="fields-heading">
      <h2 id="fields-heading" className="card-title">
        {meta.label}
      </h2>
      <table className="w-full text-sm">
        <tbody>
          {orderFields(meta.fields).map((field) => (
            <tr key={field.key} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
              <th scope="row" className="w-1/3 px-3 py-1.5 text-left align-top font-medium text-zinc-600 dark:text-zinc-400">
                {field.label}
              </th>
              <td className="px-3 py-1.5 align-top break-words">
                <FieldValue field={field} record={record} variant="detail" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
