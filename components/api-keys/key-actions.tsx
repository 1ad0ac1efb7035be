'use client';

import { useActionState, useState } from 'react';
import { useToast } from '@/components/toast/toast-provider';
import { changeApiKeyAction, type ApiKeyFormState } from '@/lib/actions/api-keys';

interface KeyActionsProps {
  id: number;
  keyId: string;
  active: boolean;
  /** On the key's own page a delete leaves for the list (the page would be a 404). */
  onDetailPage?: boolean;
}

/** Activate/Deactivate and a two-step Delete for one key; refusals (last active key) appear inline. */
export function KeyActions({ id, keyId, active, onDetailPage = false }: KeyActionsProps) {
  const toast = useToast();
  // The outcome is toasted as soon as the action answers, not from an effect of this component:
  // a deleted key's row (and with it this form) is gone from the refreshed page by then.
  const [state, action, pending] = useActionState(async (previous: ApiKeyFormState, formData: FormData) => {
    const next = await changeApiKeyAction(previous, formData);
    if (next.message) toast(next.message, 'success');
    if (next.formError) toast(next.formError, 'error');
    return next;
  }, {} satisfies ApiKeyFormState);
  const [confirming, setConfirming] = useState(false);
  const toggle = active ? 'deactivate' : 'activate';
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="id" value={id} />
      {onDetailPage && <input type="hidden" name="from" value="detail" />}
      {state.formError && (
        <span role="alert" className="max-w-xs text-xs text-red-600 dark:text-red-400">
          {state.formError}
        </span>
      )}
      <button
        type="submit"
        name="action"
        value={toggle}
        className="btn"
        disabled={pending}
        aria-label={`${active ? 'Deactivate' : 'Activate'} key ${keyId}`}
      >
        {active ? 'Deactivate' : 'Activate'}
      </button>
      {confirming ? (
        <>
          <button
            type="submit"
            name="action"
            value="delete"
            className="btn btn-danger"
            disabled={pending}
            aria-label={`Confirm deleting key ${keyId}`}
          >
            Confirm delete
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="btn" onClick={() => setConfirming(true)} aria-label={`Delete key ${keyId}`}>
          Delete
        </button>
      )}
    </form>
  );
}
