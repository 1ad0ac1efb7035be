'use server';

import { revalidatePath } from 'next/cache';
import { isLockoutAddress } from '@/lib/auth/lockout';
import { requireUser } from '@/lib/auth/session';
import { BackendUnavailable, clearBackendLockouts } from '@/lib/backend-client/admin';
import { AppError } from '@/lib/data/errors';

export interface LockoutActionState {
  message?: string;
  error?: string;
}

/** "Clear" on one address (form field `ip`) or "Clear all" (no `ip`); admins only (checked by the client module). */
export async function clearLockoutAction(_prev: LockoutActionState, formData: FormData): Promise<LockoutActionState> {
  const actor = await requireUser();
  const raw = formData.get('ip');
  const ip = typeof raw === 'string' && raw !== '' ? raw : null;
  // The table posts the listed bucket, which for IPv6 clients is a /64.
  if (ip !== null && !isLockoutAddress(ip)) return { error: 'Invalid address.' };
  try {
    const cleared = await clearBackendLockouts(actor, ip);
    revalidatePath('/backend/lockouts');
    return {
      message: ip ? `Cleared the failed attempts of ${ip}.` : `Cleared ${cleared} address${cleared === 1 ? '' : 'es'}.`,
    };
  } catch (error) {
    if (error instanceof AppError || error instanceof BackendUnavailable) return { error: error.message };
    throw error;
  }
}
