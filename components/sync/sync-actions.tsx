'use client';

import { useActionState } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { startSyncAction, type SyncActionState } from '@/lib/actions/sync';
import { SYNC_STAGES } from '@/lib/sync/stage-names';

/**
 * "Sync now" for one endpoint (or all when `endpointId` is absent), in full or one stage, and
 * "Preview": the same sync as a dry run, whose run page shows what it would change.
 */
export function SyncActions({ endpointId }: { endpointId?: number }) {
  const [state, action, pending] = useActionState<SyncActionState, FormData>(startSyncAction, {});
  useActionToast(state);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" aria-label="Start a sync">
      {endpointId !== undefined && <input type="hidden" name="endpoint" value={endpointId} />}
      <button type="submit" className="btn btn-primary" disabled={pending} aria-disabled={pending}>
        {pending ? 'Starting…' : endpointId !== undefined ? 'Sync now' : 'Sync all endpoints'}
      </button>
      <button
        type="submit"
        name="dry_run"
        value="1"
        className="btn"
        disabled={pending}
        aria-disabled={pending}
        title="Compute what this sync would create, update and delete, without writing anything"
      >
        Preview
      </button>
      <label className="sr-only" htmlFor={`stage-${endpointId ?? 'all'}`}>
        Stage
      </label>
      <select
        id={`stage-${endpointId ?? 'all'}`}
        name="stage"
        className="input"
        defaultValue=""
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
        disabled={pending}
      >
        <option value="" disabled>
          …or one stage
        </option>
        {SYNC_STAGES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {state.error && (
        <p role="alert" className="text-sm text-red-600">
          {state.error}
        </p>
      )}
    </form>
  );
}
