// A one-shot message that survives a server action's redirect: the action sets the cookie, the
// next page shows it as a toast and clears it. Plain text only; it is readable by scripts.

export const FLASH_COOKIE = 'proxbox-flash';
const MAX_MESSAGE = 300;

export type ToastTone = 'success' | 'error' | 'info';

export interface Flash {
  /** Tells one flash from the next, so a message read twice (server and client) shows once. */
  id: string;
  message: string;
  tone: ToastTone;
}

export function encodeFlash(flash: Flash): string {
  return encodeURIComponent(JSON.stringify({ ...flash, message: flash.message.slice(0, MAX_MESSAGE) }));
}

/** The flash in a cookie value, or null for anything malformed (cookies are user input). */
export function decodeFlash(raw: string | undefined | null): Flash | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    if (
      typeof value.id !== 'string' ||
      typeof value.message !== 'string' ||
      !['success', 'error', 'info'].includes(String(value.tone))
    )
      return null;
    return { id: value.id.slice(0, 64), message: value.message.slice(0, MAX_MESSAGE), tone: value.tone as ToastTone };
  } catch {
    return null;
  }
}

/** The flash cookie's value in a `document.cookie` string. */
export function flashFromCookieHeader(header: string): string | null {
  const entry = header.split('; ').find((part) => part.startsWith(`${FLASH_COOKIE}=`));
  return entry ? entry.slice(FLASH_COOKIE.length + 1) : null;
}
