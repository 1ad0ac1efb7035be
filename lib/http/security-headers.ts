// Security headers. Pages get a Content-Security-Policy with a fresh script nonce per request
// (proxy.ts); Next reads the nonce from the request's CSP header and puts it on every script it
// renders, so no script without it runs. Styles need 'unsafe-inline': React and the chart and
// diagram components set style attributes, which nonces cannot cover. API answers and files get
// `API_CSP` and the static headers from next.config.js.

/** Headers every response carries (next.config.js `headers()`). */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

/** JSON, event streams and files need no scripts, styles or frames at all. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** What API answers carry (next.config.js under Next; lib/backend/server.ts for `npm run backend`). */
export const API_SECURITY_HEADERS: Record<string, string> = {
  ...STATIC_SECURITY_HEADERS,
  'Content-Security-Policy': API_CSP,
};

/** The policy of a page rendered with `nonce`. `dev` adds what Next's dev server needs (eval for fast refresh). */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
