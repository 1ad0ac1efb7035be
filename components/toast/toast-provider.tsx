'use client';

import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { decodeFlash, FLASH_COOKIE, flashFromCookieHeader, type Flash, type ToastTone } from '@/lib/toast/flash';

const DISMISS_MS = 6000;
const MAX_VISIBLE = 4;

type ShowToast = (message: string, tone?: ToastTone) => void;
const ToastContext = createContext<ShowToast>(() => {});

/** Shows a toast from any client component under the admin layout. */
export function useToast(): ShowToast {
  return useContext(ToastContext);
}

const TONE_CLASSES: Record<ToastTone, string> = {
  success:
    'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
  info: 'border-zinc-300 bg-white text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100',
};

/**
 * Holds the toasts and renders them in a live region. `initialFlash` is the flash cookie the
 * layout read on a full page load; after client navigations (a server action's redirect) the
 * cookie is read here. Either way it is cleared once shown.
 */
export function ToastProvider({ initialFlash, children }: { initialFlash: Flash | null; children: ReactNode }) {
  const [toasts, setToasts] = useState<Flash[]>([]);
  const shown = useRef(new Set<string>());
  const pathname = usePathname();

  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (flash: Flash) => {
      if (shown.current.has(flash.id)) return;
      shown.current.add(flash.id);
      setToasts((list) => [...list, flash].slice(-MAX_VISIBLE));
      window.setTimeout(() => dismiss(flash.id), DISMISS_MS);
    },
    [dismiss],
  );
  const show = useCallback<ShowToast>(
    (message, tone = 'success') => push({ id: crypto.randomUUID(), message, tone }),
    [push],
  );

  useEffect(() => {
    const flash = decodeFlash(flashFromCookieHeader(document.cookie)) ?? initialFlash;
    document.cookie = `${FLASH_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
    if (flash) push(flash);
  }, [pathname, initialFlash, push]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        aria-live="polite"
        aria-label="Notifications"
        role="region"
        className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto flex items-start gap-2 rounded border px-3 py-2 text-sm shadow-lg ${TONE_CLASSES[t.tone]}`}
          >
            <p className="flex-1">{t.message}</p>
            <button
              type="button"
              className="rounded px-1 leading-none opacity-70 hover:opacity-100"
              aria-label="Dismiss notification"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
