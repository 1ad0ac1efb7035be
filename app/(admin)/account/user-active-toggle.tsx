'use client';

import { useActionState } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { setUserActiveAction, type AccountFormState } from '@/lib/actions/account';

interface UserActiveToggleProps {
  userId: number;
  username: string;
  active: boolean;
}

/** Activate / Deactivate button for one row of the users table. */
export function UserActiveToggle({ userId, username, active }: UserActiveToggleProps) {
  const [state, action, pending] = useActionState(setUserActiveAction, {} satisfies AccountFormState);
  useActionToast(state);
  const verb = active ? 'Deactivate' : 'Activate';
  return (
    <form action={action} className="flex items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={String(!active)} />
      {state.formError && (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {state.formError}
        </span>
      )}
      <button type="submit" className="btn" disabled={pending} aria-label={`${verb} ${username}`}>
        {pending ? '…' : verb}
      </button>
    </form>
  );
}
