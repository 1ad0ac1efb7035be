'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import {
  BackendUnavailable,
  createBackendKey,
  deleteBackendKey,
  setBackendKeyActive,
} from '@/lib/backend-client/admin';
import type { Actor } from '@/lib/data/actor';
import { can } from '@/lib/data/permissions';
import { AppError } from '@/lib/data/errors';
import { setFlash } from './flash';

// Server actions of the API keys page. They change keys through the backend's HTTP API (the
// backend owns the key store), as the page reads them. A created key is returned once in
// `createdKey` and never stored anywhere but as its bcrypt hash in the backend.

export interface ApiKeyFormState {
  fieldErrors?: Record<string, string[]>;
  formError?: string;
  message?: string;
  /** The full key, shown once after creation. */
  createdKey?: string;
  values?: Record<string, string>;
}

const createSchema = z.object({
  description: z
    .string()
    .trim()
    .min(1, 'Describe what will use this key.')
    .max(200, 'Ensure this field has no more than 200 characters.'),
  role: z.enum(ROLES, 'Choose viewer, operator or admin.'),
});

const keyActionSchema = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(['activate', 'deactivate', 'delete']),
  /** Set by the key's own page: after a delete there is nothing left to show there. */
  from: z.enum(['list', 'detail']).default('list'),
});

/** Data-layer and backend errors → form state (the last-active-key conflict becomes a readable error). */
function toFormState(err: unknown, values?: Record<string, string>): ApiKeyFormState {
  if (err instanceof BackendUnavailable) return { formError: err.message, values };
  if (!(err instanceof AppError)) throw err;
  if (err.code !== 'validation') return { formError: err.message, values };
  const { nonFieldErrors, ...fieldErrors } = err.fieldErrors;
  return { fieldErrors, formError: nonFieldErrors?.[0], values };
}

const ADMINS_ONLY: ApiKeyFormState = { formError: 'Only administrators can manage API keys.' };

/** Keys open the inventory to automation: only administrators manage them (the DAL checks too). */
async function adminActor(): Promise<Actor | null> {
  const actor = await requireUser();
  return can(actor, 'admin') ? actor : null;
}

/** Creates a key (description, role) and hands its full text back once. */
export async function createApiKeyAction(_previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  const actor = await adminActor();
  if (!actor) return ADMINS_ONLY;
  const raw = { description: String(formData.get('description') ?? ''), role: String(formData.get('role') ?? '') };
  const values = { description: raw.description, role: raw.role };
  const parsed = createSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    const key = await createBackendKey(actor, parsed.data);
    revalidatePath('/api-keys');
    return {
      createdKey: key.raw_key,
      message: `Key ${key.key_id} was created. Copy it now: it will not be shown again.`,
    };
  } catch (err) {
    return toFormState(err, values);
  }
}

/** Activates, deactivates or deletes one key (the last active key cannot be retired). */
export async function changeApiKeyAction(_previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  const actor = await adminActor();
  if (!actor) return ADMINS_ONLY;
  const parsed = keyActionSchema.safeParse({
    id: formData.get('id'),
    action: formData.get('action'),
    from: formData.get('from') ?? undefined,
  });
  if (!parsed.success) return { formError: 'Invalid request.' };
  const { id, action, from } = parsed.data;
  try {
    if (action === 'delete') await deleteBackendKey(actor, id);
    else await setBackendKeyActive(actor, id, action === 'activate');
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath('/api-keys');
  if (action === 'delete' && from === 'detail') {
    await setFlash('Key deleted.');
    redirect('/api-keys');
  }
  revalidatePath(`/backend/keys/${id}`);
  return { message: `Key ${action === 'delete' ? 'deleted' : `${action}d`}.` };
}
