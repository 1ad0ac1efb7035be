// Cookie-authenticated requests that change state must come from our own pages. The session
// cookie proves who the user is, not which site made their browser send it: a state change needs
// an `Origin` naming this host or, without one, the browser's `Sec-Fetch-Site: same-origin`.
// Requests with neither are refused (API-key requests are not subject to this: they carry no
// ambient credential).

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export type OriginCheck = { ok: true } | { ok: false; reason: string };

export function sameOriginWrite(req: Request): OriginCheck {
  const headers = req.headers;
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? new URL(req.url).host;
  if (origin && origin !== 'null') {
    return hostOf(origin) === host
      ? { ok: true }
      : { ok: false, reason: `Origin checking failed - ${origin} does not match any trusted origins.` };
  }
  if (headers.get('sec-fetch-site') === 'same-origin') return { ok: true };
  return { ok: false, reason: 'Origin checking failed - the request has no Origin header.' };
}
