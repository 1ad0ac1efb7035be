'use client';

import { useEffect } from 'react';
import { useToast } from './toast-provider';

/**
 * Toasts the outcome of a form action that stays on its page: `message` as success, `formError`
 * or `error` as failure. `useActionState` returns a new state object per submission, so every
 * submission toasts once.
 */
export function useActionToast(state: { message?: string; formError?: string; error?: string }): void {
  const toast = useToast();
  useEffect(() => {
    if (state.message) toast(state.message, 'success');
    const failure = state.formError ?? state.error;
    if (failure) toast(failure, 'error');
  }, [state, toast]);
}
