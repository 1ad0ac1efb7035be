import Link from 'next/link';
import type { EntityNode, SchemaEdge } from '@/lib/explorer/types';

const tableOf = (id: string) => id.replace(/^\w+:/, '');

/** A table's columns with type and PK/FK/unique markers, and the relationships it takes part in. */
export function FieldPanel({
  entity,
  edges,
  domainLabel,
}: {
  entity: EntityNode;
  edges: SchemaEdge[];
  domainLabel: string;
}) {
  const related = edges.filter((e) => e.source === entity.id || e.target === entity.id);
  return (
    <aside aria-label={`Fields of ${entity.table}`} className="card max-h-full overflow-auto text-xs">
      <div className="card-title">
        <h2 className="font-mono">{entity.table}</h2>
        <p className="font-normal text-zinc-500 dark:text-zinc-400">
          {entity.label} · {domainLabel} · {entity.dialect === 'pg' ? 'inventory (PostgreSQL)' : 'backend (SQLite)'}
        </p>
        {entity.href && (
          <Link href={entity.href} className="link font-normal">
            Open the list
          </Link>
        )}
      </div>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {entity.fields.map((f) => (
            <tr key={f.name}>
              <td className="font-mono">{f.name}</td>
              <td className="font-mono text-zinc-600 dark:text-zinc-400">
                {f.type}
                {f.nullable ? '?' : ''}
              </td>
              <td className="space-x-1 whitespace-nowrap">
                {f.pk && <abbr title="Primary key">PK</abbr>}
                {f.fk && <abbr title={`Foreign key to ${tableOf(f.fk)}`}>FK→{tableOf(f.fk)}</abbr>}
                {f.unique && <abbr title="Unique">UQ</abbr>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {related.length > 0 && (
        <ul className="space-y-0.5 p-2" aria-label="Relationships">
          {related.map((e) => (
            <li key={e.id} className="font-mono">
              {tableOf(e.source)} {e.cardinality} {tableOf(e.target)}{' '}
              <span className="text-zinc-500">
                {e.kind === 'through'
                  ? `via ${tableOf(e.via ?? '')}`
                  : `(${e.columns.join(', ')}${e.onDelete ? `, on delete ${e.onDelete}` : ''})`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
