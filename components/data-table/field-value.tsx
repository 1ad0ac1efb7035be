import Link from 'next/link';
import { isMultiValue, multiRefsKey, splitMulti } from '@/lib/models/multi-value';
import type { BriefRef, FieldMeta, RecordDTO } from '@/lib/models/types';
import { Badge, BooleanBadge, choiceTone } from './badge';
import {
  choiceText,
  durationOf,
  formatCount,
  formatDatetime,
  formatDuration,
  formatRelative,
  formatSize,
  jsonPreview,
  secretSetKey,
  sizeUnit,
} from './format';

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

/**
 * A timestamp as people read it: relative in tables (absolute on hover), absolute with the
 * relative time beside it on detail pages. The relative text depends on the clock, so the
 * client's hydration may differ from the server's by a few seconds; that is expected.
 */
function TimeValue({
  value,
  variant,
  duration,
}: {
  value: string;
  variant: 'cell' | 'detail';
  duration: number | null;
}) {
  const absolute = formatDatetime(value);
  const took =
    duration === null ? null : (
      <span className="text-zinc-500 dark:text-zinc-400"> · took {formatDuration(duration)}</span>
    );
  if (variant === 'detail') {
    return (
      <span>
        <time dateTime={value}>{absolute}</time>{' '}
        <span className="text-zinc-500 dark:text-zinc-400" suppressHydrationWarning>
          {`(${formatRelative(value)})`}
        </span>
        {took}
      </span>
    );
  }
  return (
    <span className="whitespace-nowrap">
      <time dateTime={value} title={absolute} suppressHydrationWarning>
        {formatRelative(value)}
      </time>
      {took}
    </span>
  );
}

/** A set field's items: choice labels, or links to the referenced objects (`#id (missing)` when gone). */
function MultiValue({ field, record }: { field: FieldMeta; record: RecordDTO }) {
  const items = splitMulti(String(record[field.key] ?? ''));
  if (items.length === 0)
    return field.emptyLabel ? <span className="text-zinc-500 dark:text-zinc-400">{field.emptyLabel}</span> : <Empty />;
  const refs = (record[multiRefsKey(field.key)] as BriefRef[] | undefined) ?? [];
  return (
    <ul className="inline-flex flex-wrap gap-x-2" aria-label={field.label}>
      {items.map((item) => {
        const ref = field.multiFk ? refs.find((r) => String(r.id) === item) : undefined;
        const text =
          field.multiChoices?.find((c) => c.value === item)?.label ?? (field.multiFk ? `#${item} (missing)` : item);
        return <li key={item}>{ref ? <RefLink value={ref} /> : text}</li>;
      })}
    </ul>
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
  if (isMultiValue(field)) return <MultiValue field={field} record={record} />;
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
      return <TimeValue value={String(value)} variant={variant} duration={durationOf(field, record)} />;
    case 'integer':
    case 'number':
      return sizeUnit(field) && typeof value === 'number' ? (
        <span title={`${formatCount(value)} ${sizeUnit(field) === 'mb' ? 'MB' : 'bytes'}`}>
          {formatSize(field, value)}
        </span>
      ) : (
        <span>{String(value)}</span>
      );
    case 'json':
      return variant === 'detail' ? (
        <pre className="max-h-96 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(value, null, 2)}
        </pre>
      ) : (
        <code className="text-xs">{jsonPreview(value)}</code>
      );
    case 'textarea':
      return variant === 'detail' ? (
        <span className="whitespace-pre-wrap">{String(value)}</span>
      ) : (
        <span>{String(value)}</span>
      );
    case 'ip':
      return <span className="font-mono text-xs">{String(value)}</span>;
    default:
      return <span>{String(value)}</span>;
  }
}
