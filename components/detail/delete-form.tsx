'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { useActionToast } from '@/components/toast/use-action-toast';
import { deleteRecordAction } from '@/lib/actions/records';
import type { FormState, ModelMeta } from '@/lib/models/types';

interface DeleteFormProps {
  meta: ModelMeta;
  id: number;
  /** Dependants restrict the delete: the button is disabled and the reason shown instead. */
  blocked: boolean;
}

const initialState: FormState = {};

export function DeleteForm({ meta, id, blocked }: DeleteFormProps) {
  const [state, formAction, pending] = useActionState(deleteRecordAction.bind(null, meta.key, id), initialState);
  useActionToast(state);
  return (
    <form action={formAction} className="space-y-3">
      {state.formError && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
        >
          {state.formError}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn btn-danger" disabled={pending || blocked}>
          {pending ? 'Deleting…' : 'Delete'}
        </button>
        <Link href={`/${meta.key}/${id}`} className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}
