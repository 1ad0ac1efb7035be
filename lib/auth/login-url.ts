// Where to send an anonymous visitor, and where to send them back after signing in. Imported by
// proxy.ts, so it must stay free of database and next-auth imports.

/** Request header proxy.ts sets to the requested path, so server code can build callbackUrl. */
export const REQUEST_PATH_HEADER = 'x-proxbox-path';

/**
 * `raw` if it is a path on this site, else `/`. Only relative paths are accepted (no `//host`,
 * no `/\host`, no scheme), so a crafted link cannot bounce a user to another site after sign-in;
 * the login page itself is refused so that sign-in cannot loop.
 */
export function safeCallbackUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2048) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  if (/^\/login(?:[/?#]|$)/.test(raw)) return '/';
  return raw;
}

/** `/login`, with `callbackUrl` when the visitor was headed somewhere other than `/`. */
export function loginUrl(callbackUrl: string): string {
  const target = safeCallbackUrl(callbackUrl);
  return target === '/' ? '/login' : `/login?${new URLSearchParams({ callbackUrl: target })}`;
}
