import Link from 'next/link';
import type { BriefRef, FieldMeta, RecordDTO } from '@/lib/models/types';
import { Badge, BooleanBadge, choiceTone } from './badge';
import { choiceText, formatDatetime, jsonPreview, secretSetKey } from './format';

// One renderer per field kind, shared by list cells, related tables and the detail page (NetBox's
// column classes). No hooks, so it renders in server and client components alike.

export function isBriefRef(value: unknown): value is BriefRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BriefRef).id === 'number' &&
    typeof (value as BriefRef).model === 'string'
  );
}

const Empty = () => <span className="text-zinc-400 dark:text-zinc-500">—</span>;

export function RefLink({ value }: { value: BriefRef }) {
  return (
    <Link href={`/${value.model}/${value.id}`} className="link">
      {value.display}
    </Link>
  );
}

interface FieldValueProps {
  field: FieldMeta;
  record: RecordDTO;
  /** Detail pages show JSON in full; tables show a one-line preview. */
  variant?: 'cell' | 'detail';
}

export function FieldValue({ field, record, variant = 'cell' }: FieldValueProps) {
  if (field.kind === 'secret') {
    const set = record[secretSetKey(field.key)] === true;
    return <Badge tone={set ? 'green' : 'gray'}>{set ? 'set' : 'not set'}</Badge>;
  }
  const value = record[field.key];
  if (field.kind === 'nullboolean' && (value === null || value === undefined)) return <BooleanBadge value={null} />;
  if (value === null || value === undefined || value === '') return <Empty />;
  switch (field.kind) {
    case 'fk':
      return isBriefRef(value) ? <RefLink value={value} /> : <span>{String(value)}</span>;
    case 'choice':
      return <Badge tone={choiceTone(String(value))}>{choiceText(field, value)}</Badge>;
    case 'boolean':
    case 'nullboolean':
      return <BooleanBadge value={value === true} />;
    case 'datetime':
      return <time dateTime={String(value)}>{formatDatetime(String(value))}</time>;
    case 'json':
      return variant === 'detail' ? (
        <pre className="max-h-96 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(value, null, 2)}
        </pre>
      ) : (
        <code className="text-xs">{jsonPreview(value)}</code>
      );
    case 'textarea':
      return variant === 'detail' ? <span className="whitespace-pre-wrap">{String(value)}</span> : <span>{String(value)}</span>;
    case 'ip':
      return <span className="font-mono text-xs">{String(value)}</span>;
    default:
      return <span>{String(value)}</span>;
  }
}
