'use client';

import { useActionState } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { setUserRoleAction, type AccountFormState } from '@/lib/actions/account';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';

interface UserRoleSelectProps {
  userId: number;
  username: string;
  role: Role;
}

/** Role picker for one row of the users table (admins; a change signs that user out). */
export function UserRoleSelect({ userId, username, role }: UserRoleSelectProps) {
  const [state, action, pending] = useActionState(setUserRoleAction, {} satisfies AccountFormState);
  useActionToast(state);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" className="input py-1" defaultValue={role} aria-label={`Role of ${username}`}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <button type="submit" className="btn" disabled={pending} aria-label={`Save the role of ${username}`}>
        {pending ? '…' : 'Save'}
      </button>
      {state.formError && (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {state.formError}
        </span>
      )}
    </form>
  );
}
