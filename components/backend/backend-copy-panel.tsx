import type { BackendCopyStatus } from '@/lib/backend-client/status';
import { PushAgainButton } from './push-again-button';

// The endpoint page's "Backend copy" panel: whether the backend store holds this endpoint as
// saved here (checked live: fields and credential fingerprint, never the secret), why not, and
// "Push again".

const LABELS: Record<BackendCopyStatus['state'], { text: string; tone: string }> = {
  current: { text: 'Current', tone: 'bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-300' },
  'out-of-date': { text: 'Out of date', tone: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200' },
  missing: {
    text: 'Out of date: not in the backend',
    tone: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  },
  unreachable: {
    text: 'Out of date: backend unreachable',
    tone: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300',
  },
};

export function BackendCopyPanel({
  status,
  modelKey,
  id,
  canPush,
}: {
  status: BackendCopyStatus;
  modelKey: string;
  id: number;
  canPush: boolean;
}) {
  const label = LABELS[status.state];
  return (
    <section className="card space-y-2 p-3" aria-labelledby="backend-copy-heading">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="backend-copy-heading" className="text-sm font-semibold">
          Backend copy
        </h2>
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${label.tone}`} data-state={status.state}>
          {label.text}
        </span>
        {status.backendId !== null && <span className="text-xs text-zinc-500">backend id {status.backendId}</span>}
      </div>
      {status.backendUrl && <p className="text-xs text-zinc-500">Backend at {status.backendUrl}</p>}
      {status.reasons.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm" aria-label="Why the backend copy is out of date">
          {status.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {status.lastPush && (
        <p className={`text-xs ${status.lastPush.ok ? 'text-zinc-500' : 'text-red-600'}`}>
          Last push {new Date(status.lastPush.at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC:{' '}
          {status.lastPush.message}
        </p>
      )}
      {canPush && <PushAgainButton modelKey={modelKey} id={id} />}
    </section>
  );
}
