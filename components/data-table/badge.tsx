import type { ReactNode } from 'react';

export type BadgeTone = 'green' | 'red' | 'yellow' | 'blue' | 'gray';

const TONES: Record<BadgeTone, string> = {
  green: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200',
  red: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200',
  yellow: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200',
  blue: 'bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200',
  gray: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200',
};

// NetBox colours statuses by meaning; these value lists cover the choice sets of the seed models.
const GREEN = ['active', 'online', 'running', 'ok', 'success', 'completed', 'up', 'enabled', 'create'];
const RED = ['offline', 'failed', 'failure', 'error', 'stopped', 'down', 'deprecated', 'delete', 'unknown'];
const YELLOW = ['planned', 'staged', 'pending', 'queued', 'paused', 'warning', 'completed_with_errors', 'update'];
const BLUE = ['in_progress', 'syncing', 'started', 'decommissioning', 'reserved', 'dhcp', 'slaac'];

/** Tone for a choice value: green for healthy, red for failed, amber for waiting, blue for busy. */
export function choiceTone(value: string): BadgeTone {
  const v = value.toLowerCase();
  if (GREEN.includes(v)) return 'green';
  if (RED.includes(v)) return 'red';
  if (YELLOW.includes(v)) return 'yellow';
  if (BLUE.includes(v)) return 'blue';
  return 'gray';
}

export function Badge({ tone = 'gray', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

/** ✓ / ✗ badge for booleans; null (an inherited nullboolean) renders as a neutral "inherit". */
export function BooleanBadge({ value }: { value: boolean | null }) {
  if (value === null) return <Badge tone="gray">inherit</Badge>;
  return value ? (
    <Badge tone="green" title="Yes">
      <span aria-hidden="true">✓</span>
      <span className="sr-only">Yes</span>
    </Badge>
  ) : (
    <Badge tone="red" title="No">
      <span aria-hidden="true">✗</span>
      <span className="sr-only">No</span>
    </Badge>
  );
}
