import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { encodeFlash, FLASH_COOKIE, type ToastTone } from '@/lib/toast/flash';

/**
 * Leaves a one-shot toast for the page a server action redirects to. Not httpOnly: the page's
 * script clears it after showing it. Short-lived, so a redirect that never lands leaves nothing.
 */
export async function setFlash(message: string, tone: ToastTone = 'success'): Promise<void> {
  (await cookies()).set(FLASH_COOKIE, encodeFlash({ id: randomUUID(), message, tone }), {
    path: '/',
    maxAge: 60,
    sameSite: 'lax',
    httpOnly: false,
  });
}
