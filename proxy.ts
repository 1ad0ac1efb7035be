import { NextResponse, type NextRequest } from 'next/server';
import { loginUrl, REQUEST_PATH_HEADER } from '@/lib/auth/login-url';

// Optimistic page guard: no next-auth session cookie → /login?callbackUrl=…. It only looks at the
// cookie's presence (no JWT check, no database); pages, actions and route handlers verify the
// session themselves. API routes and /metrics are excluded: they answer 401/403 on their own.

// next-auth 4 cookie names (the `__Secure-` one when NEXTAUTH_URL is https); a large JWT is
// split into `<name>.0`, `<name>.1`, ….
const SESSION_COOKIE = /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?$/;

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const path = `${pathname}${search}`;
  const hasSession = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  // Server actions (POST) are left to requireUser(), which redirects in a way the client follows.
  if (!hasSession && (request.method === 'GET' || request.method === 'HEAD')) {
    return NextResponse.redirect(new URL(loginUrl(path), request.url));
  }
  // Lets requireUser() send a visitor whose cookie turned out invalid back to this page.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_PATH_HEADER, path);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  matcher: [
    '/((?!(?:api|login|metrics)(?:/|$)|_next/|favicon\\.ico$|robots\\.txt$|sitemap\\.xml$|.*\\.(?:svg|png|jpe?g|gif|webp|ico|css|js|map|txt|woff2?)$).*)',
  ],
};
