'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { activateApiKey, createApiKey, deactivateApiKey, deleteApiKey } from '@/lib/auth/api-keys';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';

// Server actions of the API keys page. A created key is returned once in `createdKey` and never
// stored anywhere but as its bcrypt hash.

export interface ApiKeyFormState {
  fieldErrors?: Record<string, string[]>;
  formError?: string;
  message?: string;
  /** The full key, shown once after creation. */
  createdKey?: string;
  values?: Record<string, string>;
}

const createSchema = z.object({
  description: z.string().trim().min(1, 'Describe what will use this key.').max(200, 'Ensure this field has no more than 200 characters.'),
  readOnly: z.boolean(),
});

const keyActionSchema = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(['activate', 'deactivate', 'delete']),
});

/** Data-layer errors → form state (the last-active-key conflict becomes a readable error). */
function toFormState(err: unknown, values?: Record<string, string>): ApiKeyFormState {
  if (!(err instanceof AppError)) throw err;
  if (err.code !== 'validation') return { formError: err.message, values };
  const { nonFieldErrors, ...fieldErrors } = err.fieldErrors;
  return { fieldErrors, formError: nonFieldErrors?.[0], values };
}

const ADMINS_ONLY: ApiKeyFormState = { formError: 'Only administrators can manage API keys.' };

/** Keys open the whole inventory to automation: only administrators manage them. */
async function isAdmin(): Promise<boolean> {
  const actor = await requireUser();
  return actor.kind === 'user' && actor.isAdmin;
}

/** Creates a key (description, read-only flag) and hands its full text back once. */
export async function createApiKeyAction(_previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  if (!(await isAdmin())) return ADMINS_ONLY;
  const raw = { description: String(formData.get('description') ?? ''), readOnly: formData.get('readOnly') === 'on' };
  const values = { description: raw.description, readOnly: String(raw.readOnly) };
  const parsed = createSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    const key = await createApiKey(parsed.data);
    revalidatePath('/api-keys');
    return { createdKey: key.key, message: `Key ${key.keyId} was created. Copy it now: it will not be shown again.` };
  } catch (err) {
    return toFormState(err, values);
  }
}

/** Activates, deactivates or deletes one key (the last active key cannot be retired). */
export async function changeApiKeyAction(_previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  if (!(await isAdmin())) return ADMINS_ONLY;
  const parsed = keyActionSchema.safeParse({ id: formData.get('id'), action: formData.get('action') });
  if (!parsed.success) return { formError: 'Invalid request.' };
  const { id, action } = parsed.data;
  try {
    if (action === 'activate') activateApiKey(id);
    else if (action === 'deactivate') deactivateApiKey(id);
    else deleteApiKey(id);
  } catch (err) {
    return toFormState(err);
  }
  revalidatePath('/api-keys');
  revalidatePath(`/backend/keys/${id}`);
  return { message: `Key ${action === 'delete' ? 'deleted' : `${action}d`}.` };
}
