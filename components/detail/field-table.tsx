import { FieldValue } from '@/components/data-table/field-value';
import { displayLabel } from '@/components/data-table/format';
import type { FieldMeta, ModelMeta, RecordDTO } from '@/lib/models/types';
import { groupFieldsBySection, type FieldGroup } from '@/lib/models/field-sections';
import { orderFields } from './field-order';

const isOverwrite = (f: FieldMeta) => /^overwrite[A-Z]/.test(f.key);

function Rows({ fields, record }: { fields: FieldMeta[]; record: RecordDTO }) {
  return (
    <table className="w-full text-sm">
      <tbody>
        {fields.map((field) => (
          <tr key={field.key} className="border-t border-zinc-100 first:border-t-0 dark:border-zinc-800">
            <th
              scope="row"
              className="w-1/3 px-3 py-1.5 text-left align-top font-medium text-zinc-600 dark:text-zinc-400"
            >
              {displayLabel(field)}
            </th>
            <td className="px-3 py-1.5 align-top break-words">
              <FieldValue field={field} record={record} variant="detail" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The fields in the model's own sections (ModelMeta.fieldSections), one titled block each. */
function SectionedFieldTable({ title, groups, record }: { title: string; groups: FieldGroup[]; record: RecordDTO }) {
  return (
    <section className="card overflow-hidden" aria-labelledby="fields-heading">
      <h2 id="fields-heading" className="card-title">
        {title}
      </h2>
      {groups.map((group) => (
        <section key={group.title} aria-label={group.title} className="border-t border-zinc-200 dark:border-zinc-800">
          <h3 className="px-3 pt-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{group.title}</h3>
          <Rows fields={group.fields} record={record} />
        </section>
      ))}
    </section>
  );
}

/**
 * Every field of the object, NetBox-style: label on the left, rendered value on the right. The
 * overwrite flags (up to 25) sit in their own collapsible block so that they do not bury the rest.
 */
export function FieldTable({ meta, record }: { meta: ModelMeta; record: RecordDTO }) {
  const fields = orderFields(meta.fields);
  if (meta.fieldSections)
    return (
      <SectionedFieldTable
        title={meta.label}
        groups={groupFieldsBySection(fields, meta.fieldSections)}
        record={record}
      />
    );
  const overwrites = fields.filter(isOverwrite);
  return (
    <section className="card overflow-hidden" aria-labelledby="fields-heading">
      <h2 id="fields-heading" className="card-title">
        {meta.label}
      </h2>
      <Rows fields={fields.filter((f) => !isOverwrite(f))} record={record} />
      {overwrites.length > 0 && (
        <details className="border-t border-zinc-200 dark:border-zinc-800">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            Overwrite flags ({overwrites.length})
          </summary>
          <Rows fields={overwrites} record={record} />
        </details>
      )}
    </section>
  );
}
