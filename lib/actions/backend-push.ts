'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import { pushEndpointAgain } from '@/lib/backend-client/hooks';
import { isPushedModel } from '@/lib/backend-client/payloads';
import { AppError } from '@/lib/data/errors';

// "Push again" on an endpoint page: pushes the endpoint to the backend now (the same push a save
// makes) and re-renders the page, whose backend-copy panel then shows the fresh state.

export interface PushAgainState {
  message?: string;
  error?: string;
}

export async function pushAgainAction(
  modelKey: string,
  id: number,
  _prev: PushAgainState,
  _formData: FormData,
): Promise<PushAgainState> {
  const actor = await requireUser();
  if (typeof modelKey !== 'string' || !isPushedModel(modelKey) || !Number.isSafeInteger(id) || id < 1)
    return { error: 'Unknown endpoint.' };
  try {
    const result = await pushEndpointAgain(actor, modelKey, id);
    revalidatePath(`/${modelKey}/${id}`);
    return result.ok ? { message: result.message } : { error: result.message };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
