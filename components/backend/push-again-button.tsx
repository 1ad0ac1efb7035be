'use client';

import { useActionState } from 'react';
import { pushAgainAction, type PushAgainState } from '@/lib/actions/backend-push';

/** "Push again": sends this endpoint to the backend now and shows what happened. */
export function PushAgainButton({ modelKey, id }: { modelKey: string; id: number }) {
  const [state, action, pending] = useActionState<PushAgainState, FormData>(
    pushAgainAction.bind(null, modelKey, id),
    {},
  );
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <button type="submit" className="btn" disabled={pending} aria-disabled={pending}>
        {pending ? 'Pushing…' : 'Push again'}
      </button>
      {state.message && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {state.message}
        </p>
      )}
      {state.error && (
        <p role="alert" className="text-sm text-red-600">
          {state.error}
        </p>
      )}
    </form>
  );
}
