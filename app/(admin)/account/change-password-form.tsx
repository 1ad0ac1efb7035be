'use client';

import { useActionState } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { changePasswordAction, type AccountFormState } from '@/lib/actions/account';
import { FormField, FormNotice } from './form-field';

/** Current, new and confirmed password; errors appear next to the field they concern. */
export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState(changePasswordAction, {} satisfies AccountFormState);
  useActionToast(state);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={errors.currentPassword}
      />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={`At least ${minLength} characters.`}
        errors={errors.newPassword}
      />
      <FormField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        errors={errors.confirmPassword}
      />
      <FormNotice error={state.formError} message={state.message} />
      <button type="submit" className="btn btn-primary" disabled={pending} aria-busy={pending}>
        {pending ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
