'use client';

import { useActionState, useId } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { createUserAction, type AccountFormState } from '@/lib/actions/account';
import { ROLE_HINTS, ROLES } from '@/lib/auth/roles';
import { FormField, FormNotice } from './form-field';

/** Admin form to add a user with an initial password they can change under Account. */
export function AddUserForm({ minLength }: { minLength: number }) {
  const id = useId();
  const [state, action, pending] = useActionState(createUserAction, {} satisfies AccountFormState);
  useActionToast(state);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormField
        label="Username"
        name="username"
        autoComplete="off"
        hint="Letters, digits and @ . + - _ (up to 150)."
        defaultValue={state.values?.username}
        errors={errors.username}
      />
      <FormField
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${minLength} characters.`}
        errors={errors.password}
      />
      <div className="space-y-1">
        <label htmlFor={`${id}-role`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Role
        </label>
        <select id={`${id}-role`} name="role" className="input" defaultValue={state.values?.role ?? 'viewer'}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_HINTS[role]}
            </option>
          ))}
        </select>
        {errors.role && <p className="text-sm text-red-600 dark:text-red-400">{errors.role.join(' ')}</p>}
      </div>
      <FormNotice error={state.formError} message={state.message} />
      <button type="submit" className="btn btn-primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </button>
    </form>
  );
}
