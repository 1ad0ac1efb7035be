import { NextResponse, type NextRequest } from 'next/server';
import { loginUrl, REQUEST_PATH_HEADER } from '@/lib/auth/login-url';
import { sameOriginWrite } from '@/lib/http/same-origin';
import { newNonce, pageCsp } from '@/lib/http/security-headers';

// Runs for every page (not the API, not /metrics, not Next's assets):
// - an optimistic guard: no next-auth session cookie → /login?callbackUrl=…. It only looks at the
//   cookie's presence (no JWT check, no database); pages, actions and route handlers verify the
//   session themselves. The login page itself is let through.
// - the page's Content-Security-Policy with a fresh script nonce (lib/http/security-headers.ts),
//   set on the request too, where Next reads the nonce for the scripts it renders.
// - server actions (POSTs to pages) with a session cookie must be same-origin: Next itself
//   refuses a foreign Origin but lets a request without any Origin through.

// next-auth 4 cookie names (the `__Secure-` one when NEXTAUTH_URL is https); a large JWT is
// split into `<name>.0`, `<name>.1`, ….
const SESSION_COOKIE = /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?$/;
const LOGIN_PAGE = /^\/login\/?$/;

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const path = `${pathname}${search}`;
  const hasSession = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  // Server actions (POST) are left to requireUser(), which redirects in a way the client follows.
  if (!hasSession && !LOGIN_PAGE.test(pathname) && (request.method === 'GET' || request.method === 'HEAD')) {
    return NextResponse.redirect(new URL(loginUrl(path), request.url));
  }
  if (hasSession && request.method !== 'GET' && request.method !== 'HEAD') {
    const check = sameOriginWrite(request);
    if (!check.ok)
      return new NextResponse(`Forbidden: ${check.reason}`, {
        status: 403,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
  }
  const csp = pageCsp(newNonce(), process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  // Lets requireUser() send a visitor whose cookie turned out invalid back to this page.
  requestHeaders.set(REQUEST_PATH_HEADER, path);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    '/((?!(?:api|metrics)(?:/|$)|_next/|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$|.*\\.(?:svg|png|jpe?g|gif|webp|ico|css|js|map|txt|woff2?)$).*)',
  ],
};
