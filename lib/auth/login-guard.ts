import { NextRequest } from 'next/server';
import { clientIp } from './client-ip';
import { clearLoginAttempts, reserveLoginAttempt } from './login-attempts';

// In front of next-auth's credentials callback (POST /api/auth/callback/credentials): counts the
// attempt per address and username before next-auth checks the password, answers 429 with
// Retry-After once either has used up its attempts (next-auth itself can only answer 401), and
// clears both counters when the sign-in succeeded (next-auth then sets the session cookie).

/** Sign-in forms are tiny; anything bigger is refused before it is read further. */
const MAX_BODY_BYTES = 16 * 1024;
const SESSION_COOKIE = /(?:^|,\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=[^;,\s]/;

export const TOO_MANY_ATTEMPTS = 'TooManyAttempts';

function isCredentialsCallback(req: Request): boolean {
  return req.method === 'POST' && /\/api\/auth\/callback\/credentials\/?$/.test(new URL(req.url).pathname);
}

function tooMany(req: Request, retryAfter: number): Response {
  // The next-auth client reads `url` (and its `error`) from a JSON answer: keep that shape.
  const url = new URL(`/login?error=${TOO_MANY_ATTEMPTS}`, req.url).toString();
  return Response.json(
    { url, detail: `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.` },
    { status: 429, headers: { 'Retry-After': String(retryAfter), 'Cache-Control': 'no-store' } },
  );
}

async function readLimited(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return null;
  const text = await req.text();
  return Buffer.byteLength(text) > MAX_BODY_BYTES ? null : text;
}

/** Runs `handle` (next-auth) for `req`, throttling credential sign-ins. */
export async function guardCredentialsSignIn(
  req: Request,
  handle: (req: NextRequest) => Promise<Response>,
): Promise<Response> {
  if (!isCredentialsCallback(req)) return handle(req instanceof NextRequest ? req : new NextRequest(req));
  const body = await readLimited(req);
  if (body === null) return Response.json({ detail: 'Request body too large.' }, { status: 413 });
  const username = new URLSearchParams(body).get('username') ?? '';
  const ip = clientIp(req.headers);
  const gate = await reserveLoginAttempt(ip, username);
  if (!gate.allowed) return tooMany(req, gate.retryAfter);
  const response = await handle(new NextRequest(req.url, { method: req.method, headers: req.headers, body }));
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (response.ok && cookies.some((c) => SESSION_COOKIE.test(c))) await clearLoginAttempts(ip, username);
  return response;
}
