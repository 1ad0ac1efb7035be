'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { metaFor } from '@/lib/data/permissions';
import { createRecord, deleteRecord, getRecord, searchOptions, updateRecord } from '@/lib/data/records';
import { formDataToObject, formValues, syncLockedKeys } from '@/lib/forms/form-data';
import { getMeta } from '@/lib/models/registry';
import type { BriefRef, FormState, ModelMeta } from '@/lib/models/types';
import { setFlash } from './flash';

// Generic mutations behind every model form. Actions are reachable by direct POST, so each one
// authenticates first and re-checks its (client-bound) arguments before calling the DAL.

const FK_SEARCH_LIMIT = 20;
const MAX_SEARCH_LENGTH = 100;

function isValidId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}

/** Maps a DAL failure to form state; anything that is not an AppError is a bug and propagates. */
function failure(error: unknown, meta: ModelMeta, formData: FormData | null): FormState {
  if (!(error instanceof AppError)) throw error;
  const values = formData ? formValues(meta, formData) : undefined;
  if (error.code === 'validation') {
    // `nonFieldErrors` stays inside fieldErrors; the form lists it at the top.
    return { fieldErrors: error.fieldErrors, formError: 'Please correct the errors below.', values };
  }
  return { formError: error.message, values };
}

export async function createRecordAction(modelKey: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireUser();
  const found = getMeta(modelKey);
  const meta = found && metaFor(actor, found);
  if (!meta) return { formError: 'Unknown object type.' };
  if (!meta.creatable) return { formError: `${meta.labelPlural} cannot be created here.` };
  let id: number;
  try {
    const created = await createRecord(actor, meta.key, formDataToObject(meta, formData));
    id = created.id;
    await setFlash(`${meta.label} “${created.display}” was created.`);
  } catch (error) {
    return failure(error, meta, formData);
  }
  revalidatePath(`/${meta.key}`);
  redirect(`/${meta.key}/${id}`);
}

export async function updateRecordAction(
  modelKey: string,
  id: number,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireUser();
  const found = getMeta(modelKey);
  // Fields the role may not change are read-only in this meta, so they are not read from the form.
  const meta = found && metaFor(actor, found);
  if (!meta || !isValidId(id)) return { formError: 'Unknown object.' };
  if (!meta.editable) return { formError: `${meta.labelPlural} cannot be edited.` };
  try {
    // Sync-owned fields of a synced row are not on the form; leave them out of the update.
    const locked = meta.syncManaged ? syncLockedKeys(meta, await getRecord(actor, meta.key, id)) : new Set<string>();
    const updated = await updateRecord(actor, meta.key, id, formDataToObject(meta, formData, locked));
    await setFlash(`${meta.label} “${updated.display}” was saved.`);
  } catch (error) {
    return failure(error, meta, formData);
  }
  revalidatePath(`/${meta.key}`);
  revalidatePath(`/${meta.key}/${id}`);
  redirect(`/${meta.key}/${id}`);
}

export async function deleteRecordAction(
  modelKey: string,
  id: number,
  _prev: FormState,
  _formData: FormData,
): Promise<FormState> {
  const actor = await requireUser();
  const found = getMeta(modelKey);
  const meta = found && metaFor(actor, found);
  if (!meta || !isValidId(id)) return { formError: 'Unknown object.' };
  if (!meta.deletable) return { formError: `${meta.labelPlural} cannot be deleted.` };
  try {
    await deleteRecord(actor, meta.key, id);
    await setFlash(`${meta.label} #${id} was deleted.`);
  } catch (error) {
    return failure(error, meta, null);
  }
  revalidatePath(`/${meta.key}`);
  redirect(`/${meta.key}`);
}

/** Options for a foreign-key picker: at most 20 matches, never the whole table. */
export async function searchOptionsAction(modelKey: string, q: string): Promise<BriefRef[]> {
  const actor = await requireUser();
  if (typeof modelKey !== 'string' || typeof q !== 'string' || !getMeta(modelKey)) return [];
  return searchOptions(actor, modelKey, q.trim().slice(0, MAX_SEARCH_LENGTH), FK_SEARCH_LIMIT);
}
