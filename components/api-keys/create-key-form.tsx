'use client';

import { useActionState, useId } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { createApiKeyAction, type ApiKeyFormState } from '@/lib/actions/api-keys';
import { ROLE_HINTS, ROLES } from '@/lib/auth/roles';
import { CopyButton } from './copy-button';

/** Description + role; after creation the key is shown once with a copy button. */
export function CreateKeyForm() {
  const id = useId();
  const [state, action, pending] = useActionState(createApiKeyAction, {} satisfies ApiKeyFormState);
  useActionToast(state);
  const errors = state.fieldErrors?.description;
  return (
    <div className="space-y-4">
      {state.createdKey && (
        <div role="status" className="card space-y-2 border-emerald-300 p-4 dark:border-emerald-700">
          <p className="text-sm font-medium text-emerald-800 dark:text-emerald-300">{state.message}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              className="break-all rounded bg-zinc-100 px-2 py-1 font-mono text-sm dark:bg-zinc-800"
              data-testid="created-api-key"
            >
              {state.createdKey}
            </code>
            <CopyButton value={state.createdKey} />
          </div>
        </div>
      )}
      <form action={action} className="max-w-md space-y-4" noValidate>
        <div className="space-y-1">
          <label htmlFor={`${id}-description`} className="label">
            Description
          </label>
          <input
            id={`${id}-description`}
            name="description"
            className="input w-full"
            autoComplete="off"
            maxLength={200}
            required
            defaultValue={state.createdKey ? '' : state.values?.description}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? `${id}-error` : undefined}
          />
          {errors && (
            <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
              {errors.join(' ')}
            </p>
          )}
        </div>
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
        </div>
        {state.formError && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {state.formError}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={pending} aria-busy={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </form>
    </div>
  );
}
