'use client';

import { useActionState, useId } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { createUserAction, type AccountFormState } from '@/lib/actions/account';
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
      <div className="flex items-center gap-2">
        <input
          id={`${id}-admin`}
          name="isAdmin"
          type="checkbox"
          className="size-4 rounded border-zinc-300 dark:border-zinc-600"
          defaultChecked={state.values ? state.values.isAdmin === 'true' : true}
        />
        <label htmlFor={`${id}-admin`} className="text-sm text-zinc-800 dark:text-zinc-200">
          Administrator (can manage users)
        </label>
      </div>
      <FormNotice error={state.formError} message={state.message} />
      <button type="submit" className="btn btn-primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </button>
    </form>
  );
}
