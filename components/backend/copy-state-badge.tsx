import { Badge } from '@/components/data-table/badge';
import type { CopyState } from '@/lib/backend-client/admin';

const LABEL: Record<CopyState, { text: string; tone: 'green' | 'yellow' | 'gray' }> = {
  current: { text: 'Current', tone: 'green' },
  'out-of-date': { text: 'Out of date', tone: 'yellow' },
  orphan: { text: 'No inventory endpoint', tone: 'gray' },
};

export function CopyStateBadge({ state }: { state: CopyState }) {
  return (
    <span data-state={state}>
      <Badge tone={LABEL[state].tone}>{LABEL[state].text}</Badge>
    </span>
  );
}
